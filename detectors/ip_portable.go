//go:build !(goexperiment.simd && amd64)

package detectors

// ipv6Blocks is false: without AVX-512's byte classes scanIPv6's
// IndexByte loop is the faster (BenchmarkIPv6Pass).
const ipv6Blocks = false

// ipv6CandidateBlocks sets out[b] to the candidates (see
// ipv6Carry.candidates) of data's 64-byte block b, for as many whole
// blocks as data and out hold, and returns how many.
func ipv6CandidateBlocks(data []byte, c *ipv6Carry, out *[ipv6Batch]uint64) int {
	return ipv6CandidateBlocksPortable(data, c, out)
}
