package detectors

import (
	"strconv"
	"testing"
)

func TestCheckAustraliaTFN(t *testing.T) {
	cases := []checkCase{
		{"123456782", true, "python-stdnum au.tfn documentation example 123 456 782"},
		{"876543210", true, "common ATO test TFN 876 543 210"},
		{"37118629", true, "eight-digit TFN: sum 176 = 16 x 11"},
		{"123456783", false, "digit changed"},
		{"123456872", false, "transposition"},
		{"37118628", false, "eight digits, digit changed"},
		{"1234567", false, "seven digits"},
		{"1234567820", false, "ten digits"},
		{"12345678A", false, "letter"},
	}
	runCheckTable(t, "checkAustraliaTFN", checkAustraliaTFN, refAustraliaTFN, cases)
}

func refAustraliaTFN(s string) bool {
	weights := map[int][]int{9: {1, 4, 3, 7, 5, 8, 6, 9, 10}, 8: {10, 7, 8, 4, 6, 3, 5, 1}}[len(s)]
	if weights == nil {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return sum%11 == 0
}

func FuzzCheckAustraliaTFN(f *testing.F) {
	fuzzCheck(f, checkAustraliaTFN, refAustraliaTFN, []checkCase{{"123456782", true, ""}, {"37118629", true, ""}})
}
