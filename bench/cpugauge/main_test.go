//go:build linux

package main

import (
	"testing"
	"time"
)

// TestLoops: both loops do their iterations (a rate is positive and
// finite), and the latency loop's ring is one cycle through all its
// slots, so that its loads spread over 16 KiB rather than a short loop.
func TestLoops(t *testing.T) {
	for name, loop := range map[string]func(int) uint64{"throughput": throughputLoop, "latency": latencyLoop} {
		r := rate(5*time.Millisecond, loop)
		if !(r > 0) || r > 1e6 {
			t.Errorf("%s loop: %v million iterations a second", name, r)
		}
	}
	seen := map[uint32]bool{}
	for p := uint32(0); !seen[p]; p = ring[p] {
		seen[p] = true
	}
	if len(seen) != len(ring) {
		t.Errorf("the ring's cycle from 0 visits %d slots, want all %d", len(seen), len(ring))
	}
}
