package detectors

// checkUSABA reports whether b is an ABA routing transit number: nine
// digits, the first two in a range the Federal Reserve assigns (00-12
// banks, 21-32 thrifts, 61-72 electronic, 80 traveller's cheques), and
// 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) divisible by 10 (ABA / Accuity
// routing number policy).
func checkUSABA(b []byte) bool {
	if len(b) != 9 || !allDigits(b) {
		return false
	}
	switch p := decimalValue(0, b[:2]); {
	case p <= 12, p >= 21 && p <= 32, p >= 61 && p <= 72, p == 80:
	default:
		return false
	}
	sum := 0
	for i, c := range b {
		sum += int(c-'0') * int(abaWeights[i%3])
	}
	return sum%10 == 0
}

var abaWeights = [3]byte{3, 7, 1}
