package detectors

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestCheckItalyCodiceFiscale(t *testing.T) {
	cases := []checkCase{
		{"RSSMRA85T10A562S", true, "Wikipedia (it), Codice fiscale: Mario Rossi, 10/12/1985, Bagnacavallo"},
		{"RSSMRA85T10A56NH", true, "the same with the last digit replaced by N (omocodia), check recomputed"},
		{"MRTMTT25D09F205Z", true, "Agenzia delle Entrate specimen (Matteo Moretti, Milano)"},
		{"RSSMRA85T10A562T", false, "check letter changed"},
		{"RSSMRA85T10A526S", false, "transposition"},
		{"RSSMRA85T10A562", false, "15 characters"},
		{"RSSMRA85F10A562S", false, "F is not a month letter"},
		{"RSSMRA85T32A562S", false, "day 32"},
		{"RSSMRA85T00A562S", false, "day 00"},
		{"RSSMRA85B30A562S", false, "30 February"},
		{"RSSMRA85T1OA562S", false, "O is not an omocodia letter"},
		{"RSSMR485T10A562S", false, "digit in the name"},
		{"rssmra85t10a562s", false, "lowercase"},
	}
	runCheckTable(t, "checkItalyCodiceFiscale", checkItalyCodiceFiscale, refItalyCodiceFiscale, cases)
}

var refCFShape = regexp.MustCompile(`^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$`)

// refItalyCodiceFiscale follows the Agenzia's description literally: undo
// omocodia, check the day against the month, then sum the odd-place values
// from the published table (as a map of characters) and the even-place
// values.
func refItalyCodiceFiscale(s string) bool {
	if !refCFShape.MatchString(s) {
		return false
	}
	plain := []byte(s)
	for _, i := range []int{6, 7, 9, 10, 12, 13, 14} {
		if k := strings.IndexByte("LMNPQRSTUV", plain[i]); k >= 0 {
			plain[i] = byte('0' + k)
		}
	}
	day, _ := strconv.Atoi(string(plain[9:11]))
	if day > 40 {
		day -= 40
	}
	maxDay := map[byte]int{'A': 31, 'B': 29, 'C': 31, 'D': 30, 'E': 31, 'H': 30, 'L': 31, 'M': 31, 'P': 30, 'R': 31, 'S': 30, 'T': 31}[s[8]]
	if day < 1 || day > maxDay {
		return false
	}
	odd := map[byte]int{
		'0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
		'A': 1, 'B': 0, 'C': 5, 'D': 7, 'E': 9, 'F': 13, 'G': 15, 'H': 17, 'I': 19, 'J': 21,
		'K': 2, 'L': 4, 'M': 18, 'N': 20, 'O': 11, 'P': 3, 'Q': 6, 'R': 8, 'S': 12, 'T': 14,
		'U': 16, 'V': 10, 'W': 22, 'X': 25, 'Y': 24, 'Z': 23,
	}
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		if (i+1)%2 == 1 {
			sum += odd[c]
		} else if c >= '0' && c <= '9' {
			sum += int(c - '0')
		} else {
			sum += int(c - 'A')
		}
	}
	return s[15] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[sum%26]
}

func FuzzCheckItalyCodiceFiscale(f *testing.F) {
	fuzzCheck(f, checkItalyCodiceFiscale, refItalyCodiceFiscale, []checkCase{{"RSSMRA85T10A562S", true, ""}, {"RSSMRA85T10A56NH", true, ""}})
}
