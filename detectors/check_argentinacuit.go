package detectors

// checkArgentinaCUIT reports whether b is an Argentine CUIT or CUIL
// (Clave Única de Identificación Tributaria / Laboral): 11 digits, a
// two-digit type, an eight-digit number and a check digit, which is
// 11 - (sum mod 11) of the first ten digits weighted 5 4 3 2 7 6 5 4 3 2
// (0 when that is 11; AFIP never issues one that would need 10, it changes
// the type instead). The type decides who holds it: see
// argentinaIndividualCUIT and argentinaOrganizationCUIT.
func checkArgentinaCUIT(b []byte) bool {
	if len(b) != 11 || !allDigits(b) {
		return false
	}
	weights := [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, w := range weights {
		sum += int(b[i]-'0') * w
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c < 10 && int(b[10]-'0') == c
}

// argentinaIndividualCUIT: a CUIT/CUIL of a person, types 20 (men), 27
// (women), 23, 24, 25 and 26 (used when 20 or 27 would need check 10, and
// reserves).
func argentinaIndividualCUIT(b []byte) bool {
	if len(b) != 11 || b[0] != '2' || (b[1] != '0' && (b[1] < '3' || b[1] > '7')) {
		return false
	}
	return checkArgentinaCUIT(b)
}

// argentinaOrganizationCUIT: a CUIT of a company or other legal entity,
// types 30, 33 and 34.
func argentinaOrganizationCUIT(b []byte) bool {
	if len(b) != 11 || b[0] != '3' || (b[1] != '0' && b[1] != '3' && b[1] != '4') {
		return false
	}
	return checkArgentinaCUIT(b)
}
