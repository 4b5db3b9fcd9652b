package detectors

import (
	"strings"
	"testing"
)

func TestCheckGTIN(t *testing.T) {
	cases := []checkCase{
		{"09506000134352", true, "GS1's example GTIN-14 (GS1 Digital Link standard, https://id.gs1.org/01/09506000134352)"},
		{"00643169007222", true, "FDA UDI example device identifier (01)00643169007222"},
		{"4006381333931", true, "Wikipedia, International Article Number: EAN-13 example 4006381333931"},
		{"96385074", true, "Wikipedia, EAN-8: example 96385074"},
		{"036000291452", true, "Wikipedia, Universal Product Code: UPC-A example 036000291452"},
		{"09506000134353", false, "check digit changed"},
		{"09506000143352", false, "transposition"},
		{"00000000000000", false, "all zeros"},
		{"0950600013435", false, "13 digits of a GTIN-14 (wrong check)"},
		{"095060001343520", false, "15 digits"},
	}
	runCheckTable(t, "checkGTIN", checkGTIN, refGTIN, cases)
}

// refGTIN pads to 18 digits (the SSCC width) and applies the GS1 table:
// weight 3 on odd positions counted from the left of the padded string.
func refGTIN(s string) bool {
	if (len(s) != 8 && len(s) != 12 && len(s) != 13 && len(s) != 14) || strings.Trim(s, "0123456789") != "" || strings.Trim(s, "0") == "" {
		return false
	}
	p := strings.Repeat("0", 18-len(s)) + s
	sum := 0
	for i := 0; i < 17; i++ {
		w := 1
		if i%2 == 0 {
			w = 3
		}
		sum += int(p[i]-'0') * w
	}
	return int(p[17]-'0') == (10-sum%10)%10
}

func FuzzCheckGTIN(f *testing.F) {
	fuzzCheck(f, checkGTIN, refGTIN, []checkCase{{"09506000134352", true, ""}, {"4006381333931", true, ""}})
}
