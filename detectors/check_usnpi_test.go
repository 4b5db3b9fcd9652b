package detectors

import (
	"strconv"
	"testing"
)

func TestCheckUSNPI(t *testing.T) {
	cases := []checkCase{
		{"1234567893", true, "CMS, NPI check digit paper: example 123456789 check digit 3"},
		{"1245319599", true, "published test NPI (Luhn with prefix 80840 gives 9)"},
		{"1234567890", false, "check digit changed"},
		{"1234567839", false, "transposition"},
		{"3234567893", false, "first digit 3"},
		{"123456789", false, "nine digits"},
		{"12345678930", false, "eleven digits"},
		{"12345678a3", false, "letter"},
	}
	runCheckTable(t, "checkUSNPI", checkUSNPI, refUSNPI, cases)
}

// refUSNPI computes the check digit the way the CMS paper does: double the
// alternate digits of the first nine from the right, add the digit sums,
// add 24 for the 80840 prefix, and subtract from the next multiple of 10.
func refUSNPI(s string) bool {
	if len(s) != 10 || (s[0] != '1' && s[0] != '2') {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	sum := 24
	for i := 0; i < 9; i++ {
		v := int(s[i] - '0')
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		sum += v
	}
	check := (10 - sum%10) % 10
	return int(s[9]-'0') == check
}

func FuzzCheckUSNPI(f *testing.F) {
	fuzzCheck(f, checkUSNPI, refUSNPI, []checkCase{{"1234567893", true, ""}, {"+234567893", false, ""}})
}
