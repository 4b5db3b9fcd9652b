package detectors

// checkChileRUT reports whether b is a Chilean RUT/RUN: seven or eight
// digits and a check character from the Servicio de Registro Civil's
// mod-11 rule: weights 2 3 4 5 6 7 repeating from the rightmost digit,
// check = 11 - (sum mod 11), 11 written 0 and 10 written K. Lowercase k
// is accepted because it is how the number is commonly typed.
func checkChileRUT(b []byte) bool {
	if len(b) != 8 && len(b) != 9 {
		return false
	}
	body := b[:len(b)-1]
	sum, w := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		if !isDigit(body[i]) {
			return false
		}
		sum += int(body[i]-'0') * w
		if w++; w > 7 {
			w = 2
		}
	}
	last := b[len(b)-1]
	switch check := 11 - sum%11; check {
	case 10:
		return last == 'K' || last == 'k'
	case 11:
		return last == '0'
	default:
		return int(last) == '0'+check
	}
}
