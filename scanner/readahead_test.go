package scanner_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"sync"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
)

// atSource serves one object read at offsets, as an S3 object is, and
// counts the reads in flight at once. It asks to be opened ahead (as a
// source that waits on the network does) when ahead > 0.
type atSource struct {
	obj   sources.Object
	data  []byte
	ahead int
	// wait makes each read wait up to 300 ms for another to be in
	// flight, until two have been: reads made one after the other never
	// are.
	wait bool

	mu             sync.Mutex
	inFlight, peak int
}

func (s *atSource) List(ctx context.Context, fn func(sources.Object) error) error { return fn(s.obj) }

func (s *atSource) Open(ctx context.Context, o sources.Object) (io.ReadCloser, error) {
	return &atObject{Reader: bytes.NewReader(s.data), src: s}, nil
}

// atAheadSource is an atSource that asks to be opened ahead.
type atAheadSource struct{ *atSource }

func (s atAheadSource) OpenAhead() int { return s.ahead }

type atObject struct {
	*bytes.Reader
	src *atSource
}

func (o *atObject) Close() error { return nil }

func (o *atObject) ReadAt(p []byte, off int64) (int, error) {
	s := o.src
	s.mu.Lock()
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	s.mu.Unlock()
	for deadline := time.Now().Add(300 * time.Millisecond); s.wait && time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
		s.mu.Lock()
		done := s.peak >= 2
		s.mu.Unlock()
		if done {
			break
		}
	}
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	return o.Reader.ReadAt(p, off)
}

type contactRow struct {
	ID    int64  `parquet:"id"`
	Email string `parquet:"email"`
	Note  string `parquet:"note"`
}

// TestRemoteParquetReadAhead: the column chunks of a Parquet object of a
// source that waits on the network are read several at once, with the
// findings of the same file read on demand; a local file (no bucket, in
// a scan of local paths and buckets both), or an object of a source that
// does not wait on the network, is read one read at a time.
func TestRemoteParquetReadAhead(t *testing.T) {
	rows := make([]contactRow, 60_000)
	for i := range rows {
		rows[i] = contactRow{ID: int64(i), Email: fmt.Sprintf("user%d@example.com", i), Note: fmt.Sprintf("order %d shipped to the usual address, no issues reported", i)}
	}
	var buf bytes.Buffer
	w := pq.NewGenericWriter[contactRow](&buf)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if len(data) < 3<<20 {
		t.Fatalf("a file of %d bytes: too small for reads ahead", len(data))
	}
	var want *findings.ClassificationResult
	for _, tc := range []struct {
		name     string
		bucket   string
		ahead    bool
		together bool
	}{
		{"local source", "", false, false},
		{"remote source", "lake", true, true},
		{"local file, remote sources too", "", true, false},
		{"bucket, no open-ahead", "lake", false, false},
	} {
		s := &atSource{obj: sources.Object{Bucket: tc.bucket, Key: "contacts.parquet", Path: "contacts.parquet", Size: int64(len(data))}, data: data, ahead: 4, wait: tc.together}
		var src sources.Source = s
		if tc.ahead {
			src = atAheadSource{s}
		}
		sink := &collectSink{}
		if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1}); err != nil {
			t.Fatal(err)
		}
		if len(sink.records) != 1 {
			t.Fatalf("%s: %d records", tc.name, len(sink.records))
		}
		got := sink.records[0].ClassificationDetails.Result
		if got.Status.Code != sources.StatusComplete || len(got.SensitiveData) == 0 {
			t.Fatalf("%s: status %+v, %d kinds of findings", tc.name, got.Status, len(got.SensitiveData))
		}
		if want == nil {
			want = &got
		} else if !reflect.DeepEqual(got.SensitiveData, want.SensitiveData) {
			t.Errorf("%s: findings differ from the local source's", tc.name)
		}
		switch {
		case tc.together && s.peak < 2:
			t.Errorf("%s: at most %d read at once", tc.name, s.peak)
		case !tc.together && s.peak != 1:
			t.Errorf("%s: %d reads at once", tc.name, s.peak)
		}
	}
}
