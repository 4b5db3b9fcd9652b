package detectors

import (
	"strconv"
	"testing"
)

func TestCheckJapanCorporateNumber(t *testing.T) {
	cases := []checkCase{
		{"7000012050002", true, "National Tax Agency's own corporate number 7000012050002"},
		{"5000012010024", true, "corporate number published for the Cabinet Office (5000012010024)"},
		{"6000012050002", false, "check digit changed"},
		{"7000012500002", false, "transposition"},
		{"700001205000", false, "twelve digits"},
		{"70000120500020", false, "fourteen digits"},
		{"7000012O50002", false, "letter O"},
	}
	runCheckTable(t, "checkJapanCorporateNumber", checkJapanCorporateNumber, refJapanCorporateNumber, cases)
}

func refJapanCorporateNumber(s string) bool {
	if len(s) != 13 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	body := s[1:]
	sum := 0
	for n := 1; n <= 12; n++ {
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += int(body[12-n]-'0') * q
	}
	return s[:1] == strconv.Itoa(9-sum%9)
}

func FuzzCheckJapanCorporateNumber(f *testing.F) {
	fuzzCheck(f, checkJapanCorporateNumber, refJapanCorporateNumber, []checkCase{{"7000012050002", true, ""}})
}
