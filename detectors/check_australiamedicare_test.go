package detectors

import (
	"strconv"
	"testing"
)

func TestCheckAustraliaMedicare(t *testing.T) {
	cases := []checkCase{
		{"2123456701", true, "constructed: 2123 4567 check 0 (sum 170), issue 1"},
		{"21234567011", true, "the same with IRN 1"},
		{"2428778132", true, "Medicare number used in Services Australia developer test data (2428 77813 2)"},
		{"21234567010", false, "IRN 0"},
		{"2123456711", false, "check digit changed"},
		{"2123465701", false, "transposition"},
		{"1123456701", false, "first digit 1"},
		{"7123456701", false, "first digit 7"},
		{"212345670", false, "nine digits"},
		{"212345670112", false, "twelve digits"},
	}
	runCheckTable(t, "checkAustraliaMedicare", checkAustraliaMedicare, refAustraliaMedicare, cases)
}

func refAustraliaMedicare(s string) bool {
	if len(s) != 10 && len(s) != 11 || s[0] < '2' || s[0] > '6' {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil || len(s) == 11 && s[10] == '0' {
		return false
	}
	w := []int{1, 3, 7, 9, 1, 3, 7, 9}
	sum := 0
	for i, x := range w {
		sum += int(s[i]-'0') * x
	}
	return s[8:9] == strconv.Itoa(sum%10)
}

func FuzzCheckAustraliaMedicare(f *testing.F) {
	fuzzCheck(f, checkAustraliaMedicare, refAustraliaMedicare, []checkCase{{"2123456701", true, ""}, {"21234567011", true, ""}})
}
