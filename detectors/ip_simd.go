//go:build goexperiment.simd && amd64

package detectors

import "simd/archsimd"

// ipv6Blocks selects scanIPv6's 64-byte loop, which pays only with
// AVX-512's byte classes.
var ipv6Blocks = hasAVX512

// ipv6CandidateBlocks sets out[b] to the candidates (see
// ipv6Carry.candidates) of data's 64-byte block b, for as many whole
// blocks as data and out hold, and returns how many. With AVX-512 each
// byte class of a block is a vector compare or two.
func ipv6CandidateBlocks(data []byte, c *ipv6Carry, out *[ipv6Batch]uint64) int {
	if !hasAVX512 {
		return ipv6CandidateBlocksPortable(data, c, out)
	}
	zero, nine := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9)
	bit5, a := archsimd.BroadcastUint8x64(0x20), archsimd.BroadcastUint8x64('a')
	af, az := archsimd.BroadcastUint8x64('f'-'a'), archsimd.BroadcastUint8x64('z'-'a')
	colonB, dotB, underB := archsimd.BroadcastUint8x64(':'), archsimd.BroadcastUint8x64('.'), archsimd.BroadcastUint8x64('_')
	cc := *c
	nb := min(len(data)/64, ipv6Batch)
	for b := range nb {
		v := archsimd.LoadUint8x64((*[64]uint8)(data[b*64:]))
		folded := v.Or(bit5).Sub(a)
		digit := v.Sub(zero).LessEqual(nine).ToBits()
		hexLetter := folded.LessEqual(af).ToBits()
		letter := folded.LessEqual(az).ToBits()
		colon := v.Equal(colonB).ToBits()
		other := v.Equal(dotB).Or(v.Equal(underB)).ToBits()
		out[b] = cc.candidates(colon, digit|hexLetter, letter&^hexLetter|other)
	}
	*c = cc
	return nb
}
