package detectors

import (
	"regexp"
	"testing"
	"time"
)

func TestCheckMexicoCURP(t *testing.T) {
	cases := []checkCase{
		{"HEGG560427MVZRRL04", true, "RENAPO's specimen CURP (Gloria Hernández García), used in the Instructivo Normativo"},
		{"HEGG560427MVZRRL05", false, "check digit changed"},
		{"HEGG560427MVZRLR04", false, "transposition in the consonants"},
		{"HEGG560427MXXRRL04", false, "unknown state XX"},
		{"HEGG560427FVZRRL04", false, "sex F"},
		{"HEGG560427XVZRRL08", true, "constructed: sex X (non-binary CURPs issued since 2023, Proceso 2023-02-23), check recomputed"},
		{"HBGG560427MVZRRL04", false, "second letter not a vowel"},
		{"HEGG560230MVZRRL04", false, "30 February"},
		{"HEGG561327MVZRRL04", false, "month 13"},
		{"HEGG560427MVZRAL04", false, "vowel among the consonants"},
		{"HEGG560427MVZRRL0", false, "17 characters"},
		{"hegg560427mvzrrl04", false, "lowercase"},
		{"HEGG560427MVZRRL0A", false, "letter as check digit"},
	}
	runCheckTable(t, "checkMexicoCURP", checkMexicoCURP, refMexicoCURP, cases)
}

// refMexicoCURPShape is the format regular expression most Mexican
// validators publish (es.stackoverflow.com, "Cómo validar una CURP de
// México"), with the NE state code of born-abroad persons and the X sex
// code added.
var refMexicoCURPShape = regexp.MustCompile(`^[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX](?:AS|B[CS]|C[CLMSH]|D[FG]|G[TR]|HG|JC|M[CNS]|N[ETL]|OC|PL|Q[TR]|S[PLR]|T[CSL]|VZ|YN|ZS)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$`)

func refMexicoCURP(s string) bool {
	if !refMexicoCURPShape.MatchString(s) {
		return false
	}
	year := "19" + s[4:6]
	if s[16] >= 'A' {
		year = "20" + s[4:6]
	}
	if _, err := time.Parse("20060102", year+s[6:10]); err != nil {
		return false
	}
	const dict = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
	runes := []rune(dict)
	sum := 0
	for i := 0; i < 17; i++ {
		// Index in runes, not bytes: Ñ is one character of the alphabet.
		idx := -1
		for k, r := range runes {
			if r == rune(s[i]) {
				idx = k
			}
		}
		sum += idx * (18 - i)
	}
	d := 10 - sum%10
	if d == 10 {
		d = 0
	}
	return int(s[17]-'0') == d
}

func FuzzCheckMexicoCURP(f *testing.F) {
	fuzzCheck(f, checkMexicoCURP, refMexicoCURP, []checkCase{{"HEGG560427MVZRRL04", true, ""}, {"HEGG560427MVZRRL0X", false, ""}})
}
