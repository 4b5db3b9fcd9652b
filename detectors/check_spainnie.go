package detectors

// checkSpainNIE reports whether b is a Spanish foreigner's identity number
// (NIE): X, Y or Z, seven digits, and the DNI control letter of the number
// formed by replacing X, Y, Z with 0, 1, 2.
func checkSpainNIE(b []byte) bool {
	if len(b) != 9 || b[0] < 'X' || b[0] > 'Z' || !allDigits(b[1:8]) {
		return false
	}
	return b[8] == spainControlLetters[decimalValue(int(b[0]-'X'), b[1:8])%23]
}
