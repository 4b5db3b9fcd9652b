package detectors

import (
	"strings"
	"testing"
	"time"
)

func TestCheckMexicoRFC(t *testing.T) {
	cases := []checkCase{
		{"GODE561231GR8", true, "SAT's RFC example (Emma Gómez Díaz), GODE561231GR8"},
		{"CACX7605101P8", true, "SAT CFDI 4.0 test taxpayer Xochilt Casas Chavez"},
		{"FUNK671228PH6", true, "SAT CFDI 4.0 test taxpayer Karla Fuente Nolasco"},
		{"EKU9003173C9", true, "SAT CFDI 4.0 test company Escuela Kemper Urgate"},
		{"XIA190128J61", true, "SAT CFDI 4.0 test company Xenon Industrial Articles"},
		{"IIA040805DZ4", true, "SAT CFDI 4.0 test company Industrias Innovadoras (ASCII, 12 characters)"},
		{"XEXX010101000", true, "SAT's generic RFC for foreign residents (never reported: an example)"},
		{"XAXX010101000", false, "SAT's generic RFC for the general public fails the check (never reported anyway)"},
		{"GODE561231GR9", false, "check changed"},
		{"GODE561321GR8", false, "transposition into month 13"},
		{"GODE560231GR8", false, "31 February"},
		{"G0DE561231GR8", false, "digit in the name part"},
		{"EKU9003173C", false, "eleven characters"},
		{"1EKU9003173C9", false, "digit before a company's letters"},
	}
	runCheckTable(t, "checkMexicoRFC", checkMexicoRFC, refMexicoRFC, cases)
	if !mexicoIndividualRFC([]byte("GODE561231GR8")) || mexicoIndividualRFC([]byte("EKU9003173C9")) ||
		!mexicoOrganizationRFC([]byte("EKU9003173C9")) || mexicoOrganizationRFC([]byte("GODE561231GR8")) {
		t.Error("person/company split by length is wrong")
	}
}

// refMexicoRFC is python-stdnum's mx.rfc: the alphabet lookup with a
// leading space for companies, weights 13..2, check "0987654321A"-style
// mapping of 11 - sum%11.
func refMexicoRFC(s string) bool {
	const alphabet = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
	var letters int
	switch len(s) {
	case 13:
		letters = 4
	case 12:
		letters = 3
	default:
		return false
	}
	if strings.Trim(s[:letters], "ABCDEFGHIJKLMNOPQRSTUVWXYZ&") != "" || strings.Trim(s[letters:letters+6], "0123456789") != "" {
		return false
	}
	date := s[letters : letters+6]
	if _, err := time.Parse("060102", date); err != nil {
		// time.Parse puts 69-99 in the 1900s and 00-68 in the 2000s;
		// 29 February needs the leap year of either century.
		if date[2:] != "0229" || (int(date[0]-'0')*10+int(date[1]-'0'))%4 != 0 {
			return false
		}
	}
	p := s
	if len(s) == 12 {
		p = " " + s
	}
	sum := 0
	for i := 0; i < 12; i++ {
		v := strings.IndexByte(alphabet, p[i])
		if v < 0 {
			return false
		}
		sum += v * (13 - i)
	}
	check := "0"
	switch r := 11 - sum%11; r {
	case 11:
	case 10:
		check = "A"
	default:
		check = string(rune('0' + r))
	}
	return p[12:] == check
}

func FuzzCheckMexicoRFC(f *testing.F) {
	fuzzCheck(f, checkMexicoRFC, refMexicoRFC, []checkCase{{"GODE561231GR8", true, ""}, {"EKU9003173C9", true, ""}})
}
