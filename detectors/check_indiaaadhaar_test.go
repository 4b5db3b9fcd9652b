package detectors

import "testing"

func TestCheckIndiaAadhaar(t *testing.T) {
	cases := []checkCase{
		{"234123412346", true, "python-stdnum in.aadhaar documentation example 2341 2341 2346"},
		{"234123412347", false, "check digit changed"},
		{"234123412364", false, "transposition"},
		{"123412341234", false, "first digit 1"},
		{"034123412346", false, "first digit 0"},
		{"23412341234", false, "eleven digits"},
		{"2341234123460", false, "thirteen digits"},
	}
	runCheckTable(t, "checkIndiaAadhaar", checkIndiaAadhaar, refIndiaAadhaar, cases)
}

func refIndiaAadhaar(s string) bool {
	return len(s) == 12 && s[0] >= '2' && s[0] <= '9' && refVerhoeff(s)
}

func FuzzCheckIndiaAadhaar(f *testing.F) {
	fuzzCheck(f, checkIndiaAadhaar, refIndiaAadhaar, []checkCase{{"234123412346", true, ""}})
}
