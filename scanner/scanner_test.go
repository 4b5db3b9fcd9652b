package scanner_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
)

// memSource is an in-memory Source for unit tests: objects are served in
// order; open, when set, overrides Open for one key.
type memSource struct {
	objects []sources.Object
	data    map[string]string
	open    map[string]func(ctx context.Context) (io.ReadCloser, error)
}

func (m *memSource) List(ctx context.Context, fn func(sources.Object) error) error {
	for _, o := range m.objects {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

func (m *memSource) Open(ctx context.Context, o sources.Object) (io.ReadCloser, error) {
	if f := m.open[o.Key]; f != nil {
		return f(ctx)
	}
	return io.NopCloser(strings.NewReader(m.data[o.Key])), nil
}

func (m *memSource) add(key, content string) {
	if m.data == nil {
		m.data = make(map[string]string)
	}
	m.data[key] = content
	m.objects = append(m.objects, sources.Object{Key: key, Path: "/mem/" + key, Size: int64(len(content))})
}

func engine(t testing.TB) *detectors.Engine {
	t.Helper()
	e, err := detectors.Compile(detectors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRunRecordsEveryObject(t *testing.T) {
	src := &memSource{}
	src.add("notes.txt", "first line\nthe card number is 4556 7375 8689 9855 — café\n")
	src.add("people.csv", "name,ssn\nAda,\nBob,536-90-4399\n")
	src.add("orders.jsonl", "{}\n{\"customer\":{\"email\":\"bob.smith@example.org\"}}\n")
	src.add("clean.txt", "nothing to see here\n")
	src.objects = append(src.objects, sources.Object{Key: "locked.txt", Skip: &sources.ObjectError{Status: sources.StatusSkipped, Reason: sources.ReasonPermissionDenied}})
	src.objects = append(src.objects, sources.Object{Key: "gone.txt"}, sources.Object{Key: "weird.txt"})
	src.open = map[string]func(context.Context) (io.ReadCloser, error){
		"gone.txt": func(context.Context) (io.ReadCloser, error) {
			return nil, &sources.ObjectError{Status: sources.StatusSkipped, Reason: sources.ReasonObjectNoLongerAvailable, Err: errors.New("404")}
		},
		"weird.txt": func(context.Context) (io.ReadCloser, error) { return nil, errors.New("disk on fire") },
	}
	sink := &collectSink{}
	summary := findings.NewSummary()
	if err := scanner.Run(context.Background(), src, sink, summary, scanner.Config{Engine: engine(t), Workers: 3}); err != nil {
		t.Fatal(err)
	}
	byKey := make(map[string]*findings.Record)
	for _, r := range sink.records {
		byKey[r.ResourcesAffected.S3Object.Key] = r
	}
	if len(byKey) != len(src.objects) || len(sink.records) != len(src.objects) {
		t.Fatalf("got %d records for %d objects", len(sink.records), len(src.objects))
	}
	wantStatus := map[string][2]string{
		"notes.txt":    {"COMPLETE", ""},
		"people.csv":   {"COMPLETE", ""},
		"orders.jsonl": {"COMPLETE", ""},
		"clean.txt":    {"COMPLETE", ""},
		"locked.txt":   {"SKIPPED", sources.ReasonPermissionDenied},
		"gone.txt":     {"SKIPPED", sources.ReasonObjectNoLongerAvailable},
		"weird.txt":    {"SKIPPED", sources.ReasonInternalError},
	}
	for key, want := range wantStatus {
		st := byKey[key].ClassificationDetails.Result.Status
		if st.Code != want[0] || st.Reason != want[1] {
			t.Errorf("%s: status %+v, want %v", key, st, want)
		}
	}
	assertOccurrence(t, byKey["notes.txt"], "CREDIT_CARD_NUMBER", func(o *findings.Occurrences) bool {
		return len(o.LineRanges) == 1 && o.LineRanges[0] == findings.Range{Start: 2, End: 2, StartColumn: 20}
	})
	assertOccurrence(t, byKey["people.csv"], "USA_SOCIAL_SECURITY_NUMBER", func(o *findings.Occurrences) bool {
		return len(o.Cells) == 1 && o.Cells[0] == findings.Cell{Row: 3, Column: 2, ColumnName: "ssn"}
	})
	assertOccurrence(t, byKey["orders.jsonl"], "EMAIL_ADDRESS", func(o *findings.Occurrences) bool {
		return len(o.Records) == 1 && o.Records[0] == findings.RecordLocation{RecordIndex: 1, JSONPath: "$.customer.email"}
	})
	if got := summary.Objects().Scanned; got != int64(len(src.objects)) {
		t.Errorf("summary counted %d objects, want %d", got, len(src.objects))
	}
	if n := byKey["notes.txt"].ClassificationDetails.Result.SizeClassified; n != int64(len(src.data["notes.txt"])) {
		t.Errorf("sizeClassified %d, want %d", n, len(src.data["notes.txt"]))
	}
}

func assertOccurrence(t *testing.T, r *findings.Record, typ string, ok func(*findings.Occurrences) bool) {
	t.Helper()
	for _, sd := range r.ClassificationDetails.Result.SensitiveData {
		for _, d := range sd.Detections {
			if d.Type == typ {
				if d.Occurrences == nil || !ok(d.Occurrences) {
					t.Errorf("%s: %s occurrences %+v", r.ResourcesAffected.S3Object.Key, typ, d.Occurrences)
				}
				return
			}
		}
	}
	t.Errorf("%s: no %s detection", r.ResourcesAffected.S3Object.Key, typ)
}

// TestRunCancelWritesFinishedRecords: on cancellation, objects finished
// before it keep their records, the object in flight is dropped, and Run
// says it was cancelled.
func TestRunCancelWritesFinishedRecords(t *testing.T) {
	src := &memSource{}
	src.add("a.txt", "a")
	src.add("b.txt", "b")
	src.add("stuck.txt", "")
	for i := range 50 {
		src.add(strings.Repeat("z", i+1)+".txt", "z")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src.open = map[string]func(context.Context) (io.ReadCloser, error){
		"stuck.txt": func(ctx context.Context) (io.ReadCloser, error) {
			cancel()
			<-ctx.Done()
			return nil, ctx.Err()
		},
	}
	sink := &collectSink{}
	err := scanner.Run(ctx, src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	var keys []string
	for _, r := range sink.records {
		keys = append(keys, r.ResourcesAffected.S3Object.Key)
	}
	if strings.Join(keys, ",") != "a.txt,b.txt" {
		t.Errorf("records written: %v, want a.txt,b.txt", keys)
	}
}

// TestRunStopsOnSinkError: a sink that cannot write stops the run with its
// error, and no worker is left blocked.
func TestRunStopsOnSinkError(t *testing.T) {
	src := &memSource{}
	for i := range 200 {
		src.add(strings.Repeat("f", i+1)+".txt", "ssn 536-90-4399")
	}
	boom := errors.New("disk full")
	done := make(chan error, 1)
	go func() {
		done <- scanner.Run(context.Background(), src, failingSink{boom}, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 4})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, boom) {
			t.Fatalf("Run returned %v, want the sink's error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after the sink failed")
	}
}

func TestRunNeedsEngine(t *testing.T) {
	if err := scanner.Run(context.Background(), &memSource{}, &collectSink{}, findings.NewSummary(), scanner.Config{}); err == nil {
		t.Fatal("Run without an engine succeeded")
	}
}

// TestRecordsNeverContainValues: a record says where, never what.
func TestRecordsNeverContainValues(t *testing.T) {
	secrets := []string{"4556737586899855", "536-90-4399", "bob.smith@example.org", "AKIAZ7QW3ERTY5UIOPAS"}
	src := &memSource{}
	src.add("leak.txt", "card 4556737586899855 ssn 536-90-4399 mail bob.smith@example.org key AKIAZ7QW3ERTY5UIOPAS\n")
	src.add("leak.csv", "card,ssn,email\n4556737586899855,536-90-4399,bob.smith@example.org\n")
	var buf bytes.Buffer
	sink := findings.NewJSONLines(&buf)
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t)}); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "CREDIT_CARD_NUMBER") {
		t.Fatalf("nothing detected; the test would prove nothing:\n%s", buf.String())
	}
	for _, s := range secrets {
		if strings.Contains(buf.String(), s) {
			t.Errorf("a record contains the matched value %q", s)
		}
	}
}

type failingSink struct{ err error }

func (f failingSink) Write(context.Context, *findings.Record) error { return f.err }
func (f failingSink) Close() error                                  { return nil }

// panicReader serves some text, then panics, as a decoder bug on a crafted
// file would.
type panicReader struct{ served int }

func (p *panicReader) Read(b []byte) (int, error) {
	const line = "ssn 536-90-4399\n"
	if p.served < 4<<20 { // enough for several chunks to be scanned first
		n := 0
		for n+len(line) <= len(b) {
			n += copy(b[n:], line)
		}
		p.served += n
		return n, nil
	}
	panic("decoder bug")
}

func (p *panicReader) Close() error { return nil }

// TestDecoderPanicIsTheObjectsFailure: a panic while decoding one object
// becomes that object's status; the other objects are scanned.
func TestDecoderPanicIsTheObjectsFailure(t *testing.T) {
	src := &memSource{}
	src.add("before.txt", "mail jane.doe@example.org\n")
	src.objects = append(src.objects, sources.Object{Key: "crafted.txt", Path: "/mem/crafted.txt"})
	src.add("after.txt", "mail john.doe@example.org\n")
	src.open = map[string]func(context.Context) (io.ReadCloser, error){
		"crafted.txt": func(context.Context) (io.ReadCloser, error) { return &panicReader{}, nil },
	}
	sink := &collectSink{}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1}); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range sink.records {
		st := r.ClassificationDetails.Result.Status
		status[r.ResourcesAffected.S3Object.Key] = st.Code + " " + st.Reason
	}
	if status["before.txt"] != "COMPLETE " || status["after.txt"] != "COMPLETE " {
		t.Errorf("statuses %v: the other objects must be scanned", status)
	}
	if got := status["crafted.txt"]; got != "PARTIAL INTERNAL_ERROR" {
		t.Errorf("crafted.txt: %q, want PARTIAL INTERNAL_ERROR (a chunk was scanned before the panic)", got)
	}
}

