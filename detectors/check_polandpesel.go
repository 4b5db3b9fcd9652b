package detectors

// checkPolandPESEL reports whether b is a Polish PESEL: eleven digits,
// YYMMDD a real date once the century is decoded from the month (+80 for
// the 1800s, +0 for the 1900s, +20, +40, +60 for the 2000s, 2100s, 2200s),
// and a last digit that makes the sum with weights 1 3 7 9 1 3 7 9 1 3 1
// divisible by 10 (Ustawa o ewidencji ludności, MSWiA).
func checkPolandPESEL(b []byte) bool {
	if len(b) != 11 || !allDigits(b) {
		return false
	}
	yy, mm, dd := decimalValue(0, b[0:2]), decimalValue(0, b[2:4]), decimalValue(0, b[4:6])
	century := 1900
	switch {
	case mm > 80:
		century, mm = 1800, mm-80
	case mm > 60:
		century, mm = 2200, mm-60
	case mm > 40:
		century, mm = 2100, mm-40
	case mm > 20:
		century, mm = 2000, mm-20
	}
	if !validDate(century+yy, mm, dd) {
		return false
	}
	sum := 0
	for i, c := range b[:10] {
		sum += int(c-'0') * int(peselWeights[i])
	}
	return int(b[10]-'0') == (10-sum%10)%10
}

var peselWeights = [10]byte{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
