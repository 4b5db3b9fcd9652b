package scanner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources"
)

// batchValues are cell and JSON values to build chunks from: sensitive
// ones of several types, near misses, and plain text.
var batchValues = []string{
	"bob.smith@example.org", "ada@example.com", "536-90-4399", "078-05-1121", "4556 7375 8689 9855", "4111111111111111",
	"DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "+1 415 555 0134", "AKIAIOSFODNN7EXAMPLE",
	"Jane Smith", "Köln", "2020-01-09T22:10:24Z", "1000.25", "ORD-2025-243974", "tok_t7ymzezhk55cox6bpjteqfql",
	"see CRM", "ssn 536-90-4399 on file", "card: 4556737586899855", "mail me at x@y.io", "12345", "",
	strings.Repeat("lorem ipsum ", 40), strings.Repeat("4556 7375 8689 9855 ", 30),
	// keywords alone, which must not reach a value in the next chunk
	"ssn", "social security number", "credit card", "email", "iban", "passport", "phone", "aws_access_key_id", "dob",
	"123-45-6789", "4556737586899855", "A12345678", "1985-04-12",
}

// batchFields are chunk fields: columns and JSON paths, with and without
// keyword context, several sharing one.
var batchFields = []string{"id", "email", "notes", "ssn", "card_number", "city", "$.customer.email", "$.payment.card_number", "$.items[].sku", "$.a[].b[].c", "iban", "phone", "$.note"}

// randomChunks returns a sequence of Cells and Records chunks as decoders
// emit them: mostly small ones, some past the batching limit, some that
// cannot be batched (a report window, Paths, an archive member).
func randomChunks(r *rand.Rand) []*sources.Chunk {
	var out []*sources.Chunk
	emb := &sources.EmbeddedFile{FilePath: "in/a.csv", FileSize: 9}
	for range 1 + r.IntN(30) {
		field := batchFields[r.IntN(len(batchFields))]
		ch := &sources.Chunk{Kind: sources.Cells, Field: field, Column: int64(1 + r.IntN(20))}
		if strings.HasPrefix(field, "$") {
			ch.Kind = sources.Records
			ch.Column = 0
		}
		n := 1 + r.IntN(8)
		if r.IntN(10) == 0 {
			n = 300 // past maxBatchedChunk
		}
		// Bases more than 2^32 apart, as a huge object's batches have.
		ch.IndexBase = []int64{0, 2, 1 << 32, 5<<32 + 3}[r.IntN(4)]
		slots := strings.Count(field, "[]")
		if ch.Kind == sources.Records && slots > 0 {
			at := 0
			for range slots {
				i := strings.Index(field[at:], "[]")
				ch.FieldSlots = append(ch.FieldSlots, at+i)
				at += i + 2
			}
		}
		for v := range n {
			if v > 0 {
				ch.Data = append(ch.Data, sources.ValueSeparator)
			}
			ch.Starts = append(ch.Starts, int32(len(ch.Data)))
			ch.Data = append(ch.Data, batchValues[r.IntN(len(batchValues))]...)
			ch.IndexDelta = append(ch.IndexDelta, uint32(v+r.IntN(3)))
			for range slots {
				ch.Positions = append(ch.Positions, int64(r.IntN(5)))
			}
		}
		switch r.IntN(12) {
		case 0:
			ch.ReportFrom = 1
		case 1:
			if ch.Kind == sources.Records {
				for i := range n {
					ch.Paths = append(ch.Paths, fmt.Sprintf("%s#%d", field, i))
				}
			}
		case 2:
			ch.Embedded = emb
		}
		out = append(out, ch)
	}
	return out
}

// checkBatching scans chunks through the worker, whose small chunks wait
// in batches, and one by one, each alone in its batch, and compares the
// records.
func checkBatching(t *testing.T, e *detectors.Engine, chunks []*sources.Chunk, maxOcc int) {
	t.Helper()
	sev := newSeverityTable(e)
	build := func(batched bool) []*findings.Record {
		w := newWorker(nil, Config{Engine: e, MaxOccurrences: maxOcc}, sev)
		w.agg.Now = func() (t0 time.Time) { return }
		w.agg.NewID = func() string { return "id" }
		w.agg.Reset()
		for _, ch := range chunks {
			if err := w.scanChunk(ch); err != nil {
				t.Fatal(err)
			}
			if !batched {
				w.flushBatch()
			}
		}
		w.flushBatch()
		info := findings.ObjectInfo{Key: "k"}
		recs := []*findings.Record{w.agg.Build(info, findings.Status{Code: "COMPLETE"}, 0, "", findings.JobInfo{}, sev.severity)}
		return append(recs, w.agg.BuildEmbedded(info, findings.JobInfo{}, sev.severity)...)
	}
	got, want := build(true), build(false)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("batched records differ\ngot  %s\nwant %s", got[0].AppendJSON(nil, false), want[0].AppendJSON(nil, false))
	}
}

