package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
)

// cutProxy is a TCP proxy between the SDK (plain HTTP, so the proxy can see
// requests) and MinIO (TLS). On the first connection it forwards the
// response's headers and then only cutAfter body bytes before closing both
// sides (cutAfter < 0: never); later connections pass through. It records
// every request line and Range header it forwards, and counts the bytes it
// delivers to the client.
type cutProxy struct {
	ln       net.Listener
	upstream string
	tlsConf  *tls.Config
	cutAfter int
	reset    bool // hang up with a TCP reset rather than a clean close

	mu       sync.Mutex
	conns    int
	requests []string // "GET /bucket/key range=<Range header>"
	received int64    // bytes written to the client
}

// countingWriter adds what it writes to the proxy's count.
type countingWriter struct {
	w io.Writer
	p *cutProxy
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.p.mu.Lock()
	c.p.received += int64(n)
	c.p.mu.Unlock()
	return n, err
}

// stats returns the connections accepted and the bytes delivered so far.
func (p *cutProxy) stats() (conns int, received int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns, p.received
}

func newCutProxy(t *testing.T, s *servers, cutAfter int, reset bool) *cutProxy {
	t.Helper()
	u, pool := minioTarget(t, s)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, upstream: u.Host, tlsConf: &tls.Config{RootCAs: pool}, cutAfter: cutAfter, reset: reset}
	t.Cleanup(func() { ln.Close() })
	go p.serve()
	return p
}

func (p *cutProxy) url() string { return "http://" + p.ln.Addr().String() }

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns++
		first := p.conns == 1 && p.cutAfter >= 0
		p.mu.Unlock()
		go p.handle(c, first)
	}
}

func (p *cutProxy) handle(conn net.Conn, cut bool) {
	defer conn.Close()
	client := countingWriter{conn, p}
	server, err := tls.Dial("tcp", p.upstream, p.tlsConf)
	if err != nil {
		return
	}
	defer server.Close()
	go func() {
		// Requests go through byte for byte; a copy is parsed to record them.
		pr, pw := io.Pipe()
		go func() {
			br := bufio.NewReader(pr)
			for {
				req, err := http.ReadRequest(br)
				if err != nil {
					_, _ = io.Copy(io.Discard, pr)
					return
				}
				p.mu.Lock()
				p.requests = append(p.requests, req.Method+" "+req.URL.Path+" range="+req.Header.Get("Range"))
				p.mu.Unlock()
				_, _ = io.Copy(io.Discard, req.Body)
			}
		}()
		_, _ = io.Copy(server, io.TeeReader(conn, pw))
		pw.Close()
		_ = server.CloseWrite()
	}()
	if !cut {
		_, _ = io.Copy(client, server)
		return
	}
	// Forward the header block, then cutAfter body bytes, then hang up.
	br := bufio.NewReader(server)
	var head bytes.Buffer
	for {
		line, err := br.ReadString('\n')
		head.WriteString(line)
		if err != nil {
			return
		}
		if line == "\r\n" {
			break
		}
	}
	if _, err := client.Write(head.Bytes()); err != nil {
		return
	}
	_, _ = io.CopyN(client, br, int64(p.cutAfter))
	if tc, ok := conn.(*net.TCPConn); ok && p.reset {
		// A reset may discard bytes not yet delivered: the client then has
		// fewer than cutAfter.
		_ = tc.SetLinger(0)
	}
}

func (p *cutProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// TestResumeAfterConnectionCut cuts the connection mid-object between the
// SDK and MinIO and checks that the body is complete and that the resumed
// request asked for the rest only: Range: bytes=N-, N the bytes delivered.
func TestResumeAfterConnectionCut(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	data := make([]byte, 3<<20)
	_, _ = rand.Read(data)
	s.put(t, bucket, "big.bin", data)
	var obj sources.Object
	if err := s3source.New(s.clients.S3, bucket, "", s3source.Options{}).List(context.Background(), func(o sources.Object) error { obj = o; return nil }); err != nil {
		t.Fatal(err)
	}
	const cutAfter = 1_000_003
	for _, reset := range []bool{false, true} {
		name := "closed"
		if reset {
			name = "reset"
		}
		t.Run(name, func(t *testing.T) {
			proxy := newCutProxy(t, s, cutAfter, reset)
			client := s3.NewFromConfig(s.clients.Config, func(o *s3.Options) {
				o.BaseEndpoint = aws.String(proxy.url())
				o.UsePathStyle = true
				o.Region = "us-east-1"
				o.DisableLogOutputChecksumValidationSkipped = true
			})
			o, err := s3source.New(client, bucket, "", s3source.Options{}).OpenObject(context.Background(), obj)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer o.Close()
			got, err := io.ReadAll(o)
			if err != nil {
				t.Fatalf("read through a cut connection: %v", err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("read %d bytes differing from the %d stored", len(got), len(data))
			}
			reqs := proxy.seen()
			t.Logf("requests through the proxy: %q", reqs)
			if len(reqs) != 2 || o.Resumed() != 1 {
				t.Fatalf("%d requests, %d resumes; want 2 and 1", len(reqs), o.Resumed())
			}
			if !strings.HasSuffix(reqs[0], " range=") {
				t.Fatalf("first request %q has a Range", reqs[0])
			}
			prefix := "GET /" + bucket + "/big.bin range=bytes="
			from, ok := strings.CutPrefix(reqs[1], prefix)
			if !ok || !strings.HasSuffix(from, "-") {
				t.Fatalf("resumed request %q, want %sN-", reqs[1], prefix)
			}
			n, err := strconv.Atoi(strings.TrimSuffix(from, "-"))
			if err != nil {
				t.Fatal(err)
			}
			if !reset && n != cutAfter {
				t.Fatalf("resumed from byte %d, want %d (all bytes before the cut were delivered)", n, cutAfter)
			}
			if reset && (n <= 0 || n > cutAfter) {
				t.Fatalf("resumed from byte %d, want within (0, %d]", n, cutAfter)
			}
		})
	}
}

// minioTarget returns MinIO's endpoint and a pool holding its CA, for a
// proxy in front of it.
func minioTarget(t *testing.T, s *servers) (*url.URL, *x509.CertPool) {
	t.Helper()
	u, err := url.Parse(s.s3Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(s.caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", s.caFile)
	}
	return u, pool
}
