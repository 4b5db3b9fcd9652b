package e2e

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
	"github.com/piiscan/piiscan/testcorpus"
)

// rangeProxy is an HTTP proxy between the SDK (plain HTTP) and MinIO
// (TLS) that holds each request for delay before passing it on, records
// every request line and Range header, and counts, per object, the ranged
// GETs in flight at once, the GET of an object's head aside. A GET stops
// counting when the proxy reads the last byte of its body from MinIO,
// before it writes that byte to the client: reads made one after the other
// never count as two.
type rangeProxy struct {
	srv   *httptest.Server
	next  http.RoundTripper
	delay time.Duration

	mu       sync.Mutex
	requests []string
	inFlight map[string]int
	peak     map[string]int
}

func newRangeProxy(t *testing.T, s *servers, delay time.Duration) *rangeProxy {
	t.Helper()
	target, pool := minioTarget(t, s)
	p := &rangeProxy{
		next:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableCompression: true, MaxIdleConnsPerHost: 64},
		delay:    delay,
		inFlight: map[string]int{},
		peak:     map[string]int{},
	}
	p.srv = httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host // what the SDK signed
		},
		Transport: p,
	})
	t.Cleanup(p.srv.Close)
	return p
}

func (p *rangeProxy) url() string { return p.srv.URL }

// headRange is the Range of the GET that opens a Parquet object.
var headRange = fmt.Sprintf("bytes=0-%d", 64<<10-1)

func (p *rangeProxy) RoundTrip(req *http.Request) (*http.Response, error) {
	key, rng := req.URL.Path, req.Header.Get("Range")
	counted := req.Method == http.MethodGet && rng != "" && rng != headRange
	p.mu.Lock()
	p.requests = append(p.requests, req.Method+" "+key+" range="+rng)
	if counted {
		p.inFlight[key]++
		p.peak[key] = max(p.peak[key], p.inFlight[key])
	}
	p.mu.Unlock()
	var once sync.Once
	done := func() {
		once.Do(func() {
			if counted {
				p.mu.Lock()
				p.inFlight[key]--
				p.mu.Unlock()
			}
		})
	}
	select {
	case <-time.After(p.delay):
	case <-req.Context().Done():
		done()
		return nil, req.Context().Err()
	}
	resp, err := p.next.RoundTrip(req)
	if err != nil {
		done()
		return nil, err
	}
	resp.Body = &lastByteBody{ReadCloser: resp.Body, left: resp.ContentLength, done: done}
	return resp, nil
}

// lastByteBody calls done once its last byte (by Content-Length) has
// been read, or at its end or Close.
type lastByteBody struct {
	io.ReadCloser
	left int64 // < 0: unknown
	done func()
}

func (b *lastByteBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.left >= 0 {
		b.left -= int64(n)
	}
	if err != nil || b.left == 0 {
		b.done()
	}
	return n, err
}

func (b *lastByteBody) Close() error {
	b.done()
	return b.ReadCloser.Close()
}

func (p *rangeProxy) seen() (requests []string, peak map[string]int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	peak = make(map[string]int, len(p.peak))
	for k, v := range p.peak {
		peak[k] = v
	}
	return append([]string(nil), p.requests...), peak
}

// TestS3ParquetReadAhead scans Parquet objects in MinIO, one worker, each
// request held 10 ms by a proxy: the findings are those of a scan of the
// same files on disk; each object's column chunks are fetched by several
// ranged GETs at once, where they were fetched one after the other; no
// GET asks for the 4 bytes of the magic number the object's head holds.
func TestS3ParquetReadAhead(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	dir := t.TempDir()
	m, err := testcorpus.Generate(dir, testcorpus.Options{Seed: 7, Files: 1, Rows: 100_000, Density: 0.02,
		Formats: []string{"parquet", "parquet-nested"}, ManifestPath: filepath.Join(t.TempDir(), "m.json")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2<<20 {
			t.Fatalf("%s: %d bytes, too small for several reads ahead", f.Path, len(data))
		}
		s.put(t, bucket, "lake/"+f.Path, data)
	}

	engine := compileEngine(t)
	local, err := sources.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := &recordSink{}
	if err := scanner.Run(context.Background(), local, want, findings.NewSummary(), scanner.Config{Engine: engine, Workers: 1}); err != nil {
		t.Fatal(err)
	}

	proxy := newRangeProxy(t, s, 10*time.Millisecond)
	got := scanVia(t, s, proxy.url(), bucket, "lake/", s3source.Options{}, 1)
	requests, peak := proxy.seen()
	t.Logf("%d requests; most ranged GETs at once per object: %v", len(requests), peak)

	if len(got) != len(m.Files) || len(want.recs) != len(m.Files) {
		t.Fatalf("%d records from S3, %d from disk, for %d files", len(got), len(want.recs), len(m.Files))
	}
	for key, w := range want.recs {
		g := got["lake/"+key]
		if g == nil {
			t.Errorf("no record for s3://%s/lake/%s", bucket, key)
			continue
		}
		gr, wr := g.ClassificationDetails.Result, w.ClassificationDetails.Result
		if gr.Status.Code != "COMPLETE" || wr.Status.Code != "COMPLETE" || wr.SensitiveData == nil {
			t.Errorf("%s: status %+v from S3, %+v from disk, %d kinds found", key, gr.Status, wr.Status, len(wr.SensitiveData))
		}
		if !reflect.DeepEqual(gr.SensitiveData, wr.SensitiveData) || gr.MimeType != wr.MimeType {
			t.Errorf("%s: %d occurrences from S3, %d from disk, or findings that differ", key, g.TotalCount(), w.TotalCount())
		}
		if p := peak["/"+bucket+"/lake/"+key]; p < 2 {
			t.Errorf("%s: at most %d ranged GET at once, want the column chunks fetched several at once", key, p)
		}
	}
	for _, r := range requests {
		if strings.HasSuffix(r, " range=bytes=0-3") {
			t.Errorf("%s: a GET of the magic number the head holds", r)
		}
	}
}
