package detectors

// Byte classes. Everything here is ASCII on purpose: Unicode-aware word
// boundaries make a scan tens of times slower (see ENVIRONMENT.md), and every
// identifier we match is ASCII.

func isDigit(c byte) bool { return c-'0' <= 9 }
func isUpper(c byte) bool { return c-'A' <= 'Z'-'A' }
func isLower(c byte) bool { return c-'a' <= 'z'-'a' }
func isAlpha(c byte) bool { return (c|0x20)-'a' <= 'z'-'a' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

func toLower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}
