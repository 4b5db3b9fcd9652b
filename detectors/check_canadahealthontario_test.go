package detectors

import (
	"strconv"
	"testing"
)

func TestCheckCanadaHealthOntario(t *testing.T) {
	cases := []checkCase{
		{"9876543217", true, "Ontario MOH Health Card Validation test number 9876-543-217; algorithm per MOH (Luhn, cf. Bob Trower's MOH validation routine)"},
		{"1234567897", true, "constructed: Luhn check 7 over 123456789"},
		{"9876543218", false, "check digit changed"},
		{"9876542317", false, "transposition"},
		{"0876543216", true, "constructed: no rule on the first digit is published"},
		{"987654321", false, "nine digits"},
		{"9876543217AB", false, "version code not removed"},
	}
	runCheckTable(t, "checkCanadaHealthOntario", checkCanadaHealthOntario, refCanadaHealthOntario, cases)
}

// refCanadaHealthOntario follows the ministry's worked method: double the
// digits in odd places of the first nine, add the digits of the products
// and the even-place digits, and the check digit brings the sum to a
// multiple of 10.
func refCanadaHealthOntario(s string) bool {
	if len(s) != 10 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		v := int(s[i] - '0')
		if i%2 == 0 {
			v *= 2
		}
		sum += v/10 + v%10
	}
	return int(s[9]-'0') == (10-sum%10)%10
}

func FuzzCheckCanadaHealthOntario(f *testing.F) {
	fuzzCheck(f, checkCanadaHealthOntario, refCanadaHealthOntario, []checkCase{{"9876543217", true, ""}})
}
