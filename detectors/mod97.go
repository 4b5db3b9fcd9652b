package detectors

// ibanValid reports whether iban — country code, two check digits and the
// BBAN, uppercase letters and digits, no spaces — passes the ISO 13616 check:
// ISO 7064 MOD 97-10 over the BBAN followed by the country code and check
// digits, letters counting as 10 to 35, must leave remainder 1. Length limits
// (15 to 34) are ISO 13616's.
func ibanValid(iban []byte) bool {
	if len(iban) < 15 || len(iban) > 34 {
		return false
	}
	if !isUpper(iban[0]) || !isUpper(iban[1]) || !isDigit(iban[2]) || !isDigit(iban[3]) {
		return false
	}
	rem := 0
	for i := 0; i < len(iban); i++ {
		// Rotate: start after the first four characters, wrap around.
		c := iban[(i+4)%len(iban)]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// germanIBANValid validates the 20 digits that follow "DE" in a German IBAN
// (2 check digits, 8-digit bank code, 10-digit account number).
func germanIBANValid(d []byte) bool {
	if len(d) != 20 {
		return false
	}
	var buf [22]byte
	buf[0], buf[1] = 'D', 'E'
	copy(buf[2:], d)
	return ibanValid(buf[:])
}
