package detectors

// checkKoreaRRN reports whether b is a South Korean resident registration
// number: YYMMDD, a digit for sex and century (1-4 citizens 1900s/2000s,
// 9 and 0 the 1800s, 5-8 foreign residents 1900s/2000s), six more digits,
// and a real birth date. For citizens the last digit is the check digit
// (11 - (sum mod 11)) mod 10 with weights 2 3 4 5 6 7 8 9 2 3 4 5.
//
// Two cases are accepted on format and date alone, by choice:
//   - From October 2020 the Ministry of the Interior issues the last six
//     digits at random, with no check digit. The birth date is the only
//     sign of a new-style number: births from 1 September 2020 (a birth is
//     registered within a month) are not checksum-tested. An older person
//     renumbered after 2020 carries a new-style number this refuses.
//   - Foreign registration numbers (5-8) use a variant check we could not
//     confirm from a published source.
func checkKoreaRRN(b []byte) bool {
	if len(b) != 13 || !allDigits(b) {
		return false
	}
	century := 0
	switch b[6] {
	case '1', '2', '5', '6':
		century = 1900
	case '3', '4', '7', '8':
		century = 2000
	case '9', '0':
		century = 1800
	}
	y, m, d := century+decimalValue(0, b[0:2]), decimalValue(0, b[2:4]), decimalValue(0, b[4:6])
	if !validDate(y, m, d) {
		return false
	}
	if b[6] >= '5' && b[6] <= '8' || y*10000+m*100+d >= 20200901 {
		return true
	}
	sum := 0
	for i, c := range b[:12] {
		sum += int(c-'0') * (2 + i%8)
	}
	return int(b[12]-'0') == (11-sum%11)%10
}
