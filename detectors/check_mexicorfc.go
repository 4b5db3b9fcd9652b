package detectors

// rfcValue is the value of an RFC character in the SAT's check-digit
// table "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ" (digits 0-9, A-N 10-23,
// '&' 24, O-Z 25-36, the padding space 37); -1 for anything else. Ñ (38)
// is not ASCII and never reaches the validator.
func rfcValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'A' && c <= 'N':
		return int(c-'A') + 10
	case c == '&':
		return 24
	case c >= 'O' && c <= 'Z':
		return int(c-'O') + 25
	case c == ' ':
		return 37
	}
	return -1
}

// checkMexicoRFC reports whether b is a Mexican RFC (Registro Federal de
// Contribuyentes): four letters for a person (three for a company), the
// date of birth or incorporation YYMMDD, a two-character homoclave and a
// check character. The check is the SAT's: a company's RFC is padded with
// a leading space to 13 characters, the first 12 are weighted 13 down to
// 2, r = sum mod 11, and the check is '0' when r is 0, 'A' when 11 - r is
// 10, else the digit 11 - r.
func checkMexicoRFC(b []byte) bool {
	var pad [13]byte
	switch len(b) {
	case 13:
		copy(pad[:], b)
	case 12:
		pad[0] = ' '
		copy(pad[1:], b)
	default:
		return false
	}
	for _, c := range pad[1:4] {
		if !isUpper(c) && c != '&' {
			return false
		}
	}
	if !allDigits(pad[4:10]) {
		return false
	}
	yy := decimalValue(0, pad[4:6])
	year := 1900 + yy
	if yy%4 == 0 {
		year = 2000 + yy // leap in 20YY (2000 included): 29 February allowed
	}
	if !validDate(year, decimalValue(0, pad[6:8]), decimalValue(0, pad[8:10])) {
		return false
	}
	sum := 0
	for i, c := range pad[:12] {
		v := rfcValue(c)
		if v < 0 || (i == 0 && len(b) == 13 && !isUpper(c) && c != '&') {
			return false
		}
		sum += v * (13 - i)
	}
	want := byte('0')
	if r := sum % 11; r == 1 {
		want = 'A'
	} else if r > 1 {
		want = byte('0' + 11 - r)
	}
	return pad[12] == want
}

// mexicoIndividualRFC: a person's RFC has 13 characters.
func mexicoIndividualRFC(b []byte) bool { return len(b) == 13 && checkMexicoRFC(b) }

// mexicoOrganizationRFC: a company's RFC has 12 characters.
func mexicoOrganizationRFC(b []byte) bool { return len(b) == 12 && checkMexicoRFC(b) }
