package detectors

import (
	"strconv"
	"testing"
)

func TestCheckCanadaSIN(t *testing.T) {
	cases := []checkCase{
		{"130692544", true, "fictitious SIN 130 692 544 in the Service Canada validation guide"},
		{"046454286", false, "Wikipedia's fictitious SIN 046 454 286: Luhn-valid but first digit 0"},
		{"830692544", false, "first digit 8"},
		{"130692545", false, "check digit changed"},
		{"130695244", false, "transposition"},
		{"13069254", false, "eight digits"},
		{"1306925440", false, "ten digits"},
		{"13069254a", false, "letter"},
	}
	runCheckTable(t, "checkCanadaSIN", checkCanadaSIN, refCanadaSIN, cases)
}

// refCanadaSIN multiplies by 121 212 121 as the Service Canada guide does.
func refCanadaSIN(s string) bool {
	if len(s) != 9 || s[0] == '0' || s[0] == '8' {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		p := int(s[i]-'0') * (1 + i%2)
		sum += p/10 + p%10
	}
	return sum%10 == 0
}

func FuzzCheckCanadaSIN(f *testing.F) {
	fuzzCheck(f, checkCanadaSIN, refCanadaSIN, []checkCase{{"130692544", true, ""}, {"046454286", false, ""}})
}
