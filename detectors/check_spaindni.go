package detectors

// spainControlLetters maps a DNI/NIE number mod 23 to its control letter
// (Ministerio del Interior; I, Ñ, O and U are never used).
const spainControlLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// checkSpainDNI reports whether b is a Spanish DNI (personal NIF): eight
// digits and the control letter of the number mod 23.
func checkSpainDNI(b []byte) bool {
	return len(b) == 9 && allDigits(b[:8]) && b[8] == spainControlLetters[decimalValue(0, b[:8])%23]
}

// allDigits reports whether d is one or more ASCII digits.
func allDigits(d []byte) bool {
	for _, c := range d {
		if !isDigit(c) {
			return false
		}
	}
	return len(d) > 0
}

// decimalValue is the value of lead followed by the ASCII digits d, read
// as a decimal number; the caller has checked d and keeps it short.
func decimalValue(lead int, d []byte) int {
	n := lead
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}
