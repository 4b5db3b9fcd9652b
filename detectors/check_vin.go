package detectors

// checkVIN reports whether b is a 17-character vehicle identification
// number whose ninth character is the check digit of 49 CFR 565.15: each
// character transliterated (digits as themselves, letters per the table in
// 565.15(c); I, O and Q never occur), multiplied by the position weights
// 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, the sum taken mod 11, a remainder of
// 10 written X. VINs are printed in uppercase; lowercase is refused. Only
// North American VINs must carry the check digit, so European VINs without
// one are refused: the check is what makes a 17-character run evidence.
func checkVIN(b []byte) bool {
	if len(b) != 17 {
		return false
	}
	sum := 0
	for i, c := range b {
		v := vinValue(c)
		if v < 0 {
			return false
		}
		sum += v * int(vinWeights[i])
	}
	r := sum % 11
	if r == 10 {
		return b[8] == 'X'
	}
	return int(b[8]) == '0'+r
}

var vinWeights = [17]byte{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// vinValue is the 49 CFR 565.15 transliteration, -1 for a byte that cannot
// appear in a VIN.
func vinValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'A' && c <= 'H':
		return int(c-'A') + 1
	case c >= 'J' && c <= 'N':
		return int(c-'J') + 1
	case c == 'P':
		return 7
	case c == 'R':
		return 9
	case c >= 'S' && c <= 'Z':
		return int(c-'S') + 2
	}
	return -1
}
