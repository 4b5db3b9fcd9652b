package detectors

import (
	"strconv"
	"testing"
)

func TestCheckSpainDNI(t *testing.T) {
	cases := []checkCase{
		{"12345678Z", true, "Ministerio del Interior, cálculo del dígito de control: 12345678 mod 23 = 14, Z"},
		{"00000000T", true, "remainder 0 is T"},
		{"12345678A", false, "wrong letter"},
		{"12345687Z", false, "transposition"},
		{"1234567Z", false, "seven digits"},
		{"123456789Z", false, "nine digits"},
		{"12345678z", false, "lowercase letter"},
		{"X2345678Z", false, "letter in the number"},
	}
	runCheckTable(t, "checkSpainDNI", checkSpainDNI, refSpainDNI, cases)
}

func refSpainDNI(s string) bool {
	if len(s) != 9 {
		return false
	}
	n, err := strconv.Atoi(s[:8])
	if err != nil || s[0] == '+' || s[0] == '-' {
		return false
	}
	return s[8:] == string("TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

func FuzzCheckSpainDNI(f *testing.F) {
	fuzzCheck(f, checkSpainDNI, refSpainDNI, []checkCase{{"12345678Z", true, ""}, {"+1234567Z", false, ""}})
}
