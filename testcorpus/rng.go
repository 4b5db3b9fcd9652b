package testcorpus

import (
	"math/bits"
	"math/rand/v2"
)

// rng is a seeded source with its own small helpers: PCG's output is fixed by
// its specification, and deriving ints and choices here (rather than through
// math/rand's helper methods) keeps corpora byte-identical across Go releases.
type rng struct{ pcg rand.PCG }

func newRNG(seed int64, stream uint64) *rng {
	r := &rng{}
	r.pcg.Seed(uint64(seed), stream)
	return r
}

func (r *rng) u64() uint64 { return r.pcg.Uint64() }

// intn returns a uniform int in [0, n); n must be > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// between returns a uniform int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance returns true with probability p.
func (r *rng) chance(p float64) bool {
	return float64(r.u64()>>11)*(1.0/(1<<53)) < p
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// digits appends n random decimal digits.
func (r *rng) digits(b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.intn(10)))
	}
	return b
}

const hexDigits = "0123456789abcdef"

// hex appends n random lower-case hex digits.
func (r *rng) hex(b []byte, n int) []byte {
	var v uint64
	for i := range n {
		if i%16 == 0 {
			v = r.u64()
		}
		b = append(b, hexDigits[v&15])
		v >>= 4
	}
	return b
}

// fromSet appends n characters drawn uniformly from set.
func (r *rng) fromSet(b []byte, set string, n int) []byte {
	for range n {
		b = append(b, set[r.intn(len(set))])
	}
	return b
}

// bytes returns n random bytes.
func (r *rng) bytes(n int) []byte {
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		v := r.u64()
		for j := i; j < n && j < i+8; j++ {
			b[j] = byte(v)
			v >>= 8
		}
	}
	return b
}
