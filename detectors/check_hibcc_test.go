package detectors

import (
	"strings"
	"testing"
)

func TestCheckHIBCC(t *testing.T) {
	cases := []checkCase{
		{"+A123BJC5D6E71G", true, "HIBCC Supplier Labeling Standard example +A123BJC5D6E71G"},
		{"+H123ABC12341M", true, "constructed: values sum to 108, 108 mod 43 = 22, M"},
		{"+A123BJC5D6E71H", false, "check changed"},
		{"+A123BJC5D6E81G", false, "digit changed (a sum cannot catch transpositions)"},
		{"+1123BJC5D6E71G", false, "labeler code starts with a digit"},
		{"+A123BJC5D6EA1G", false, "unit of measure not a digit"},
		{"A123BJC5D6E71G", false, "no leading +"},
		{"+A1231G", false, "no product number"},
	}
	runCheckTable(t, "checkHIBCC", checkHIBCC, refHIBCC, cases)
}

// refHIBCC indexes every character, '+' included, in the HIBC table and
// compares the remainder's character with the last one.
func refHIBCC(s string) bool {
	const table = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"
	n := len(s)
	if n < 8 || n > 25 || s[0] != '+' || strings.Trim(s[1:n-1], "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" ||
		!strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZ", rune(s[1])) || !strings.ContainsRune("0123456789", rune(s[n-2])) {
		return false
	}
	sum := 0
	for i := 0; i < n-1; i++ {
		sum += strings.IndexByte(table, s[i])
	}
	return s[n-1] == table[sum%43]
}

func FuzzCheckHIBCC(f *testing.F) {
	fuzzCheck(f, checkHIBCC, refHIBCC, []checkCase{{"+A123BJC5D6E71G", true, ""}})
}
