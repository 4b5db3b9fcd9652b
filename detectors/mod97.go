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
	// Rotated: the characters after the first four, then those four. (An
	// index modulo the length cost a division per character: most of the
	// time of a column of IBANs.)
	rem, ok := mod97Of(0, iban[4:])
	if !ok {
		return false
	}
	rem, ok = mod97Of(rem, iban[:4])
	return ok && rem == 1
}

// mod97Of continues a MOD 97-10 remainder rem (below 97) over s, letters
// counting as 10 to 35; false if s holds anything else. Eight digits in a
// row are read as one number (digits8) and reduced at once: a
// remainder below 97 times 10^8, plus the eight digits, stays below 2^64.
// Otherwise it reduces once per 15 decimal digits rather than per
// character: a remainder below 97 followed by at most 16 digits stays below
// 2^64, and a reduction per character (a multiply-shift chain) was most of
// the cost of validating an IBAN.
func mod97Of(rem uint32, s []byte) (uint32, bool) {
	v := uint64(rem)
	for len(s) >= 8 {
		x, ok := digits8(load64(s))
		if !ok {
			break
		}
		v = (v*100_000_000 + x) % 97
		s = s[8:]
	}
	digits := 0 // decimal digits added since the last reduction
	for _, c := range s {
		switch {
		case isDigit(c):
			v = v*10 + uint64(c-'0')
			digits++
		case isUpper(c):
			v = v*100 + uint64(c-'A') + 10
			digits += 2
		default:
			return 0, false
		}
		if digits >= 15 {
			v %= 97
			digits = 0
		}
	}
	return uint32(v % 97), true
}

// digits8 returns the number eight ASCII digits (w, the first in its low
// byte) write, or false if a byte of w is not a digit.
func digits8(w uint64) (uint64, bool) {
	// Every high nibble 3, and no low nibble above 9 (adding 6 carries
	// into the high nibble exactly then; with high nibbles of 3, never
	// into the next byte).
	const hi = 0xF0F0F0F0F0F0F0F0
	if w&hi != '0'*lsb || (w+6*lsb)&hi != '0'*lsb {
		return 0, false
	}
	x := w - '0'*lsb
	x = (x*10 + x>>8) & 0x00FF00FF00FF00FF
	x = (x*100 + x>>16) & 0x0000FFFF0000FFFF
	x = (x*10000 + x>>32) & 0xFFFFFFFF
	return x, true
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
