//go:build unix

package sources

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time of this process so far: benchmarks
// report throughput per second of it, steadier than wall time on a shared
// machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
