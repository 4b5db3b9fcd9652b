package s3source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/sources"
)

// Object is an opened S3 object. Read streams its bytes in order; when the
// connection breaks mid-body, Read resumes with a ranged GET from the first
// byte not yet read (Range: bytes=N-), still conditional on the listed ETag,
// up to MaxResumes times in a row without progress. ReadAt reads any range
// with a ranged GET of its own (but for the tail, below), so a decoder can
// read a footer (Parquet) first.
//
// The body Open starts is the whole object, or, when the key names a format
// the decoder reads at offsets (sources.RandomAccessExt: .parquet, .zip),
// only its first 64 KiB: the decoder peeks those to confirm the format and
// reads the rest at offsets. If Read goes past the head (a misnamed object:
// a gzip stream called .parquet), it goes on with a ranged GET of the rest,
// which is no resume: not counted, not logged, no backoff. For such an
// object Open also fetches its last bytes (tailBytes), where the decoder
// reads next, and ReadAt serves them from memory; an object no larger
// than head and tail together is read whole into memory at Open, and both
// Read and ReadAt serve it from there.
//
// Read is for one goroutine; ReadAt is safe for concurrent use, also
// alongside Read; Close may be called from any goroutine, more than once.
type Object struct {
	ctx        context.Context
	client     API
	log        *slog.Logger
	bucket     string
	key        string
	etag       string
	size       int64
	maxResumes int

	// mu guards the body and where it stands against Close from another
	// goroutine. Read's goroutine writes these fields under mu and may
	// read them without it.
	mu      sync.Mutex
	body    io.ReadCloser
	cancel  context.CancelFunc // ends the body's request
	end     int64              // the offset the body ends at
	off     int64              // bytes handed out by Read
	reading bool               // Read is in body.Read
	closed  bool

	// For Read's goroutine only.
	cont    bool // the body ended where asked, short of the object's end
	resumes int  // resumes in a row without progress
	resumed int  // resumes in all

	// The object's bytes from tailOff to its end, fetched at Open for
	// ReadAt (see fetchTail). tailDone is nil when there is no tail, and
	// closed once tail or tailErr is set; neither changes after that but
	// for Close, which sets tail to nil under mu.
	tailOff  int64
	tail     []byte
	tailErr  error
	tailDone chan struct{}
	tailStop context.CancelFunc
}

var (
	_ io.ReadCloser = (*Object)(nil)
	_ io.ReaderAt   = (*Object)(nil)
)

// headBytes is how much of an object Open asks for when the key names a
// format read at offsets. The decoder peeks the first bytes through a
// 64 KiB buffered reader whose first fill may take all of it, and a
// Parquet or zip decoder then reads at offsets only: a head of 64 KiB is
// read whole and nothing after it, so the continuation GET is made only
// for objects that really are streams. Asking for less would save little:
// a GET costs its round trip more than 64 KiB.
const headBytes = 64 << 10

// tailBytes is how much of the end of an object Open fetches along with
// the head: the largest end a decoder reads before anything else.
// Parquet reads its last 64 KiB (parquetTailBytes); a zip decoder looks
// for the end of central directory record in the last 65,557 bytes (22
// and a comment of up to 65,535), and archive/zip in the last 65 KiB.
const tailBytes = 65 << 10

// drainWait bounds how long Close waits for the rest of a short body so
// that its connection goes back to the pool. A new connection costs a TCP
// and TLS handshake, a few round trips; waiting longer saves nothing.
const drainWait = 100 * time.Millisecond

// Resumed returns how many ranged GETs Read has made to resume the body
// after a broken connection. Call it from the goroutine that reads.
func (o *Object) Resumed() int { return o.resumed }

// Size is the object's size as listed.
func (o *Object) Size() int64 { return o.size }

func (o *Object) path() string { return "s3://" + o.bucket + "/" + o.key }

// get issues a GET for bytes [from, to] (to < 0: to the end; from == 0 and
// to < 0: the whole object, no Range header), conditional on the ETag.
// partial says whether Read has handed out bytes: the status of an
// *sources.ObjectError.
func (o *Object) get(ctx context.Context, from, to int64, partial bool) (*s3.GetObjectOutput, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(o.bucket), Key: aws.String(o.key)}
	if o.etag != "" {
		in.IfMatch = aws.String(`"` + o.etag + `"`)
	}
	switch {
	case to >= 0:
		in.Range = aws.String("bytes=" + strconv.FormatInt(from, 10) + "-" + strconv.FormatInt(to, 10))
	case from > 0:
		in.Range = aws.String("bytes=" + strconv.FormatInt(from, 10) + "-")
	}
	out, err := o.client.GetObject(ctx, in)
	if err != nil {
		what := "get " + o.path()
		if in.Range != nil {
			what += " " + *in.Range
		}
		return nil, objectError(err, what, partial)
	}
	return out, nil
}

