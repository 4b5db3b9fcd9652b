package detectors

// checkJapanMyNumber reports whether b is a Japanese individual number (My
// Number): twelve digits, the last the check digit of the Ministry of
// Internal Affairs ordinance (総務省令第85号, 2014): with Pn the n-th digit
// from the right of the first eleven and Qn = n+1 for n <= 6, n-5 for
// n >= 7 (from the left: 6 5 4 3 2 7 6 5 4 3 2), r = sum(Pn*Qn) mod 11;
// the check is 0 when r <= 1, otherwise 11 - r.
func checkJapanMyNumber(b []byte) bool {
	if len(b) != 12 || !allDigits(b) {
		return false
	}
	sum := 0
	for i, c := range b[:11] {
		sum += int(c-'0') * int(myNumberWeights[i])
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return int(b[11]-'0') == check
}

var myNumberWeights = [11]byte{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
