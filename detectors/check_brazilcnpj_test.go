package detectors

import (
	"strings"
	"testing"
)

func TestCheckBrazilCNPJ(t *testing.T) {
	cases := []checkCase{
		{"11222333000181", true, "widely published CNPJ example 11.222.333/0001-81"},
		{"11444777000161", true, "CNPJ worked example 11.444.777/0001-61"},
		{"12ABC34501DE35", true, "Receita Federal / SERPRO alphanumeric example 12.ABC.345/01DE-35"},
		{"11222333000182", false, "second check digit changed"},
		{"11222333000171", false, "first check digit changed"},
		{"11223233000181", false, "transposition"},
		{"00000000000000", false, "repeated digit"},
		{"1122233300018", false, "thirteen characters"},
		{"112223330001810", false, "fifteen characters"},
		{"12abc34501de35", false, "lowercase letters"},
		{"12ABC34501DE3A", false, "letter in a check digit"},
	}
	runCheckTable(t, "checkBrazilCNPJ", checkBrazilCNPJ, refBrazilCNPJ, cases)
}

// refBrazilCNPJ follows the SERPRO description: value = ASCII - 48, weights
// 2..9 from the right restarting after 9, remainder rule as for CPF.
func refBrazilCNPJ(s string) bool {
	if len(s) != 14 || strings.Trim(s[:12], "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" ||
		strings.Trim(s[12:], "0123456789") != "" || strings.Count(s, s[:1]) == 14 {
		return false
	}
	dv := func(body string) string {
		sum, w := 0, 2
		for i := len(body) - 1; i >= 0; i-- {
			sum += (int(body[i]) - 48) * w
			if w++; w > 9 {
				w = 2
			}
		}
		if r := sum % 11; r >= 2 {
			return string(rune('0' + 11 - r))
		}
		return "0"
	}
	d1 := dv(s[:12])
	return s[12:] == d1+dv(s[:12]+d1)
}

func FuzzCheckBrazilCNPJ(f *testing.F) {
	fuzzCheck(f, checkBrazilCNPJ, refBrazilCNPJ, []checkCase{{"11222333000181", true, ""}, {"12ABC34501DE35", true, ""}})
}
