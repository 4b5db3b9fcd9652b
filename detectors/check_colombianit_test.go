package detectors

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckColombiaNIT(t *testing.T) {
	cases := []checkCase{
		{"8001972684", true, "the DIAN's own NIT, 800.197.268-4"},
		{"8600343137", true, "constructed: base 860034313, DV 7"},
		{"10203040508", true, "constructed: ten-digit cédula 1020304050, DV 8"},
		{"791234560", true, "constructed: eight-digit cédula 79123456, DV 0"},
		{"8001972685", false, "DV changed"},
		{"8001927684", false, "transposition"},
		{"0000000000", false, "all zeros"},
		{"123456", false, "too short"},
		{"80019726841234567", false, "too long"},
	}
	runCheckTable(t, "checkColombiaNIT", checkColombiaNIT, refColombiaNIT, cases)
	for _, c := range []struct {
		in          string
		person, org bool
	}{
		{"8001972684", false, true}, {"10203040508", true, false}, {"791234560", true, false},
		{"20203040507", false, false}, {"8001972685", false, false},
	} {
		if got := colombiaIndividualNIT([]byte(c.in)); got != c.person {
			t.Errorf("colombiaIndividualNIT(%q) = %v", c.in, got)
		}
		if got := colombiaOrganizationNIT([]byte(c.in)); got != c.org {
			t.Errorf("colombiaOrganizationNIT(%q) = %v", c.in, got)
		}
	}
}

// refColombiaNIT is python-stdnum's co.nit: weights read from the left of
// the zero-padded 15-digit base, DV "01987654321"[sum % 11].
func refColombiaNIT(s string) bool {
	if len(s) < 7 || len(s) > 16 || strings.Trim(s, "0123456789") != "" || strings.Trim(s[:len(s)-1], "0") == "" {
		return false
	}
	base := strings.Repeat("0", 15-(len(s)-1)) + s[:len(s)-1]
	weights := []int{71, 67, 59, 53, 47, 43, 41, 37, 29, 23, 19, 17, 13, 7, 3}
	sum := 0
	for i, w := range weights {
		d, _ := strconv.Atoi(base[i : i+1])
		sum += d * w
	}
	return s[len(s)-1] == "01987654321"[sum%11]
}

func FuzzCheckColombiaNIT(f *testing.F) {
	fuzzCheck(f, checkColombiaNIT, refColombiaNIT, []checkCase{{"8001972684", true, ""}, {"10203040508", true, ""}})
}
