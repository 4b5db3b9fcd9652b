//go:build !(goexperiment.simd && amd64)

package sources

// stringRun returns the index of the first '"', '\\' or '\n' in b, or
// len(b).
func stringRun(b []byte) int { return stringRunSWAR(b) }

// stringRun64 is stringRun's inlined first block where AVX-512 is
// available; here it leaves every string to stringRun.
func stringRun64([]byte) int { return -1 }

// numberRun64 is the number scan's inlined first block where AVX-512 is
// available; here it leaves every number to the loop after it.
func numberRun64([]byte) int { return -1 }

// jsonBlockScan: stringRun64 and numberRun64 decline every block.
const jsonBlockScan = false
