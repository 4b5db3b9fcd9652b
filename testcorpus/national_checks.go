package testcorpus

// Check digits of the national identifiers planted by national_values.go,
// implemented from their published definitions (not from the detectors).
// Every validator takes the compact value: the layout's separators removed.

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// weightedSum returns the sum of digits d[i] times w[i].
func weightedSum(d string, w []int) int {
	sum := 0
	for i, x := range w {
		sum += int(d[i]-'0') * x
	}
	return sum
}

// medicareAUValid: an Australian Medicare card number has ten digits, the
// first 2-6; the ninth is the check digit, the eighth first digits weighted
// 1, 3, 7, 9, 1, 3, 7, 9 modulo 10; the tenth is the issue number.
func medicareAUValid(d string) bool {
	if len(d) != 10 || !allDigits(d) || d[0] < '2' || d[0] > '6' {
		return false
	}
	return weightedSum(d, []int{1, 3, 7, 9, 1, 3, 7, 9})%10 == int(d[8]-'0')
}

// tfnValid: an Australian tax file number of nine digits whose sum weighted
// 1, 4, 3, 7, 5, 8, 6, 9, 10 is a multiple of 11.
func tfnValid(d string) bool {
	return len(d) == 9 && allDigits(d) && weightedSum(d, []int{1, 4, 3, 7, 5, 8, 6, 9, 10})%11 == 0
}

// cnpjCheckDigits returns the two check digits of a CNPJ's twelve digits
// (mod 11 with weights 5..2, 9..2, then 6..2, 9..2; a remainder under 2
// gives 0).
func cnpjCheckDigits(body string) (byte, byte) {
	dv := func(s string, w []int) byte {
		r := weightedSum(s, w) % 11
		if r < 2 {
			return '0'
		}
		return byte('0' + 11 - r)
	}
	a := dv(body, []int{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2})
	return a, dv(body+string(a), []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2})
}

func cnpjValid(d string) bool {
	if len(d) != 14 || !allDigits(d) {
		return false
	}
	a, b := cnpjCheckDigits(d[:12])
	return d[12] == a && d[13] == b
}

// ontarioHealthValid: an Ontario health number has ten digits, the first
// not 0, and passes Luhn (the tenth is the check digit).
func ontarioHealthValid(d string) bool {
	return len(d) == 10 && allDigits(d) && d[0] != '0' && luhnValid(d)
}

// rutCheck returns the Chilean RUT verifier of body: the digits from the
// right weighted 2..7 cyclically, 11 minus the sum mod 11, 11 as '0' and
// 10 as 'K'.
func rutCheck(body string) byte {
	sum, w := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		sum += int(body[i]-'0') * w
		if w++; w > 7 {
			w = 2
		}
	}
	switch v := 11 - sum%11; v {
	case 11:
		return '0'
	case 10:
		return 'K'
	default:
		return byte('0' + v)
	}
}

func rutValid(d string) bool {
	n := len(d)
	return (n == 8 || n == 9) && allDigits(d[:n-1]) && d[0] != '0' && rutCheck(d[:n-1]) == d[n-1]
}

