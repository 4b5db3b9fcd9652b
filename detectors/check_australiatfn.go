package detectors

// checkAustraliaTFN reports whether b is an Australian tax file number:
// nine digits with weights 1 4 3 7 5 8 6 9 10, or the older eight-digit
// form with weights 10 7 8 4 6 3 5 1, the weighted sum divisible by 11
// (the ATO algorithm as reproduced in python-stdnum au.tfn and by the ABR).
func checkAustraliaTFN(b []byte) bool {
	var w []byte
	switch len(b) {
	case 9:
		w = tfnWeights9[:]
	case 8:
		w = tfnWeights8[:]
	default:
		return false
	}
	sum := 0
	for i, c := range b {
		if !isDigit(c) {
			return false
		}
		sum += int(c-'0') * int(w[i])
	}
	return sum%11 == 0
}

var (
	tfnWeights9 = [9]byte{1, 4, 3, 7, 5, 8, 6, 9, 10}
	tfnWeights8 = [8]byte{10, 7, 8, 4, 6, 3, 5, 1}
)
