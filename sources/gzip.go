package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// malformedError marks an error of a decompressor: the content is corrupt
// or truncated, as opposed to unreadable.
type malformedError struct{ err error }

func (e *malformedError) Error() string { return "malformed: " + e.err.Error() }
func (e *malformedError) Unwrap() error { return e.err }

// decompressedReader tags a decompressor's errors as malformed, except
// those of the stream under it, which keep their own tag. io.EOF passes.
// Errors are sticky, as sourceReader's are.
type decompressedReader struct {
	r   io.Reader
	err error
}

func (d *decompressedReader) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.r.Read(p)
	if err != nil {
		var re *readError
		var me *malformedError
		if err != io.EOF && !errors.As(err, &re) && !errors.As(err, &me) {
			err = &malformedError{err}
		}
		d.err = err
	}
	return n, err
}

// gzipReaders recycles decompressors (each holds a 32 KiB window and
// tables).
var gzipReaders sync.Pool

// decodeGzip decompresses a gzip stream (all its members) as it reads and
// dispatches the content under the name without its .gz suffix.
//
// klauspost/compress/gzip rather than compress/gzip: measured on this
// machine it inflates faster (see BenchmarkGunzip); both read concatenated
// members and check every member's CRC and length.
func decodeGzip(ctx context.Context, in *input, emit func(*Chunk) error) error {
	if err := in.arch.enter(in.depth); err != nil {
		return err
	}
	var zr *gzip.Reader
	var err error
	if v, ok := gzipReaders.Get().(*gzip.Reader); ok {
		zr = v
		err = zr.Reset(in.br)
	} else {
		zr, err = gzip.NewReader(in.br)
	}
	if err != nil {
		var re *readError
		if errors.As(err, &re) {
			return err
		}
		return &malformedError{fmt.Errorf("gzip header: %w", err)}
	}
	defer gzipReaders.Put(zr)
	inner := &input{
		// The decompressed bytes count against the archive budgets: a
		// gzip bomb stops at the limit like a zip bomb.
		br:      getBufReader(in.arch.budget(&decompressedReader{r: zr})),
		name:    innerName(in.name),
		obj:     in.obj,
		depth:   in.depth + 1,
		size:    -1,
		arch:    in.arch,
		prefix:  in.prefix,
		counted: true,
		ints:    in.ints,
		keys:    in.keys,
		share:   in.share,
	}
	_, err = decodeStream(ctx, inner, emit)
	putBufReader(inner.br)
	return err
}

// innerName is the name of a compressed file's content.
func innerName(name string) string {
	lower := strings.ToLower(name)
	for _, suf := range []string{".gz", ".gzip"} {
		if strings.HasSuffix(lower, suf) {
			return name[:len(name)-len(suf)]
		}
	}
	if strings.HasSuffix(lower, ".tgz") {
		return name[:len(name)-4] + ".tar"
	}
	return name
}