// chinaRICheck returns the ISO 7064 MOD 11-2 check character of 17 digits:
// weights 2^(17-i) mod 11, the character "10X98765432"[sum mod 11].
func chinaRICheck(body string) byte {
	sum, w := 0, 1
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		sum += int(body[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}

// chinaRIValid: 17 digits (region, a birth date YYYYMMDD, a sequence) and
// the check character.
func chinaRIValid(d string) bool {
	return len(d) == 18 && allDigits(d[:17]) && dateValid(atoi(d[6:10]), atoi(d[10:12]), atoi(d[12:14])) &&
		chinaRICheck(d[:17]) == d[17]
}

// dateValid reports a calendar date from 1900 to 2030.
func dateValid(y, m, d int) bool {
	if y < 1900 || y > 2030 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// inseeValid: a French NIR has 13 digits (sex 1 or 2, year, month 01-12,
// department, commune, order) and a key of 97 minus their value mod 97.
func inseeValid(d string) bool {
	if len(d) != 15 || !allDigits(d) || d[0] != '1' && d[0] != '2' {
		return false
	}
	if m := atoi(d[3:5]); m < 1 || m > 12 {
		return false
	}
	return 97-mod97(d[:13]) == atoi(d[13:])
}

// franceSPIValid: a French numéro fiscal has 13 digits, the first 0-3, the
// last three the first ten mod 511.
func franceSPIValid(d string) bool {
	return len(d) == 13 && allDigits(d) && d[0] <= '3' && mod511(d[:10]) == atoi(d[10:])
}

func mod511(digits string) int {
	r := 0
	for i := 0; i < len(digits); i++ {
		r = (r*10 + int(digits[i]-'0')) % 511
	}
	return r
}

// steuerIDCheck returns the ISO 7064 MOD 11,10 check digit of ten digits.
func steuerIDCheck(body string) byte {
	p := 10
	for i := 0; i < len(body); i++ {
		s := (int(body[i]-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = 2 * s % 11
	}
	c := 11 - p
	if c == 10 {
		c = 0
	}
	return byte('0' + c)
}

// steuerIDValid: a German Steuer-IdNr has eleven digits, the first not 0;
// in the first ten exactly one digit occurs twice or three times and no
// other repeats; the eleventh is the MOD 11,10 check digit.
func steuerIDValid(d string) bool {
	if len(d) != 11 || !allDigits(d) || d[0] == '0' {
		return false
	}
	var n [10]int
	for i := 0; i < 10; i++ {
		n[d[i]-'0']++
	}
	repeated := 0
	for _, c := range n {
		switch {
		case c == 2 || c == 3:
			repeated++
		case c > 3:
			return false
		}
	}
	return repeated == 1 && steuerIDCheck(d[:10]) == d[10]
}

// cfOdd maps a codice fiscale character's value (a digit's value, a
// letter's index) at an odd position to its weight.
var cfOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// codiceFiscaleCheck returns the check letter of the first 15 characters.
func codiceFiscaleCheck(body string) byte {
	sum := 0
	for i := 0; i < 15; i++ {
		c := body[i]
		v := int(c - 'A')
		if isDigit(c) {
			v = int(c - '0')
		}
		if i%2 == 0 { // positions 1, 3, 5… counted from one
			sum += cfOdd[v]
		} else {
			sum += v
		}
	}
	return byte('A' + sum%26)
}

const cfMonths = "ABCDEHLMPRST"

// codiceFiscaleValid: six letters, two digits of year, a month letter, a
// day 01-31 (41-71 for women), a place code (a letter and three digits)
// and the check letter.
func codiceFiscaleValid(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < 6; i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	if !allDigits(s[6:8]) || !contains(cfMonths, s[8]) || !allDigits(s[9:11]) || !isUpper(s[11]) || !allDigits(s[12:15]) {
		return false
	}
	if d := atoi(s[9:11]); d < 1 || d > 71 || d > 31 && d < 41 {
		return false
	}
	return codiceFiscaleCheck(s) == s[15]
}

// rrnCheck returns the Korean resident registration number check digit of
// twelve digits: weights 2-9, 2-5; (11 - sum mod 11) mod 10.
func rrnCheck(body string) byte {
	sum := weightedSum(body, []int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5})
	return byte('0' + (11-sum%11)%10)
}

// rrnValid: a birth date YYMMDD, a sex-and-century digit 1-4, five digits
// and the check digit.
func rrnValid(d string) bool {
	if len(d) != 13 || !allDigits(d) || d[6] < '1' || d[6] > '4' {
		return false
	}
	y := 1900 + atoi(d[:2])
	if d[6] >= '3' {
		y += 100
	}
	return dateValid(y, atoi(d[2:4]), atoi(d[4:6])) && rrnCheck(d[:12]) == d[12]
}

// curpValue is a CURP character's value in RENAPO's sequence
// 0-9, A-N, Ñ, O-Z (Ñ, 24, is never planted).
func curpValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'A' && c <= 'N':
		return int(c-'A') + 10
	case c >= 'O' && c <= 'Z':
		return int(c-'O') + 25 // Ñ is 24
	}
	return -1
}

// curpCheck returns the CURP check digit of 17 characters: values weighted
// 18 down to 2, (10 - sum mod 10) mod 10.
func curpCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += curpValue(body[i]) * (18 - i)
	}
	return byte('0' + (10-sum%10)%10)
}

var curpStates = []string{"AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
	"MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE"}

