package detectors

// checkUSNPI reports whether b is a US National Provider Identifier: ten
// digits, the first 1 or 2 (CMS issues only these; other first digits are
// reserved), the last a Luhn check digit computed, as CMS specifies, over
// the prefix 80840 (the US health-industry issuer number of ISO 7812)
// followed by the first nine digits.
func checkUSNPI(b []byte) bool {
	if len(b) != 10 || (b[0] != '1' && b[0] != '2') {
		return false
	}
	var d [15]byte
	copy(d[:], "80840")
	copy(d[5:], b)
	return luhnValid(d[:])
}
