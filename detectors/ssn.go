package detectors

// ssnValid reports whether d, nine ASCII digits, can be a US Social Security
// number as the SSA issues them: area not 000, 666 or 900-999, group not 00,
// serial not 0000, and not one of the numbers famously published in
// advertising or misuse (078-05-1120, 219-09-9999) or the textbook example
// 123-45-6789.
func ssnValid(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	for _, c := range d {
		if !isDigit(c) {
			return false
		}
	}
	area := int(d[0]-'0')*100 + int(d[1]-'0')*10 + int(d[2]-'0')
	group := int(d[3]-'0')*10 + int(d[4]-'0')
	serial := int(d[5]-'0')*1000 + int(d[6]-'0')*100 + int(d[7]-'0')*10 + int(d[8]-'0')
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return false
	}
	// 078-05-1120, 219-09-9999, 123-45-6789, compared as numbers.
	switch area*1_000_000 + group*10_000 + serial {
	case 78_051_120, 219_099_999, 123_456_789:
		return false
	}
	return true
}
