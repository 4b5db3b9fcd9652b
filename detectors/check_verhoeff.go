package detectors

// checkVerhoeff reports whether b, at least two ASCII digits, ends in a
// valid Verhoeff check digit: folding the digits from the right through
// the permutation p (applied i mod 8 times at position i) and the
// dihedral-group product d leaves 0. Verhoeff (1969) catches every single
// substitution and adjacent transposition, which Luhn does not.
func checkVerhoeff(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	c := byte(0)
	for i := 0; i < len(b); i++ {
		v := b[len(b)-1-i] - '0'
		if v > 9 {
			return false
		}
		c = verhoeffD[c][verhoeffP[i&7][v]]
	}
	return c == 0
}

// verhoeffD is the multiplication table of the dihedral group D5.
var verhoeffD = [10][10]byte{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
	{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
	{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
	{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
	{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
	{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
	{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
	{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
}

// verhoeffP[i] is the permutation (0 1 5 8 9 4 2 7)(3 6) applied i times.
var verhoeffP = [8][10]byte{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
	{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
	{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
	{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
	{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
	{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
}
