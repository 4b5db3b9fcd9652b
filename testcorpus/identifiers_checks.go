package testcorpus

// Check digits of the catalogue's national identifiers, implemented from
// their published definitions (not from the detectors): Verhoeff (Aadhaar),
// Luhn (Canada SIN, US NPI with the 80840 prefix), mod 11 (Brazil CPF, UK
// NHS), the DNI letter table, the VIN check digit (49 CFR 565), Japan's My
// Number and corporate number check digits, and the national check digits
// inside French, Spanish and Italian IBANs.

// Verhoeff tables (dihedral group D5): verhoeffP[i] is the permutation
// (1 5 7 6 2 8 3 0 9 4) applied i times; a test derives it so.
var (
	verhoeffD = [10][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	verhoeffInv = [10]byte{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// verhoeffValid reports whether digits pass the Verhoeff check.
func verhoeffValid(digits string) bool {
	if !allDigits(digits) {
		return false
	}
	var c byte
	for i := 0; i < len(digits); i++ {
		c = verhoeffD[c][verhoeffP[i%8][digits[len(digits)-1-i]-'0']]
	}
	return c == 0
}

// verhoeffCheckDigit returns the digit that, appended to body, makes it
// Verhoeff valid.
func verhoeffCheckDigit(body string) byte {
	var c byte
	for i := 0; i < len(body); i++ {
		c = verhoeffD[c][verhoeffP[(i+1)%8][body[len(body)-1-i]-'0']]
	}
	return '0' + verhoeffInv[c]
}

// aadhaarValid: 12 digits, the first 2-9, Verhoeff valid (UIDAI).
func aadhaarValid(d string) bool {
	return len(d) == 12 && allDigits(d) && d[0] >= '2' && verhoeffValid(d)
}

// sinValid: 9 digits, Luhn valid, first digit not 0 or 8 (neither is issued).
func sinValid(d string) bool {
	return len(d) == 9 && allDigits(d) && d[0] != '0' && d[0] != '8' && luhnValid(d)
}

// npiValid: 10 digits starting with 1 or 2 whose Luhn check is computed
// over the ISO card issuer prefix 80840 and the first nine digits (CMS).
func npiValid(d string) bool {
	return len(d) == 10 && allDigits(d) && (d[0] == '1' || d[0] == '2') && luhnValid("80840"+d)
}

// nhsCheckDigit returns the NHS number check digit of nine digits, or -1
// when the remainder makes the body unusable (check 10).
func nhsCheckDigit(body string) int {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(body[i]-'0') * (10 - i)
	}
	c := 11 - sum%11
	switch c {
	case 11:
		return 0
	case 10:
		return -1
	}
	return c
}

// nhsValid: 10 digits, mod 11 with weights 10..2 (NHS Data Dictionary).
func nhsValid(d string) bool {
	if len(d) != 10 || !allDigits(d) {
		return false
	}
	return nhsCheckDigit(d[:9]) == int(d[9]-'0')
}

// cpfCheckDigits returns the two CPF check digits of nine digits (Receita
// Federal: mod 11 with weights 10..2, then 11..2).
func cpfCheckDigits(body string) (byte, byte) {
	dv := func(s string, w int) byte {
		sum := 0
		for i := 0; i < len(s); i++ {
			sum += int(s[i]-'0') * (w - i)
		}
		r := sum % 11
		if r < 2 {
			return '0'
		}
		return byte('0' + 11 - r)
	}
	d1 := dv(body, 10)
	return d1, dv(body+string(d1), 11)
}

// cpfValid: 11 digits, both check digits right, not all one digit (those
// pass the arithmetic but are never issued).
func cpfValid(d string) bool {
	if len(d) != 11 || !allDigits(d) {
		return false
	}
	same := true
	for i := 1; i < 11; i++ {
		if d[i] != d[0] {
			same = false
		}
	}
	a, b := cpfCheckDigits(d[:9])
	return !same && d[9] == a && d[10] == b
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// dniValid: eight digits and the letter of their value mod 23.
func dniValid(digits string, letter byte) bool {
	return len(digits) == 8 && allDigits(digits) && dniLetters[atoi(digits)%23] == letter
}

// VIN: 17 characters of 0-9 and A-Z without I, O, Q; the ninth is the
// check digit (0-9 or X) of the transliterated, weighted sum mod 11.
const vinChars = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"

var vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

func vinValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'H':
		return int(c-'A') + 1
	case c >= 'J' && c <= 'N':
		return int(c-'J') + 1
	case c == 'P':
		return 7
	case c == 'R':
		return 9
	case c >= 'S' && c <= 'Z':
		return int(c-'S') + 2
	}
	return -1
}

// vinCheckChar returns the check character of v (position 9 ignored), or 0
// when v holds a character a VIN may not.
func vinCheckChar(v string) byte {
	if len(v) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		x := vinValue(v[i])
		if x < 0 {
			return 0
		}
		sum += x * vinWeights[i]
	}
	if r := sum % 11; r == 10 {
		return 'X'
	} else {
		return byte('0' + r)
	}
}

func vinValid(v string) bool {
	c := vinCheckChar(v)
	return c != 0 && v[8] == c
}

