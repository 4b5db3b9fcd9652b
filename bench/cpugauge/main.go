//go:build linux

// Command cpugauge measures how fast each core of this machine runs right
// now, so that bench/run.sh can say what the cores gave a run. On a shared
// virtual machine a virtual core may share its physical core with another
// guest's thread (SMT): code that keeps the core's execution units busy, as
// piiscan's scan does, then runs at about 0.6 of its speed, while code that
// waits on one load after another, as a regex DFA does, barely slows. A
// scaling figure means little without knowing which it was.
//
// For each core it may run on, in turn, cpugauge pins itself there and runs
// two loops for -ms each: a throughput-bound one (six independent chains of
// integer operations) and a latency-bound one (a chain of dependent loads
// within the L1 cache). It prints one line per core: the core's number and
// the two loops' rates, in millions of iterations per second.
//
//	go run ./bench/cpugauge -ms 100
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	ms := flag.Int("ms", 100, "milliseconds each loop runs on each core")
	flag.Parse()
	if *ms <= 0 {
		fmt.Fprintln(os.Stderr, "cpugauge: -ms must be positive")
		os.Exit(2)
	}
	runtime.LockOSThread()
	var all unix.CPUSet
	if err := unix.SchedGetaffinity(0, &all); err != nil {
		fmt.Fprintln(os.Stderr, "cpugauge: sched_getaffinity:", err)
		os.Exit(1)
	}
	d := time.Duration(*ms) * time.Millisecond
	for cpu := 0; cpu < 1024; cpu++ {
		if !all.IsSet(cpu) {
			continue
		}
		var one unix.CPUSet
		one.Set(cpu)
		if err := unix.SchedSetaffinity(0, &one); err != nil {
			fmt.Fprintf(os.Stderr, "cpugauge: pin to core %d: %v\n", cpu, err)
			os.Exit(1)
		}
		fmt.Printf("%d %.1f %.1f\n", cpu, rate(d, throughputLoop), rate(d, latencyLoop))
	}
}

// iterations is one call's work for either loop: about 40 µs, short enough
// to stop near the deadline.
const iterations = 1 << 16

// rate runs loop until d has passed and returns millions of iterations per
// second.
func rate(d time.Duration, loop func(int) uint64) float64 {
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		loop(iterations) // not inlined (go:noinline), so never dropped
		n++
	}
	return float64(n) * iterations / time.Since(start).Seconds() / 1e6
}

// throughputLoop is bound by how many integer operations the core retires
// per cycle: six chains that do not depend on each other.
//
//go:noinline
func throughputLoop(n int) uint64 {
	var a, b, c, d, e, f uint64 = 1, 2, 3, 4, 5, 6
	for i := 0; i < n; i++ {
		a += b ^ 3
		b += c >> 1
		c += d * 3
		d += e | 5
		e += f & 7
		f += a + 9
	}
	return a + b + c + d + e + f
}

// ring is a random cycle through 16 KiB, well within any L1 data cache.
var ring = func() *[4096]uint32 {
	var r [4096]uint32
	// i → a·i+1 mod 2^12 with a ≡ 1 mod 4 and an odd increment is one
	// cycle through every slot (Hull–Dobell), in no order a prefetcher
	// could follow.
	for i := range r {
		r[i] = uint32((i*2654435761 + 1) % len(r))
	}
	return &r
}()

// latencyLoop is bound by the latency of a load: each one's address is the
// last one's value.
//
//go:noinline
func latencyLoop(n int) uint64 {
	var p uint32
	for i := 0; i < n; i++ {
		p = ring[p]
	}
	return uint64(p)
}
