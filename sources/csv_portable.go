//go:build !(goexperiment.simd && amd64)

package sources

// csvVector: without vector compares, a separator mask of 64 bytes costs
// more than the 8-byte loop of fieldRun saves (see csv_simd.go).
const csvVector = false

// csvSepBits is never called in this build.
func csvSepBits(*[64]byte, byte) uint64 { panic("csvSepBits without vector compares") }

// appendShort64 is never called in this build.
func appendShort64([]byte, []byte) []byte { panic("appendShort64 without vector loads") }

// csvSepBitsTable is never called in this build.
func csvSepBitsTable(*[64]byte, *[64]byte) uint64 { panic("csvSepBitsTable without vector compares") }
