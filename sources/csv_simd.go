//go:build goexperiment.simd && amd64

package sources

import "simd/archsimd"

// csvVector selects the CSV reader's 64-byte field splitting (see
// csvReader.nextSep); CPUs without AVX-512 keep the 8-byte loop.
var csvVector = archsimd.X86.AVX512()

// csvSepBits returns one bit per byte of b, set for comma, '\n' and '\r':
// three vector compares.
func csvSepBits(b *[64]byte, comma byte) uint64 {
	v := archsimd.LoadUint8x64((*[64]uint8)(b))
	return v.Equal(archsimd.BroadcastUint8x64(comma)).
		Or(v.Equal(archsimd.BroadcastUint8x64('\n'))).
		Or(v.Equal(archsimd.BroadcastUint8x64('\r'))).ToBits()
}