// myNumberCheckDigit returns the check digit of the first 11 digits of a
// Japanese individual number: weights 2..7 then 2..6 from the right;
// remainder mod 11 of 0 or 1 gives 0, otherwise 11 minus it.
func myNumberCheckDigit(body string) byte {
	sum := 0
	for n := 1; n <= 11; n++ {
		p := int(body[11-n] - '0')
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += p * q
	}
	r := sum % 11
	if r <= 1 {
		return '0'
	}
	return byte('0' + 11 - r)
}

func myNumberValid(d string) bool {
	return len(d) == 12 && allDigits(d) && myNumberCheckDigit(d[:11]) == d[11]
}

// corporateCheckDigit returns the leading check digit of a Japanese
// corporate number's 12-digit base: 9 minus (the sum of the digits from
// the right, odd positions weighted 1 and even 2) mod 9.
func corporateCheckDigit(base string) byte {
	sum := 0
	for i := 1; i <= 12; i++ {
		w := 1
		if i%2 == 0 {
			w = 2
		}
		sum += int(base[12-i]-'0') * w
	}
	return byte('0' + 9 - sum%9)
}

func corporateValid(d string) bool {
	return len(d) == 13 && allDigits(d) && d[0] != '0' && corporateCheckDigit(d[1:]) == d[0]
}

// ibanLengths are the IBAN lengths (ISO 13616 registry) of the countries
// planted.
var ibanLengths = map[string]int{"DE": 22, "FR": 27, "ES": 24, "IT": 27, "GB": 22}

// ribKey returns the French RIB key of bank (5), branch (5) and a numeric
// account (11): 97 minus (89 bank + 15 branch + 3 account) mod 97.
func ribKey(bank, branch, account string) string {
	r := (89*mod97(bank) + 15*mod97(branch) + 3*mod97(account)) % 97
	return pad(97-r, 2)
}

func mod97(digits string) int {
	r := 0
	for i := 0; i < len(digits); i++ {
		r = (r*10 + int(digits[i]-'0')) % 97
	}
	return r
}

// spainDC returns one Spanish control digit over ten digits with weights
// 1, 2, 4, 8, 5, 10, 9, 7, 3, 6.
func spainDC(ten string) byte {
	w := [10]int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6}
	sum := 0
	for i := 0; i < 10; i++ {
		sum += int(ten[i]-'0') * w[i]
	}
	d := 11 - sum%11
	switch d {
	case 11:
		d = 0
	case 10:
		d = 1
	}
	return byte('0' + d)
}

// italyCIN returns the Italian CIN letter of ABI (5), CAB (5) and account
// (12): characters at odd positions map through the odd table, at even
// positions to their value; the sum mod 26 is the letter.
func italyCIN(bban22 string) byte {
	odd := [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}
	sum := 0
	for i := 0; i < len(bban22); i++ {
		c := bban22[i]
		v := 0
		if isDigit(c) {
			v = int(c - '0')
		} else {
			v = int(c - 'A')
		}
		if i%2 == 0 {
			sum += odd[v]
		} else {
			sum += v
		}
	}
	return byte('A' + sum%26)
}

// ibanOK reports whether s (no spaces) has a planted country's length and
// passes mod 97.
func ibanOK(s string) bool {
	if len(s) < 5 {
		return false
	}
	n, ok := ibanLengths[s[:2]]
	return ok && len(s) == n && ibanValid(s)
}

// ninoValid: two prefix letters, six digits and a suffix A-D (HMRC): the
// first letter not D, F, I, Q, U or V, the second not D, F, I, O, Q, U or
// V, and not one of the prefixes never allocated.
func ninoValid(s string) bool {
	if len(s) != 9 {
		return false
	}
	a, b := s[0], s[1]
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || !allDigits(s[2:8]) || s[8] < 'A' || s[8] > 'D' {
		return false
	}
	if contains("DFIQUV", a) || contains("DFIOQUV", b) {
		return false
	}
	switch s[:2] {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return true
}

func contains(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// furtherNumbersSafe reports whether no run of ASCII digit groups in s
// joined by single spaces, dashes or dots, taken whole or in part, passes
// the check of a 9-13 digit national identifier, whatever its layout: the
// test for a value or filler that may sit near such an identifier's
// keyword (a UUID's 4-4-4 groups can read as a My Number).
func furtherNumbersSafe[T ~string | ~[]byte](s T) bool {
	var groups [8][2]int
	n := 0
	check := func() bool {
		var buf [16]byte
		for i := 0; i < n; i++ {
			d := buf[:0]
			for j := i; j < n; j++ {
				g := groups[j]
				if len(d)+g[1]-g[0] > 13 {
					break
				}
				for k := g[0]; k < g[1]; k++ {
					d = append(d, s[k])
				}
				if len(d) >= 9 && furtherValid(string(d)) {
					return false
				}
			}
		}
		return true
	}
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if n == len(groups) {
			copy(groups[:], groups[1:])
			n--
		}
		groups[n] = [2]int{i, j}
		n++
		if j+1 < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && isDigit(s[j+1]) {
			i = j + 1
			continue
		}
		if !check() {
			return false
		}
		n = 0
		i = j
	}
	return true
}

// furtherValid reports whether digits pass the check of any 9-13 digit
// national identifier planted.
func furtherValid(d string) bool {
	switch len(d) {
	case 9:
		return sinValid(d)
	case 10:
		return nhsValid(d) || npiValid(d)
	case 11:
		return cpfValid(d)
	case 12:
		return aadhaarValid(d) || myNumberValid(d)
	case 13:
		return corporateValid(d)
	}
	return false
}
