package detectors

import (
	"testing"
)

// checkCase is one row of a validator's table test. src says where a
// positive vector was published, or what a negative one breaks.
type checkCase struct {
	in   string
	want bool
	src  string
}

// checkAlphabet is every byte a caller can hand a validator after
// separators are removed, plus a few it must refuse.
const checkAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz &-/\x00\xff"

// runCheckTable runs the table against the validator and the reference,
// cross-checks both on every one-character change and adjacent
// transposition of each row (the errors a check digit exists to catch),
// and asserts the validator does not allocate.
func runCheckTable(t *testing.T, name string, fn func([]byte) bool, ref func(string) bool, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		if got := fn([]byte(c.in)); got != c.want {
			t.Errorf("%s(%q) = %v, want %v (%s)", name, c.in, got, c.want, c.src)
		}
		if got := ref(c.in); got != c.want {
			t.Errorf("reference %s(%q) = %v, want %v (%s)", name, c.in, got, c.want, c.src)
		}
		checkNeighbours(t, name, fn, ref, c.in)
	}
	for _, c := range cases {
		b := []byte(c.in)
		if n := testing.AllocsPerRun(20, func() { fn(b) }); n != 0 {
			t.Errorf("%s(%q) allocates %v times per call", name, c.in, n)
		}
	}
}

// checkNeighbours compares fn and ref on every single substitution (from
// checkAlphabet), adjacent transposition, deletion and duplication of s.
func checkNeighbours(t *testing.T, name string, fn func([]byte) bool, ref func(string) bool, s string) {
	t.Helper()
	b := []byte(s)
	agree := func(v []byte) {
		if got, want := fn(v), ref(string(v)); got != want {
			t.Errorf("%s(%q) = %v, reference says %v", name, v, got, want)
		}
	}
	for i := range b {
		for j := 0; j < len(checkAlphabet); j++ {
			v := append([]byte(nil), b...)
			v[i] = checkAlphabet[j]
			agree(v)
		}
		if i+1 < len(b) {
			v := append([]byte(nil), b...)
			v[i], v[i+1] = v[i+1], v[i]
			agree(v)
		}
		agree(append(append([]byte(nil), b[:i]...), b[i+1:]...))
		agree(append(append([]byte(nil), b[:i+1]...), b[i:]...))
	}
}

// fuzzCheck seeds f with the table's inputs and asserts on every input that
// the validator neither panics nor disagrees with the reference.
func fuzzCheck(f *testing.F, fn func([]byte) bool, ref func(string) bool, seeds []checkCase) {
	for _, c := range seeds {
		f.Add([]byte(c.in))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		s := string(b)
		if got, want := fn(b), ref(s); got != want {
			t.Fatalf("validator(%q) = %v, reference says %v", s, got, want)
		}
	})
}
