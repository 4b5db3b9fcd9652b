package detectors

import (
	"strconv"
	"testing"
)

func TestCheckNetherlandsBSN(t *testing.T) {
	cases := []checkCase{
		{"111222333", true, "Logius / RvIG test BSN 111222333"},
		{"123456782", true, "Wikipedia (nl), Burgerservicenummer: example 123456782"},
		{"123456783", false, "check digit changed"},
		{"123456872", false, "transposition"},
		{"000000000", false, "zeros"},
		{"12345678", false, "eight digits"},
		{"1234567820", false, "ten digits"},
		{"12345678A", false, "letter"},
	}
	runCheckTable(t, "checkNetherlandsBSN", checkNetherlandsBSN, refNetherlandsBSN, cases)
}

func refNetherlandsBSN(s string) bool {
	if len(s) != 9 || s == "000000000" {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	w := []int{9, 8, 7, 6, 5, 4, 3, 2, -1}
	sum := 0
	for i := range w {
		sum += int(s[i]-'0') * w[i]
	}
	return sum%11 == 0
}

func FuzzCheckNetherlandsBSN(f *testing.F) {
	fuzzCheck(f, checkNetherlandsBSN, refNetherlandsBSN, []checkCase{{"111222333", true, ""}})
}
