//go:build goexperiment.simd && amd64

package detectors

import (
	"encoding/binary"
	"math/bits"
	"simd/archsimd"
)

// hasAVX512 selects the 64-byte loop; CPUs without AVX-512 run the
// portable one.
var hasAVX512 = archsimd.X86.AVX512()

// scanBlocks runs the keyword pass's bulk loop. With AVX-512 the byte
// classes of 64 bytes (digit, letter, lowercase, UTF-8 lead byte) are four
// vector compares, each one bit per byte, and word starts are a few
// operations on those words: classifying bytes, which is most of the
// portable loop's time, becomes nearly free (BenchmarkKeywordPass: about
// 2.5x the portable loop on BenchmarkScan's corpus), and what remains is
// the work per word start.
func (x *kwIndex) scanBlocks(data []byte, fn func(ks, ke int, wi uint16)) int {
	if !hasAVX512 {
		return x.scanSWAR(data, fn)
	}
	return x.scanAVX512(data, fn)
}

func (x *kwIndex) scanAVX512(data []byte, fn func(ks, ke int, wi uint16)) int {
	n := len(data)
	zero, nine := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9)
	a, z25, bit5 := archsimd.BroadcastUint8x64('a'), archsimd.BroadcastUint8x64('z'-'a'), archsimd.BroadcastUint8x64(0x20)
	lead := archsimd.BroadcastUint8x64(0xC0)
	var carryAlnum, carryLower uint64
	i := 0
	// Stop early enough that four bytes can be read at any start.
	for ; i+64+3 <= n; i += 64 {
		v := archsimd.LoadUint8x64((*[64]uint8)(data[i : i+64]))
		digit := v.Sub(zero).LessEqual(nine).ToBits()
		alpha := v.Or(bit5).Sub(a).LessEqual(z25).ToBits()
		lower := v.Sub(a).LessEqual(z25).ToBits()
		alnum := alpha | digit
		starts := alpha &^ (alnum<<1 | carryAlnum)
		starts |= (alpha &^ lower) & (lower<<1 | carryLower)
		if x.high {
			starts |= v.GreaterEqual(lead).ToBits()
		}
		carryAlnum, carryLower = alnum>>63, lower>>63
		for starts != 0 {
			p := i + bits.TrailingZeros64(starts)
			starts &= starts - 1
			u := binary.LittleEndian.Uint32(data[p:])
			if h := triHash4(u); x.tri[h>>6]&(1<<(h&63)) != 0 {
				x.candidate(data, p, h, u, fn)
			}
		}
	}
	return i
}

// nextDigit returns the index of the first digit at or after data[i], or
// len(data): 64 bytes a step with AVX-512, for the numeric pass's skips
// over text between numbers.
func nextDigit(data []byte, i int) int {
	if hasAVX512 {
		zero, nine := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9)
		for ; i+64 <= len(data); i += 64 {
			v := archsimd.LoadUint8x64((*[64]uint8)(data[i : i+64]))
			if m := v.Sub(zero).LessEqual(nine).ToBits(); m != 0 {
				return i + bits.TrailingZeros64(m)
			}
		}
	}
	return nextDigitSWAR(data, i)
}

// digitRunEnd returns the index of the first non-digit at or after data[j],
// or len(data).
func digitRunEnd(data []byte, j int) int {
	if hasAVX512 {
		zero, nine := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9)
		for ; j+64 <= len(data); j += 64 {
			v := archsimd.LoadUint8x64((*[64]uint8)(data[j : j+64]))
			if m := v.Sub(zero).Greater(nine).ToBits(); m != 0 {
				return j + bits.TrailingZeros64(m)
			}
		}
	}
	return digitRunEndSWAR(data, j)
}
