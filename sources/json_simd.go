//go:build goexperiment.simd && amd64

package sources

import (
	"math/bits"
	"simd/archsimd"
)

// jsonAVX512 selects stringRun's 64-byte loop, and jsonBlockScan the inlined
// block's one-lookup test.
var (
	jsonAVX512    = archsimd.X86.AVX512()
	jsonBlockScan = jsonAVX512 && archsimd.X86.AVX512VBMI()
)

// stringStops is a 64-entry table that VPERMB looks a byte's low six bits
// up in: it holds '"', '\\' and '\n' at their own low six bits (0x22,
// 0x1c, 0x0a, all different) and, elsewhere, a byte whose low six bits
// are not its index, so that a byte equals its entry only if it is one
// of the three.
var stringStops = func() (t [64]uint8) {
	for i := range t {
		t[i] = uint8(i+1) & 63
	}
	for _, c := range []uint8{'"', '\\', '\n'} {
		t[c&63] = c
	}
	return t
}()

// numberBytes is stringStops's table for the bytes of numberByte, whose
// low six bits are all different too.
var numberBytes = func() (t [64]uint8) {
	for i := range t {
		t[i] = uint8(i+1) & 63
	}
	for c := range numberByte {
		if numberByte[c] {
			t[c&63] = uint8(c)
		}
	}
	return t
}()

// stringRun64 is stringRun's first block, inlined where it is called (as
// a call, its spills and reloads cost more than the search): the index
// of the first '"', '\\' or '\n' in b's first 64 bytes, reading them up
// to b's capacity (b is a view of the read buffer), so that the index
// may lie past len(b); 64 if there is none; -1 if b's capacity is short
// of 64 bytes or the CPU lacks AVX-512 VBMI. One VPERMB lookup and one
// compare find all three bytes. An index past len(b), or 64, leaves the
// answer to stringRun.
func stringRun64(b []byte) int {
	if jsonBlockScan && cap(b) >= 64 {
		v := archsimd.LoadUint8x64((*[64]uint8)(b[:64]))
		return bits.TrailingZeros64(archsimd.LoadUint8x64(&stringStops).Permute(v).Equal(v).ToBits())
	}
	return -1
}

// numberRun64 is, like stringRun64, one VPERMB lookup of b's first 64
// bytes: the index of the first byte that cannot be in a number (see
// numberByte), possibly past len(b); 64 if there is none; -1 without
// AVX-512 VBMI or 64 bytes of capacity. The loop it replaces exited
// after a varying count of digits, a mispredicted branch per number.
func numberRun64(b []byte) int {
	if jsonBlockScan && cap(b) >= 64 {
		v := archsimd.LoadUint8x64((*[64]uint8)(b[:64]))
		return bits.TrailingZeros64(^archsimd.LoadUint8x64(&numberBytes).Permute(v).Equal(v).ToBits())
	}
	return -1
}

// stringRun returns the index of the first '"', '\\' or '\n' in b, or
// len(b). With AVX-512 it tests 64 bytes at a time with three vector
// compares, reading up to 64 bytes past len(b) where b's capacity holds
// them (b is a view of the read buffer): the bits of those bytes are
// ignored.
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