// open starts a GET of bytes [from, to] (see get) as the body Read goes
// on with. The request has a context of its own, so that Close can end a
// drain that takes too long.
func (o *Object) open(from, to int64, partial bool) error {
	ctx, cancel := context.WithCancel(o.ctx)
	out, err := o.get(ctx, from, to, partial)
	if err != nil {
		cancel()
		return err
	}
	end := o.size
	if to >= 0 {
		end = to + 1
	}
	if n := aws.ToInt64(out.ContentLength); n > 0 {
		// What is coming, should a store answer a Range with the whole
		// object.
		end = from + n
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		_ = out.Body.Close()
		cancel()
		return fmt.Errorf("read %s: %w", o.path(), errClosed)
	}
	o.body, o.cancel, o.end = out.Body, cancel, end
	return nil
}

// dropBody closes the body Read was reading.
func (o *Object) dropBody() {
	o.mu.Lock()
	body, cancel := o.body, o.cancel
	o.body, o.cancel = nil, nil
	o.mu.Unlock()
	if body != nil {
		_ = body.Close()
		cancel()
	}
}

// Read reads the next bytes of the object, resuming after a broken
// connection. A body that ends before the listed size counts as broken,
// unless it is a head that ended where it was asked to: then the rest is
// fetched without backoff, and the GET is not counted as a resume.
func (o *Object) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		o.mu.Lock()
		body, closed := o.body, o.closed
		o.reading = body != nil && !closed
		o.mu.Unlock()
		if closed {
			return 0, fmt.Errorf("read %s: %w", o.path(), errClosed)
		}
		if body == nil {
			var err error
			if o.cont {
				o.cont = false
				err = o.open(o.off, -1, o.off > 0)
			} else {
				err = o.resume()
			}
			if err != nil {
				return 0, err
			}
			continue
		}
		n, err := body.Read(p)
		o.mu.Lock()
		o.reading = false
		o.off += int64(n)
		closed = o.closed
		o.mu.Unlock()
		if n > 0 {
			o.resumes = 0
		}
		switch {
		case err == nil:
			return n, nil
		case errors.Is(err, io.EOF) && o.off >= o.size:
			return n, io.EOF
		case closed:
			// Closed from another goroutine while the body was read.
			return n, fmt.Errorf("read %s: %w", o.path(), errClosed)
		case errors.Is(err, io.EOF) && o.off == o.end:
			// The head ended where it was asked to and the decoder reads
			// on: nothing broke.
			o.dropBody()
			o.cont = true
			if n > 0 {
				return n, nil
			}
			continue
		}
		if cerr := o.ctx.Err(); cerr != nil {
			return n, cerr
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		o.log.Info("s3 body broken, resuming", "bucket", o.bucket, "key", o.key, "offset", o.off, "error", err.Error())
		o.dropBody()
		if o.resumes >= o.maxResumes {
			return n, &sources.ObjectError{
				Status: sources.StatusPartial, Reason: sources.ReasonUnreadable,
				Err: fmt.Errorf("read %s at byte %d after %d resumes: %w", o.path(), o.off, o.resumes, err),
			}
		}
		if n > 0 {
			// Hand out what we have; the next Read resumes.
			return n, nil
		}
	}
}

var errClosed = errors.New("object closed")

// resume reopens the body at o.off after a short backoff: up to the end
// of the head when a head broke, else to the end of the object.
func (o *Object) resume() error {
	o.resumes++
	o.resumed++
	backoff := time.Duration(o.resumes) * 100 * time.Millisecond
	t := time.NewTimer(backoff)
	select {
	case <-o.ctx.Done():
		t.Stop()
		return o.ctx.Err()
	case <-t.C:
	}
	to := int64(-1)
	if o.off < o.end && o.end < o.size {
		to = o.end - 1
	}
	return o.open(o.off, to, o.off > 0)
}

// ReadAt reads len(p) bytes at off. The bytes in the tail fetched at Open
// are copied from it, once it has arrived; any others are read with one
// ranged GET (conditional on the ETag). A range that begins before the
// tail and ends in it is read from both: a GET of what lies before the
// tail, so that the bytes already here are not fetched twice (zip's
// reader reads a block of 1 MiB that ends at the end of the object when
// the central directory is longer than the tail). When the tail's GET
// failed, ReadAt reads with GETs of its own, as if there were no tail:
// the failure, if it lasts, is that GET's to report. As io.ReaderAt
// requires, it returns an error when n < len(p): io.EOF at the end of the
// object.
func (o *Object) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("read %s at %d: negative offset", o.path(), off)
	}
	if off >= o.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	end := min(off+int64(len(p)), o.size)
	q := p[:end-off] // what is left to GET
	if end > o.tailOff && o.tailDone != nil {
		tail, err := o.waitTail()
		if err != nil {
			return 0, err
		}
		if tail != nil {
			from := max(off, o.tailOff)
			copy(p[from-off:end-off], tail[from-o.tailOff:end-o.tailOff])
			q = p[:from-off]
		}
	}
	if len(q) > 0 {
		out, err := o.get(o.ctx, off, off+int64(len(q))-1, false)
		if err != nil {
			return 0, err
		}
		defer out.Body.Close()
		// Reading exactly the range reaches the body's end, which gives the
		// connection back to the pool.
		n, err := io.ReadFull(out.Body, q)
		if err != nil {
			return n, fmt.Errorf("read %s bytes %d-%d: %w", o.path(), off, off+int64(len(q))-1, err)
		}
	}
	if end-off < int64(len(p)) {
		return int(end - off), io.EOF
	}
	return len(p), nil
}