// TestOccurrenceCap: past --max-occurrences an occurrence is counted, not
// listed; the listed ones keep their exact paths.
func TestOccurrenceCap(t *testing.T) {
	src := &memSource{}
	src.add("cap.json", `{"contacts":["a1@example.org","a2@example.org","a3@example.org","a4@example.org","a5@example.org"]}`)
	sink := &collectSink{}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), MaxOccurrences: 2}); err != nil {
		t.Fatal(err)
	}
	d := sink.records[0].ClassificationDetails.Result.SensitiveData[0].Detections[0]
	want := []findings.RecordLocation{{RecordIndex: 0, JSONPath: "$.contacts[0]"}, {RecordIndex: 0, JSONPath: "$.contacts[1]"}}
	if d.Count != 5 || len(d.Occurrences.Records) != 2 || d.Occurrences.Records[0] != want[0] || d.Occurrences.Records[1] != want[1] {
		t.Errorf("count %d, occurrences %+v; want 5 counted and %+v listed", d.Count, d.Occurrences.Records, want)
	}
	if !sink.records[0].ClassificationDetails.Result.AdditionalOccurrences {
		t.Error("additionalOccurrences not set past the cap")
	}
}

// TestTextChunkCuts: around the places where the text decoder cuts a file
// into chunks (a line break an overlap before the end of each 512 KiB read),
// a PEM block running over the cut is reported whole, once, with its first
// and last lines, and a keyword on the line before the cut is context for
// a value on the line after it.
func TestTextChunkCuts(t *testing.T) {
	const filler = "the quick brown fox jumps over.\n" // 32 bytes
	const read, overlap = 512 << 10, sources.Overlap
	body := "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
	src := &memSource{}
	type want struct {
		typ        string
		start, end int64
	}
	wants := map[string]want{}
	for i, at := range []int{read - overlap - 300, read - overlap - 40, read - overlap, read - overlap + 64, read - 700, read - 40} {
		var b strings.Builder
		line := int64(1)
		for b.Len()+len(filler) <= at {
			b.WriteString(filler)
			line++
		}
		key := fmt.Sprintf("pem-%d.txt", i)
		b.WriteString("-----BEGIN PRIVATE KEY-----\n")
		for range 20 {
			b.WriteString(body)
		}
		b.WriteString("-----END PRIVATE KEY-----\n")
		for b.Len() < read+read/2 {
			b.WriteString(filler)
		}
		src.add(key, b.String())
		wants[key] = want{"PKCS", line, line + 21}
	}
	for i, at := range []int{read - overlap - 32, read - overlap, read - overlap + 32} {
		var b strings.Builder
		line := int64(1)
		for b.Len()+len(filler) <= at-len("customer SSN:\n") {
			b.WriteString(filler)
			line++
		}
		b.WriteString("customer SSN:\n536-22-8726 on file.\n")
		for b.Len() < read+read/2 {
			b.WriteString(filler)
		}
		key := fmt.Sprintf("ssn-%d.txt", i)
		src.add(key, b.String())
		wants[key] = want{"USA_SOCIAL_SECURITY_NUMBER", line + 1, line + 1}
	}
	sink := &collectSink{}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if len(sink.records) != len(wants) {
		t.Fatalf("%d records for %d objects", len(sink.records), len(wants))
	}
	for _, r := range sink.records {
		key := r.ResourcesAffected.S3Object.Key
		w := wants[key]
		var got []string
		for _, sd := range r.ClassificationDetails.Result.SensitiveData {
			for _, d := range sd.Detections {
				for _, lr := range d.Occurrences.LineRanges {
					got = append(got, fmt.Sprintf("%s %d-%d:%d", d.Type, lr.Start, lr.End, lr.StartColumn))
				}
			}
		}
		if exp := fmt.Sprintf("%s %d-%d:1", w.typ, w.start, w.end); len(got) != 1 || got[0] != exp {
			t.Errorf("%s: %v, want [%s]", key, got, exp)
		}
	}
}