// curpValid: four letters, a birth date YYMMDD, H or M, a state code,
// three consonants, the homoclave and the check digit.
func curpValid(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i, c := range []byte(s[:17]) {
		isLetter := i < 4 || i >= 10 && i < 16
		if isLetter && !isUpper(c) || i >= 4 && i < 10 && !isDigit(c) || i == 16 && !isUpper(c) && !isDigit(c) {
			return false
		}
	}
	state := false
	for _, st := range curpStates {
		state = state || st == s[11:13]
	}
	return (s[10] == 'H' || s[10] == 'M') && state && atoi(s[6:8]) >= 1 && atoi(s[6:8]) <= 12 &&
		curpCheck(s[:17]) == s[17]
}

// bsnValid: the Dutch elfproef: nine digits weighted 9..2 and -1 sum to a
// multiple of 11, and not zero.
func bsnValid(d string) bool {
	if len(d) != 9 || !allDigits(d) {
		return false
	}
	sum := weightedSum(d, []int{9, 8, 7, 6, 5, 4, 3, 2, -1})
	return sum != 0 && sum%11 == 0
}

// peselCheck returns the PESEL check digit of ten digits: weights 1, 3, 7,
// 9 repeating; (10 - sum mod 10) mod 10.
func peselCheck(body string) byte {
	return byte('0' + (10-weightedSum(body, []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3})%10)%10)
}

// peselValid: a birth date YYMMDD with the century in the month (+20 for
// the 2000s), four digits and the check digit.
func peselValid(d string) bool {
	if len(d) != 11 || !allDigits(d) {
		return false
	}
	y, m := 1900+atoi(d[:2]), atoi(d[2:4])
	if m > 20 && m <= 32 {
		y, m = y+100, m-20
	}
	return dateValid(y, m, atoi(d[4:6])) && peselCheck(d[:10]) == d[10]
}

// nricCheck returns the Singapore NRIC/FIN check letter: digits weighted 2,
// 7, 6, 5, 4, 3, 2, plus 4 for T and G; S and T map through JZIHGFEDCBA,
// F and G through XWUTRQPNMLK.
func nricCheck(prefix byte, digits string) byte {
	sum := weightedSum(digits, []int{2, 7, 6, 5, 4, 3, 2})
	if prefix == 'T' || prefix == 'G' {
		sum += 4
	}
	if prefix == 'S' || prefix == 'T' {
		return "JZIHGFEDCBA"[sum%11]
	}
	return "XWUTRQPNMLK"[sum%11]
}

func nricValid(s string) bool {
	return len(s) == 9 && contains("STFG", s[0]) && allDigits(s[1:8]) && nricCheck(s[0], s[1:8]) == s[8]
}

// nieValid: X, Y or Z (for 0, 1, 2), seven digits and the DNI letter of
// the eight-digit number.
func nieValid(s string) bool {
	if len(s) != 9 || !contains("XYZ", s[0]) || !allDigits(s[1:8]) {
		return false
	}
	return dniValid(string('0'+s[0]-'X')+s[1:8], s[8])
}

// cifControl returns the control value 0-9 of a Spanish entity NIF's seven
// digits: the digits at even positions (2nd, 4th, 6th) summed, those at odd
// positions doubled and their digits summed; 10 minus the total mod 10.
func cifControl(digits string) int {
	sum := 0
	for i := 0; i < 7; i++ {
		v := int(digits[i] - '0')
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		sum += v
	}
	return (10 - sum%10) % 10
}

// cifValid: an organisation letter, seven digits and the control: a digit
// for A, B, E and H, a letter (JABCDEFGHI) for N, P, Q, R, S and W, either
// for the others.
func cifValid(s string) bool {
	if len(s) != 9 || !contains("ABCDEFGHJNPQRSUVW", s[0]) || !allDigits(s[1:8]) {
		return false
	}
	c := cifControl(s[1:8])
	digit, letter := s[8] == byte('0'+c), s[8] == "JABCDEFGHI"[c]
	switch {
	case contains("ABEH", s[0]):
		return digit
	case contains("NPQRSW", s[0]):
		return letter
	}
	return digit || letter
}

// spainSSValid: a Spanish social security number's twelve digits end in
// the first ten mod 97; the first two are a province code 01-53.
func spainSSValid(d string) bool {
	return len(d) == 12 && allDigits(d) && atoi(d[:2]) >= 1 && atoi(d[:2]) <= 53 && mod97(d[:10]) == atoi(d[10:])
}

