package detectors

// checkUSDEA reports whether b is a US DEA registration number: a
// registrant-type letter (A B C D E F G H J K L M P R S T U X), the
// registrant's last-name initial or 9 for a business address, then seven
// digits whose last is (d1+d3+d5 + 2*(d2+d4+d6)) mod 10. A supervised
// prescriber's "-001AB" suffix is not part of the number.
func checkUSDEA(b []byte) bool {
	if len(b) != 9 {
		return false
	}
	switch b[0] {
	case 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'P', 'R', 'S', 'T', 'U', 'X':
	default:
		return false
	}
	if !isUpper(b[1]) && b[1] != '9' {
		return false
	}
	var d [7]int
	for i, c := range b[2:] {
		if !isDigit(c) {
			return false
		}
		d[i] = int(c - '0')
	}
	return (d[0]+d[2]+d[4]+2*(d[1]+d[3]+d[5]))%10 == d[6]
}
