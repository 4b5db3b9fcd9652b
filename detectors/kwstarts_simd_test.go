//go:build goexperiment.simd && amd64

package detectors

import (
	"math/rand/v2"
	"simd/archsimd"
	"slices"
	"testing"
)

// TestKwStartListAgrees: the AVX-512 keyword loop finds what kwRef finds
// both ways it tests word starts, listed per batch (VBMI2) and block by
// block, on the catalogue's keywords in prose, buffers long enough for
// several batches.
func TestKwStartListAgrees(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512")
	}
	x := mustCompile(t, Options{}).kwIdx
	parts := []string{"printed", "pr", "no", "No", "password", "pass", "nr", "account", "Account", "manager", "number",
		"acc", "details", "billing", "code", "Finance", "fin", "passport", "ssn", "SSN", "team", "part", "1", "42", "x",
		" ", "  ", "_", "-", ".", "\n", "\x00", ":", "é", "a", "B", "The courier printed the subscription for 2383.01 JPY. "}
	defer func(v bool) { hasVBMI2 = v }(hasVBMI2)
	for _, vbmi2 := range []bool{true, false} {
		hasVBMI2 = vbmi2 && hasVBMI && archsimd.X86.AVX512VBMI2()
		r := rand.New(rand.NewPCG(21, 22))
		for range 200 {
			var b []byte
			for range r.IntN(600) {
				b = append(b, parts[r.IntN(len(parts))]...)
			}
			if got, want := kwFast(x, b), kwRef(x, b); !slices.Equal(got, want) {
				t.Fatalf("VBMI2 %v, %q: scan %v, reference %v", hasVBMI2, b, got, want)
			}
		}
	}
}
