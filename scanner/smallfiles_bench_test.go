package scanner_test

import (
	"testing"

	"github.com/piiscan/piiscan/scanner"
)

// BenchmarkScanSmallFiles is the whole pipeline on one worker over many
// small files, as the CLI runs it (lent records, JSON Lines): its cost is
// the per-object one. It reports the CPU time and allocations per file.
func BenchmarkScanSmallFiles(b *testing.B) {
	dir, files, _ := smallCorpus.get(b)
	e := engine(b)
	b.ReportAllocs()
	for b.Loop() {
		scanDir(b, dir, scanner.Config{Engine: e, Workers: 1, LendRecords: true})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*files)/1e3, "µs/file")
	b.ReportMetric(0, "ns/op")
}
