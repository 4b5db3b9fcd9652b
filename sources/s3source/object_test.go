package s3source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/sources"
)

// watchAPI wraps every GetObject body so that a test sees how much of it
// was read and whether it was closed.
type watchAPI struct {
	API
	mu     sync.Mutex
	bodies []*watchedBody
}

type watchedBody struct {
	rc     io.ReadCloser
	n      atomic.Int64
	eof    atomic.Bool
	closed atomic.Bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.n.Add(int64(n))
	if err == io.EOF {
		b.eof.Store(true)
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.closed.Store(true)
	return b.rc.Close()
}

func (w *watchAPI) GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	out, err := w.API.GetObject(ctx, in, opts...)
	if err != nil {
		return nil, err
	}
	b := &watchedBody{rc: out.Body}
	out.Body = b
	w.mu.Lock()
	w.bodies = append(w.bodies, b)
	w.mu.Unlock()
	return out, nil
}

func (w *watchAPI) body(i int) *watchedBody {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bodies[i]
}

// ranges returns the Range header of every GET the fake has answered.
func ranges(f *fakeS3) []string {
	var out []string
	for _, r := range f.getRequests() {
		out = append(out, r.Header.Get("Range"))
	}
	return out
}

// pattern returns n bytes that differ from one offset to the next.
func pattern(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%07d,", i)
	}
	return b.Bytes()[:n]
}

// TestOpenRanges checks what Open asks for: the head of an object whose key
// names a format read at offsets, the whole of any other; and that a Read
// past the head fetches the rest.
func TestOpenRanges(t *testing.T) {
	head := fmt.Sprintf("bytes=0-%d", headBytes-1)
	rest := fmt.Sprintf("bytes=%d-", headBytes)
	tests := []struct {
		key       string
		size      int
		open, all []string // the Range headers after Open, after reading everything
	}{
		{"d/x.parquet", 300_000, []string{head}, []string{head, rest}},
		{"d/X.ZIP", headBytes + 1, []string{head}, []string{head, rest}},
		{"d/x.csv", 300_000, []string{""}, []string{""}},
		{"d/x.parquet.gz", 300_000, []string{""}, []string{""}},
		{"d/small.parquet", headBytes, []string{""}, []string{""}},
		{"d/empty.parquet", 0, []string{""}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			fake, client := newFakeS3(t, "bkt")
			data := pattern(tt.size)
			fake.put(tt.key, &fakeObject{data: data, etag: "e1"})
			var logs bytes.Buffer
			src := New(client, "bkt", "", Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			o, err := src.OpenObject(t.Context(), listOne(t, src))
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			if got := ranges(fake); !slices.Equal(got, tt.open) {
				t.Fatalf("Range after Open = %q, want %q", got, tt.open)
			}
			got, err := io.ReadAll(o)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("ReadAll: %d bytes, %v; want the %d stored", len(got), err, len(data))
			}
			if got := ranges(fake); !slices.Equal(got, tt.all) {
				t.Fatalf("Range after ReadAll = %q, want %q", got, tt.all)
			}
			for _, r := range fake.getRequests() {
				if im := r.Header.Get("If-Match"); im != `"e1"` {
					t.Errorf("If-Match = %q, want the listed ETag", im)
				}
			}
			// Reading past the head is planned, not a resume.
			if o.Resumed() != 0 || logs.Len() != 0 {
				t.Fatalf("%d resumes, log %q; want none", o.Resumed(), logs.String())
			}
		})
	}
}

// TestHeadResumes cuts the connection inside the head: the resume asks for
// the rest of the head, is counted, and the stream then continues past the
// head without another.
func TestHeadResumes(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	data := pattern(300_000)
	fake.put("x.parquet", &fakeObject{data: data, etag: "e1", cutAfter: 10_000})
	var logs bytes.Buffer
	src := New(client, "bkt", "", Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	o, err := src.OpenObject(t.Context(), listOne(t, src))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	got, err := io.ReadAll(o)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("ReadAll: %d bytes, %v; want the %d stored", len(got), err, len(data))
	}
	want := []string{fmt.Sprintf("bytes=0-%d", headBytes-1), fmt.Sprintf("bytes=10000-%d", headBytes-1), fmt.Sprintf("bytes=%d-", headBytes)}
	if got := ranges(fake); !slices.Equal(got, want) {
		t.Fatalf("Range headers %q, want %q", got, want)
	}
	if o.Resumed() != 1 || strings.Count(logs.String(), "s3 body broken, resuming") != 1 {
		t.Fatalf("%d resumes, log %q; want 1 and one line", o.Resumed(), logs.String())
	}
}

