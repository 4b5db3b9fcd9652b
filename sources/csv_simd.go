//go:build goexperiment.simd && amd64

package sources

import "simd/archsimd"

// csvVector selects the CSV reader's 64-byte field splitting (see
// csvReader.wholeFields); CPUs without AVX-512 keep the 8-byte loop.
var csvVector = archsimd.X86.AVX512()

// csvSepBits returns one bit per byte of b, set for comma, '\n' and '\r':
// three vector compares.
func csvSepBits(b *[64]byte, comma byte) uint64 {
	v := archsimd.LoadUint8x64((*[64]uint8)(b))
	return v.Equal(archsimd.BroadcastUint8x64(comma)).
		Or(v.Equal(archsimd.BroadcastUint8x64('\n'))).
		Or(v.Equal(archsimd.BroadcastUint8x64('\r'))).ToBits()
}

// appendShort64 is append(dst, v...) without a call to memmove for a
// value of at most 64 bytes — most of a CSV's, whose UUIDs, timestamps,
// hashes and e-mail addresses are longer than appendShort's 16 — with one
// vector load and store, reading past v within its capacity and writing
// past it within dst's. Only with csvVector.
func appendShort64(dst, v []byte) []byte {
	n := len(dst)
	if len(v) > 64 || cap(v) < 64 || cap(dst)-n < 64 {
		return append(dst, v...)
	}
	archsimd.LoadUint8x64((*[64]uint8)(v[:64])).Store((*[64]uint8)(dst[n : n+64]))
	return dst[:n+len(v)]
}

// csvSepBitsTable is csvSepBits with t from csvSepTable: a byte is a
// separator if it equals the table's entry at its low four bits (VPSHUFB
// gives 0 for a byte with its high bit set, which equals no such byte):
// one shuffle and one compare instead of three compares.
func csvSepBitsTable(b, t *[64]byte) uint64 {
	v := archsimd.LoadUint8x64((*[64]uint8)(b))
	return v.Equal(archsimd.LoadUint8x64((*[64]uint8)(t)).PermuteOrZeroGrouped(v.AsInt8x64())).ToBits()
}
