package detectors

// luhnValid reports whether d, ASCII digits only, passes the Luhn (ISO/IEC
// 7812-1 mod 10) check. It is false for fewer than two digits or any
// non-digit byte.
func luhnValid(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i]) - '0'
		if v < 0 || v > 9 {
			return false
		}
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}
