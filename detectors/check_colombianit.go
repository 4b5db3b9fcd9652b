package detectors

// nitWeights are the DIAN's prime weights for the NIT check digit, from
// the rightmost digit of the base number leftwards.
var nitWeights = [15]int{3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71}

// checkColombiaNIT reports whether b is a Colombian NIT (Número de
// Identificación Tributaria) with its check digit (dígito de
// verificación, DV) last: a base number of 6 to 15 digits and the DV, the
// base's digits weighted by nitWeights from the right, r = sum mod 11, and
// DV = r when r is 0 or 1, else 11 - r (DIAN, Orden Administrativa 4 de
// 1989). An all-zero base is a placeholder.
func checkColombiaNIT(b []byte) bool {
	if len(b) < 7 || len(b) > 16 || !allDigits(b) {
		return false
	}
	base := b[:len(b)-1]
	sum, zero := 0, true
	for i := range base {
		d := int(base[len(base)-1-i] - '0')
		zero = zero && d == 0
		sum += d * nitWeights[i]
	}
	r := sum % 11
	if r > 1 {
		r = 11 - r
	}
	return !zero && int(b[len(b)-1]-'0') == r
}

// colombiaOrganizationNIT: a NIT assigned to a legal entity has a nine-digit
// base starting with 8 or 9 (800..., 830..., 860..., 890..., 900...).
func colombiaOrganizationNIT(b []byte) bool {
	return len(b) == 10 && (b[0] == '8' || b[0] == '9') && checkColombiaNIT(b)
}

// colombiaIndividualNIT: a person's NIT is their cédula number (up to
// eight digits, or ten starting with 1 for those issued since 2003) with
// the DV; a nine-digit base starting with 8 or 9 is an organisation's.
func colombiaIndividualNIT(b []byte) bool {
	switch n := len(b) - 1; {
	case n == 10:
		return b[0] == '1' && checkColombiaNIT(b)
	case n >= 6 && n <= 8:
		return checkColombiaNIT(b)
	}
	return false
}
