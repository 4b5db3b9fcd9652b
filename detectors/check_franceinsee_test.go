package detectors

import (
	"math/big"
	"strings"
	"testing"
)

func TestCheckFranceINSEE(t *testing.T) {
	cases := []checkCase{
		{"295109912611193", true, "Wikipedia (fr), Numéro de sécurité sociale en France: example 2 95 10 99 126 111 93"},
		{"269054958815780", true, "Sécurité sociale (ameli) specimen 2 69 05 49 588 157 80"},
		{"185022A00100126", true, "constructed: Corsica 2A counts as 19 (key 26)"},
		{"185022B00100153", true, "constructed: Corsica 2B counts as 18 (key 53)"},
		{"185021900100126", true, "the same number written with 19: same key"},
		{"1850220A00100126", false, "2A in the wrong place (16 characters)"},
		{"185022C00100126", false, "2C is not a department"},
		{"18502A200100126", false, "A outside the department field"},
		{"295109912611194", false, "key changed"},
		{"295109912611139", false, "transposed key"},
		{"295109921611193", false, "transposition"},
		{"595109912611193", false, "first digit 5"},
		{"29510991261119", false, "14 characters"},
	}
	runCheckTable(t, "checkFranceINSEE", checkFranceINSEE, refFranceINSEE, cases)
}

// refFranceINSEE is python-stdnum's formulation: replace 2A by 19 and 2B by
// 18 in the department field, take the integer mod 97.
func refFranceINSEE(s string) bool {
	if len(s) != 15 || !strings.ContainsRune("123478", rune(s[0])) {
		return false
	}
	body := s[:13]
	switch body[5:7] {
	case "2A":
		body = body[:5] + "19" + body[7:]
	case "2B":
		body = body[:5] + "18" + body[7:]
	}
	if strings.Trim(body, "0123456789") != "" || strings.Trim(s[13:], "0123456789") != "" {
		return false
	}
	n, _ := new(big.Int).SetString(body, 10)
	key := 97 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return s[13:] == big.NewInt(key + 100).String()[1:]
}

func FuzzCheckFranceINSEE(f *testing.F) {
	fuzzCheck(f, checkFranceINSEE, refFranceINSEE, []checkCase{{"295109912611193", true, ""}, {"185022A00100126", true, ""}})
}
