package daemon

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/s3repo"
)

// PutObjectAPI is the part of the S3 client a ResultsStore uses.
type PutObjectAPI interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// ResultsStore stores the result records of one scanned object as one
// results object in the results repository's layout,
//
//	<prefix>/AWSLogs/<account>/Macie/<region>/<jobId>/<identity>.jsonl.gz
//
// gzip-compressed JSON Lines encrypted with SSE-KMS or client-side
// (Encryption), as s3repo writes and reads them. The name is the object's identity (ObjectEvent.Identity), so
// storing the same object's records again overwrites one results object
// instead of adding a second: this is what makes at-least-once delivery
// write no duplicate. One PUT per scanned object is the price; s3repo's
// Writer batches thousands of records per object, but under a random name,
// so its objects cannot be made idempotent.
type ResultsStore struct {
	S3       PutObjectAPI
	Bucket   string
	Dir      string // s3repo.JobDir(...)
	KMSKeyID string
	// Encryption is s3repo's: sse-kms (the zero value) or client, which
	// seals each object under a data key from KMS (KMS required) bound
	// to the object's key and JobID.
	Encryption s3repo.Encryption
	KMS        s3repo.KMSAPI
	JobID      string
	// MaxAttempts bounds PUTs (each with the SDK's own retries); default 3.
	MaxAttempts int
	Logger      *slog.Logger
}

// Location is where results go, for records' detailedResultsLocation.
func (s *ResultsStore) Location() string { return "s3://" + s.Bucket + "/" + s.Dir }

// Key returns the results object key for an identity.
func (s *ResultsStore) Key(identity string) string { return s.Dir + identity + ".jsonl.gz" }

// Put writes records as the results object of identity and returns once S3
// has acknowledged it (durable), or the last error.
func (s *ResultsStore) Put(ctx context.Context, identity string, records []*findings.Record) error {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	var line []byte
	for _, r := range records {
		line = append(r.AppendJSON(line[:0], false), '\n')
		if _, err := zw.Write(line); err != nil {
			return fmt.Errorf("compress result record %s: %w", r.ID, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compress results: %w", err)
	}
	key := s.Key(identity)
	// Sealed once: every attempt sends the same ciphertext.
	in, body, err := s3repo.PutInput(ctx, s.KMS, s.Encryption, s.Bucket, key, s.JobID, s.KMSKeyID, buf.Bytes())
	if err != nil {
		return err
	}
	attempts := s.MaxAttempts
	if attempts <= 0 {
		attempts = 3
	}
	backoff := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		in.Body = bytes.NewReader(body)
		_, err = s.S3.PutObject(ctx, in)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || attempt >= attempts {
			return fmt.Errorf("put s3://%s/%s after %d attempts: %w", s.Bucket, key, attempt, err)
		}
		if s.Logger != nil {
			s.Logger.Warn("results put failed, retrying", "bucket", s.Bucket, "key", key, "attempt", attempt, "error", err.Error())
		}
		if sleep(ctx, backoff/2+rand.N(backoff/2+1)) != nil {
			return fmt.Errorf("put s3://%s/%s: %w", s.Bucket, key, ctx.Err())
		}
		backoff *= 2
	}
}

// gzipWriters are reused across events: a new writer allocates about 1 MB
// of compression tables, more than scanning a small object costs
// (BenchmarkEventScan).
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// recordNamespace names record IDs derived from object identities.
var recordNamespace = uuid.MustParse("8a0f5a4e-3f0b-4d51-9a5e-2b6f1c7d9e10")

// stableIDs gives records IDs derived from the object's identity (a
// version-5 UUID per record position), so a rescan of the same object
// writes records with the same IDs.
func stableIDs(identity string, records []*findings.Record) {
	for i, r := range records {
		r.ID = uuid.NewSHA1(recordNamespace, fmt.Appendf(nil, "%s/%d", identity, i)).String()
	}
}
