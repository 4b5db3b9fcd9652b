package scanner_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/testcorpus"
)

var smallCorpus struct {
	once  sync.Once
	dir   string
	files int
	err   error
}

// smallCorpusDir generates, once per test binary, a corpus of many small
// files like bench/run.sh's small-files corpus (five rows or lines each,
// CSV, JSON Lines and text), fewer of them.
func smallCorpusDir(b *testing.B) (string, int) {
	smallCorpus.once.Do(func() {
		dir, err := os.MkdirTemp("", "piiscan-bench-small")
		if err != nil {
			smallCorpus.err = err
			return
		}
		smallCorpus.dir = dir
		_, smallCorpus.err = testcorpus.Generate(dir, testcorpus.Options{Seed: 7, Files: 1000, Rows: 5, Density: testcorpus.DefaultOptions.Density,
			Formats: []string{"csv", "jsonl", "txt"}, ManifestPath: filepath.Join(os.TempDir(), "piiscan-bench-small-manifest.json")})
		filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				smallCorpus.files++
			}
			return nil
		})
	})
	if smallCorpus.err != nil {
		b.Fatal(smallCorpus.err)
	}
	return smallCorpus.dir, smallCorpus.files
}

// BenchmarkScanSmallFiles is the whole pipeline on one worker over many
// small files, as the CLI runs it (lent records, JSON Lines): its cost is
// the per-object one. It reports the CPU time and allocations per file.
func BenchmarkScanSmallFiles(b *testing.B) {
	dir, files := smallCorpusDir(b)
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
