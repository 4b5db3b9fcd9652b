package e2e

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources/s3source"
)

// csvZip returns a zip archive of n deflated CSV members of about
// memberBytes each, every one with e-mail addresses in it, and the number
// of addresses in all.
func csvZip(t *testing.T, n, memberBytes int) ([]byte, int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	emails := 0
	for i := range n {
		w, err := zw.Create(fmt.Sprintf("export/part-%03d.csv", i))
		if err != nil {
			t.Fatal(err)
		}
		var m bytes.Buffer
		m.WriteString("id,email,amount,note\n")
		for row := 0; m.Len() < memberBytes; row++ {
			email := ""
			if row%200 == 0 {
				email = fmt.Sprintf("user.%d.%d@mail-example.org", i, row)
				emails++
			}
			// Random digits: the archive is about as large as its content,
			// as exports of IDs and amounts are.
			fmt.Fprintf(&m, "%d,%s,%d.%02d,%x\n", rng.Int64(), email, rng.IntN(100_000), rng.IntN(100), rng.Uint64())
		}
		if _, err := w.Write(m.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), emails
}

// objectRecord returns the record of the object key itself, not one of
// an archive's files.
func objectRecord(sink *recordSink, key string) *findings.Record {
	for _, r := range sink.all {
		if o := r.ResourcesAffected.S3Object; o.Key == key && o.EmbeddedFileDetails == nil {
			return r
		}
	}
	return nil
}

// getRange parses a request line of rangeProxy: the bytes [from, to] a
// GET of key asked for (the whole object of size bytes when it has no
// Range); ok is false for any other request.
func getRange(t *testing.T, req, bucket, key string, size int64) (from, to int64, ok bool) {
	t.Helper()
	rest, found := strings.CutPrefix(req, "GET /"+bucket+"/"+key+" range=")
	if !found {
		return 0, 0, false
	}
	if rest == "" {
		return 0, size - 1, true
	}
	a, b, _ := strings.Cut(strings.TrimPrefix(rest, "bytes="), "-")
	from, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", req, err)
	}
	to = size - 1
	if b != "" {
		if to, err = strconv.ParseInt(b, 10, 64); err != nil {
			t.Fatalf("%s: %v", req, err)
		}
	}
	return from, to, true
}

// TestS3EndIsReadAtOpen scans a Parquet object and a zip archive in MinIO
// through a proxy that holds each request 10 ms: everything planted is
// found, and the end of each object (the Parquet footer; the zip's end
// record and central directory) is fetched once, by the GET Open starts
// along with the head, never by the decoder's reads at offsets.
func TestS3EndIsReadAtOpen(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	pqData, pqEmails := eventsParquet(t, 600_000)
	zipData, zipEmails := csvZip(t, 8, 256<<10)
	objects := []struct {
		key    string
		data   []byte
		emails int
	}{
		{"data/events.parquet", pqData, pqEmails},
		{"data/export.zip", zipData, zipEmails},
	}
	for _, o := range objects {
		if len(o.data) < 1<<20 {
			t.Fatalf("%s: %d bytes, too small to tell a tail from a whole", o.key, len(o.data))
		}
		s.put(t, bucket, o.key, o.data)
	}
	proxy := newRangeProxy(t, s, 10*time.Millisecond)
	sink := scanViaSink(t, s, proxy.url(), bucket, "data/", s3source.Options{}, 2)
	requests, _ := proxy.seen()
	t.Logf("requests: %q", requests)
	for _, o := range objects {
		r := objectRecord(sink, o.key)
		if r == nil {
			t.Errorf("%s: no record", o.key)
			continue
		}
		if st := r.ClassificationDetails.Result.Status; st.Code != "COMPLETE" {
			t.Errorf("%s: status %s %s, want COMPLETE", o.key, st.Code, st.Reason)
		}
		if n := found(r, "EMAIL_ADDRESS"); n != int64(o.emails) {
			t.Errorf("%s: %d e-mail addresses found, want %d", o.key, n, o.emails)
		}
		size := int64(len(o.data))
		end := size - 64<<10 // the decoders read no further back than this
		var ofEnd []string
		for _, req := range requests {
			if _, to, ok := getRange(t, req, bucket, o.key, size); ok && to >= end {
				ofEnd = append(ofEnd, strings.TrimPrefix(req, "GET /"+bucket+"/"+o.key+" "))
			}
		}
		tail := fmt.Sprintf("range=bytes=%d-%d", size-65<<10, size-1)
		if len(ofEnd) != 1 || ofEnd[0] != tail {
			t.Errorf("%s: GETs of the last 64 KiB %q, want the tail's at Open only (%s)", o.key, ofEnd, tail)
		}
	}
}

// TestS3ZipReadAhead scans a zip archive of CSV files in MinIO, one
// worker, each request held 10 ms by a proxy: everything planted is
// found, and the archive's files are fetched by several ranged GETs at
// once, where one GET of a block followed another.
func TestS3ZipReadAhead(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	data, emails := csvZip(t, 12, 1<<20)
	if len(data) < 4<<20 {
		t.Fatalf("an archive of %d bytes: too small for several reads ahead", len(data))
	}
	const key = "data/export.zip"
	s.put(t, bucket, key, data)
	proxy := newRangeProxy(t, s, 10*time.Millisecond)
	sink := scanViaSink(t, s, proxy.url(), bucket, "data/", s3source.Options{}, 1)
	requests, peak := proxy.seen()
	t.Logf("%d requests, most ranged GETs at once: %v", len(requests), peak)
	r := objectRecord(sink, key)
	if r == nil {
		t.Fatal("no record of the archive")
	}
	if st := r.ClassificationDetails.Result.Status; st.Code != "COMPLETE" {
		t.Errorf("status %s %s, want COMPLETE", st.Code, st.Reason)
	}
	if n := found(r, "EMAIL_ADDRESS"); n != int64(emails) {
		t.Errorf("%d e-mail addresses found, want %d", n, emails)
	}
	if p := peak["/"+bucket+"/"+key]; p < 2 {
		t.Errorf("at most %d ranged GET at once, want the files fetched several at once", p)
	}
}