// personnummerValid: a Swedish personnummer, YYMMDDNNNC or YYYYMMDDNNNC:
// a birth date (or coordination date, day + 60) and a Luhn check digit
// over the ten-digit form.
func personnummerValid(d string) bool {
	if !allDigits(d) {
		return false
	}
	y := 0
	switch len(d) {
	case 12:
		y, d = atoi(d[:4]), d[2:]
	case 10:
		y = 1900 + atoi(d[:2])
		if y < 1930 {
			y += 100
		}
	default:
		return false
	}
	day := atoi(d[4:6])
	if day > 60 {
		day -= 60
	}
	return dateValid(y, atoi(d[2:4]), day) && luhnValid(d)
}

// abaValid: a US routing number's nine digits weighted 3, 7, 1 sum to a
// multiple of 10; the first two are a Federal Reserve routing symbol
// (00-12, 21-32, 61-72 or 80).
func abaValid(d string) bool {
	if len(d) != 9 || !allDigits(d) {
		return false
	}
	if p := atoi(d[:2]); !(p <= 12 || p >= 21 && p <= 32 || p >= 61 && p <= 72 || p == 80) {
		return false
	}
	return weightedSum(d, []int{3, 7, 1, 3, 7, 1, 3, 7, 1})%10 == 0
}

// deaCheck returns the DEA number check digit of six digits: the 1st, 3rd
// and 5th summed plus twice the 2nd, 4th and 6th, mod 10.
func deaCheck(d string) byte {
	return byte('0' + weightedSum(d, []int{1, 2, 1, 2, 1, 2})%10)
}

// deaRegistrants are the first letters of DEA registrations (registrant
// types A-M, P-U and X).
const deaRegistrants = "ABCDEFGHJKLMPRSTUX"

func deaValid(s string) bool {
	return len(s) == 9 && contains(deaRegistrants, s[0]) && (isUpper(s[1]) || s[1] == '9') &&
		allDigits(s[2:]) && deaCheck(s[2:8]) == s[8]
}

// cuitCheck returns the check digit of an Argentine CUIT/CUIL's ten
// digits (AFIP: weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2; 11 minus the sum mod
// 11, 11 as 0), or 0 when it would be 10 (no such number is issued).
func cuitCheck(body string) byte {
	switch v := 11 - weightedSum(body, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})%11; v {
	case 11:
		return '0'
	case 10:
		return 0
	default:
		return byte('0' + v)
	}
}

// cuitValid: eleven digits whose type (the first two) is in types and
// whose check digit is right.
func cuitValid(d string, types ...string) bool {
	if len(d) != 11 || !allDigits(d) {
		return false
	}
	known := false
	for _, t := range types {
		known = known || d[:2] == t
	}
	return known && cuitCheck(d[:10]) == d[10]
}

// Argentine CUIT/CUIL types: people (20 men, 27 women, 23, 24, 25, 26)
// and legal entities (30, 33, 34).
var (
	cuitPersonTypes = []string{"20", "23", "24", "25", "26", "27"}
	cuitEntityTypes = []string{"30", "33", "34"}
)

func cuitPersonValid(d string) bool { return cuitValid(d, cuitPersonTypes...) }
func cuitEntityValid(d string) bool { return cuitValid(d, cuitEntityTypes...) }

// nitCheck returns the DIAN check digit (DV) of a Colombian NIT base:
// digits from the right weighted 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47,
// 53, 59, 67, 71; r = sum mod 11; the DV is r when r is 0 or 1, else 11 - r.
func nitCheck(base string) byte {
	w := []int{3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71}
	sum := 0
	for i := 0; i < len(base); i++ {
		sum += int(base[len(base)-1-i]-'0') * w[i]
	}
	if r := sum % 11; r < 2 {
		return byte('0' + r)
	} else {
		return byte('0' + 11 - r)
	}
}

func nitValid(d string) bool {
	return len(d) >= 7 && len(d) <= 16 && allDigits(d) && nitCheck(d[:len(d)-1]) == d[len(d)-1]
}

// nitEntityValid: a legal entity's NIT, a nine-digit base starting 8 or 9.
func nitEntityValid(d string) bool {
	return len(d) == 10 && (d[0] == '8' || d[0] == '9') && nitValid(d)
}