// openWhole reads the whole object into memory with one GET and makes it
// both the body and the tail. Should the body break before its end, the
// object is opened again as a stream, with no tail: Read resumes it as it
// resumes any other, and ReadAt makes GETs of its own.
func (o *Object) openWhole() error {
	out, err := o.get(o.ctx, 0, -1, false)
	if err != nil {
		return err
	}
	buf := make([]byte, o.size)
	_, err = io.ReadFull(out.Body, buf)
	if err == nil && aws.ToInt64(out.ContentLength) != o.size {
		err = fmt.Errorf("%d bytes, want %d", aws.ToInt64(out.ContentLength), o.size)
	}
	_ = out.Body.Close()
	if err != nil {
		if cerr := o.ctx.Err(); cerr != nil {
			return cerr
		}
		o.log.Info("s3 body broken, reading it as a stream", "bucket", o.bucket, "key", o.key, "error", err.Error())
		return o.open(0, -1, false)
	}
	o.tail, o.tailOff, o.tailStop = buf, 0, func() {}
	o.tailDone = make(chan struct{})
	close(o.tailDone)
	o.body, o.cancel, o.end = io.NopCloser(bytes.NewReader(buf)), func() {}, o.size
	return nil
}

// startTail starts fetching the object's bytes from off to its end, in a
// goroutine of its own, for ReadAt.
func (o *Object) startTail(off int64) {
	ctx, cancel := context.WithCancel(o.ctx)
	o.tailOff, o.tailDone, o.tailStop = off, make(chan struct{}), cancel
	go func() {
		defer close(o.tailDone)
		o.tail, o.tailErr = o.fetchTail(ctx)
	}()
}

// fetchTail reads the bytes from tailOff to the end of the object with one
// ranged GET.
func (o *Object) fetchTail(ctx context.Context) ([]byte, error) {
	out, err := o.get(ctx, o.tailOff, o.size-1, false)
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	want := o.size - o.tailOff
	if n := aws.ToInt64(out.ContentLength); n != want {
		return nil, fmt.Errorf("get %s from byte %d: %d bytes, want %d", o.path(), o.tailOff, n, want)
	}
	buf := make([]byte, want)
	if _, err := io.ReadFull(out.Body, buf); err != nil {
		return nil, fmt.Errorf("get %s from byte %d: %w", o.path(), o.tailOff, err)
	}
	return buf, nil
}

// waitTail waits for the tail's GET and returns the tail; nil when its GET
// failed or the object is closed. The error is o.ctx's, once it is done.
func (o *Object) waitTail() ([]byte, error) {
	select {
	case <-o.tailDone:
	case <-o.ctx.Done():
		return nil, o.ctx.Err()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.tail, nil
}

// stopTail ends the tail's GET, if it is still under way, waits for its
// goroutine and lets the tail go.
func (o *Object) stopTail() {
	if o.tailDone == nil {
		return
	}
	o.tailStop()
	<-o.tailDone
	o.mu.Lock()
	o.tail = nil
	o.mu.Unlock()
}

// Close releases the body and the tail, ending the tail's GET if it is
// still under way and waiting for it. When little of it is left unread (at most
// headBytes: the head of a Parquet or zip object, the end of a small one)
// and no Read is under way, Close reads that rest first, for at most
// drainWait, so that the connection goes back to the client's pool and the
// next GET needs no new TCP and TLS handshake; a longer rest is not read
// and the connection is dropped. Close is safe to call more than once and
// from another goroutine than Read's: a Read under way then returns an
// error.
func (o *Object) Close() error {
	o.stopTail()
	o.mu.Lock()
	o.closed = true
	body, cancel := o.body, o.cancel
	left, drain := o.end-o.off, !o.reading
	o.body, o.cancel = nil, nil
	o.mu.Unlock()
	if body == nil {
		return nil
	}
	defer cancel()
	if drain && left >= 0 && left <= headBytes && o.ctx.Err() == nil {
		t := time.AfterFunc(drainWait, cancel)
		// One byte past the rest: its end is seen even if the last read
		// did not report it.
		_, _ = io.Copy(io.Discard, io.LimitReader(body, left+1))
		t.Stop()
	}
	return body.Close()
}
