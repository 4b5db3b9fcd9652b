package detectors

import (
	"strconv"
	"testing"
)

func TestCheckUSABA(t *testing.T) {
	cases := []checkCase{
		{"011000015", true, "Federal Reserve Bank of Boston routing number 011000015"},
		{"021000021", true, "JPMorgan Chase routing number 021000021 (Wikipedia, ABA routing transit number)"},
		{"111000025", true, "Federal Reserve Bank of Dallas routing number 111000025"},
		{"322271627", true, "Chase California routing number 322271627"},
		{"021000022", false, "check digit changed"},
		{"012000021", false, "transposition"},
		{"131000026", false, "prefix 13 not assigned"},
		{"02100002", false, "eight digits"},
		{"0210000210", false, "ten digits"},
	}
	runCheckTable(t, "checkUSABA", checkUSABA, refUSABA, cases)
}

func refUSABA(s string) bool {
	if len(s) != 9 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	p, _ := strconv.Atoi(s[:2])
	if !(p <= 12 || 21 <= p && p <= 32 || 61 <= p && p <= 72 || p == 80) {
		return false
	}
	d := func(i int) int { return int(s[i-1] - '0') }
	return (3*(d(1)+d(4)+d(7))+7*(d(2)+d(5)+d(8))+d(3)+d(6)+d(9))%10 == 0
}

func FuzzCheckUSABA(f *testing.F) {
	fuzzCheck(f, checkUSABA, refUSABA, []checkCase{{"011000015", true, ""}, {"021000021", true, ""}})
}
