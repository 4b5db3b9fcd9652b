package detectors

// checkMod11_2 reports whether b is a PRC resident identity card number
// (GB 11643-1999): a six-digit region code (first digit 1-8), a birth date
// YYYYMMDD that exists in the calendar with a year from 1850 to 2099 (the
// plausible span of living holders, without reading a clock), a
// three-digit sequence number and the ISO 7064 MOD 11-2 check character:
// weights 2^(17-i) mod 11 on the first seventeen digits, the check is
// "10X98765432"[sum mod 11]. Only an uppercase X is accepted, as printed.
func checkMod11_2(b []byte) bool {
	if len(b) != 18 || b[0] < '1' || b[0] > '8' || !allDigits(b[:17]) {
		return false
	}
	y := decimalValue(0, b[6:10])
	if y < 1850 || y > 2099 || !validDate(y, decimalValue(0, b[10:12]), decimalValue(0, b[12:14])) {
		return false
	}
	sum := 0
	for i, c := range b[:17] {
		sum += int(c-'0') * int(mod11_2Weights[i])
	}
	return b[17] == "10X98765432"[sum%11]
}

var mod11_2Weights = [17]byte{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
