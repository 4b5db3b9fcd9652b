package detectors

// checkIBAN reports whether b is an IBAN of a country in the SWIFT IBAN
// Registry (the December 2024 release, 89 countries and territories): the
// country's exact length, its BBAN structure character by character, and
// the ISO 7064 MOD 97-10 check (remainder 1). b is the electronic format:
// uppercase letters and digits, no spaces. The registry's "c" class admits
// lowercase, but ISO 13616-1 prints IBANs in uppercase only, so lowercase is
// refused here as in ibanValid.
func checkIBAN(b []byte) bool {
	if len(b) < 15 || len(b) > 34 || !isUpper(b[0]) || !isUpper(b[1]) || !isDigit(b[2]) || !isDigit(b[3]) {
		return false
	}
	f := &bbanForms[ibanSlot(b[0], b[1])]
	if f.length == 0 || len(b)-4 != f.length {
		return false
	}
	// The BBAN's structure and its MOD 97-10 remainder in one pass, eight
	// digits a step where the structure allows digits (ibanValid's
	// remainder, then its check of the rotated first four characters). v
	// is reduced only when the next step could overflow: a reduction is a
	// multiply-shift chain, and one per step was most of the check.
	const (
		max8 = (1<<64 - 1 - 99_999_999) / 100_000_000
		max1 = (1<<64 - 1 - 9) / 10
		max2 = (1<<64 - 1 - 35) / 100
		maxC = (1<<64 - 1 - 359_999) / 1_000_000
	)
	bban := b[4:]
	var v uint64
	i := 0
	for ; i+8 <= len(bban); i += 8 {
		if f.upper>>i&0xFF != 0 {
			break
		}
		x, ok := digits8(load64(bban[i:]))
		if !ok {
			break
		}
		if v > max8 {
			v %= 97
		}
		v = v*100_000_000 + x
	}
	for ; i < len(bban); i++ {
		c := bban[i]
		bit := uint64(1) << i
		switch {
		case isDigit(c):
			if f.upper&bit != 0 {
				return false
			}
			if v > max1 {
				v %= 97
			}
			v = v*10 + uint64(c-'0')
		case isUpper(c):
			if f.digit&bit != 0 {
				return false
			}
			if v > max2 {
				v %= 97
			}
			v = v*100 + uint64(c-'A') + 10
		default:
			return false
		}
	}
	if v > maxC {
		v %= 97
	}
	v = (v*1_000_000 + uint64(b[0]-'A'+10)*10_000 + uint64(b[1]-'A'+10)*100 + uint64(b[2]-'0')*10 + uint64(b[3]-'0')) % 97
	return v == 1
}

// bbanForm is a country's BBAN structure (ibanBBANFormat) as a bit per
// character position: checkIBAN ran on every IBAN-like value of a column
// of IBANs, and reading the registry's text for each was a tenth of its
// cost.
type bbanForm struct {
	digit, upper uint64 // positions that must be a digit, an uppercase letter
	length       int    // 0: no such country
}

// bbanForms are the BBAN structures by country (ibanSlot).
var bbanForms = func() (forms [26 * 26]bbanForm) {
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			forms[ibanSlot(a, b)] = newBBANForm(ibanBBANFormat(a, b))
		}
	}
	return forms
}()

// newBBANForm reads format, written as the registry writes it: runs of
// "<count>!<class>", class n (digits), a (uppercase letters) or c
// (uppercase letters and digits). An empty format (an unknown country)
// matches nothing.
func newBBANForm(format string) bbanForm {
	var f bbanForm
	for i := 0; i < len(format); {
		n := 0
		for i < len(format) && isDigit(format[i]) {
			n = n*10 + int(format[i]-'0')
			i++
		}
		// Skip '!' and read the class.
		i++
		class := format[i]
		i++
		for range n {
			switch class {
			case 'n':
				f.digit |= 1 << f.length
			case 'a':
				f.upper |= 1 << f.length
			}
			f.length++
		}
	}
	return f
}

