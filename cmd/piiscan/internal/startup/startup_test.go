package startup

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// heapGoal collects garbage until the goal after a collection, as
// keepHeapMinimum's finalizer sets it, satisfies ok (the finalizer runs
// on its own goroutine, a little after the collection), and returns it.
func heapGoal(t *testing.T, ok func(goal uint64) bool) uint64 {
	t.Helper()
	goal := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		metrics.Read(goal)
		g := goal[0].Value.Uint64()
		if ok(g) || time.Now().After(deadline) {
			return g
		}
	}
}

func TestKeepHeapMinimum(t *testing.T) {
	const MiB = 1 << 20
	keepHeapMinimum(16*MiB, 100)
	defer keepHeapMinimum(HeapMinimum, gcPercent)

	// A small live heap: the goal is the minimum, not Go's 4 MiB or twice
	// the live heap. Stacks and globals add their share at the raised GOGC.
	small := make([]byte, MiB)
	if g := heapGoal(t, func(g uint64) bool { return g >= 16*MiB }); g < 16*MiB || g > 24*MiB {
		t.Errorf("live heap ~1 MiB: goal %.1f MiB, want 16–24 (the minimum)", float64(g)/MiB)
	}
	runtime.KeepAlive(small)

	// A live heap larger than half the minimum: GOGC's own rule, twice it
	// (not the raised GOGC of before, which would make it 5 times).
	large := make([]byte, 24*MiB)
	if g := heapGoal(t, func(g uint64) bool { return g >= 48*MiB && g <= 56*MiB }); g < 48*MiB || g > 56*MiB {
		t.Errorf("live heap ~25 MiB: goal %.1f MiB, want 48–56 (twice it)", float64(g)/MiB)
	}
	runtime.KeepAlive(large)
}

func TestScanning(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--version"}, false},
		{[]string{"identifiers", "list"}, false},
		{[]string{"results", "show", "s3://b/p"}, false},
		{[]string{"scan", "testcorpus/sample"}, true},
		{[]string{"--log-level", "debug", "scan", "."}, true},
		{[]string{"job", "run", "--config", "j.yaml"}, true},
		{[]string{"daemon"}, true},
	} {
		if got := scanning(c.args); got != c.want {
			t.Errorf("scanning(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
