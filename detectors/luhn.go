package detectors

// luhnValid reports whether d, ASCII digits only, passes the Luhn (ISO/IEC
// 7812-1 mod 10) check. It is false for fewer than two digits or any
// non-digit byte.
func luhnValid(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	// Two digits a step, from the right: the first as it is, the second
	// doubled, its digits summed (luhnDoubled).
	sum := uint(0)
	i := len(d) - 1
	for ; i >= 1; i -= 2 {
		a, b := uint(d[i]-'0'), uint(d[i-1]-'0')
		if a > 9 || b > 9 {
			return false
		}
		sum += a + uint(luhnDoubled[b])
	}
	if i == 0 {
		a := uint(d[0] - '0')
		if a > 9 {
			return false
		}
		sum += a
	}
	return sum%10 == 0
}

// luhnDoubled is the sum of the digits of twice each digit.
var luhnDoubled = [10]uint8{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}
