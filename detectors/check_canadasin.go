package detectors

// checkCanadaSIN reports whether b is a Canadian Social Insurance Number:
// nine digits passing Luhn, the first digit not 0 or 8 (neither is issued
// to persons: 0 is reserved for fictitious numbers, 8 for business numbers).
func checkCanadaSIN(b []byte) bool {
	return len(b) == 9 && b[0] != '0' && b[0] != '8' && luhnValid(b)
}
