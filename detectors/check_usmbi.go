package detectors

// checkUSMBI reports whether b is a Medicare Beneficiary Identifier (CMS,
// "Understanding the MBI format"): eleven characters, by position
// C A AN N A AN N A A N N, where C is 1-9, N is 0-9, A is an uppercase
// letter other than S, L, O, I, B and Z, and AN is either. The MBI has no
// check character, so the format is the whole test.
func checkUSMBI(b []byte) bool {
	if len(b) != 11 || b[0] < '1' || b[0] > '9' {
		return false
	}
	for i, c := range b[1:] {
		if isLower(c) {
			c -= 'a' - 'A'
		}
		letter := isUpper(c) && !mbiExcluded(c)
		switch mbiPattern[i] {
		case 'A':
			if !letter {
				return false
			}
		case 'N':
			if !isDigit(c) {
				return false
			}
		default:
			if !letter && !isDigit(c) {
				return false
			}
		}
	}
	return true
}

// mbiPattern is positions 2-11: A letter, N digit, X letter or digit.
const mbiPattern = "AXNAXNAANN"

func mbiExcluded(c byte) bool {
	switch c {
	case 'S', 'L', 'O', 'I', 'B', 'Z':
		return true
	}
	return false
}
