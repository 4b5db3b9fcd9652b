package detectors

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckSpainNIE(t *testing.T) {
	cases := []checkCase{
		{"X1234567L", true, "Ministerio del Interior NIE rule: X=0, 01234567 mod 23 = 19, L"},
		{"Y1234567X", true, "Y=1: 11234567 mod 23 = 10, X"},
		{"Z1234567R", true, "Z=2: 21234567 mod 23 = 1, R"},
		{"X1234567M", false, "wrong letter"},
		{"X1234576L", false, "transposition"},
		{"W1234567L", false, "W is not an NIE prefix"},
		{"X123456L", false, "six digits"},
		{"X12345678L", false, "eight digits"},
	}
	runCheckTable(t, "checkSpainNIE", checkSpainNIE, refSpainNIE, cases)
}

func refSpainNIE(s string) bool {
	if len(s) != 9 {
		return false
	}
	k := strings.IndexByte("XYZ", s[0])
	if k < 0 || strings.Trim(s[1:8], "0123456789") != "" {
		return false
	}
	n, _ := strconv.Atoi(strconv.Itoa(k) + s[1:8])
	return s[8:] == string("TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

func FuzzCheckSpainNIE(f *testing.F) {
	fuzzCheck(f, checkSpainNIE, refSpainNIE, []checkCase{{"X1234567L", true, ""}})
}
