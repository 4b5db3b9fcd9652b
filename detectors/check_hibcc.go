package detectors

// hibccChars is the HIBC character set in check-value order: digits 0-9,
// A-Z 10-35, then - . space $ / + % (36-42).
const hibccChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"

// checkHIBCC reports whether b is a HIBC LIC primary data structure (the
// device identifier of a HIBCC UDI) with its check character: '+', the
// labeler identification code (a letter and three letters or digits), a
// product or catalogue number of 1 to 18 letters or digits, a one-digit
// unit of measure, and the check character, the sum of the HIBC values of
// every preceding character (the '+' included) modulo 43 (ANSI/HIBC 2.6,
// Supplier Labeling Standard).
func checkHIBCC(b []byte) bool {
	n := len(b)
	if n < 8 || n > 25 || b[0] != '+' || !isUpper(b[1]) || !isDigit(b[n-2]) {
		return false
	}
	sum := 41 // '+'
	for _, c := range b[1 : n-1] {
		if !isUpper(c) && !isDigit(c) {
			return false
		}
		sum += hibccValue(c)
	}
	return b[n-1] == hibccChars[sum%43]
}

func hibccValue(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c-'A') + 10
}
