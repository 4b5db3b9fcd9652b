package detectors

import (
	"fmt"
	"strconv"
	"testing"
	"time"
)

func TestCheckPolandPESEL(t *testing.T) {
	cases := []checkCase{
		{"44051401359", true, "Wikipedia (pl), PESEL: example 44051401359 (14 May 1944)"},
		{"02271409867", true, "born 14 July 2002: month 27"},
		{"44051401358", false, "check digit changed"},
		{"44051410359", false, "transposition"},
		{"44053201355", false, "day 32"},
		{"00022900003", false, "29 February 1900 (month 02: 1900s)"},
		{"00222900009", true, "29 February 2000 (month 22: 2000s)"},
		{"4405140135", false, "ten digits"},
		{"4405140135A", false, "letter"},
	}
	runCheckTable(t, "checkPolandPESEL", checkPolandPESEL, refPolandPESEL, cases)
}

func refPolandPESEL(s string) bool {
	if len(s) != 11 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	yy, _ := strconv.Atoi(s[0:2])
	mm, _ := strconv.Atoi(s[2:4])
	dd, _ := strconv.Atoi(s[4:6])
	base := map[int]int{0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800}[mm/20]
	date := fmt.Sprintf("%04d-%02d-%02d", base+yy, mm%20, dd)
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return false
	}
	w := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1}
	sum := 0
	for i := range w {
		sum += int(s[i]-'0') * w[i]
	}
	return sum%10 == 0
}

func FuzzCheckPolandPESEL(f *testing.F) {
	fuzzCheck(f, checkPolandPESEL, refPolandPESEL, []checkCase{{"44051401359", true, ""}, {"02271409867", true, ""}})
}
