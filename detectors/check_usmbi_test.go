package detectors

import (
	"regexp"
	"strings"
	"testing"
)

func TestCheckUSMBI(t *testing.T) {
	cases := []checkCase{
		{"1EG4TE5MK73", true, "CMS example MBI 1EG4-TE5-MK73"},
		{"9AA0AA0AA00", true, "every position at its bound"},
		{"1E94T95MK73", true, "digits in the AN positions"},
		{"0EG4TE5MK73", false, "first character 0"},
		{"1SG4TE5MK73", false, "excluded letter S"},
		{"1EG4TE5ML73", false, "excluded letter L"},
		{"1EGATE5MK73", false, "letter where a digit is required"},
		{"1EG4T55MK73", true, "AN position 6 as a digit"},
		{"1EG4TE5M173", false, "digit where a letter is required"},
		{"1eg4te5mk73", true, "lowercase: CMS converts it to uppercase"},
		{"1sg4te5mk73", false, "lowercase excluded letter"},
		{"1EG4TE5MK7", false, "ten characters"},
	}
	runCheckTable(t, "checkUSMBI", checkUSMBI, refUSMBI, cases)
}

// refUSMBI is the CMS position table as a regular expression.
var refUSMBIShape = func() *regexp.Regexp {
	a := `[AC-HJKMNP-RT-Y]`
	an := `[AC-HJKMNP-RT-Y0-9]`
	return regexp.MustCompile(`^[1-9]` + a + an + `[0-9]` + a + an + `[0-9]` + a + a + `[0-9][0-9]$`)
}()

func refUSMBI(s string) bool { return refUSMBIShape.MatchString(strings.ToUpper(s)) }

func FuzzCheckUSMBI(f *testing.F) {
	fuzzCheck(f, checkUSMBI, refUSMBI, []checkCase{{"1EG4TE5MK73", true, ""}})
}
