package s3source

import (
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
// with its own ranged GET, so a decoder can read a footer (Parquet) first.
//
// Read and Close are for one goroutine; ReadAt is safe for concurrent use,
// also alongside Read.
type Object struct {
	ctx        context.Context
	client     API
	log        *slog.Logger
	bucket     string
	key        string
	etag       string
	size       int64
	maxResumes int

	mu      sync.Mutex // guards body and closed against Close from another goroutine
	body    io.ReadCloser
	closed  bool
	off     int64 // bytes handed out by Read
	resumes int   // resumes in a row without progress
	resumed int   // resumes in all
}

var (
	_ io.ReadCloser = (*Object)(nil)
	_ io.ReaderAt   = (*Object)(nil)
)

// Resumed returns how many ranged GETs Read has made to resume the body.
// Call it from the goroutine that reads.
func (o *Object) Resumed() int { return o.resumed }

// Size is the object's size as listed.
func (o *Object) Size() int64 { return o.size }

func (o *Object) path() string { return "s3://" + o.bucket + "/" + o.key }

// get issues a GET for bytes [from, to] (to < 0: to the end; from == 0 and
// to < 0: the whole object, no Range header), conditional on the ETag.
func (o *Object) get(ctx context.Context, from, to int64) (io.ReadCloser, error) {
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
		return nil, objectError(err, what, from > 0 && to < 0)
	}
	return out.Body, nil
}

// Read reads the next bytes of the object, resuming after a broken
// connection. A body that ends before the listed size counts as broken.
func (o *Object) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		o.mu.Lock()
		body, closed := o.body, o.closed
		o.mu.Unlock()
		if closed {
			return 0, fmt.Errorf("read %s: %w", o.path(), errClosed)
		}
		if body != nil {
			n, err := body.Read(p)
			o.off += int64(n)
			if n > 0 {
				o.resumes = 0
			}
			switch {
			case err == nil:
				return n, nil
			case errors.Is(err, io.EOF) && o.off >= o.size:
				return n, io.EOF
			}
			if cerr := o.ctx.Err(); cerr != nil {
				return n, cerr
			}
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			o.log.Info("s3 body broken, resuming", "bucket", o.bucket, "key", o.key, "offset", o.off, "error", err.Error())
			o.mu.Lock()
			if o.body != nil {
				_ = o.body.Close()
				o.body = nil
			}
			o.mu.Unlock()
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
		if err := o.resume(); err != nil {
			return 0, err
		}
	}
}

var errClosed = errors.New("object closed")

// resume reopens the body at o.off after a short backoff.
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
	body, err := o.get(o.ctx, o.off, -1)
	if err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		_ = body.Close()
		return fmt.Errorf("read %s: %w", o.path(), errClosed)
	}
	o.body = body
	return nil
}

// ReadAt reads len(p) bytes at off with one ranged GET (conditional on the
// ETag). As io.ReaderAt requires, it returns an error when n < len(p): io.EOF
// at the end of the object.
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
	body, err := o.get(o.ctx, off, end-1)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	n, err := io.ReadFull(body, p[:end-off])
	if err != nil {
		return n, fmt.Errorf("read %s bytes %d-%d: %w", o.path(), off, end-1, err)
	}
	if int64(n) < int64(len(p)) {
		return n, io.EOF
	}
	return n, nil
}

// Close releases the body. It is safe to call more than once.
func (o *Object) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	if o.body == nil {
		return nil
	}
	err := o.body.Close()
	o.body = nil
	return err
}
