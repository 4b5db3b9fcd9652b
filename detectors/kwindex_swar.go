//go:build !(goexperiment.simd && amd64)

package detectors

// scanBlocks runs the keyword pass's bulk loop: the portable one in builds
// without GOEXPERIMENT=simd (see kwindex_simd.go).
func (x *kwIndex) scanBlocks(data []byte, fn func(ks, ke int, wi uint16)) int {
	return x.scanSWAR(data, fn)
}

// nextDigit returns the index of the first digit at or after data[i], or
// len(data).
func nextDigit(data []byte, i int) int { return nextDigitSWAR(data, i) }

// digitRunEnd returns the index of the first non-digit at or after data[j],
// or len(data).
func digitRunEnd(data []byte, j int) int { return digitRunEndSWAR(data, j) }
