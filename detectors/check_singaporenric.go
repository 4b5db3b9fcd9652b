package detectors

// checkSingaporeNRIC reports whether b is a Singapore NRIC or FIN: a
// prefix S, T (citizens and PRs), F, G or M (foreigners; M since 2022),
// seven digits, and the check letter. ICA licenses rather than publishes
// the algorithm; this is the form every public implementation agrees on
// (Ngiam Shih Tung's 2003 analysis, extended for M): weights 2 7 6 5 4 3 2,
// plus 4 for T and G and 3 for M, r = sum mod 11, letter
// "JZIHGFEDCBA"[r] for S and T, "XWUTRQPNMLK"[r] for F and G,
// "XWUTRQPNJLK"[r] for M.
func checkSingaporeNRIC(b []byte) bool {
	if len(b) != 9 || !allDigits(b[1:8]) {
		return false
	}
	sum := 0
	for i, c := range b[1:8] {
		sum += int(c-'0') * int(nricWeights[i])
	}
	var table string
	switch b[0] {
	case 'S':
		table = "JZIHGFEDCBA"
	case 'T':
		table, sum = "JZIHGFEDCBA", sum+4
	case 'F':
		table = "XWUTRQPNMLK"
	case 'G':
		table, sum = "XWUTRQPNMLK", sum+4
	case 'M':
		table, sum = "XWUTRQPNJLK", sum+3
	default:
		return false
	}
	return b[8] == table[sum%11]
}

var nricWeights = [7]byte{2, 7, 6, 5, 4, 3, 2}
