//go:build !unix

package detectors

import "time"

// cpuTime is 0 where getrusage is missing: benchmarks then report no
// throughput per CPU second.
func cpuTime() time.Duration { return 0 }
