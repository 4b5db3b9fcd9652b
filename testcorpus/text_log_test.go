package testcorpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLogClockMonotonic: a log's timestamps never go back, also where the
// writer puts filler lines between a planted line and its neighbours.
func TestLogClockMonotonic(t *testing.T) {
	dir, m := generate(t, Options{Seed: 4, Files: 1, Rows: 3000, Density: 0.1, Formats: []string{"log"}})
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(m.Files[0].Path)))
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		ts := line[:24] // 2024-03-15T10:22:01.123Z
		if ts < prev {
			t.Fatalf("line %d: %s after %s", i+1, ts, prev)
		}
		prev = ts
	}
}
