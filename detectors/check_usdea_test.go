package detectors

import (
	"regexp"
	"testing"
)

func TestCheckUSDEA(t *testing.T) {
	cases := []checkCase{
		{"AP5836727", true, "takerx.com DEA verification example AP5836727"},
		{"F91234563", true, "Wikipedia, DEA number: business-address example F91234563"},
		{"AB1234563", true, "1+3+5 + 2*(2+4+6) = 33"},
		{"AP5836728", false, "check digit changed"},
		{"AP5863727", false, "transposition"},
		{"IP5836727", false, "I is not a registrant type"},
		{"NP5836727", false, "N is not in the registrant list"},
		{"A85836727", false, "second character a digit other than 9"},
		{"ap5836727", false, "lowercase"},
		{"AP583672", false, "six digits"},
		{"AP58367270", false, "eight digits"},
	}
	runCheckTable(t, "checkUSDEA", checkUSDEA, refUSDEA, cases)
}

var refUSDEAShape = regexp.MustCompile(`^[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}$`)

func refUSDEA(s string) bool {
	if !refUSDEAShape.MatchString(s) {
		return false
	}
	d := func(i int) int { return int(s[1+i] - '0') }
	check := d(1) + d(3) + d(5) + 2*(d(2)+d(4)+d(6))
	return check%10 == d(7)
}

func FuzzCheckUSDEA(f *testing.F) {
	fuzzCheck(f, checkUSDEA, refUSDEA, []checkCase{{"AP5836727", true, ""}, {"F91234563", true, ""}})
}
