package detectors

// checkMexicoCURP reports whether b is a Mexican CURP (RENAPO, Instructivo
// Normativo para la Asignación de la CURP): four letters (the second a
// vowel or X), a birth date YYMMDD that exists in the calendar, sex H, M
// or X (RENAPO has issued X for non-binary persons since 2023),
// one of the 32 state codes or NE (born abroad), three internal
// consonants, a homoclave (a digit for births before 2000, a letter from
// 2000, which fixes the century of YY), and a check digit.
//
// The check digit runs over RENAPO's 37-character alphabet
// "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ": the first 17 characters are
// valued by their index (so O..Z count 25..36, one more than their place
// in A..Z, because Ñ sits at 24), weighted 18 down to 2, and the check is
// (10 - sum mod 10) mod 10. A CURP itself never contains Ñ (RENAPO writes
// X instead) nor '&', so input is ASCII and both are refused by the format
// rules; that also makes the choice of '&' or Ñ for index 24, on which
// published implementations differ, irrelevant.
func checkMexicoCURP(b []byte) bool {
	if len(b) != 18 {
		return false
	}
	for _, c := range b[:4] {
		if !isUpper(c) {
			return false
		}
	}
	switch b[1] {
	case 'A', 'E', 'I', 'O', 'U', 'X':
	default:
		return false
	}
	if !allDigits(b[4:10]) || (b[10] != 'H' && b[10] != 'M' && b[10] != 'X') || !curpState(b[11], b[12]) {
		return false
	}
	for _, c := range b[13:16] {
		if !isUpper(c) || c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' {
			return false
		}
	}
	century := 1900
	switch h := b[16]; {
	case isDigit(h):
	case isUpper(h):
		century = 2000
	default:
		return false
	}
	yy := int(b[4]-'0')*10 + int(b[5]-'0')
	mm := int(b[6]-'0')*10 + int(b[7]-'0')
	dd := int(b[8]-'0')*10 + int(b[9]-'0')
	if !validDate(century+yy, mm, dd) || !isDigit(b[17]) {
		return false
	}
	sum := 0
	for i, c := range b[:17] {
		v := int(c - '0')
		if isUpper(c) {
			v = int(c-'A') + 10
			if c > 'N' {
				v++ // Ñ takes index 24
			}
		}
		sum += v * (18 - i)
	}
	return int(b[17]-'0') == (10-sum%10)%10
}

// curpState reports whether ab is a RENAPO state code.
func curpState(a, b byte) bool {
	switch string([]byte{a, b}) {
	case "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
		"MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE":
		return true
	}
	return false
}

// validDate reports whether y-m-d is a date of the proleptic Gregorian
// calendar (month 1-12, day within the month).
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}
