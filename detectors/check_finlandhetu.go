package detectors

// hetuCheckChars are the 31 check characters of a Finnish personal
// identity code, indexed by the remainder.
const hetuCheckChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// checkFinlandHETU reports whether b is a Finnish personal identity code
// (henkilötunnus, as printed on Finnish driving licences): DDMMYY, a
// century sign, a three-digit individual number NNN (002-899) and a check
// character, the remainder of DDMMYYNNN divided by 31 looked up in
// "0123456789ABCDEFHJKLMNPRSTUVWXY" (Digital and Population Data Services
// Agency, DVV). b comes either with the century sign ("131052A308T": 'A'
// to 'F' for the 2000s, 'U' to 'Y' for the 1900s, as the 2023 reform
// allows) or without it (10 characters: the shapes drop '-' and '+',
// which are literals). The check character does not depend on the
// century, so the date is checked with a leap year for 29 February.
func checkFinlandHETU(b []byte) bool {
	switch len(b) {
	case 11:
		c := b[6]
		if !(c >= 'A' && c <= 'F') && !(c >= 'U' && c <= 'Y') {
			return false
		}
		var d [10]byte
		copy(d[:6], b[:6])
		copy(d[6:], b[7:])
		return hetuValid(d[:])
	case 10:
		return hetuValid(b)
	}
	return false
}

func hetuValid(b []byte) bool {
	if !allDigits(b[:9]) {
		return false
	}
	day, month := decimalValue(0, b[0:2]), decimalValue(0, b[2:4])
	if !validDate(2000, month, day) {
		return false
	}
	if n := decimalValue(0, b[6:9]); n < 2 || n > 899 {
		return false
	}
	return b[9] == hetuCheckChars[decimalValue(0, b[:9])%31]
}
