package detectors

import (
	"slices"
	"testing"
)

// BenchmarkCompile is the default catalogue's compile, part of every
// scan's start-up (compile, not Compile: that returns the engine it
// compiled once).
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestKwSetFirstTable: the words listed under each first byte are, in
// order, those starting with it or, for an uppercase letter, with its
// lowercase.
func TestKwSetFirstTable(t *testing.T) {
	ks, err := newKwSet([]string{"Passport", "pass no", "Reisepass", "número", "p", "ID", "passport"})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 256 {
		var want []uint16
		for i, w := range ks.words {
			if int(w[0]) == c || (isUpper(byte(c)) && int(w[0]) == c-'A'+'a') {
				want = append(want, uint16(i))
			}
		}
		if got := ks.first[ks.firstOff[c]:ks.firstOff[c+1]]; !slices.Equal(got, want) {
			t.Errorf("byte %q: words %v, want %v", rune(c), got, want)
		}
	}
}
