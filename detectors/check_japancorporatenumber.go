package detectors

// checkJapanCorporateNumber reports whether b is a Japanese corporate
// number (法人番号, National Tax Agency): thirteen digits, the first the
// check digit 9 - (sum(Pn*Qn) mod 9), Pn the n-th digit from the right of
// the other twelve, Qn 1 for odd n and 2 for even n.
func checkJapanCorporateNumber(b []byte) bool {
	if len(b) != 13 || !allDigits(b) {
		return false
	}
	sum := 0
	for n := 1; n <= 12; n++ {
		sum += int(b[13-n]-'0') * (2 - n%2)
	}
	return int(b[0]-'0') == 9-sum%9
}
