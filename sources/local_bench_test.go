package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLocalListOpen is a local source's cost per small file: listing
// it, opening it and reading it whole, as a scan of many small files pays
// it (three directories of 1,000 files of 1 KB). One op is one file; the
// listing starts again when it is over.
func BenchmarkLocalListOpen(b *testing.B) {
	root := b.TempDir()
	body := make([]byte, 1024)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	const dirs, files = 3, 1000
	for d := range dirs {
		dir := filepath.Join(root, fmt.Sprintf("d%d", d))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := range files {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file-%04d.txt", f)), body, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	l, err := NewLocal(root)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	buf := make([]byte, 4096)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	done := errors.New("done")
	listed := 0
	for listed < b.N {
		err := l.List(ctx, func(o Object) error {
			rc, err := l.Open(ctx, o)
			if err != nil {
				return err
			}
			for {
				_, err := rc.Read(buf)
				if err == io.EOF {
					break
				}
				if err != nil {
					rc.Close()
					return err
				}
			}
			if err := rc.Close(); err != nil {
				return err
			}
			if listed++; listed == b.N {
				return done
			}
			return nil
		})
		if err != nil && err != done {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/file")
	}
}
