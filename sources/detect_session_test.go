package sources

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// erringReader returns its bytes, then err.
type erringReader struct {
	r   io.Reader
	err error
}

func (f *erringReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		err = f.err
	}
	return n, err
}

// TestDecodeSessionsIndependent decodes objects that fail in every way a
// pooled decoding session records (a read error, emit's error, a chunk
// emitted before a failure) between clean ones, many times so that
// sessions are reused, and checks that each object gets its own outcome:
// nothing of one object's session shows in the next one's.
func TestDecodeSessionsIndependent(t *testing.T) {
	ctx := context.Background()
	errEmit := errors.New("emit failed")
	text := "a line\nanother line\n"
	clean := func(t *testing.T) {
		t.Helper()
		var got strings.Builder
		mime, err := DecodeObject(ctx, strings.NewReader(text), Object{Key: "notes.txt"}, func(ch *Chunk) error {
			got.Write(ch.Data[ch.ReportFrom:ch.ReportTo])
			return nil
		})
		if err != nil || mime != "text/plain" || got.String() != text {
			t.Fatalf("clean object: %q, %v, chunks %q", mime, err, got.String())
		}
	}
	for i := range 50 {
		clean(t)
		// A read error before any chunk: SKIPPED, unreadable.
		_, err := DecodeObject(ctx, &erringReader{strings.NewReader(""), errors.New("disk on fire")}, Object{Key: "x.txt"}, func(*Chunk) error { return nil })
		var oe *ObjectError
		if !errors.As(err, &oe) || oe.Status != StatusSkipped || oe.Reason != ReasonUnreadable {
			t.Fatalf("round %d: read error: %v", i, err)
		}
		clean(t)
		// emit's error comes back unchanged.
		if _, err := DecodeObject(ctx, strings.NewReader(text), Object{Key: "x.txt"}, func(*Chunk) error { return errEmit }); err != errEmit {
			t.Fatalf("round %d: emit error: %v", i, err)
		}
		clean(t)
		// A CSV whose records were emitted, then a read error: PARTIAL.
		_, err = DecodeObject(ctx, &erringReader{strings.NewReader("name,ssn\n" + strings.Repeat("Bob,536-90-4399\n", 20000)), errors.New("cut")}, Object{Key: "x.csv"}, func(*Chunk) error { return nil })
		if !errors.As(err, &oe) || oe.Status != StatusPartial || oe.Reason != ReasonUnreadable {
			t.Fatalf("round %d: csv read error: %v", i, err)
		}
		clean(t)
	}
}
