package detectors

// checkItalyCodiceFiscale reports whether b is an Italian codice fiscale of
// a person (DM 23/12/1976, Agenzia delle Entrate): six letters (surname,
// name), year, a month letter (A B C D E H L M P R S T), day (01-31, plus
// 40 for women), the Belfiore place code (a letter and three digits) and
// a check letter. In omocodia cases the Agenzia replaces digits, from the
// right, by L M N P Q R S T U V (standing for 0-9); any digit position may
// hold one. The check letter is the sum mod 26 of the characters in odd
// places (1st, 3rd ...) valued by the official odd table and those in
// even places valued by position in 0-9 or A-Z. Companies' 11-digit codici
// fiscali (the partita IVA) are a different format.
func checkItalyCodiceFiscale(b []byte) bool {
	if len(b) != 16 {
		return false
	}
	var d [16]int // digit value at digit positions, for the date rules
	for i, c := range b[:15] {
		switch i {
		case 6, 7, 9, 10, 12, 13, 14: // digits, or their omocodia letters
			switch {
			case isDigit(c):
				d[i] = int(c - '0')
			case c >= 'L' && c <= 'V' && cfOmocodia[c-'L'] >= 0:
				d[i] = int(cfOmocodia[c-'L'])
			default:
				return false
			}
		default:
			if !isUpper(c) {
				return false
			}
		}
	}
	if cfMonthDays(b[8]) == 0 {
		return false
	}
	day := d[9]*10 + d[10]
	if day > 40 {
		day -= 40
	}
	if day < 1 || day > cfMonthDays(b[8]) {
		return false
	}
	sum := 0
	for i, c := range b[:15] {
		v := int(c - '0')
		if isUpper(c) {
			v = int(c - 'A')
		}
		if i%2 == 0 { // 1st, 3rd ... in the Agenzia's counting
			if isUpper(c) {
				sum += int(cfOddValues[c-'A'])
			} else {
				sum += int(cfOddValues[v])
			}
		} else {
			sum += v
		}
	}
	return b[15] == byte('A'+sum%26)
}

// cfOddValues is the Agenzia's table for characters in odd places, indexed
// by letter (A-Z); digit k has the value of the k-th letter (0 as A ...).
var cfOddValues = [26]byte{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// cfOmocodia maps L..V to the digit it replaces; -1 for O (not used).
var cfOmocodia = [11]int8{0, 1, 2, -1, 3, 4, 5, 6, 7, 8, 9}

// cfMonthDays is the longest month the month letter can stand for (29 for
// February: the year's century is not in the code), 0 for a bad letter.
func cfMonthDays(m byte) int {
	switch m {
	case 'A', 'C', 'E', 'L', 'M', 'R', 'T':
		return 31
	case 'D', 'H', 'P', 'S':
		return 30
	case 'B':
		return 29
	}
	return 0
}
