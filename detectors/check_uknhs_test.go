package detectors

import (
	"strconv"
	"testing"
)

func TestCheckUKNHS(t *testing.T) {
	cases := []checkCase{
		{"9434765919", true, "NHS Data Dictionary / Wikipedia, NHS number: example 943 476 5919"},
		{"4010232137", true, "NHS Digital test number 401 023 2137"},
		{"9434765918", false, "check digit changed"},
		{"9434765991", false, "transposition"},
		{"9434765870", true, "remainder 0 gives check 11, written 0"},
		{"9434765030", false, "remainder 1 gives check 10: never issued"},
		{"9434765031", false, "remainder 1 gives check 10: never issued"},
		{"943476591", false, "nine digits"},
		{"94347659190", false, "eleven digits"},
		{"94347a5919", false, "letter"},
	}
	runCheckTable(t, "checkUKNHS", checkUKNHS, refUKNHS, cases)
}

func refUKNHS(s string) bool {
	if len(s) != 10 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	sum := 0
	for i := 0; i < 9; i++ {
		n, _ := strconv.Atoi(s[i : i+1])
		sum += n * (10 - i)
	}
	switch check := 11 - sum%11; check {
	case 10:
		return false
	case 11:
		return s[9] == '0'
	default:
		return s[9:] == strconv.Itoa(check)
	}
}

func FuzzCheckUKNHS(f *testing.F) {
	fuzzCheck(f, checkUKNHS, refUKNHS, []checkCase{{"9434765919", true, ""}})
}
