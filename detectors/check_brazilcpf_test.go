package detectors

import (
	"strings"
	"testing"
)

func TestCheckBrazilCPF(t *testing.T) {
	cases := []checkCase{
		{"52998224725", true, "widely published CPF example 529.982.247-25"},
		{"11144477735", true, "CPF worked example 111.444.777-35 (Macoratti, Receita Federal rule)"},
		{"52998224726", false, "second check digit changed"},
		{"52998224715", false, "first check digit changed"},
		{"52989224725", false, "transposition"},
		{"11111111111", false, "repeated digit: passes the arithmetic, never issued"},
		{"00000000000", false, "zeros"},
		{"5299822472", false, "ten digits"},
		{"529982247250", false, "twelve digits"},
		{"5299822472X", false, "letter"},
	}
	runCheckTable(t, "checkBrazilCPF", checkBrazilCPF, refBrazilCPF, cases)
}

// refBrazilCPF computes each check digit from the string as the Receita
// describes it, and compares the result as text.
func refBrazilCPF(s string) bool {
	if len(s) != 11 || strings.Trim(s, "0123456789") != "" || strings.Count(s, s[:1]) == 11 {
		return false
	}
	dv := func(body string) string {
		sum := 0
		for i := 0; i < len(body); i++ {
			sum += int(body[i]-'0') * (len(body) + 1 - i)
		}
		r := sum % 11
		if r < 2 {
			return "0"
		}
		return string(rune('0' + 11 - r))
	}
	d1 := dv(s[:9])
	d2 := dv(s[:9] + d1)
	return s[9:] == d1+d2
}

func FuzzCheckBrazilCPF(f *testing.F) {
	fuzzCheck(f, checkBrazilCPF, refBrazilCPF, []checkCase{{"52998224725", true, ""}, {"11111111111", false, ""}})
}
