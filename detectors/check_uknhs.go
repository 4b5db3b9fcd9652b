package detectors

// checkUKNHS reports whether b is an NHS number (England, Wales, Isle of
// Man): ten digits, the tenth the modulus 11 check of the NHS Data
// Dictionary: weights 10 down to 2 on the first nine digits, check =
// 11 - (sum mod 11), 11 written 0, and 10 never issued.
func checkUKNHS(b []byte) bool {
	if len(b) != 10 {
		return false
	}
	sum := 0
	for i, c := range b {
		if !isDigit(c) {
			return false
		}
		if i < 9 {
			sum += int(c-'0') * (10 - i)
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && int(b[9]-'0') == check
}
