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

var benchCorpus struct {
	once  sync.Once
	dir   string
	bytes int64
	err   error
}

// corpusDir generates, once per test binary, a mixed CSV / JSON Lines /
// text corpus like the one bench/run.sh uses, at a lower density.
func corpusDir(b *testing.B) (string, int64) {
	benchCorpus.once.Do(func() {
		dir, err := os.MkdirTemp("", "piiscan-bench")
		if err != nil {
			benchCorpus.err = err
			return
		}
		benchCorpus.dir = dir
		_, benchCorpus.err = testcorpus.Generate(dir, testcorpus.Options{Seed: 7, Rows: 2000, Density: 0.005,
			TotalBytes: 32 << 20, Formats: []string{"csv", "jsonl", "txt"}, ManifestPath: filepath.Join(os.TempDir(), "piiscan-bench-manifest.json")})
		filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					benchCorpus.bytes += fi.Size()
				}
			}
			return nil
		})
	})
	if benchCorpus.err != nil {
		b.Fatal(benchCorpus.err)
	}
	return benchCorpus.dir, benchCorpus.bytes
}

// BenchmarkScanCorpus is the whole pipeline on one worker: listing, reading,
// decoding, detection, aggregation and JSON encoding of the records.
func BenchmarkScanCorpus(b *testing.B) {
	dir, size := corpusDir(b)
	e := engine(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		src, err := sources.NewLocal(dir)
		if err != nil {
			b.Fatal(err)
		}
		sink := findings.NewJSONLines(discard{})
		if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: e, Workers: 1}); err != nil {
			b.Fatal(err)
		}
		sink.Close()
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
