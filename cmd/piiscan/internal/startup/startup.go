// Package startup shortens piiscan's serial start: it is imported, for its
// side effects only, by the command, and it runs while the Go runtime is
// still initialising the packages that follow it (the AWS SDK's service
// tables, Prometheus' client, protobuf: some 10 ms of a scan's ~35 before
// its workers start, on one core while the other is idle).
//
// Packages initialise one at a time, in import-path order as far as their
// imports allow; this one needs only detectors, so it runs as soon as that
// has, and its goroutine has the second core to itself for the rest:
//
//   - it compiles the default catalogue's engine, which scan, job and daemon
//     then take ready (detectors.Compile caches it) instead of spending 4–9
//     ms on it, serially, before their workers start;
//   - it sets a minimum heap goal (HeapMinimum), so that start-up, whose
//     small heap the runtime would otherwise collect three times in its
//     first 50 ms, runs without a garbage collection.
package startup

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"

	"github.com/piiscan/piiscan/detectors"
)

// HeapMinimum is the heap size below which piiscan does not collect
// garbage: Go's own minimum is 4 MiB, reached during package
// initialisation, and a scan's live heap is 3–10 MB (its buffers, reused
// object after object), so at Go's minimum a scan collected 3–4 times in
// its first 50 ms, each cycle stopping the workers and sweeping. Above it
// the usual rule holds: the goal is the live heap times 1+GOGC/100. Peak
// RSS is unchanged on the bench corpus and the small files (27–34 MB),
// whose scans allocate less than 64 MiB in all; a scan that allocates
// more holds up to HeapMinimum of heap.
const HeapMinimum = 64 << 20

// gcPercent is the GOGC above HeapMinimum: Go's default.
const gcPercent = 100

// runtimeHeapMinimum is the runtime's own minimum heap goal at GOGC=100,
// which it scales by GOGC/100.
const runtimeHeapMinimum = 4 << 20

func init() {
	if scanning(os.Args[1:]) {
		go func() { _, _ = detectors.Compile(detectors.Options{}) }()
	}
	// A user's own GOGC (or GOGC=off) is kept as it is.
	if _, set := os.LookupEnv("GOGC"); !set {
		keepHeapMinimum(HeapMinimum, gcPercent)
	}
}

// scanning says whether args name a command that scans with the default
// engine, so that help, --version, identifiers and results do not compile
// it for nothing; a false yes (a flag's value spelt like a command) costs
// only a compilation on the idle core.
func scanning(args []string) bool {
	for _, a := range args {
		switch a {
		case "scan", "job", "daemon":
			return true
		}
	}
	return false
}

// keepHeapMinimum makes the heap goal max(minimum, live*(1+percent/100)):
// GOGC's rule with a larger floor than the runtime's. Go has no setting for
// the floor, but its goal is max(live*(1+GOGC/100), 4 MiB*GOGC/100); so
// GOGC is set to minimum/4 MiB (before the first collection, live is 0),
// and after each collection from the live heap it found, to minimum/live-1
// within that bound, or percent once the live heap makes a larger goal. A
// later call replaces the earlier one's minimum and percent.
func keepHeapMinimum(minimum int64, percent int) {
	heapFloor.Store(&heapRule{minimum: minimum, percent: percent})
	adjustGCPercent(0)
	watchGC.Do(func() { afterEachGC(readLive) })
}

// heapRule is keepHeapMinimum's latest minimum and percent.
type heapRule struct {
	minimum int64
	percent int
}

var (
	heapFloor atomic.Pointer[heapRule]
	watchGC   sync.Once
	liveHeap  = []metrics.Sample{{Name: "/gc/heap/live:bytes"}} // readLive's only
)

// readLive sets GOGC from the live heap the last collection found.
func readLive() {
	metrics.Read(liveHeap)
	if liveHeap[0].Value.Kind() == metrics.KindUint64 {
		adjustGCPercent(int64(liveHeap[0].Value.Uint64()))
		return
	}
	adjustGCPercent(-1) // a runtime without the metric: the plain rule
}

// adjustGCPercent sets GOGC for a live heap of live bytes (0 before the
// first collection, -1 unknown).
func adjustGCPercent(live int64) {
	r := heapFloor.Load()
	most := int(r.minimum * 100 / runtimeHeapMinimum)
	p := r.percent
	switch {
	case live == 0:
		p = most
	case live > 0:
		p = min(most, int(r.minimum*100/live)-100)
	}
	debug.SetGCPercent(max(p, r.percent))
}

// afterEachGC calls fn after every garbage collection, from the finalizer
// of an object that is garbage again as soon as each finalizer has run (as
// cmd/compile's AdjustStartingHeap does; the runtime has no hook for it).
func afterEachGC(fn func()) {
	type sentinel [32]byte // not a tiny allocation, which could live on
	var again func(*sentinel)
	again = func(*sentinel) {
		fn()
		runtime.SetFinalizer(new(sentinel), again)
	}
	runtime.SetFinalizer(new(sentinel), again)
}
