package findings

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func sampleRecords() []*Record {
	a := newTestAggregator(DefaultMaxOccurrences)
	var out []*Record
	for _, f := range []func(*Aggregator) []*Record{textRecord, csvRecord, jsonRecord, skippedRecord, partialRecords} {
		out = append(out, f(a)...)
	}
	return out
}

func TestJSONLines(t *testing.T) {
	var buf bytes.Buffer
	s := NewJSONLines(&buf)
	recs := sampleRecords()
	for _, r := range recs {
		if err := s.Write(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written before Close: want them buffered", buf.Len())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var back Record
		if err := json.Unmarshal(sc.Bytes(), &back); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if back.ID != recs[n].ID {
			t.Errorf("line %d is record %s, want %s", n+1, back.ID, recs[n].ID)
		}
		n++
	}
	if n != len(recs) {
		t.Errorf("%d lines, want %d", n, len(recs))
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := s.Write(context.Background(), recs[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
}

func TestJSONLinesLongRecord(t *testing.T) {
	// A record longer than the buffer goes out whole and in order.
	a := newTestAggregator(DefaultMaxOccurrences)
	path := "$." + strings.Repeat("nested.", 20) + "email"
	for i := range DefaultMaxOccurrences {
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, RecordOccurrence(int64(i), path))
	}
	big := a.Build(ObjectInfo{Key: "big.jsonl"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, nil)
	small := skippedRecord(a)[0]
	var buf bytes.Buffer
	s := NewJSONLines(&buf)
	for _, r := range []*Record{small, big, small} {
		if err := s.Write(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 || len(lines[1]) <= jsonLinesBuffer {
		t.Fatalf("%d lines, middle %d bytes", len(lines), len(lines[1]))
	}
}

func TestJSONLinesCanceled(t *testing.T) {
	var buf bytes.Buffer
	s := NewJSONLines(&buf)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Write(ctx, sampleRecords()[0]); !errors.Is(err, context.Canceled) {
		t.Errorf("Write = %v, want context.Canceled", err)
	}
	if err := s.Close(); err != nil || buf.Len() != 0 {
		t.Errorf("Close = %v with %d bytes, want nothing written", err, buf.Len())
	}
}

// failingWriter accepts ok bytes, then fails.
type failingWriter struct {
	ok  int
	err error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.ok {
		w.ok -= len(p)
		return len(p), nil
	}
	n := w.ok
	w.ok = 0
	return n, w.err
}

func TestJSONLinesWriteErrors(t *testing.T) {
	recs := sampleRecords()
	diskFull := errors.New("disk full")

	t.Run("fails on close", func(t *testing.T) {
		s := NewJSONLines(&failingWriter{err: diskFull})
		for _, r := range recs {
			if err := s.Write(context.Background(), r); err != nil {
				t.Fatalf("Write: %v (records fit the buffer)", err)
			}
		}
		err := s.Close()
		if !errors.Is(err, diskFull) {
			t.Fatalf("Close = %v, want disk full", err)
		}
		if want := "7 records not written"; !strings.Contains(err.Error(), want) {
			t.Errorf("Close = %q, want it to say %q", err, want)
		}
	})

	t.Run("fails mid-stream", func(t *testing.T) {
		// Fill more than the buffer with small records so that a flush
		// happens during Write, and let that flush fail.
		s := NewJSONLines(&failingWriter{err: diskFull})
		small := recs[len(recs)-4] // the skipped record
		var firstErr error
		writes := 0
		for range 200 {
			writes++
			if err := s.Write(context.Background(), small); err != nil {
				firstErr = err
				break
			}
		}
		if !errors.Is(firstErr, diskFull) {
			t.Fatalf("no write error after %d writes: %v", writes, firstErr)
		}
		if err := s.Write(context.Background(), small); !errors.Is(err, diskFull) {
			t.Errorf("Write after a failure = %v, want the same error", err)
		}
		err := s.Close()
		if !errors.Is(err, diskFull) {
			t.Fatalf("Close = %v", err)
		}
		// Every record written (writes, plus the refused one) is lost: none
		// reached the failing writer.
		if want := strconv.Itoa(writes+1) + " records not written"; !strings.Contains(err.Error(), want) {
			t.Errorf("Close = %q, want %q", err, want)
		}
	})
}