// TestBatchedChunksSameAsAlone checks that scanning small chunks together
// reports exactly what scanning each alone does, in the same order, over
// random sequences of chunks and occurrence caps.
func TestBatchedChunksSameAsAlone(t *testing.T) {
	e := batchEngine(t)
	r := rand.New(rand.NewPCG(20261123, 7))
	found := false
	for trial := range 300 {
		chunks := randomChunks(r)
		checkBatching(t, e, chunks, []int{1, 3, 1000}[trial%3])
		found = found || len(chunks) > 0
	}
	if !found {
		t.Fatal("no chunks: the test checks nothing")
	}
}

// TestBatchingWithCustomIdentifiers: an engine with custom identifiers,
// anchored ones among them, reports the same batched as alone, and an
// anchored identifier finds every value it matches, not only each chunk's
// first.
func TestBatchingWithCustomIdentifiers(t *testing.T) {
	e, err := detectors.Compile(detectors.Options{Custom: []detectors.CustomDataIdentifier{
		{Name: "STARTS_WITH_CODE", Regex: `^CODE-\d{4}`},
		{Name: "WHOLE_SSN", Regex: `^\d{3}-\d{2}-\d{4}$`},
		{Name: "ENDS_EXAMPLE", Regex: `@example\.(?:org|com)$`},
		{Name: "LINE_WORD", Regex: `(?m)^[a-z]+$`},
		{Name: "NEAR_EMAIL", Regex: `[a-z]+@`, Keywords: []string{"email", "mail me"}},
		{Name: "PLAIN", Regex: `\d{4} \d{4}`, IgnoreWords: []string{"9855"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(20261123, 8))
	for trial := range 200 {
		checkBatching(t, e, randomChunks(r), []int{1, 3, 1000}[trial%3])
	}
	var chunks []*sources.Chunk
	for col := range 3 {
		data := []byte("CODE-1234\x00CODE-5678")
		chunks = append(chunks, &sources.Chunk{Kind: sources.Cells, Field: "notes", Column: int64(col + 1), Data: data, Starts: []int32{0, 10}, IndexBase: 2, IndexDelta: []uint32{0, 1}})
	}
	checkBatching(t, e, chunks, 100)
	rec := batchedRecord(t, e, chunks)
	if n := rec.ClassificationDetails.Result.CustomDataIdentifiers.TotalCount; n != 6 {
		t.Errorf("%d anchored matches, want one per value (6)", n)
	}
}

// batchedRecord scans chunks, which must all go into one batch, with a
// worker and returns the object's record.
func batchedRecord(t *testing.T, e *detectors.Engine, chunks []*sources.Chunk) *findings.Record {
	t.Helper()
	w := newWorker(nil, Config{Engine: e, MaxOccurrences: 100}, newSeverityTable(e))
	w.agg.Reset()
	for _, ch := range chunks {
		if err := w.scanChunk(ch); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.pending.parts) != len(chunks) {
		t.Fatalf("%d chunks batched, want %d", len(w.pending.parts), len(chunks))
	}
	w.flushBatch()
	return w.agg.Build(findings.ObjectInfo{Key: "k"}, findings.Status{Code: "COMPLETE"}, 0, "", findings.JobInfo{}, nil)
}

// TestBatchKeepsEachPartsIndexBase: chunks batched together keep their own
// IndexBase, though their bases are more than 2^32 apart (the batches of a
// huge object's columns, or of one column past its 2^32nd row).
func TestBatchKeepsEachPartsIndexBase(t *testing.T) {
	e := batchEngine(t)
	const far = 6<<32 + 5
	chunks := []*sources.Chunk{
		{Kind: sources.Cells, Field: "email", Column: 1, Data: []byte("bob.smith@example.org\x00ada@example.com"), Starts: []int32{0, 22}, IndexBase: far, IndexDelta: []uint32{0, 1<<32 - 1}},
		{Kind: sources.Cells, Field: "email", Column: 2, Data: []byte("x@y.io"), Starts: []int32{0}, IndexBase: 2, IndexDelta: []uint32{7}},
		{Kind: sources.Cells, Field: "email", Column: 3, Data: []byte("z@y.io"), Starts: []int32{0}, IndexBase: far + 1<<32, IndexDelta: []uint32{3}},
	}
	rec := batchedRecord(t, e, chunks)
	var got []findings.Cell
	for _, d := range rec.ClassificationDetails.Result.SensitiveData {
		for _, det := range d.Detections {
			got = append(got, det.Occurrences.Cells...)
		}
	}
	want := []findings.Cell{
		{Row: far, Column: 1, ColumnName: "email"}, {Row: far + 1<<32 - 1, Column: 1, ColumnName: "email"},
		{Row: 9, Column: 2, ColumnName: "email"}, {Row: far + 1<<32 + 3, Column: 3, ColumnName: "email"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cells %+v, want %+v", got, want)
	}
}

// FuzzBatchedChunks is TestBatchedChunksSameAsAlone from fuzzed seeds.
func FuzzBatchedChunks(f *testing.F) {
	for _, s := range []uint64{0, 1, 2, 3, 42} {
		f.Add(s, uint8(3))
	}
	e := batchEngine(f)
	f.Fuzz(func(t *testing.T, seed uint64, maxOcc uint8) {
		checkBatching(t, e, randomChunks(rand.New(rand.NewPCG(seed, seed>>7))), int(maxOcc))
	})
}

func batchEngine(t testing.TB) *detectors.Engine {
	t.Helper()
	e, err := detectors.Compile(detectors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestBatchAfterDecoderPanic: chunks a decoder emitted before it panicked
// are reported though they were still waiting in a batch; a panic while
// the batch itself is scanned, at the end of an object's decoding or in
// that recovery, becomes the object's failure and drops the batch.
func TestBatchAfterDecoderPanic(t *testing.T) {
	e := batchEngine(t)
	chunks := []*sources.Chunk{
		{Kind: sources.Cells, Field: "email", Column: 1, Data: []byte("bob.smith@example.org\x00ada@example.com"), Starts: []int32{0, 22}, IndexBase: 2, IndexDelta: []uint32{0, 1}},
		{Kind: sources.Cells, Field: "email", Column: 2, Data: []byte("x@y.io"), Starts: []int32{0}, IndexBase: 2, IndexDelta: []uint32{0}},
	}
	newW := func() *worker {
		w := newWorker(nil, Config{Engine: e, MaxOccurrences: 100, Logger: slog.New(slog.DiscardHandler)}, newSeverityTable(e))
		w.agg.Reset()
		return w
	}
	emails := func(w *worker) int64 {
		rec := w.agg.Build(findings.ObjectInfo{Key: "k"}, findings.Status{Code: "PARTIAL"}, 0, "", findings.JobInfo{}, nil)
		var n int64
		for _, d := range rec.ClassificationDetails.Result.SensitiveData {
			n += d.TotalCount
		}
		return n
	}

	// A decoder panic with chunks waiting: they are scanned.
	w := newW()
	for _, ch := range chunks {
		if err := w.scanChunk(ch); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.pending.parts) != 2 {
		t.Fatalf("%d chunks batched, want 2", len(w.pending.parts))
	}
	w.flushAfterPanic()
	if len(w.pending.parts) != 0 || emails(w) != 3 {
		t.Fatalf("after the panic, %d chunks still batched; want the 3 e-mail addresses reported", len(w.pending.parts))
	}

	// The engine's scan of the batch panics: at the end of decoding, and
	// again in the recovery's flush, where nothing else would catch it.
	w = newW()
	scans := 0
	w.onBatched = func(detectors.Match) { scans++; panic("engine bug") }
	_, err := w.decode(context.Background(), strings.NewReader("email,other\nbob.smith@example.org,x@y.io\n"), sources.Object{Key: "a.csv", Path: "/mem/a.csv"})
	var oe *sources.ObjectError
	if !errors.As(err, &oe) || oe.Reason != sources.ReasonInternalError {
		t.Fatalf("decode: %v, want the object's INTERNAL_ERROR", err)
	}
	if scans != 1 || len(w.pending.parts) != 0 || w.pending.scanning {
		t.Errorf("the batch was scanned %d times (want 1) and left with %d chunks, scanning %v", scans, len(w.pending.parts), w.pending.scanning)
	}
}