// matches reports whether bban follows the structure.
func (f *bbanForm) matches(bban []byte) bool {
	if f.length == 0 || len(bban) != f.length {
		return false
	}
	for i, c := range bban {
		bit := uint64(1) << i
		switch {
		case isDigit(c):
			if f.upper&bit != 0 {
				return false
			}
		case isUpper(c):
			if f.digit&bit != 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ibanBBANFormat returns the BBAN structure the SWIFT IBAN Registry gives
// for the country a b, or "" when the registry has no such country.
// Territories (Åland, French overseas departments, Guernsey ...) use their
// parent's code in the IBAN, so they need no rows of their own.
func ibanBBANFormat(a, b byte) string {
	switch uint16(a)<<8 | uint16(b) {
	case 'A'<<8 | 'D':
		return "4!n4!n12!c"
	case 'A'<<8 | 'E':
		return "3!n16!n"
	case 'A'<<8 | 'L':
		return "8!n16!c"
	case 'A'<<8 | 'T':
		return "5!n11!n"
	case 'A'<<8 | 'Z':
		return "4!a20!c"
	case 'B'<<8 | 'A':
		return "3!n3!n8!n2!n"
	case 'B'<<8 | 'E':
		return "3!n7!n2!n"
	case 'B'<<8 | 'G':
		return "4!a4!n2!n8!c"
	case 'B'<<8 | 'H':
		return "4!a14!c"
	case 'B'<<8 | 'I':
		return "5!n5!n11!n2!n"
	case 'B'<<8 | 'R':
		return "8!n5!n10!n1!a1!c"
	case 'B'<<8 | 'Y':
		return "4!c4!n16!c"
	case 'C'<<8 | 'H':
		return "5!n12!c"
	case 'C'<<8 | 'R':
		return "4!n14!n"
	case 'C'<<8 | 'Y':
		return "3!n5!n16!c"
	case 'C'<<8 | 'Z':
		return "4!n6!n10!n"
	case 'D'<<8 | 'E':
		return "8!n10!n"
	case 'D'<<8 | 'J':
		return "5!n5!n11!n2!n"
	case 'D'<<8 | 'K':
		return "4!n9!n1!n"
	case 'D'<<8 | 'O':
		return "4!c20!n"
	case 'E'<<8 | 'E':
		return "2!n14!n"
	case 'E'<<8 | 'G':
		return "4!n4!n17!n"
	case 'E'<<8 | 'S':
		return "4!n4!n1!n1!n10!n"
	case 'F'<<8 | 'I':
		return "3!n11!n"
	case 'F'<<8 | 'K':
		return "2!a12!n"
	case 'F'<<8 | 'O':
		return "4!n9!n1!n"
	case 'F'<<8 | 'R':
		return "5!n5!n11!c2!n"
	case 'G'<<8 | 'B':
		return "4!a6!n8!n"
	case 'G'<<8 | 'E':
		return "2!a16!n"
	case 'G'<<8 | 'I':
		return "4!a15!c"
	case 'G'<<8 | 'L':
		return "4!n9!n1!n"
	case 'G'<<8 | 'R':
		return "3!n4!n16!c"
	case 'G'<<8 | 'T':
		return "4!c20!c"
	case 'H'<<8 | 'N':
		return "4!a20!n"
	case 'H'<<8 | 'R':
		return "7!n10!n"
	case 'H'<<8 | 'U':
		return "3!n4!n1!n15!n1!n"
	case 'I'<<8 | 'E':
		return "4!a6!n8!n"
	case 'I'<<8 | 'L':
		return "3!n3!n13!n"
	case 'I'<<8 | 'Q':
		return "4!a3!n12!n"
	case 'I'<<8 | 'S':
		return "4!n2!n6!n10!n"
	case 'I'<<8 | 'T':
		return "1!a5!n5!n12!c"
	case 'J'<<8 | 'O':
		return "4!a4!n18!c"
	case 'K'<<8 | 'W':
		return "4!a22!c"
	case 'K'<<8 | 'Z':
		return "3!n13!c"
	case 'L'<<8 | 'B':
		return "4!n20!c"
	case 'L'<<8 | 'C':
		return "4!a24!c"
	case 'L'<<8 | 'I':
		return "5!n12!c"
	case 'L'<<8 | 'T':
		return "5!n11!n"
	case 'L'<<8 | 'U':
		return "3!n13!c"
	case 'L'<<8 | 'V':
		return "4!a13!c"
	case 'L'<<8 | 'Y':
		return "3!n3!n15!n"
	case 'M'<<8 | 'C':
		return "5!n5!n11!c2!n"
	case 'M'<<8 | 'D':
		return "2!c18!c"
	case 'M'<<8 | 'E':
		return "3!n13!n2!n"
	case 'M'<<8 | 'K':
		return "3!n10!c2!n"
	case 'M'<<8 | 'N':
		return "4!n12!n"
	case 'M'<<8 | 'R':
		return "5!n5!n11!n2!n"
	case 'M'<<8 | 'T':
		return "4!a5!n18!c"
	case 'M'<<8 | 'U':
		return "4!a2!n2!n12!n3!n3!a"
	case 'N'<<8 | 'I':
		return "4!a20!n"
	case 'N'<<8 | 'L':
		return "4!a10!n"
	case 'N'<<8 | 'O':
		return "4!n6!n1!n"
	case 'O'<<8 | 'M':
		return "3!n16!c"
	case 'P'<<8 | 'K':
		return "4!a16!c"
	case 'P'<<8 | 'L':
		return "8!n16!n"
	case 'P'<<8 | 'S':
		return "4!a21!c"
	case 'P'<<8 | 'T':
		return "4!n4!n11!n2!n"
	case 'Q'<<8 | 'A':
		return "4!a21!c"
	case 'R'<<8 | 'O':
		return "4!a16!c"
	case 'R'<<8 | 'S':
		return "3!n13!n2!n"
	case 'R'<<8 | 'U':
		return "9!n5!n15!c"
	case 'S'<<8 | 'A':
		return "2!n18!c"
	case 'S'<<8 | 'C':
		return "4!a2!n2!n16!n3!a"
	case 'S'<<8 | 'D':
		return "2!n12!n"
	case 'S'<<8 | 'E':
		return "3!n16!n1!n"
	case 'S'<<8 | 'I':
		return "5!n8!n2!n"
	case 'S'<<8 | 'K':
		return "4!n6!n10!n"
	case 'S'<<8 | 'M':
		return "1!a5!n5!n12!c"
	case 'S'<<8 | 'N':
		// Not in the SWIFT registry: Senegal's banks (BCEAO) issue IBANs
		// of 28 characters, a bank code of a letter and a letter or digit
		// ("SN08SN0100152000048500003035"), then 22 digits. Macie has
		// SENEGAL_BANK_ACCOUNT_NUMBER.
		return "2!c22!n"
	case 'S'<<8 | 'O':
		return "4!n3!n12!n"
	case 'S'<<8 | 'T':
		return "4!n4!n11!n2!n"
	case 'S'<<8 | 'V':
		return "4!a20!n"
	case 'T'<<8 | 'L':
		return "3!n14!n2!n"
	case 'T'<<8 | 'N':
		return "2!n3!n13!n2!n"
	case 'T'<<8 | 'R':
		return "5!n1!n16!c"
	case 'U'<<8 | 'A':
		return "6!n19!c"
	case 'V'<<8 | 'A':
		return "3!n15!n"
	case 'V'<<8 | 'G':
		return "4!a16!n"
	case 'X'<<8 | 'K':
		return "4!n10!n2!n"
	case 'Y'<<8 | 'E':
		return "4!a4!n18!c"
	}
	return ""
}
