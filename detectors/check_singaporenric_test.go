package detectors

import (
	"regexp"
	"testing"
)

func TestCheckSingaporeNRIC(t *testing.T) {
	cases := []checkCase{
		{"S1234567D", true, "widely published synthetic NRIC S1234567D (sum 106, r 7)"},
		{"T1234567J", true, "T: offset 4, r 0"},
		{"F1234567N", true, "F: r 7"},
		{"G1234567X", true, "G: offset 4, r 0"},
		{"M5012345J", true, "M-series example validated by the public M-series implementations"},
		{"S1234567E", false, "wrong letter"},
		{"S1234576D", false, "transposition"},
		{"A1234567D", false, "prefix A"},
		{"S123456D", false, "six digits"},
		{"s1234567d", false, "lowercase"},
	}
	runCheckTable(t, "checkSingaporeNRIC", checkSingaporeNRIC, refSingaporeNRIC, cases)
}

var refNRICShape = regexp.MustCompile(`^[STFGM][0-9]{7}[A-Z]$`)

// refSingaporeNRIC uses the "11 - r" form of the tables that Ngiam's paper
// gives: check digit d = 11 - r (r = 0 gives 11), then S/T letters
// A B C D E F G H I Z J for d = 1..11, F/G letters K L M N P Q R T U W X,
// and for M the same with J at d = 3.
func refSingaporeNRIC(s string) bool {
	if !refNRICShape.MatchString(s) {
		return false
	}
	w := []int{2, 7, 6, 5, 4, 3, 2}
	sum := map[byte]int{'S': 0, 'T': 4, 'F': 0, 'G': 4, 'M': 3}[s[0]]
	for i := 0; i < 7; i++ {
		sum += int(s[i+1]-'0') * w[i]
	}
	d := 11 - sum%11
	letters := map[byte]string{'S': "ABCDEFGHIZJ", 'T': "ABCDEFGHIZJ", 'F': "KLMNPQRTUWX", 'G': "KLMNPQRTUWX", 'M': "KLJNPQRTUWX"}[s[0]]
	return s[8] == letters[d-1]
}

func FuzzCheckSingaporeNRIC(f *testing.F) {
	fuzzCheck(f, checkSingaporeNRIC, refSingaporeNRIC, []checkCase{{"S1234567D", true, ""}, {"M5012345J", true, ""}})
}
