package detectors

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCheckFinlandHETU(t *testing.T) {
	cases := []checkCase{
		{"131052308T", true, "DVV / Wikipedia (fi), Henkilötunnus: 131052-308T, century sign dropped"},
		{"131052A308T", true, "the same number with the 2000s century sign A"},
		{"131052Y308T", true, "the same number with the 2023 reform's 1900s sign Y"},
		{"0101010101", true, "constructed: 010101010 mod 31 = 1"},
		{"290200002C", true, "constructed: 29 February, 290200002 mod 31 = 12 (C)"},
		{"131052308U", false, "check character changed"},
		{"131052G308T", false, "G is not a century sign"},
		{"131025308T", false, "transposition"},
		{"321052308T", false, "day 32"},
		{"131352308T", false, "month 13"},
		{"1310529008", false, "individual number 900"},
		{"1310520018", false, "individual number 001"},
		{"131052308G", false, "G is not a check character"},
		{"131052308", false, "nine characters"},
	}
	runCheckTable(t, "checkFinlandHETU", checkFinlandHETU, refFinlandHETU, cases)
}

// refFinlandHETU follows python-stdnum's fi.hetu: strip the century sign,
// parse the date with the time package, take DDMMYYNNN mod 31.
func refFinlandHETU(s string) bool {
	if len(s) == 11 {
		if !strings.ContainsRune("ABCDEFUVWXY", rune(s[6])) {
			return false
		}
		s = s[:6] + s[7:]
	}
	if len(s) != 10 || strings.Trim(s[:9], "0123456789") != "" {
		return false
	}
	if _, err := time.Parse("020106", s[:4]+"00"); err != nil {
		return false
	}
	if n, _ := strconv.Atoi(s[6:9]); n < 2 || n > 899 {
		return false
	}
	n, _ := strconv.Atoi(s[:9])
	return s[9] == "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31]
}

func FuzzCheckFinlandHETU(f *testing.F) {
	fuzzCheck(f, checkFinlandHETU, refFinlandHETU, []checkCase{{"131052308T", true, ""}, {"131052A308T", true, ""}})
}
