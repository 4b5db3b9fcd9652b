package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	pq "github.com/parquet-go/parquet-go"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
	"github.com/piiscan/piiscan/testcorpus"
)

// eventRow is a row of an event table as data lakes hold them: most of
// its bytes are times and IDs, which hold nothing to find and which the
// decoder does not fetch; the odd row has an e-mail address.
type eventRow struct {
	Email     *string   `parquet:"email,optional"`
	EventTime time.Time `parquet:"event_time,timestamp"`
	UserID    int64     `parquet:"user_id"`
}

// eventsParquet writes rows of events, one in every 1,000 with an e-mail
// address, in row groups of 100,000, and returns the file and the number
// of addresses.
func eventsParquet(t *testing.T, rows int) ([]byte, int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	w := pq.NewGenericWriter[eventRow](&buf, pq.MaxRowsPerRowGroup(100_000))
	batch := make([]eventRow, 0, 10_000)
	emails := 0
	for i := range rows {
		r := eventRow{EventTime: start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))), UserID: int64(i)}
		if i%1000 == 0 {
			e := fmt.Sprintf("customer.%d@mail-example.org", i)
			r.Email = &e
			emails++
		}
		batch = append(batch, r)
		if len(batch) == cap(batch) || i == rows-1 {
			if _, err := w.Write(batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), emails
}

// recordSink keeps the records of a scan by key (the last of an
// object's, when an archive's files have records of their own), and all
// of them in the order written.
type recordSink struct {
	mu   sync.Mutex
	recs map[string]*findings.Record
	all  []*findings.Record
}

func (s *recordSink) Write(_ context.Context, r *findings.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recs == nil {
		s.recs = map[string]*findings.Record{}
	}
	s.recs[r.ResourcesAffected.S3Object.Key] = r
	s.all = append(s.all, r)
	return nil
}

func (s *recordSink) Close() error { return nil }

// scanThrough scans s3://bucket/prefix with an S3 client that goes through
// proxy, with the workers given, and returns the records by key.
func scanThrough(t *testing.T, s *servers, proxy *cutProxy, bucket, prefix string, opts s3source.Options, workers int) map[string]*findings.Record {
	t.Helper()
	return scanVia(t, s, proxy.url(), bucket, prefix, opts, workers)
}

// scanVia scans s3://bucket/prefix with an S3 client whose endpoint is
// endpoint (a proxy's), with the workers given, and returns the records
// by key.
func scanVia(t *testing.T, s *servers, endpoint, bucket, prefix string, opts s3source.Options, workers int) map[string]*findings.Record {
	t.Helper()
	return scanViaSink(t, s, endpoint, bucket, prefix, opts, workers).recs
}

// scanViaSink is scanVia returning the sink with every record.
func scanViaSink(t *testing.T, s *servers, endpoint, bucket, prefix string, opts s3source.Options, workers int) *recordSink {
	t.Helper()
	client := s3.NewFromConfig(s.clients.Config, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
		o.Region = "us-east-1"
		o.DisableLogOutputChecksumValidationSkipped = true
	})
	sink := &recordSink{}
	src := s3source.New(client, bucket, prefix, opts)
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: compileEngine(t), Workers: workers}); err != nil {
		t.Fatalf("scan s3://%s/%s: %v", bucket, prefix, err)
	}
	return sink
}

