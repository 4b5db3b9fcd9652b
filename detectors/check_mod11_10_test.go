package detectors

import (
	"strings"
	"testing"
)

func TestCheckMod11_10(t *testing.T) {
	cases := []checkCase{
		{"12345678995", true, "kryptografie.de Steuer-ID example 12345678995 (9 twice, check 5)"},
		{"86095742719", true, "BZSt / ELSTER test IdNr 86095742719"},
		{"65929970489", true, "ELSTER test IdNr 65929970489 (9 three times, not adjacent)"},
		{"12345678994", false, "check digit changed"},
		{"12345687995", false, "transposition"},
		{"02345678991", false, "first digit 0"},
		{"12345678905", false, "no digit repeated"},
		{"11234567891", false, "two digits repeated"},
		{"11123456781", false, "a digit three times in a row"},
		{"11114567891", false, "a digit four times"},
		{"1234567899", false, "ten digits"},
		{"1234567899A", false, "letter"},
	}
	runCheckTable(t, "checkMod11_10", checkMod11_10, refMod11_10, cases)
}

// refMod11_10 spells out the pseudo-code of BGBl. I 1993 S. 736 (Anlage 3
// ZMDV) and counts digits with strings.Count.
func refMod11_10(s string) bool {
	if len(s) != 11 || s[0] == '0' || strings.Trim(s, "0123456789") != "" {
		return false
	}
	var multi []string
	for _, d := range strings.Split("0123456789", "") {
		switch n := strings.Count(s[:10], d); {
		case n == 2 || n == 3:
			multi = append(multi, d)
			if n == 3 && strings.Contains(s[:10], d+d+d) {
				return false
			}
		case n > 3:
			return false
		}
	}
	if len(multi) != 1 {
		return false
	}
	produkt := 10
	for j := 0; j < 10; j++ {
		summe := (int(s[j]-'0') + produkt) % 10
		if summe == 0 {
			summe = 10
		}
		produkt = (2 * summe) % 11
	}
	pz := 11 - produkt
	if pz == 10 {
		pz = 0
	}
	return int(s[10]-'0') == pz
}

func FuzzCheckMod11_10(f *testing.F) {
	fuzzCheck(f, checkMod11_10, refMod11_10, []checkCase{{"12345678995", true, ""}, {"65929970489", true, ""}})
}
