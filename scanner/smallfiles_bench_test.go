package scanner_test

import (
	"context"
	"testing"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
)

// BenchmarkScanSmallFiles is the whole pipeline on one worker over many
// small files, as the CLI runs it (lent records, JSON Lines): its cost is
// the per-object one. It reports the CPU time and allocations per file.
func BenchmarkScanSmallFiles(b *testing.B) {
	dir, files, _ := smallCorpus.get(b)
	e := engine(b)
	b.ReportAllocs()
	for b.Loop() {
		src, err := sources.NewLocal(dir)
		if err != nil {
			b.Fatal(err)
		}
		sink := findings.NewJSONLines(discard{})
		if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: e, Workers: 1, LendRecords: true}); err != nil {
			b.Fatal(err)
		}
		sink.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*files)/1e3, "µs/file")
	b.ReportMetric(0, "ns/op")
}