// TestRecordsSameLentOrEncoded checks that records built over the workers'
// reused memory (Config.LendRecords), and records the workers encode
// outside the sink's lock (findings.EncodingSink), come out exactly as
// copied records that Write encodes: on objects of every location kind, an
// archive's members and objects with no findings between them, with
// several workers.
func TestRecordsSameLentOrEncoded(t *testing.T) {
	src := &memSource{}
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	for _, m := range []struct{ name, body string }{
		{"a/notes.txt", "card 4556 7375 8689 9855\nmail bob.smith@example.org\n"},
		{"b/people.csv", "name,ssn\nBob,536-90-4399\nAda,078-05-1121\n"},
	} {
		f, err := zw.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, m.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		src.add(fmt.Sprintf("notes-%d.txt", i), strings.Repeat(fmt.Sprintf("line %d: mail bob.smith@example.org card 4556 7375 8689 9855\n", i), i+1))
		src.add(fmt.Sprintf("people-%d.csv", i), "name,ssn,email\n"+strings.Repeat("Bob,536-90-4399,ada@example.com\n", 2*i+1))
		src.add(fmt.Sprintf("orders-%d.jsonl", i), strings.Repeat("{\"customer\":{\"email\":\"bob.smith@example.org\"},\"n\":[1,2]}\n", i+2))
		src.add(fmt.Sprintf("clean-%d.txt", i), "nothing to see here\n")
		if i%4 == 0 {
			src.add(fmt.Sprintf("bundle-%d.zip", i), zipped.String())
		}
	}
	// plainSink hides the JSON Lines sink's EncodingSink methods.
	type plainSink struct{ findings.Sink }
	run := func(lend, encode bool) []string {
		var buf bytes.Buffer
		sink := findings.NewJSONLines(&buf)
		if _, ok := sink.(findings.EncodingSink); !ok {
			t.Fatal("the JSON Lines sink is not an EncodingSink")
		}
		if !encode {
			sink = plainSink{sink}
		}
		cfg := scanner.Config{Engine: engine(t), Workers: 3, MaxOccurrences: 4, LendRecords: lend}
		if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), cfg); err != nil {
			t.Fatal(err)
		}
		if err := sink.Close(); err != nil {
			t.Fatal(err)
		}
		// Ids and times differ between runs, and completion order between
		// workers.
		unstable := regexp.MustCompile(`"(id|createdAt|updatedAt|jobId)":"[^"]*"`)
		lines := strings.Split(strings.TrimSpace(unstable.ReplaceAllString(buf.String(), `"$1":""`)), "\n")
		slices.Sort(lines)
		return lines
	}
	want := run(false, false)
	if len(want) != len(src.objects)+3*2 {
		t.Fatalf("%d records for %d objects and 3 archives of 2 files", len(want), len(src.objects))
	}
	for _, c := range []struct{ lend, encode bool }{{true, false}, {false, true}, {true, true}} {
		got := run(c.lend, c.encode)
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("lent %v, encoded %v: records differ; first difference:\n%s\nwant\n%s", c.lend, c.encode, got[i], want[i])
				}
			}
			t.Fatalf("lent %v, encoded %v: %d lines, want %d", c.lend, c.encode, len(got), len(want))
		}
	}
}

