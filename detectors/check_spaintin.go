package detectors

// checkSpainTIN reports whether b is a Spanish personal tax identification
// number (NIF of a natural person, Real Decreto 1065/2007): a DNI number
// with its control letter (eight digits and a letter), or K (Spaniards
// under 14), L (Spaniards resident abroad) or M (foreigners without an
// NIE) followed by seven digits and the DNI control letter of those seven
// digits. NIE-based NIFs (X, Y, Z) are SPAIN_NIE_NUMBER's.
func checkSpainTIN(b []byte) bool {
	if len(b) != 9 {
		return false
	}
	switch b[0] {
	case 'K', 'L', 'M':
		return allDigits(b[1:8]) && b[8] == spainControlLetters[decimalValue(0, b[1:8])%23]
	}
	return checkSpainDNI(b)
}
