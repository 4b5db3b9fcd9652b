package detectors

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckSpainTIN(t *testing.T) {
	cases := []checkCase{
		{"12345678Z", true, "the textbook DNI example 12345678Z (DNI form)"},
		{"00000023T", true, "constructed: 23 mod 23 = 0, T"},
		{"K1234567L", true, "constructed: K form, 1234567 mod 23 = 19, L"},
		{"L7654321J", true, "constructed: L form, 7654321 mod 23 = 13, J"},
		{"M0000001R", true, "constructed: M form, 1 mod 23 = 1, R"},
		{"12345678A", false, "letter changed"},
		{"K1234567M", false, "K form, letter changed"},
		{"X1234567L", false, "NIE form: SPAIN_NIE_NUMBER's"},
		{"A58818501", false, "a company's CIF"},
		{"1234567Z", false, "seven digits"},
	}
	runCheckTable(t, "checkSpainTIN", checkSpainTIN, refSpainTIN, cases)
}

// refSpainTIN is python-stdnum's es.nif for natural persons: strip a
// leading K, L or M, then the DNI rule on what is left.
func refSpainTIN(s string) bool {
	if len(s) != 9 {
		return false
	}
	num := s[:8]
	if strings.ContainsRune("KLM", rune(s[0])) {
		num = s[1:8]
	}
	if strings.Trim(num, "0123456789") != "" {
		return false
	}
	n, _ := strconv.Atoi(num)
	return s[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[n%23]
}

func FuzzCheckSpainTIN(f *testing.F) {
	fuzzCheck(f, checkSpainTIN, refSpainTIN, []checkCase{{"12345678Z", true, ""}, {"K1234567L", true, ""}})
}
