//go:build !(goexperiment.simd && amd64)

package detectors

// scanBlocks runs the keyword pass's bulk loop: the portable one in builds
// without GOEXPERIMENT=simd (see vector_simd.go).
func (x *kwIndex) scanBlocks(data []byte, fn func(ks, ke int, wi uint16)) int {
	return x.scanSWAR(data, fn)
}

// digitBits64 returns one bit per byte of b, set for ASCII digits.
func digitBits64(b *[64]byte) uint64 { return digitBits64SWAR(b) }

// digitClassBits64 returns digitBits64(b) and, when b has digits, sets
// cl's byte classes (see vector_simd.go).
func digitClassBits64(b *[64]byte, cl *numClasses) uint64 { return digitClassBits64SWAR(b, cl) }

// nextDigitBlocks returns i: without vector compares the windows find
// the digits (see vector_simd.go).
func nextDigitBlocks(data []byte, i int) int { return i }

// numQuick: the numeric pass decides short runs from byte classes only
// where vector compares give them cheaply (see vector_simd.go).
const numQuick = false

// numClassBits64 returns the byte classes the numeric pass decides short
// digit runs with (see numClasses).
func numClassBits64(b *[64]byte) numClasses { return numClassBits64SWAR(b) }

// indexBlocks is literalFinder.index: bytes.IndexByte on the rare byte in
// builds without GOEXPERIMENT=simd (see vector_simd.go).
func (f *literalFinder) indexBlocks(data []byte, from int) int { return f.indexRare(data, from) }

// alnumEnd returns the end of the run of ASCII letters and digits at
// data[i:].
func alnumEnd(data []byte, i int) int { return alnumEndSWAR(data, i) }

// hasLiteralBlocks: literalAnchorsFrom tests 64-byte blocks (see
// vector_simd.go).
const hasLiteralBlocks = false

// literalAnchorsFrom returns where each literal anchor's search may start:
// at 0 in builds without GOEXPERIMENT=simd (see vector_simd.go).
func literalAnchorsFrom(data []byte) literalFrom { return literalFrom{} }

// plainASCII reports whether b holds only ASCII bytes other than NUL.
func plainASCII(b []byte) bool { return plainASCIISWAR(b) }
