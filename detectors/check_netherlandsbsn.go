package detectors

// checkNetherlandsBSN reports whether b is a Dutch citizen service number
// (burgerservicenummer): nine digits passing the "elfproef" of the BSN:
// weights 9 8 7 6 5 4 3 2 on the first eight and -1 on the last, sum
// divisible by 11. 000000000 passes the arithmetic but is not a number
// anyone holds, so it is refused. Older eight-digit numbers are written
// with a leading 0 and must be passed that way.
func checkNetherlandsBSN(b []byte) bool {
	if len(b) != 9 || !allDigits(b) {
		return false
	}
	sum, zero := 0, true
	for i, c := range b[:8] {
		sum += int(c-'0') * (9 - i)
		zero = zero && c == '0'
	}
	sum -= int(b[8] - '0')
	return !(zero && b[8] == '0') && sum%11 == 0
}
