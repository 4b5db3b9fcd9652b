package detectors

import (
	"strings"
	"testing"
)

func TestCheckVIN(t *testing.T) {
	cases := []checkCase{
		{"1M8GDM9AXKP042788", true, "Wikipedia, Vehicle identification number: check digit X example"},
		{"11111111111111111", true, "Wikipedia: the all-ones VIN is self-checking"},
		{"1HGBH41JXMN109186", true, "Honda example VIN widely published with check digit X"},
		{"1M8GDM9A1KP042788", false, "check digit changed"},
		{"1M8GDM9AXKP042789", false, "last digit changed"},
		{"1M8GDM9AXKP047288", false, "transposition"},
		{"1M8GDM9AXKP04278", false, "16 characters"},
		{"1M8GDM9AXKP0427888", false, "18 characters"},
		{"1M8GDM9AXKP04278O", false, "letter O"},
		{"1M8GDM9AXKPI42788", false, "letter I"},
		{"1m8gdm9axkp042788", false, "lowercase"},
	}
	runCheckTable(t, "checkVIN", checkVIN, refVIN, cases)
}

// refVIN is 49 CFR 565.15 written out: the transliteration table as a
// string indexed by character, the weight list, remainder 10 as "X".
func refVIN(s string) bool {
	const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	values := []int{1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9}
	weights := []int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	if len(s) != 17 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		var v int
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		} else if k := strings.IndexByte(letters, c); k >= 0 {
			v = values[k]
		} else {
			return false
		}
		sum += v * weights[i]
	}
	want := "0123456789X"[sum%11]
	return s[8] == want
}

func FuzzCheckVIN(f *testing.F) {
	fuzzCheck(f, checkVIN, refVIN, []checkCase{{"1M8GDM9AXKP042788", true, ""}, {"11111111111111111", true, ""}})
}
