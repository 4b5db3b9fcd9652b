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

	"github.com/aws/aws-sdk-go-v2/aws"
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
	rng    string // the GET's Range header
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
	b := &watchedBody{rc: out.Body, rng: aws.ToString(in.Range)}
	out.Body = b
	w.mu.Lock()
	w.bodies = append(w.bodies, b)
	w.mu.Unlock()
	return out, nil
}

// body returns the body of the GET with Range rng.
func (w *watchAPI) body(t *testing.T, rng string) *watchedBody {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range w.bodies {
		if b.rng == rng {
			return b
		}
	}
	t.Fatalf("no GET with Range %q", rng)
	return nil
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

// TestOpenRanges checks what Open asks for: the head and the tail of an
// object whose key names a format read at offsets, the whole of any other
// and of one no larger than head and tail; that a read of the object's
// last 64 KiB (a Parquet footer) needs no GET of its own; and that a Read
// past the head fetches the rest.
func TestOpenRanges(t *testing.T) {
	head := fmt.Sprintf("bytes=0-%d", headBytes-1)
	rest := fmt.Sprintf("bytes=%d-", headBytes)
	tail := func(size int) string { return fmt.Sprintf("bytes=%d-%d", size-tailBytes, size-1) }
	tests := []struct {
		key      string
		size     int
		end, all []string // the Range headers after reading the last 64 KiB at offsets, after reading everything
	}{
		{"d/x.parquet", 300_000, []string{head, tail(300_000)}, []string{head, tail(300_000), rest}},
		{"d/X.ZIP", headBytes + tailBytes + 1, []string{head, tail(headBytes + tailBytes + 1)}, []string{head, tail(headBytes + tailBytes + 1), rest}},
		{"d/whole.zip", headBytes + tailBytes, []string{""}, []string{""}},
		{"d/whole.parquet", headBytes + 1, []string{""}, []string{""}},
		{"d/x.csv", 300_000, []string{"", "bytes=234464-299999"}, []string{"", "bytes=234464-299999"}},
		{"d/x.parquet.gz", 300_000, []string{"", "bytes=234464-299999"}, []string{"", "bytes=234464-299999"}},
		{"d/small.parquet", headBytes, []string{"", "bytes=0-65535"}, []string{"", "bytes=0-65535"}},
		{"d/empty.parquet", 0, []string{""}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			slices.Sort(tt.end)
			slices.Sort(tt.all)
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
			footer := make([]byte, min(tt.size, 64<<10))
			if n, err := o.ReadAt(footer, int64(tt.size-len(footer))); n != len(footer) || (err != nil && err != io.EOF) || !bytes.Equal(footer, data[tt.size-len(footer):]) {
				t.Fatalf("ReadAt of the last %d bytes: %d, %v, or other bytes", len(footer), n, err)
			}
			if got := sortedRanges(fake); !slices.Equal(got, tt.end) {
				t.Fatalf("Range after a read of the end = %q, want %q", got, tt.end)
			}
			got, err := io.ReadAll(o)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("ReadAll: %d bytes, %v; want the %d stored", len(got), err, len(data))
			}
			if got := sortedRanges(fake); !slices.Equal(got, tt.all) {
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

// sortedRanges is ranges in sorted order: the tail's GET and the head's
// reach the server in either order.
func sortedRanges(f *fakeS3) []string {
	r := ranges(f)
	slices.Sort(r)
	return r
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
	var gets []string
	for _, r := range ranges(fake) {
		if r != fmt.Sprintf("bytes=%d-%d", len(data)-tailBytes, len(data)-1) {
			gets = append(gets, r)
		}
	}
	if !slices.Equal(gets, want) {
		t.Fatalf("Range headers %q (the tail's aside), want %q", gets, want)
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
	head := api.body(t, fmt.Sprintf("bytes=0-%d", headBytes-1))
	if head.n.Load() != headBytes || !head.eof.Load() || !head.closed.Load() {
		t.Fatalf("head body: %d bytes read, end seen %v, closed %v; want %d, true, true", head.n.Load(), head.eof.Load(), head.closed.Load(), headBytes)
	}
	// The head's connection is back in the pool: the next Open's GETs use
	// it (or the tail's or the ReadAt's, also given back). That Open's two
	// GETs, head and tail, run at once, so one of them may need a
	// connection of its own when the earlier GETs shared one.
	earlier := map[string]bool{}
	for _, r := range fake.getRequests() {
		earlier[r.RemoteAddr] = true
	}
	before := len(fake.getRequests())
	o2, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o2.Close()
	// The footer is in the tail: this waits for the tail's GET.
	if _, err := o2.ReadAt(footer, obj.Size-8); err != nil {
		t.Fatal(err)
	}
	var next []string
	reused := false
	for _, r := range fake.getRequests()[before:] {
		next = append(next, r.RemoteAddr)
		reused = reused || earlier[r.RemoteAddr]
	}
	if !reused {
		t.Fatalf("the GETs after Close came from %v, all new connections (earlier: %v)", next, earlier)
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
	if b := api.body(t, ""); b.n.Load() != 100 || !b.closed.Load() {
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
			// The tail's GET, started first, may or may not have been sent.
			head, tail := fmt.Sprintf("bytes=0-%d", headBytes-1), fmt.Sprintf("bytes=%d-%d", 200_000-tailBytes, 200_000-1)
			if got := sortedRanges(fake); !slices.Equal(got, []string{head}) && !slices.Equal(got, []string{head, tail}) {
				t.Fatalf("Range headers %q, want the head's and perhaps the tail's", got)
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

// TestReadAtTail reads ranges of an object at offsets after Open: those in
// the tail Open fetched make no GET, one that begins before it makes a GET
// of what lies before it only.
func TestReadAtTail(t *testing.T) {
	const size = 1 << 20
	tailOff := int64(size - tailBytes)
	tests := []struct {
		name    string
		off, n  int64
		get     string // the Range of the GET ReadAt makes; "" for none
		wantEOF bool
	}{
		{"the last 8 bytes", size - 8, 8, "", false},
		{"the whole tail", tailOff, tailBytes, "", false},
		{"zip's end record search", size - 65557, 65557, "", false},
		{"past the end", size - 10, 20, "", true},
		{"across the tail's start", tailOff - 100, 200, fmt.Sprintf("bytes=%d-%d", tailOff-100, tailOff-1), false},
		{"a block to the end", size - (1 << 20), 1 << 20, fmt.Sprintf("bytes=0-%d", tailOff-1), false},
		{"before the tail", 100_000, 1000, "bytes=100000-100999", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, client := newFakeS3(t, "bkt")
			data := pattern(size)
			fake.put("x.parquet", &fakeObject{data: data})
			src := New(client, "bkt", "", Options{})
			o, err := src.OpenObject(t.Context(), listOne(t, src))
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			// Wait for the tail, so that the GETs before the read are known.
			if _, err := o.waitTail(); err != nil {
				t.Fatal(err)
			}
			before := len(fake.getRequests())
			p := make([]byte, tt.n)
			n, err := o.ReadAt(p, tt.off)
			want := data[tt.off:min(tt.off+tt.n, size)]
			if n != len(want) || !bytes.Equal(p[:n], want) {
				t.Fatalf("ReadAt: %d bytes, or other bytes than stored; want %d", n, len(want))
			}
			if (err == io.EOF) != tt.wantEOF || (err != nil && err != io.EOF) {
				t.Fatalf("ReadAt: %v, want EOF %v", err, tt.wantEOF)
			}
			var gets []string
			for _, r := range fake.getRequests()[before:] {
				gets = append(gets, r.Header.Get("Range"))
			}
			if tt.get == "" && len(gets) != 0 || tt.get != "" && !slices.Equal(gets, []string{tt.get}) {
				t.Fatalf("GETs of ReadAt: %q, want %q", gets, tt.get)
			}
		})
	}
}

// tailHookAPI hands the GETs of an object's tail, as Open asks for it, to
// hook instead of the client.
type tailHookAPI struct {
	API
	size int64
	hook func(ctx context.Context) (*s3.GetObjectOutput, error)
}

func (h *tailHookAPI) GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if aws.ToString(in.Range) == fmt.Sprintf("bytes=%d-%d", h.size-tailBytes, h.size-1) {
		return h.hook(ctx)
	}
	return h.API.GetObject(ctx, in, opts...)
}

// TestTailFailure: when the tail's GET fails, ReadAt of the end reads with
// a GET of its own, which gives the bytes, or, if it fails too, the
// object's error as any GET of ReadAt does.
func TestTailFailure(t *testing.T) {
	const size = 500_000
	data := pattern(size)
	tests := []struct {
		name      string
		hook      func(ctx context.Context) (*s3.GetObjectOutput, error)
		overwrite bool // the object changes after Open: the fallback GET fails
	}{
		{"error", func(context.Context) (*s3.GetObjectOutput, error) { return nil, errors.New("connection reset") }, false},
		{"short body", func(context.Context) (*s3.GetObjectOutput, error) {
			n := int64(tailBytes)
			return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(data[size-tailBytes : size-10])), ContentLength: &n}, nil
		}, false},
		{"whole object", func(context.Context) (*s3.GetObjectOutput, error) {
			n := int64(size)
			return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(data)), ContentLength: &n}, nil
		}, false},
		{"error, then overwritten", func(context.Context) (*s3.GetObjectOutput, error) { return nil, errors.New("connection reset") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, client := newFakeS3(t, "bkt")
			fake.put("x.zip", &fakeObject{data: data, etag: "a"})
			src := New(&tailHookAPI{API: client, size: size, hook: tt.hook}, "bkt", "", Options{})
			o, err := src.OpenObject(t.Context(), listOne(t, src))
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			if tt.overwrite {
				fake.put("x.zip", &fakeObject{data: data, etag: "b"})
			}
			p := make([]byte, 1000)
			n, err := o.ReadAt(p, size-1000)
			if tt.overwrite {
				var oe *sources.ObjectError
				if n != 0 || !errors.As(err, &oe) || oe.Reason != sources.ReasonObjectVersionMismatch {
					t.Fatalf("ReadAt of an overwritten object: %d, %v; want OBJECT_VERSION_MISMATCH", n, err)
				}
				return
			}
			if n != len(p) || err != nil || !bytes.Equal(p, data[size-1000:]) {
				t.Fatalf("ReadAt: %d, %v, or other bytes; want the %d stored", n, err, len(p))
			}
			if got := ranges(fake); !slices.Contains(got, fmt.Sprintf("bytes=%d-%d", size-1000, size-1)) {
				t.Fatalf("GETs %q: none of ReadAt's own", got)
			}
		})
	}
}

// TestCloseEndsTheTailGET: Close while the tail's GET waits ends it, and
// returns only once it has returned, so that nothing of the object
// outlives Close; a ReadAt waiting for that tail ends with its context.
func TestCloseEndsTheTailGET(t *testing.T) {
	const size = 500_000
	fake, client := newFakeS3(t, "bkt")
	fake.put("x.parquet", &fakeObject{data: pattern(size)})
	started := make(chan struct{}, 2)
	var returned atomic.Int32
	api := &tailHookAPI{API: client, size: size, hook: func(ctx context.Context) (*s3.GetObjectOutput, error) {
		defer returned.Add(1)
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	src := New(api, "bkt", "", Options{})
	obj := listOne(t, src)

	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if returned.Load() != 1 {
		t.Fatal("Close returned while the tail's GET was still under way")
	}

	ctx, cancel := context.WithCancel(t.Context())
	o, err = src.OpenObject(ctx, obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	<-started
	readErr := make(chan error, 1)
	go func() {
		_, err := o.ReadAt(make([]byte, 8), size-8)
		readErr <- err
	}()
	cancel()
	select {
	case err := <-readErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("ReadAt after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadAt still waiting for the tail after cancel")
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if returned.Load() != 2 {
		t.Fatal("Close returned while the tail's GET was still under way")
	}
}

// TestWholeKeptBroken: an object read whole into memory at Open whose body
// breaks is opened again as a stream and read to its end.
func TestWholeKeptBroken(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	data := pattern(headBytes + 1000)
	fake.put("x.parquet", &fakeObject{data: data, cutAfter: 5000})
	src := New(client, "bkt", "", Options{})
	o, err := src.OpenObject(t.Context(), listOne(t, src))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	got, err := io.ReadAll(o)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("ReadAll: %d bytes, %v; want the %d stored", len(got), err, len(data))
	}
	p := make([]byte, 100)
	if n, err := o.ReadAt(p, int64(len(data)-100)); n != 100 || err != nil || !bytes.Equal(p, data[len(data)-100:]) {
		t.Fatalf("ReadAt: %d, %v, or other bytes", n, err)
	}
	if got, want := ranges(fake), []string{"", "", fmt.Sprintf("bytes=%d-%d", len(data)-100, len(data)-1)}; !slices.Equal(got, want) {
		t.Fatalf("GETs %q, want %q", got, want)
	}
}
