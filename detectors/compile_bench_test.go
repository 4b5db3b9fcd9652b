package detectors

import (
	"fmt"
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
		var want []uint8
		for i, w := range ks.words {
			if int(w[0]) == c || (isUpper(byte(c)) && int(w[0]) == c-'A'+'a') {
				want = append(want, uint8(i))
			}
		}
		if got := ks.first[ks.firstOff[c]:ks.firstOff[c+1]]; !slices.Equal(got, want) {
			t.Errorf("byte %q: words %v, want %v", rune(c), got, want)
		}
	}
}

// TestKwSetLimit: the largest keyword sets a custom identifier may have
// (50 keywords, each indexed under both cases of its first letter) fit a
// kwSet's byte offsets, and a set too large for them is an error.
func TestKwSetLimit(t *testing.T) {
	var words []string
	for i := range maxKeywords {
		words = append(words, fmt.Sprintf("k%d", i))
	}
	ks, err := newKwSet(words)
	if err != nil {
		t.Fatalf("%d keywords: %v", maxKeywords, err)
	}
	for i, w := range words {
		c := int(w[0] - 'a' + 'A')
		if got := ks.first[ks.firstOff[c]:ks.firstOff[c+1]]; len(got) != maxKeywords || int(got[i]) != i {
			t.Fatalf("byte %q: words %v", rune(c), got)
		}
	}
	for i := maxKeywords; i < 128; i++ {
		words = append(words, fmt.Sprintf("k%d", i))
	}
	if _, err := newKwSet(words); err == nil {
		t.Fatalf("%d keywords starting with a letter: no error", len(words))
	}
}
