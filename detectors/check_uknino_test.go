package detectors

import (
	"regexp"
	"strings"
	"testing"
)

func TestCheckUKNINO(t *testing.T) {
	cases := []checkCase{
		{"QQ123456C", false, "HMRC's specimen QQ 12 34 56 C: Q is never allocated"},
		{"AB123456C", true, "GOV.UK format example AB 12 34 56 C"},
		{"JG103759A", true, "format: valid prefix, digits, suffix A"},
		{"CE123456D", true, "suffix D"},
		{"AB123456E", false, "suffix E"},
		{"AB123456", false, "no suffix"},
		{"DA123456A", false, "first letter D"},
		{"AF123456A", false, "second letter F"},
		{"AO123456A", false, "second letter O"},
		{"OA123456A", true, "O is allowed first"},
		{"BG123456A", false, "prefix BG never allocated"},
		{"GB123456A", false, "prefix GB never allocated"},
		{"NK123456A", false, "prefix NK"},
		{"KN123456A", false, "prefix KN"},
		{"TN123456A", false, "prefix TN (temporary numbers)"},
		{"NT123456A", false, "prefix NT"},
		{"ZZ123456A", false, "prefix ZZ"},
		{"AB12345CA", false, "letter among the digits"},
		{"ab123456c", false, "lowercase"},
		{"AB1234567C", false, "seven digits"},
	}
	runCheckTable(t, "checkUKNINO", checkUKNINO, refUKNINO, cases)
}

var refUKNINOShape = regexp.MustCompile(`^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$`)

// refUKNINO is NIM39110 as a regular expression (the allowed letters
// spelled out) plus the list of prefixes never used.
func refUKNINO(s string) bool {
	if !refUKNINOShape.MatchString(s) {
		return false
	}
	return !strings.Contains(" BG GB NK KN TN NT ZZ ", " "+s[:2]+" ")
}

func FuzzCheckUKNINO(f *testing.F) {
	fuzzCheck(f, checkUKNINO, refUKNINO, []checkCase{{"AB123456C", true, ""}, {"QQ123456C", false, ""}})
}
