package detectors

// checkIndiaAadhaar reports whether b is an Aadhaar number: twelve digits,
// the first not 0 or 1 (UIDAI reserves them), the last a Verhoeff check
// digit over the whole number.
func checkIndiaAadhaar(b []byte) bool {
	return len(b) == 12 && b[0] >= '2' && b[0] <= '9' && checkVerhoeff(b)
}
