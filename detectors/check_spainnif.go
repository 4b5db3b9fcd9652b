package detectors

// checkSpainNIF reports whether b is the NIF of a Spanish legal entity
// (the former CIF, Orden EHA/451/2008): an entity letter A B C D E F G H J
// N P Q R S U V W, seven digits, and a control character computed from the
// digits: digits in odd places (1st, 3rd, 5th, 7th) doubled and their
// digit sums added, digits in even places added, c = (10 - sum mod 10)
// mod 10. The control is the digit c, or the letter "JABCDEFGHI"[c]: a
// letter for N, P, Q, R, S and W and for non-residents (province code 00),
// a digit for A, B, E and H, either for the other keys. Personal NIFs
// (DNI, NIE and the K, L, M keys) use the mod-23 letter instead; see
// checkSpainDNI and checkSpainNIE.
func checkSpainNIF(b []byte) bool {
	if len(b) != 9 || !allDigits(b[1:8]) {
		return false
	}
	sum := 0
	for i, c := range b[1:8] {
		v := int(c - '0')
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		sum += v
	}
	c := (10 - sum%10) % 10
	digit, letter := b[8] == byte('0'+c), b[8] == "JABCDEFGHI"[c]
	switch b[0] {
	case 'N', 'P', 'Q', 'R', 'S', 'W':
		return letter
	case 'A', 'B', 'E', 'H':
		return digit && !(b[1] == '0' && b[2] == '0')
	case 'C', 'D', 'F', 'G', 'J', 'U', 'V':
		if b[1] == '0' && b[2] == '0' {
			return letter
		}
		return digit || letter
	}
	return false
}