// compileEngine compiles the default catalogue.
func compileEngine(t *testing.T) *detectors.Engine {
	t.Helper()
	engine, err := detectors.Compile(detectors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return engine
}

// found returns how many occurrences of type id a record reports.
func found(r *findings.Record, id string) int64 {
	var n int64
	for _, sd := range r.ClassificationDetails.Result.SensitiveData {
		for _, d := range sd.Detections {
			if d.Type == id {
				n += d.Count
			}
		}
	}
	return n
}

// TestS3ParquetIsNotDownloadedWhole scans Parquet objects in MinIO through
// a proxy that counts what reaches the client: every planted value is
// found, yet the client receives a small part of the objects' bytes —
// the first 64 KiB, the footer and the one column that can hold
// something — where a GET of each whole object used to start as well.
func TestS3ParquetIsNotDownloadedWhole(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	data, emails := eventsParquet(t, 600_000)
	const objects = 3
	for i := range objects {
		s.put(t, bucket, fmt.Sprintf("events/part-%d.parquet", i), data)
	}
	// One at a time, so that the connections used can be told.
	proxy := newCutProxy(t, s, -1, false)
	recs := scanThrough(t, s, proxy, bucket, "events/", s3source.Options{OpenAhead: -1}, 1)
	conns, received := proxy.stats()
	total := int64(objects * len(data))
	t.Logf("%d objects of %d bytes: %d bytes received over %d connections; requests %q", objects, len(data), received, conns, proxy.seen())

	if len(recs) != objects {
		t.Fatalf("%d records, want %d", len(recs), objects)
	}
	for key, r := range recs {
		if st := r.ClassificationDetails.Result.Status; st.Code != "COMPLETE" {
			t.Errorf("%s: status %s %s, want COMPLETE", key, st.Code, st.Reason)
		}
		if n := found(r, "EMAIL_ADDRESS"); n != int64(emails) {
			t.Errorf("%s: %d e-mail addresses found, want %d", key, n, emails)
		}
	}
	if received > total/10 {
		t.Errorf("the client received %d bytes of %d in the objects, want under a tenth", received, total)
	}
	head := fmt.Sprintf("range=bytes=0-%d", 64<<10-1)
	heads := 0
	for _, req := range proxy.seen() {
		if !strings.HasPrefix(req, "GET /"+bucket+"/events/") {
			continue
		}
		if strings.HasSuffix(req, " range=") {
			t.Errorf("%s: a GET of a whole object", req)
		}
		if strings.HasSuffix(req, head) {
			heads++
		}
	}
	if heads != objects {
		t.Errorf("%d GETs of the first 64 KiB, want one per object (%d)", heads, objects)
	}
	// The heads are read to their end at Close, so their connections serve
	// the next object's requests: two in all, one for the head of the
	// object scanned and one for its ranged reads. A connection dropped
	// with each object would make one more per object.
	if conns > 2 {
		t.Errorf("%d connections for %d objects scanned one after the other, want 2", conns, objects)
	}
}

// TestS3MisnamedParquetIsReadWhole: an object whose key says Parquet but
// whose content is streamed (an Avro file) is read to its end, past the
// head, and yields what the same bytes under their own name yield; the
// stream of a CSV file called .parquet is complete too.
func TestS3MisnamedParquetIsReadWhole(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	dir := t.TempDir()
	m, err := testcorpus.Generate(dir, testcorpus.Options{Seed: 5, Files: 1, Rows: 5000, Density: 0.05,
		Formats: []string{"avro"}, ManifestPath: filepath.Join(t.TempDir(), "m.json")})
	if err != nil {
		t.Fatal(err)
	}
	avro, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(m.Files[0].Path)))
	if err != nil {
		t.Fatal(err)
	}
	if len(avro) < 4*64<<10 {
		t.Fatalf("an Avro file of %d bytes: too small to tell", len(avro))
	}
	s.put(t, bucket, "data/named.avro", avro)
	s.put(t, bucket, "data/misnamed.parquet", avro)

	proxy := newCutProxy(t, s, -1, false)
	recs := scanThrough(t, s, proxy, bucket, "data/", s3source.Options{}, 2)
	t.Logf("requests: %q", proxy.seen())
	named, misnamed := recs["data/named.avro"], recs["data/misnamed.parquet"]
	if named == nil || misnamed == nil {
		t.Fatalf("records for %v, want both objects", recs)
	}
	for _, r := range []*findings.Record{named, misnamed} {
		if st := r.ClassificationDetails.Result.Status; st.Code != "COMPLETE" {
			t.Errorf("%s: status %s %s, want COMPLETE", r.ResourcesAffected.S3Object.Key, st.Code, st.Reason)
		}
	}
	if a, b := named.TotalCount(), misnamed.TotalCount(); a == 0 || a != b || named.ClassificationDetails.Result.SizeClassified != misnamed.ClassificationDetails.Result.SizeClassified {
		t.Errorf("misnamed: %d occurrences in %d bytes; named: %d in %d", b, misnamed.ClassificationDetails.Result.SizeClassified,
			a, named.ClassificationDetails.Result.SizeClassified)
	}
	// Open fetched its tail too, for nothing: what a misnamed object
	// costs.
	tail := fmt.Sprintf("range=bytes=%d-%d", len(avro)-65<<10, len(avro)-1)
	var gets []string
	tails := 0
	for _, req := range proxy.seen() {
		if strings.HasPrefix(req, "GET /"+bucket+"/data/misnamed.parquet ") {
			if g := strings.TrimPrefix(req, "GET /"+bucket+"/data/misnamed.parquet "); g != tail {
				gets = append(gets, g)
			} else {
				tails++
			}
		}
	}
	if tails != 1 {
		t.Errorf("%d GETs of the tail (%s), want the one Open starts", tails, tail)
	}
	if want := []string{fmt.Sprintf("range=bytes=0-%d", 64<<10-1), fmt.Sprintf("range=bytes=%d-", 64<<10)}; strings.Join(gets, " ") != strings.Join(want, " ") {
		t.Errorf("GETs of the misnamed object: %q, want %q", gets, want)
	}

	// The stream itself, read to the end: a CSV file called .parquet.
	csv := bytes.Repeat([]byte("name,email\nJane Doe,jane.doe@mail-example.org\n"), 10_000)
	s.put(t, bucket, "csv/table.parquet", csv)
	var obj sources.Object
	if err := s3source.New(s.clients.S3, bucket, "csv/", s3source.Options{}).List(context.Background(), func(o sources.Object) error { obj = o; return nil }); err != nil {
		t.Fatal(err)
	}
	o, err := s3source.New(s.clients.S3, bucket, "csv/", s3source.Options{}).OpenObject(context.Background(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	got, err := io.ReadAll(o)
	if err != nil || !bytes.Equal(got, csv) || o.Resumed() != 0 {
		t.Fatalf("read %d bytes (%v) with %d resumes, want the %d stored and none", len(got), err, o.Resumed(), len(csv))
	}
}
