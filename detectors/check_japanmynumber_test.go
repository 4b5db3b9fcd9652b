package detectors

import (
	"strconv"
	"testing"
)

func TestCheckJapanMyNumber(t *testing.T) {
	cases := []checkCase{
		{"123456789018", true, "総務省令第八十五号 第五条 formula on 12345678901: r = 3, check 8"},
		{"983205673214", true, "Qiita, マイナンバーの検査用数字の確認方法 (総務省令第八十五号 formula): 983205673214"},
		{"983205673210", false, "the same article's negative 983205673210"},
		{"000000000000", true, "all zeros: r = 0 gives 0"},
		{"123456789019", false, "check changed"},
		{"123456798018", false, "transposition"},
		{"12345678901", false, "eleven digits"},
		{"1234567890180", false, "thirteen digits"},
		{"12345678901A", false, "letter"},
	}
	runCheckTable(t, "checkJapanMyNumber", checkJapanMyNumber, refJapanMyNumber, cases)
}

// refJapanMyNumber is the ordinance's text: n counted from the right.
func refJapanMyNumber(s string) bool {
	if len(s) != 12 {
		return false
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return false
	}
	sum := 0
	for n := 1; n <= 11; n++ {
		p := int(s[11-n] - '0')
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += p * q
	}
	r := sum % 11
	want := 11 - r
	if r <= 1 {
		want = 0
	}
	return s[11:] == strconv.Itoa(want)
}

func FuzzCheckJapanMyNumber(f *testing.F) {
	fuzzCheck(f, checkJapanMyNumber, refJapanMyNumber, []checkCase{{"123456789018", true, ""}, {"+23456789018", false, ""}})
}
