//go:build goexperiment.simd && amd64

package detectors

import (
	"math/rand/v2"
	"simd/archsimd"
	"slices"
	"testing"
)

// TestKwStartBlocksDense: the AVX-512 keyword loop finds what kwRef finds
// whether a batch's blocks are tested with a branch on their starts or
// without (kwStartBlocks's dense, from the batch before): buffers that
// change between stretches of digits (no starts), hex digests (a start
// every other block) and prose with keywords (starts in every block),
// each stretch a batch or so long, both ways of listing starts.
func TestKwStartBlocksDense(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512")
	}
	x := mustCompile(t, Options{}).kwIdx
	r := rand.New(rand.NewPCG(41, 42))
	stretch := func(b []byte, n int) []byte {
		kind := r.IntN(3)
		for end := len(b) + n; len(b) < end; {
			switch kind {
			case 0:
				b = append(b, "2024-01-15T12:30:45Z\x001484.68\x00"[r.IntN(10):]...)
			case 1:
				for range 40 + r.IntN(30) {
					b = append(b, "0123456789abcdef"[r.IntN(16)])
				}
				b = append(b, 0)
			default:
				words := []string{"passport ", "account number ", "ssn ", "the ", "courier ", "printed ", "Finance ", "x", "1 ", "é "}
				b = append(b, words[r.IntN(len(words))]...)
			}
		}
		return b
	}
	defer func(v bool) { hasVBMI2 = v }(hasVBMI2)
	for _, vbmi2 := range []bool{true, false} {
		hasVBMI2 = vbmi2 && hasVBMI && archsimd.X86.AVX512VBMI2()
		for range 100 {
			var b []byte
			for range 1 + r.IntN(8) {
				b = stretch(b, kwBatch*64/2+r.IntN(3*kwBatch*64))
			}
			if got, want := kwFast(x, b), kwRef(x, b); !slices.Equal(got, want) {
				t.Fatalf("VBMI2 %v, %d bytes: scan found %d, reference %d", hasVBMI2, len(b), len(got), len(want))
			}
		}
	}
}
