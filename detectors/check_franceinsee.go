package detectors

// checkFranceINSEE reports whether b is a French social security number
// (NIR, "numéro INSEE"): 13 characters and a 2-digit key. The 13 are sex
// (1 or 2; 3, 4, 7, 8 for provisional numbers), year, month, a department
// (2A and 2B for Corsica, otherwise digits), commune and order number. The
// key is 97 - (N mod 97), N the 13 characters read as a number with 2A
// replaced by 19 and 2B by 18, as INSEE and the Sécurité sociale specify.
// The month is not range-checked: INSEE uses 20, 30-42 and 50+ for
// unknown or provisional months.
func checkFranceINSEE(b []byte) bool {
	if len(b) != 15 || !isDigit(b[13]) || !isDigit(b[14]) {
		return false
	}
	switch b[0] {
	case '1', '2', '3', '4', '7', '8':
	default:
		return false
	}
	corsica := b[5] == '2' && (b[6] == 'A' || b[6] == 'B')
	n := 0
	for i, c := range b[:13] {
		switch {
		case corsica && i == 5:
			c = '1'
		case corsica && i == 6:
			c = '9' - (b[6] - 'A') // A -> 9, B -> 8
		case !isDigit(c):
			return false
		}
		n = (n*10 + int(c-'0')) % 97
	}
	return int(b[13]-'0')*10+int(b[14]-'0') == 97-n
}
