package s3repo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/klauspost/compress/gzip"
)

// Limits of the Reader: a client-side encrypted object is authenticated
// whole before any of it is used, so it is read into memory; a line is held
// whole while fn sees it.
const (
	MaxEncryptedObjectBytes = 512 << 20
	MaxLineBytes            = 64 << 20
)

// Reader reads result objects back. It is safe for concurrent use.
type Reader struct {
	s3     S3API
	kms    KMSAPI
	bucket string
	prefix string
	keyID  string
}

// ReaderOptions tune a Reader.
type ReaderOptions struct {
	// KMSKeyID, when set, pins the key Decrypt must use (as KMS recommends);
	// otherwise the key named in each encrypted data key is used.
	KMSKeyID string
}

// NewReader returns a Reader of the result objects under s3://bucket/prefix.
func NewReader(s3c S3API, kmsc KMSAPI, bucket, prefix string, opts ReaderOptions) *Reader {
	return &Reader{s3: s3c, kms: kmsc, bucket: bucket, prefix: prefix, keyID: opts.KMSKeyID}
}

// Lines calls fn with every line of every result object (*.jsonl.gz) under
// the prefix, in listing order, objects whole and in order. line is valid
// only until fn returns. It stops at fn's error, at ctx's end, and at the
// first object it cannot read or refuses (errors.Is(err, ErrContextMismatch)
// for a context that does not match the object's place).
func (r *Reader) Lines(ctx context.Context, fn func(key string, line []byte) error) error {
	p := s3.NewListObjectsV2Paginator(r.s3, &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket), Prefix: aws.String(r.prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list s3://%s/%s: %w", r.bucket, r.prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if !strings.HasSuffix(key, ".jsonl.gz") {
				continue
			}
			if err := r.Object(ctx, key, func(line []byte) error { return fn(key, line) }); err != nil {
				return err
			}
		}
	}
	return nil
}

// Object calls fn with every line of one result object.
func (r *Reader) Object(ctx context.Context, key string, fn func(line []byte) error) error {
	where := "s3://" + r.bucket + "/" + key
	out, err := r.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(r.bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("get %s: %w", where, err)
	}
	defer out.Body.Close()
	var compressed io.Reader = out.Body
	if clientEncrypted(out.Metadata) {
		jobID, err := jobOf(key)
		if err != nil {
			return fmt.Errorf("refuse %s: %w", where, err)
		}
		sealed, err := io.ReadAll(io.LimitReader(out.Body, MaxEncryptedObjectBytes+1))
		if err != nil {
			return fmt.Errorf("read %s: %w", where, err)
		}
		if len(sealed) > MaxEncryptedObjectBytes {
			return fmt.Errorf("read %s: encrypted object larger than %d bytes", where, MaxEncryptedObjectBytes)
		}
		plain, err := open(ctx, r.kms, r.keyID, EncryptionContext(r.bucket, key, jobID), out.Metadata, sealed)
		if err != nil {
			if errors.Is(err, ErrContextMismatch) {
				return fmt.Errorf("refuse %s: %w", where, err)
			}
			return fmt.Errorf("decrypt %s: %w", where, err)
		}
		compressed = bytes.NewReader(plain)
	}
	zr, err := gzip.NewReader(compressed)
	if err != nil {
		return fmt.Errorf("gunzip %s: %w", where, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read lines of %s: %w", where, err)
	}
	return nil
}

// jobOf returns the job id of a result key laid out as
// …/AWSLogs/<accountId>/Macie/<region>/<jobId>/<name>.
func jobOf(key string) (string, error) {
	parts := strings.Split(key, "/")
	n := len(parts)
	if n < 6 || parts[n-6] != "AWSLogs" || parts[n-4] != "Macie" || parts[n-2] == "" {
		return "", fmt.Errorf("%w: key is not laid out as …/AWSLogs/<account>/Macie/<region>/<job>/<name>", ErrContextMismatch)
	}
	return parts[n-2], nil
}
