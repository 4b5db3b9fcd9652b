package detectors

// checkUKNINO reports whether b is a UK National Insurance number as HMRC
// allocates them (National Insurance Manual NIM39110): two prefix letters,
// neither D, F, I, Q, U or V, the second not O, the prefix not one of the
// never-allocated BG, GB, KN, NK, NT, TN and ZZ; six digits; a suffix A, B,
// C or D. There is no check character, so the format is the whole test.
// Temporary reference numbers (TN plus a date) are refused by the prefix
// rule on purpose: they are not identifiers of a person.
func checkUKNINO(b []byte) bool {
	if len(b) != 9 {
		return false
	}
	p, q := b[0], b[1]
	if !isUpper(p) || !isUpper(q) || ninoBadPrefixLetter(p) || ninoBadPrefixLetter(q) || q == 'O' {
		return false
	}
	switch string(b[:2]) { // string(b) in a switch does not allocate
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	for _, c := range b[2:8] {
		if !isDigit(c) {
			return false
		}
	}
	return b[8] >= 'A' && b[8] <= 'D'
}

func ninoBadPrefixLetter(c byte) bool {
	switch c {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return true
	}
	return false
}
