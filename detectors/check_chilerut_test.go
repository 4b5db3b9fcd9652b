package detectors

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckChileRUT(t *testing.T) {
	cases := []checkCase{
		{"123456785", true, "Wikipedia (es), Rol Único Tributario: 12.345.678-5"},
		{"10000013k", true, "lowercase k"},
		{"10000013K", true, "constructed: 10.000.013 gives sum 12, remainder 1, check K"},
		{"123456784", false, "check digit changed"},
		{"123456875", false, "transposition"},
		{"10000013X", false, "X is not a check character"},
		{"1234567", false, "six digits and check"},
		{"1234567890", false, "nine digits and check"},
	}
	runCheckTable(t, "checkChileRUT", checkChileRUT, refChileRUT, cases)
}

func refChileRUT(s string) bool {
	if len(s) != 8 && len(s) != 9 || strings.Trim(s[:len(s)-1], "0123456789") != "" {
		return false
	}
	n, _ := strconv.Atoi(s[:len(s)-1])
	// The textbook method: peel digits off the right with weights 2..7.
	sum, w := 0, 2
	for ; n > 0; n /= 10 {
		sum += n % 10 * w
		w = w%7 + 1
		if w == 1 {
			w = 2
		}
	}
	want := map[int]string{10: "K", 11: "0"}[11-sum%11]
	if want == "" {
		want = strconv.Itoa(11 - sum%11)
	}
	return strings.ToUpper(s[len(s)-1:]) == want
}

func FuzzCheckChileRUT(f *testing.F) {
	fuzzCheck(f, checkChileRUT, refChileRUT, []checkCase{{"123456785", true, ""}, {"10000013K", true, ""}})
}