// nitPersonValid: a person's NIT, the cédula number (six to eight digits,
// or ten starting 1) and the DV.
func nitPersonValid(d string) bool {
	n := len(d) - 1
	return (n >= 6 && n <= 8 || n == 10 && d[0] == '1') && nitValid(d)
}

// hetuChars are the Finnish personal identity code's check characters.
const hetuChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// hetuValid: DDMMYY, a century sign (the letter A for the 2000s; written
// as '-' for the 1900s, which the compact value drops), an individual
// number 002-899 and the check character of DDMMYYNNN mod 31 (DVV).
func hetuValid(s string) bool {
	var y int
	switch len(s) {
	case 10:
		y = 1900
	case 11:
		if s[6] != 'A' {
			return false
		}
		y, s = 2000, s[:6]+s[7:]
	default:
		return false
	}
	if !allDigits(s[:9]) {
		return false
	}
	if n := atoi(s[6:9]); n < 2 || n > 899 || !dateValid(y+atoi(s[4:6]), atoi(s[2:4]), atoi(s[:2])) {
		return false
	}
	return hetuChars[atoi(s[:9])%31] == s[9]
}

// rfcValue is an RFC character's value in the SAT's sequence 0-9, A-N, &,
// O-Z, space (Ñ, 38, is never planted).
func rfcValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'A' && c <= 'N':
		return int(c-'A') + 10
	case c == '&':
		return 24
	case c >= 'O' && c <= 'Z':
		return int(c-'O') + 25
	case c == ' ':
		return 37
	}
	return -1
}

// rfcCheck returns the check character of an RFC's first 11 (company,
// padded with a leading space) or 12 (person) characters: values weighted
// 13 down to 2, r = sum mod 11; '0' when r is 0, 'A' when 11 - r is 10,
// else the digit 11 - r.
func rfcCheck(body string) byte {
	if len(body) == 11 {
		body = " " + body
	}
	sum := 0
	for i := 0; i < 12; i++ {
		sum += rfcValue(body[i]) * (13 - i)
	}
	switch r := sum % 11; {
	case r == 0:
		return '0'
	case 11-r == 10:
		return 'A'
	default:
		return byte('0' + 11 - r)
	}
}

// rfcValid: letters (four for a person, three for a company), a date
// YYMMDD, a two-character homoclave and the check character.
func rfcValid(s string, letters int) bool {
	if len(s) != letters+9 {
		return false
	}
	for i := 0; i < letters; i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	d := s[letters : letters+6]
	if !allDigits(d) || atoi(d[2:4]) < 1 || atoi(d[2:4]) > 12 || atoi(d[4:]) < 1 || atoi(d[4:]) > 31 {
		return false
	}
	for _, c := range []byte(s[letters+6 : letters+8]) {
		if !isUpper(c) && !isDigit(c) {
			return false
		}
	}
	return rfcCheck(s[:len(s)-1]) == s[len(s)-1]
}

func rfcPersonValid(s string) bool { return rfcValid(s, 4) }
func rfcEntityValid(s string) bool { return rfcValid(s, 3) }

// spainTINValid: a Spanish natural person's NIF: a DNI (eight digits and
// their letter), or K, L or M, seven digits and the DNI letter of those
// seven digits (Real Decreto 1065/2007). NIE-based NIFs (X, Y, Z) are the
// NIE's.
func spainTINValid(s string) bool {
	if len(s) != 9 {
		return false
	}
	if contains("KLM", s[0]) {
		return allDigits(s[1:8]) && dniLetters[atoi(s[1:8])%23] == s[8]
	}
	return dniValid(s[:8], s[8])
}

// gtinValid: a GS1 GTIN-14 whose last digit is the GS1 mod-10 check of the
// first 13, weighted 3, 1, 3… from the left.
func gtinValid(d string) bool {
	return len(d) == 14 && allDigits(d) && gtinCheck(d[:13]) == d[13]
}

func gtinCheck(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		w := 1
		if i%2 == 0 {
			w = 3
		}
		sum += int(body[i]-'0') * w
	}
	return byte('0' + (10-sum%10)%10)
}

// subeValid: an Argentine SUBE card number has 16 digits, starts 6061 and
// passes Luhn.
func subeValid(d string) bool {
	return len(d) == 16 && allDigits(d) && d[:4] == "6061" && luhnValid(d)
}