// TestContinuationSeesOverwrite: the GET past the head is conditional on
// the listed ETag, as any other.
func TestContinuationSeesOverwrite(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	data := pattern(200_000)
	fake.put("x.parquet", &fakeObject{data: data, etag: "a"})
	src := New(client, "bkt", "", Options{})
	o, err := src.OpenObject(t.Context(), listOne(t, src))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if _, err := io.ReadFull(o, make([]byte, headBytes)); err != nil {
		t.Fatal(err)
	}
	fake.put("x.parquet", &fakeObject{data: data, etag: "b"})
	n, err := io.ReadAll(o)
	var oe *sources.ObjectError
	if len(n) != 0 || !errors.As(err, &oe) || oe.Status != sources.StatusPartial || oe.Reason != sources.ReasonObjectVersionMismatch {
		t.Fatalf("read past the head of an overwritten object: %d bytes, %v; want PARTIAL/OBJECT_VERSION_MISMATCH", len(n), err)
	}
	if o.Resumed() != 0 {
		t.Fatalf("%d resumes, want 0", o.Resumed())
	}
}

// TestCloseDrainsTheHead: a head read in part is read to its end at Close,
// and its connection serves the next GET.
func TestCloseDrainsTheHead(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	fake.put("x.parquet", &fakeObject{data: pattern(1 << 20)})
	api := &watchAPI{API: client}
	src := New(api, "bkt", "", Options{})
	obj := listOne(t, src)
	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(o, make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	footer := make([]byte, 8)
	if _, err := o.ReadAt(footer, obj.Size-8); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	head := api.body(0)
	if head.n.Load() != headBytes || !head.eof.Load() || !head.closed.Load() {
		t.Fatalf("head body: %d bytes read, end seen %v, closed %v; want %d, true, true", head.n.Load(), head.eof.Load(), head.closed.Load(), headBytes)
	}
	// The head's connection is back in the pool: the next GET uses it (or
	// the ReadAt's, also given back).
	o2, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o2.Close()
	reqs := fake.getRequests()
	if last := reqs[len(reqs)-1].RemoteAddr; last != reqs[0].RemoteAddr && last != reqs[1].RemoteAddr {
		t.Fatalf("GET after Close came from %s, a new connection (earlier: %s, %s)", last, reqs[0].RemoteAddr, reqs[1].RemoteAddr)
	}
	if _, err := o.Read(make([]byte, 1)); !errors.Is(err, errClosed) {
		t.Fatalf("Read after Close: %v, want errClosed", err)
	}
}

// TestCloseLeavesALongRest: a whole-object body is closed unread, however
// much is left.
func TestCloseLeavesALongRest(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	fake.put("x.csv", &fakeObject{data: pattern(4 << 20)})
	api := &watchAPI{API: client}
	src := New(api, "bkt", "", Options{})
	obj := listOne(t, src)
	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(o, make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if b := api.body(0); b.n.Load() != 100 || !b.closed.Load() {
		t.Fatalf("body: %d bytes read, closed %v; want 100 (none at Close), true", b.n.Load(), b.closed.Load())
	}
	o2, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o2.Close()
	if reqs := fake.getRequests(); reqs[1].RemoteAddr == reqs[0].RemoteAddr {
		t.Fatal("the connection of a body closed 4 MiB short was reused")
	}
}

// stallAPI answers every GetObject with headers and then a body that sends
// nothing until its request's context ends or it is closed, as a stalled
// connection does.
type stallAPI struct {
	API
	size int64
}

type stalledBody struct {
	ctx  context.Context
	done chan struct{}
	once sync.Once
}

func (b *stalledBody) Read([]byte) (int, error) {
	select {
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	case <-b.done:
		return 0, errors.New("read on closed body")
	}
}

func (b *stalledBody) Close() error {
	b.once.Do(func() { close(b.done) })
	return nil
}

func (s stallAPI) GetObject(ctx context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	n := s.size
	if in.Range != nil {
		n = headBytes
	}
	return &s3.GetObjectOutput{Body: &stalledBody{ctx: ctx, done: make(chan struct{})}, ContentLength: &n}, nil
}

// TestCloseDoesNotHang: Close gives up draining a stalled head after
// drainWait, and Close from another goroutine ends a Read blocked on the
// body at once.
func TestCloseDoesNotHang(t *testing.T) {
	src := New(stallAPI{size: 1 << 20}, "bkt", "", Options{})
	obj := sources.Object{Bucket: "bkt", Key: "x.parquet", Size: 1 << 20, ETag: "e"}

	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < drainWait || d > drainWait+2*time.Second {
		t.Fatalf("Close of a stalled head took %v, want about %v", d, drainWait)
	}

	o, err = src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	readErr := make(chan error, 1)
	go func() {
		_, err := o.Read(make([]byte, 10))
		readErr <- err
	}()
	for { // until Read is blocked in the body
		o.mu.Lock()
		reading := o.reading
		o.mu.Unlock()
		if reading {
			break
		}
		time.Sleep(time.Millisecond)
	}
	start = time.Now()
	closed := make(chan error, 2)
	go func() { closed <- o.Close() }()
	go func() { closed <- o.Close() }()
	for range 2 {
		select {
		case err := <-closed:
			if err != nil {
				t.Fatalf("Close: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close blocked")
		}
	}
	select {
	case err := <-readErr:
		if !errors.Is(err, errClosed) {
			t.Fatalf("Read ended by Close: %v, want errClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Read still blocked after Close")
	}
	if d := time.Since(start); d >= drainWait {
		t.Fatalf("Close during a Read took %v: it drained", d)
	}
}

// TestOpenErrorReasonsOfHeads: a GET of the head reports what a GET of
// the whole object does.
func TestOpenErrorReasonsOfHeads(t *testing.T) {
	for _, fail := range []struct {
		f      *fakeFailure
		reason string
	}{
		{&fakeFailure{404, "NoSuchKey", "The specified key does not exist."}, sources.ReasonObjectNoLongerAvailable},
		{&fakeFailure{403, "AccessDenied", "Access Denied"}, sources.ReasonPermissionDenied},
		{&fakeFailure{403, "AccessDenied", "not authorized to perform: kms:Decrypt"}, sources.ReasonInvalidKMSKey},
	} {
		t.Run(fail.reason, func(t *testing.T) {
			fake, client := newFakeS3(t, "bkt")
			fake.put("k.parquet", &fakeObject{data: pattern(200_000), failGet: fail.f})
			src := New(client, "bkt", "", Options{})
			_, err := src.Open(t.Context(), listOne(t, src))
			var oe *sources.ObjectError
			if !errors.As(err, &oe) || oe.Status != sources.StatusSkipped || oe.Reason != fail.reason {
				t.Fatalf("Open: %v, want SKIPPED/%s", err, fail.reason)
			}
			if !strings.Contains(err.Error(), "get s3://bkt/k.parquet") {
				t.Fatalf("error %q does not name the object", err)
			}
			if got := ranges(fake); len(got) != 1 || got[0] != fmt.Sprintf("bytes=0-%d", headBytes-1) {
				t.Fatalf("Range headers %q", got)
			}
		})
	}
	t.Run("overwritten", func(t *testing.T) {
		fake, client := newFakeS3(t, "bkt")
		fake.put("k.parquet", &fakeObject{data: pattern(200_000), etag: "e1"})
		src := New(client, "bkt", "", Options{})
		obj := listOne(t, src)
		fake.put("k.parquet", &fakeObject{data: pattern(200_000), etag: "e2"})
		_, err := src.Open(t.Context(), obj)
		var oe *sources.ObjectError
		if !errors.As(err, &oe) || oe.Status != sources.StatusSkipped || oe.Reason != sources.ReasonObjectVersionMismatch {
			t.Fatalf("Open after overwrite: %v", err)
		}
	})
}
