package detectors

import (
	"math/rand/v2"
	"testing"
)

// alnumEndRef is alnumEnd one byte at a time.
func alnumEndRef(data []byte, i int) int {
	for i < len(data) && isAlnum(data[i]) {
		i++
	}
	return i
}

// checkAlnumEnd fails t if alnumEnd or alnumEndSWAR differs from the
// reference at any start in data.
func checkAlnumEnd(t *testing.T, data []byte) {
	t.Helper()
	for i := 0; i <= len(data); i++ {
		want := alnumEndRef(data, i)
		if got := alnumEnd(data, i); got != want {
			t.Fatalf("alnumEnd(%q, %d) = %d, want %d", data, i, got, want)
		}
		if got := alnumEndSWAR(data, i); got != want {
			t.Fatalf("alnumEndSWAR(%q, %d) = %d, want %d", data, i, got, want)
		}
	}
}

// TestAlnumEnd: tokens of every length up to a few vector widths, with
// every byte class around the letters and digits (the bytes next to
// 'A'-'Z', 'a'-'z', '0'-'9', their high-bit twins, UTF-8).
func TestAlnumEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	const alnum = "0123456789abcdefxyzABCFXYZ"
	const other = "/:@[`{ -.\x00\x7f\x80\xb0\xc1\xda\xe1\xfa\xff"
	for range 400 {
		var data []byte
		for len(data) < 300 {
			for range r.IntN(200) {
				data = append(data, alnum[r.IntN(len(alnum))])
			}
			data = append(data, other[r.IntN(len(other))])
		}
		checkAlnumEnd(t, data[:r.IntN(len(data)+1)])
	}
}

func FuzzAlnumEnd(f *testing.F) {
	for _, s := range []string{
		"789564c55e1f730f2b84fcef3bb873f76e22a1b0c274b7dc92f86ba874248ee5\x00292472861f3f7cba8e20c984f91b15048d7672a2a70ce21595009aee4b30ed91",
		"f3ea9ce7-4d09-4744-abbd-d1bd0884e952\x00tok_sw8sfrgziensqjk4b2306ooi",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ@",
		"Düsseldorf 1a\xc1\xe1\xfa{`[@/:",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAlnumEnd(t, data)
	})
}
