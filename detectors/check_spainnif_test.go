package detectors

import (
	"strings"
	"testing"
)

func TestCheckSpainNIF(t *testing.T) {
	cases := []checkCase{
		{"A58818501", true, "Telefónica S.A. CIF, the usual worked example of the CIF rule"},
		{"B12345674", true, "worked example: sum 26, control 4"},
		{"P1234567D", true, "P (local corporation) takes the letter: control 4 is D"},
		{"G1234567D", true, "G may take the letter"},
		{"G12345674", true, "G may take the digit"},
		{"B1234567D", false, "B must take a digit"},
		{"P12345674", false, "P must take a letter"},
		{"B00345674", false, "province 00 (non-resident) cannot have a digit"},
		{"B12345675", false, "control changed"},
		{"B12345764", false, "transposition"},
		{"K12345674", false, "K is a personal NIF key"},
		{"B1234567", false, "eight characters"},
		{"b12345674", false, "lowercase"},
	}
	runCheckTable(t, "checkSpainNIF", checkSpainNIF, refSpainNIF, cases)
}

func refSpainNIF(s string) bool {
	if len(s) != 9 || strings.Trim(s[1:8], "0123456789") != "" {
		return false
	}
	a, b := 0, 0
	for i := 1; i <= 7; i++ {
		v := int(s[i] - '0')
		if i%2 == 1 {
			d := 2 * v
			b += d/10 + d%10
		} else {
			a += v
		}
	}
	c := (10 - (a+b)%10) % 10
	asDigit := s[8:] == string(rune('0'+c))
	asLetter := s[8:] == string("JABCDEFGHI"[c])
	nonResident := s[1:3] == "00"
	switch {
	case strings.ContainsRune("NPQRSW", rune(s[0])):
		return asLetter
	case strings.ContainsRune("ABEH", rune(s[0])):
		return asDigit && !nonResident
	case strings.ContainsRune("CDFGJUV", rune(s[0])):
		return asLetter || (asDigit && !nonResident)
	}
	return false
}

func FuzzCheckSpainNIF(f *testing.F) {
	fuzzCheck(f, checkSpainNIF, refSpainNIF, []checkCase{{"A58818501", true, ""}, {"P1234567D", true, ""}})
}
