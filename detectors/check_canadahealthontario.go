package detectors

// checkCanadaHealthOntario reports whether b is an Ontario health number
// (OHIP): ten digits, the tenth a Luhn (mod 10) check digit over the
// first nine, as the Ministry of Health's Health Card Validation technical
// specification describes. The two-letter version code printed after the
// number is not part of it and must not be passed.
func checkCanadaHealthOntario(b []byte) bool {
	return len(b) == 10 && luhnValid(b)
}
