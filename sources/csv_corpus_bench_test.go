package sources

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDecodeCSVFiles decodes the first 20 CSV files (about 9 MB) in
// $PIISCAN_BENCH_CSV (the bench corpus's csv directory) one object each,
// as a scan does, or is skipped.
func BenchmarkDecodeCSVFiles(b *testing.B) {
	dir := os.Getenv("PIISCAN_BENCH_CSV")
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 || dir == "" {
		b.Skip("no .csv files in $PIISCAN_BENCH_CSV")
	}
	var objects [][]byte
	size := 0
	for _, f := range files[:min(len(files), 20)] {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		objects = append(objects, d)
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	values := 0
	emit := func(ch *Chunk) error { values += len(ch.Starts); return nil }
	start := cpuTime()
	for b.Loop() {
		for _, d := range objects {
			if _, err := DecodeObject(context.Background(), bytes.NewReader(d), Object{Key: "a.csv"}, emit); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, start, size)
}
