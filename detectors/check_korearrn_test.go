package detectors

import (
	"strconv"
	"testing"
	"time"
)

func TestCheckKoreaRRN(t *testing.T) {
	cases := []checkCase{
		{"9710139019902", true, "python-stdnum kr.rrn documentation example 971013-9019902"},
		{"8508031056741", true, "850803-105674x: sum 176 = 16 x 11; dukgun.com RRN rule (11 - r, 10 written 0, 11 written 1) gives 1"},
		{"8508031056740", false, "the same with 0: one Korean blog computes 0 here, the (11 - r) mod 10 rule gives 1"},
		{"9710139019903", false, "check digit changed"},
		{"9710139091902", false, "transposition"},
		{"8502301056741", false, "30 February"},
		{"2101013123456", true, "born 2021: random post-2020 number, no checksum"},
		{"2008313123451", false, "born 31 August 2020: checksum required, fails"},
		{"8508035056741", true, "foreign resident: format and date only"},
		{"850803105674", false, "twelve digits"},
		{"85080310567400", false, "fourteen digits"},
		{"850803105674A", false, "letter"},
	}
	runCheckTable(t, "checkKoreaRRN", checkKoreaRRN, refKoreaRRN, cases)
}

func refKoreaRRN(s string) bool {
	if len(s) != 13 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	century := map[byte]string{'1': "19", '2': "19", '5': "19", '6': "19", '3': "20", '4': "20", '7': "20", '8': "20", '9': "18", '0': "18"}[s[6]]
	born, err := time.Parse("20060102", century+s[:6])
	if err != nil {
		return false
	}
	if s[6] >= '5' && s[6] <= '8' || !born.Before(time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC)) {
		return true
	}
	w := []int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5}
	sum := 0
	for i, x := range w {
		sum += int(s[i]-'0') * x
	}
	check := 11 - sum%11
	if check >= 10 {
		check -= 10
	}
	return int(s[12]-'0') == check
}

func FuzzCheckKoreaRRN(f *testing.F) {
	fuzzCheck(f, checkKoreaRRN, refKoreaRRN, []checkCase{{"9710139019902", true, ""}, {"2101013123456", true, ""}})
}
