//go:build goexperiment.simd && amd64

package sources

import (
	"math/bits"
	"simd/archsimd"
)

// jsonAVX512 selects stringRun's 64-byte loop.
var jsonAVX512 = archsimd.X86.AVX512()

// stringRun returns the index of the first '"', '\\' or '\n' in b, or
// len(b). With AVX-512 it tests 64 bytes with three vector compares,
// reading up to 64 bytes past len(b) where b's capacity holds them (b is
// a view of the read buffer): the bits of those bytes are ignored, and
// most strings are then found by one block, with no loop over the bytes
// and no tail.
func stringRun(b []byte) int {
	if !jsonAVX512 {
		return stringRunSWAR(b)
	}
	q, bs, nl := archsimd.BroadcastUint8x64('"'), archsimd.BroadcastUint8x64('\\'), archsimd.BroadcastUint8x64('\n')
	i := 0
	for cap(b)-i >= 64 {
		v := archsimd.LoadUint8x64((*[64]uint8)(b[i : i+64]))
		if m := v.Equal(q).Or(v.Equal(bs)).Or(v.Equal(nl)).ToBits(); m != 0 {
			return min(i+bits.TrailingZeros64(m), len(b))
		}
		if i += 64; i >= len(b) {
			return len(b)
		}
	}
	return i + stringRunSWAR(b[i:])
}
