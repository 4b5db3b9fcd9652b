package detectors

// checkGTIN reports whether b is a GS1 Global Trade Item Number (GTIN-8,
// -12, -13 or -14, as in the device identifier of a GS1 UDI) with a valid
// check digit: the digits before it weighted 3, 1, 3, ... from the right,
// check = (10 - sum mod 10) mod 10 (GS1 General Specifications, 7.9.1).
// An all-zero GTIN is not an item.
func checkGTIN(b []byte) bool {
	switch len(b) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	if !allDigits(b) || !notAllZero(b) {
		return false
	}
	sum := 0
	for i := len(b) - 2; i >= 0; i-- {
		d := int(b[i] - '0')
		if (len(b)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return int(b[len(b)-1]-'0') == (10-sum%10)%10
}
