package detectors

import (
	"strconv"
	"testing"
	"time"
)

func TestCheckSwedenPersonnummer(t *testing.T) {
	cases := []checkCase{
		{"8112189876", true, "Skatteverket example 811218-9876"},
		{"198112189876", true, "the same with century, 19811218-9876"},
		{"7010632391", true, "Skatteverket coordination-number example 701063-2391"},
		{"0002290005", true, "29 February 2000 with a two-digit year"},
		{"190002290005", false, "29 February 1900 did not exist"},
		{"8112189875", false, "check digit changed"},
		{"8112189786", false, "transposition"},
		{"8113189876", false, "month 13"},
		{"811218987", false, "nine digits"},
		{"19811218987", false, "eleven digits"},
		{"81121898A6", false, "letter"},
	}
	runCheckTable(t, "checkSwedenPersonnummer", checkSwedenPersonnummer, refSwedenPersonnummer, cases)
}

func refSwedenPersonnummer(s string) bool {
	if len(s) != 10 && len(s) != 12 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	tail := s[len(s)-10:]
	day, _ := strconv.Atoi(tail[4:6])
	if day > 60 {
		day -= 60
	}
	ok := func(year string) bool {
		_, err := time.Parse("2006-01-02", year+"-"+tail[2:4]+"-"+strconv.Itoa(100 + day)[1:])
		return err == nil
	}
	if len(s) == 12 {
		y, _ := strconv.Atoi(s[:4])
		if y < 1800 || !ok(s[:4]) {
			return false
		}
	} else if !ok("18"+tail[:2]) && !ok("19"+tail[:2]) && !ok("20"+tail[:2]) {
		return false
	}
	return refLuhn(tail)
}

// refLuhn multiplies by 2 1 2 1 ... from the left (ten digits) and adds
// digit sums, the way Skatteverket explains the control digit.
func refLuhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		p := int(s[i]-'0') * (2 - (len(s)-i)%2)
		sum += p/10 + p%10
	}
	return sum%10 == 0
}

func FuzzCheckSwedenPersonnummer(f *testing.F) {
	fuzzCheck(f, checkSwedenPersonnummer, refSwedenPersonnummer, []checkCase{{"8112189876", true, ""}, {"7010632391", true, ""}})
}
