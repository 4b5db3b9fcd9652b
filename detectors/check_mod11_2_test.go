package detectors

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCheckMod11_2(t *testing.T) {
	cases := []checkCase{
		{"11010519491231002X", true, "Wikipedia, Resident Identity Card: example 11010519491231002X"},
		{"440524188001010014", true, "Wikipedia, Resident Identity Card: example 440524188001010014"},
		{"11010519491231002x", false, "lowercase x"},
		{"110105194912310021", false, "check changed"},
		{"11010519491213002X", false, "transposition in the date"},
		{"11010519490231002X", false, "31 February"},
		{"11010517491231002X", false, "year 1749"},
		{"91010519491231002X", false, "region starting with 9"},
		{"11010519491231002", false, "17 characters"},
		{"1101051949123100X2", false, "X not last"},
	}
	runCheckTable(t, "checkMod11_2", checkMod11_2, refMod11_2, cases)
}

// refMod11_2 computes the ISO 7064 MOD 11-2 check with the recursive
// (Horner) method of the standard: p = (p + digit) * 2 mod 11, check value
// (12 - p) mod 11, 10 written X.
func refMod11_2(s string) bool {
	if len(s) != 18 || strings.Trim(s[:17], "0123456789") != "" || s[0] < '1' || s[0] > '8' {
		return false
	}
	y, _ := strconv.Atoi(s[6:10])
	if _, err := time.Parse("20060102", s[6:14]); err != nil || y < 1850 || y > 2099 {
		return false
	}
	p := 0
	for i := 0; i < 17; i++ {
		p = (p + int(s[i]-'0')) * 2 % 11
	}
	c := (12 - p) % 11
	want := strconv.Itoa(c)
	if c == 10 {
		want = "X"
	}
	return s[17:] == want
}

func FuzzCheckMod11_2(f *testing.F) {
	fuzzCheck(f, checkMod11_2, refMod11_2, []checkCase{{"11010519491231002X", true, ""}})
}
