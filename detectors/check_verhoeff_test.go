package detectors

import "testing"

func TestCheckVerhoeff(t *testing.T) {
	cases := []checkCase{
		{"2363", true, "Wikipedia, Verhoeff algorithm: 236 has check digit 3"},
		{"12340", true, "Wikipedia / Rosetta Code: 1234 has check digit 0"},
		{"2364", false, "check digit changed"},
		{"3263", false, "transposition"},
		{"0", false, "one digit"},
		{"", false, "empty"},
		{"23a3", false, "letter"},
	}
	runCheckTable(t, "checkVerhoeff", checkVerhoeff, refVerhoeff, cases)
}

// refVerhoeffMul multiplies in D5 written algebraically: 0-4 are the
// rotations r^k, 5-9 the reflections s r^(k-5).
func refVerhoeffMul(j, k int) int {
	switch {
	case j < 5 && k < 5:
		return (j + k) % 5
	case j < 5:
		return 5 + (k-5+j)%5
	case k < 5:
		return 5 + ((j-5-k)%5+5)%5
	default:
		return ((j-k)%5 + 5) % 5
	}
}

// refVerhoeffPerm applies the cycle structure Verhoeff gives, n times.
func refVerhoeffPerm(n, v int) int {
	next := map[int]int{0: 1, 1: 5, 5: 8, 8: 9, 9: 4, 4: 2, 2: 7, 7: 0, 3: 6, 6: 3}
	for ; n > 0; n-- {
		v = next[v]
	}
	return v
}

func refVerhoeff(s string) bool {
	if len(s) < 2 {
		return false
	}
	c := 0
	for i := 0; i < len(s); i++ {
		ch := s[len(s)-1-i]
		if ch < '0' || ch > '9' {
			return false
		}
		c = refVerhoeffMul(c, refVerhoeffPerm(i%8, int(ch-'0')))
	}
	return c == 0
}

func FuzzCheckVerhoeff(f *testing.F) {
	fuzzCheck(f, checkVerhoeff, refVerhoeff, []checkCase{{"2363", true, ""}, {"234123412346", true, ""}})
}