// TestCustomAnchorsPerValue runs custom identifiers with anchors through
// the whole pipeline: in CSV and JSON Lines they anchor to each value, in
// text to the file's start and end, also in a text file of several chunks,
// and (?m) anchors to lines.
func TestCustomAnchorsPerValue(t *testing.T) {
	e, err := detectors.Compile(detectors.Options{Managed: []string{}, Custom: []detectors.CustomDataIdentifier{
		{Name: "WHOLE9", Regex: `^\d{9}$`},
		{Name: "FIRST", Regex: `^START-\d+`},
		{Name: "LAST", Regex: `END-\d+$`},
		{Name: "LINE9", Regex: `(?m)^\d{9}$`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// long.txt is several chunks, each starting on a line that starts with
	// START- and is reported from its first byte: its lines are longer than
	// the context a chunk carries before its first reported line.
	long := strings.Repeat("START-3 "+strings.Repeat("x", 5000)+" END-4\n123456789\n", 200) + "START-1 x END-2"
	src := &memSource{}
	src.add("a.csv", "id,acct\n1,123456789\n2,987654321\n3,12345678\n4,x123456789\n")
	src.add("b.jsonl", "{\"acct\":\"123456789\"}\n{\"acct\":\"555555555\",\"n\":\"START-7\"}\n")
	src.add("c.txt", "123456789\n987654321\n")
	src.add("d.txt", "123456789")
	src.add("long.txt", long)
	sink := &collectSink{}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: e, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range sink.records {
		for _, d := range r.ClassificationDetails.Result.CustomDataIdentifiers.Detections {
			got[r.ResourcesAffected.S3Object.Key+" "+d.Name] = d.Count
		}
	}
	want := map[string]int64{
		"a.csv WHOLE9": 2, "a.csv LINE9": 2,
		"b.jsonl WHOLE9": 2, "b.jsonl LINE9": 2, "b.jsonl FIRST": 1,
		"c.txt LINE9":  2,
		"d.txt WHOLE9": 1, "d.txt LINE9": 1,
		"long.txt FIRST": 1, "long.txt LAST": 1, "long.txt LINE9": 200,
	}
	if !maps.Equal(got, want) {
		t.Errorf("counts %v\nwant %v", got, want)
	}
}
