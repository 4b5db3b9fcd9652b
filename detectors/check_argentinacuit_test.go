package detectors

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckArgentinaCUIT(t *testing.T) {
	cases := []checkCase{
		{"33693450239", true, "AFIP's own CUIT, 33-69345023-9, printed on its forms"},
		{"20123456786", true, "constructed: sum 148, 148 mod 11 = 5, check 6"},
		{"27400370147", true, "constructed: type 27, check 7"},
		{"30500010912", true, "constructed: type 30, check 2"},
		{"33693450238", false, "check digit changed"},
		{"33693540239", false, "transposition"},
		{"3369345023", false, "ten digits"},
		{"336934502390", false, "twelve digits"},
		{"2012345678A", false, "letter check"},
	}
	runCheckTable(t, "checkArgentinaCUIT", checkArgentinaCUIT, refArgentinaCUIT, cases)
	for _, c := range []struct {
		in          string
		person, org bool
	}{
		{"20123456786", true, false}, {"27400370147", true, false}, {"33693450239", false, true},
		{"30500010912", false, true}, {"33693450238", false, false},
	} {
		if got := argentinaIndividualCUIT([]byte(c.in)); got != c.person {
			t.Errorf("argentinaIndividualCUIT(%q) = %v", c.in, got)
		}
		if got := argentinaOrganizationCUIT([]byte(c.in)); got != c.org {
			t.Errorf("argentinaOrganizationCUIT(%q) = %v", c.in, got)
		}
	}
}

// refArgentinaCUIT is python-stdnum's ar.cuit.calc_check_digit: weights
// 5432765432, check "012345678990"[11 - sum%11].
func refArgentinaCUIT(s string) bool {
	if len(s) != 11 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	sum := 0
	for i, w := range "5432765432" {
		d, _ := strconv.Atoi(s[i : i+1])
		sum += d * int(w-'0')
	}
	check := "012345678990"[11-sum%11]
	if 11-sum%11 == 10 {
		return false // stdnum maps it to 9; such numbers are not issued
	}
	return s[10] == check
}

func FuzzCheckArgentinaCUIT(f *testing.F) {
	fuzzCheck(f, checkArgentinaCUIT, refArgentinaCUIT, []checkCase{{"33693450239", true, ""}, {"20123456786", true, ""}})
}
