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

// generatedCorpus is a corpus testcorpus generates once per test binary.
type generatedCorpus struct {
	once  sync.Once
	name  string // of its temporary directory and manifest
	opts  testcorpus.Options
	dir   string
	files int
	bytes int64
	err   error
}

var (
	// benchCorpus is a mixed CSV / JSON Lines / text corpus like the one
	// bench/run.sh uses, at a lower density.
	benchCorpus = generatedCorpus{name: "piiscan-bench", opts: testcorpus.Options{Seed: 7, Rows: 2000, Density: 0.005,
		TotalBytes: 32 << 20, Formats: []string{"csv", "jsonl", "txt"}}}
	// smallCorpus is many small files like bench/run.sh's small-files
	// corpus (five rows or lines each), fewer of them.
	smallCorpus = generatedCorpus{name: "piiscan-bench-small", opts: testcorpus.Options{Seed: 7, Files: 1000, Rows: 5,
		Density: testcorpus.DefaultOptions.Density, Formats: []string{"csv", "jsonl", "txt"}}}
)

// TestMain removes the corpora the benchmarks generated: each run of the
// test binary makes its own, and they were left in the temporary
// directory.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range []*generatedCorpus{&benchCorpus, &smallCorpus} {
		if c.dir != "" {
			os.RemoveAll(c.dir)
			os.Remove(filepath.Join(os.TempDir(), c.name+"-manifest.json"))
		}
	}
	os.Exit(code)
}

// get generates the corpus on first use and returns its directory, its
// number of files and their bytes.
func (c *generatedCorpus) get(b *testing.B) (string, int, int64) {
	c.once.Do(func() {
		dir, err := os.MkdirTemp("", c.name)
		if err != nil {
			c.err = err
			return
		}
		c.dir = dir
		opts := c.opts
		opts.ManifestPath = filepath.Join(os.TempDir(), c.name+"-manifest.json")
		_, c.err = testcorpus.Generate(dir, opts)
		filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				c.files++
				if fi, err := d.Info(); err == nil {
					c.bytes += fi.Size()
				}
			}
			return nil
		})
	})
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c.dir, c.files, c.bytes
}

// BenchmarkScanCorpus is the whole pipeline on one worker: listing, reading,
// decoding, detection, aggregation and JSON encoding of the records.
func BenchmarkScanCorpus(b *testing.B) {
	dir, _, size := benchCorpus.get(b)
	e := engine(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		scanDir(b, dir, scanner.Config{Engine: e, Workers: 1})
	}
}

// scanDir scans dir into a JSON Lines sink that discards what it writes.
func scanDir(b *testing.B, dir string, cfg scanner.Config) {
	src, err := sources.NewLocal(dir)
	if err != nil {
		b.Fatal(err)
	}
	sink := findings.NewJSONLines(discard{})
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), cfg); err != nil {
		b.Fatal(err)
	}
	sink.Close()
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
