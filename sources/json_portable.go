//go:build !(goexperiment.simd && amd64)

package sources

// stringRun returns the index of the first '"', '\\' or '\n' in b, or
// len(b).
func stringRun(b []byte) int { return stringRunSWAR(b) }
