package s3repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"
)

// Encryption says how result objects are encrypted.
type Encryption string

// Encryption modes.
const (
	// EncryptionSSEKMS: S3 encrypts with the KMS key (Macie's way).
	EncryptionSSEKMS Encryption = "sse-kms"
	// EncryptionClient: we encrypt (KMS envelope encryption) before upload.
	EncryptionClient Encryption = "client"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxRecords  = 5000
	DefaultMaxAge      = 60 * time.Second
	DefaultMaxAttempts = 5
	DefaultBackoff     = 500 * time.Millisecond
	maxBackoff         = 15 * time.Second
	queuedBatches      = 2
)

// S3API is the part of the S3 client the repository uses; *s3.Client
// satisfies it.
type S3API interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	DeleteObject(context.Context, *s3.DeleteObjectInput, ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	s3.ListObjectsV2APIClient
}

// Config says where and how results are written.
type Config struct {
	Bucket string
	// Prefix is the key prefix before AWSLogs/ ("" for the bucket root).
	Prefix    string
	AccountID string // see AccountID
	Region    string
	JobID     string
	// NamePrefix goes before each object's generated name, so that a
	// reader can tell whose objects they are by listing alone (a job
	// shard's: "shard-3-of-8-"). Letters, digits, '-', '_' and '.' only.
	NamePrefix string
	// KMSKeyID is the key's id, ARN or alias.
	KMSKeyID   string
	Encryption Encryption // default EncryptionSSEKMS
	// MaxRecords and MaxAge close an object: after this many lines, or this
	// long after its first line, whichever comes first.
	MaxRecords int
	MaxAge     time.Duration
	// MaxAttempts bounds the PUTs of one object (each PUT also gets the
	// SDK's own retries); Backoff is the first wait, doubled after each
	// failure, with jitter.
	MaxAttempts int
	Backoff     time.Duration
	Logger      *slog.Logger
}

func (c *Config) validate() error {
	var missing []string
	for name, v := range map[string]string{"Bucket": c.Bucket, "AccountID": c.AccountID, "Region": c.Region, "JobID": c.JobID, "KMSKeyID": c.KMSKeyID} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("results repository config: %s required", strings.Join(missing, ", "))
	}
	for _, part := range []string{c.AccountID, c.Region, c.JobID} {
		if strings.Contains(part, "/") {
			return fmt.Errorf("results repository config: %q may not contain /", part)
		}
	}
	for _, r := range c.NamePrefix {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("results repository config: name prefix %q: only letters, digits, '-', '_' and '.'", c.NamePrefix)
		}
	}
	switch c.Encryption {
	case "":
		c.Encryption = EncryptionSSEKMS
	case EncryptionSSEKMS, EncryptionClient:
	default:
		return fmt.Errorf("results repository config: encryption %q is not %q or %q", c.Encryption, EncryptionSSEKMS, EncryptionClient)
	}
	if c.MaxRecords <= 0 {
		c.MaxRecords = DefaultMaxRecords
	}
	if c.MaxAge <= 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Backoff <= 0 {
		c.Backoff = DefaultBackoff
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// JobDir returns the key prefix of a job's result objects:
// <prefix>/AWSLogs/<accountId>/Macie/<region>/<jobId>/.
func JobDir(prefix, accountID, region, jobID string) string {
	dir := "AWSLogs/" + accountID + "/Macie/" + region + "/" + jobID + "/"
	if p := strings.Trim(prefix, "/"); p != "" {
		dir = p + "/" + dir
	}
	return dir
}

// STSAPI is the part of the STS client AccountID uses.
type STSAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// AccountID returns the account of the caller's credentials
// (sts:GetCallerIdentity), for Config.AccountID.
func AccountID(ctx context.Context, client STSAPI) (string, error) {
	out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("get caller identity: %w", err)
	}
	if aws.ToString(out.Account) == "" {
		return "", errors.New("get caller identity: no account in the answer")
	}
	return aws.ToString(out.Account), nil
}

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("results writer closed")

// Writer writes result lines to the repository. Write is called from one
// goroutine at a time; a background goroutine closes objects that reach
// MaxAge and another uploads them, so a slow PUT holds up Write only when
// queuedBatches objects are already waiting.
type Writer struct {
	s3   S3API
	kms  KMSAPI
	cfg  Config
	dir  string
	log  *slog.Logger
	ctx  context.Context // uploads: not cancelled with the run, so Close can flush
	stop chan struct{}   // stops the age ticker
	tick sync.WaitGroup

	mu      sync.Mutex
	cur     *batch
	closed  bool
	backlog []*batch // sealed but not handed to the uploader (Write's ctx ended)
	marker  string   // the preflight's marker, deleted by Close

	uploads  chan *batch
	uploader sync.WaitGroup

	resMu   sync.Mutex
	written []string
	failed  []*batch
	records int64
}

type batch struct {
	buf     bytes.Buffer
	gz      *gzip.Writer
	records int
	started time.Time
	key     string
	err     error
}

// NewWriter returns a Writer for cfg. ctx carries values (loggers, tracing)
// to the uploads, but not its cancellation: Close must be able to flush after
// the run is told to stop.
func NewWriter(ctx context.Context, s3c S3API, kmsc KMSAPI, cfg Config) (*Writer, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	w := &Writer{
		s3: s3c, kms: kmsc, cfg: cfg, log: cfg.Logger,
		dir:     JobDir(cfg.Prefix, cfg.AccountID, cfg.Region, cfg.JobID),
		ctx:     context.WithoutCancel(ctx),
		stop:    make(chan struct{}),
		uploads: make(chan *batch, queuedBatches),
	}
	w.uploader.Go(func() {
		for b := range w.uploads {
			w.upload(b)
		}
	})
	w.tick.Go(w.ageTicker)
	return w, nil
}

// Dir is the key prefix the Writer puts objects under.
func (w *Writer) Dir() string { return w.dir }

// Write adds one JSON line (a trailing newline is optional; the line may not
// contain another). The line is copied. A nil error means accepted, not yet
// durable: Close reports what could not be written.
func (w *Writer) Write(ctx context.Context, line []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	if bytes.IndexByte(line, '\n') >= 0 {
		return errors.New("write result line: contains a newline")
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	if w.cur == nil {
		w.cur = newBatch()
	}
	b := w.cur
	_, err := b.gz.Write(line)
	if err == nil {
		_, err = b.gz.Write([]byte{'\n'})
	}
	if err != nil {
		// Writes into memory do not fail; if one does, the batch is unusable.
		w.mu.Unlock()
		return fmt.Errorf("compress result line: %w", err)
	}
	b.records++
	var full *batch
	if b.records >= w.cfg.MaxRecords {
		full, w.cur = b, nil
	}
	w.mu.Unlock()
	if full != nil {
		return w.enqueue(ctx, full)
	}
	return nil
}

func newBatch() *batch {
	b := &batch{started: time.Now()}
	b.gz = gzip.NewWriter(&b.buf)
	return b
}

// enqueue hands a sealed batch to the uploader; if ctx ends first, the batch
// waits in the backlog for Close.
func (w *Writer) enqueue(ctx context.Context, b *batch) error {
	select {
	case w.uploads <- b:
		return nil
	case <-ctx.Done():
		w.mu.Lock()
		w.backlog = append(w.backlog, b)
		w.mu.Unlock()
		return ctx.Err()
	}
}

// ageTicker closes the current object once it is MaxAge old.
func (w *Writer) ageTicker() {
	period := min(w.cfg.MaxAge/4, time.Second)
	t := time.NewTicker(max(period, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
		w.mu.Lock()
		var old *batch
		if w.cur != nil && time.Since(w.cur.started) >= w.cfg.MaxAge {
			old, w.cur = w.cur, nil
		}
		w.mu.Unlock()
		if old != nil {
			select {
			case w.uploads <- old:
			case <-w.stop:
				w.mu.Lock()
				w.backlog = append(w.backlog, old)
				w.mu.Unlock()
				return
			}
		}
	}
}

// upload finishes the batch's gzip stream, encrypts it as configured, and
// PUTs it, retrying with backoff. A batch that cannot be written is kept
// for Close to try once more and report.
func (w *Writer) upload(b *batch) {
	if b.key == "" {
		if err := b.gz.Close(); err != nil {
			b.err = fmt.Errorf("compress: %w", err)
			w.fail(b)
			return
		}
		// UUIDv7 names sort by creation time, so listing the job's
		// directory reads results back in the order they were written.
		id, err := uuid.NewV7()
		if err != nil {
			id = uuid.New()
		}
		b.key = w.dir + w.cfg.NamePrefix + id.String() + ".jsonl.gz"
	}
	in, body, err := w.putInput(b.key, b.buf.Bytes())
	if err != nil {
		b.err = err
		w.fail(b)
		return
	}
	backoff := w.cfg.Backoff
	for attempt := 1; ; attempt++ {
		in.Body = bytes.NewReader(body)
		_, err = w.s3.PutObject(w.ctx, in)
		if err == nil {
			break
		}
		if attempt >= w.cfg.MaxAttempts {
			b.err = fmt.Errorf("put s3://%s/%s after %d attempts: %w", w.cfg.Bucket, b.key, attempt, err)
			w.fail(b)
			return
		}
		w.log.Warn("results put failed, retrying", "bucket", w.cfg.Bucket, "key", b.key, "attempt", attempt, "error", err.Error())
		time.Sleep(backoff/2 + rand.N(backoff/2+1))
		backoff = min(2*backoff, maxBackoff)
	}
	w.log.Info("results object written", "bucket", w.cfg.Bucket, "key", b.key, "records", b.records, "bytes", b.buf.Len())
	w.resMu.Lock()
	w.written = append(w.written, b.key)
	w.records += int64(b.records)
	w.resMu.Unlock()
}

// putInput builds the PutObject request for one object and the body to send
// with it, encrypting first in client mode (once: retries send the same
// ciphertext).
func (w *Writer) putInput(key string, body []byte) (*s3.PutObjectInput, []byte, error) {
	return PutInput(w.ctx, w.kms, w.cfg.Encryption, w.cfg.Bucket, key, w.cfg.JobID, w.cfg.KMSKeyID, body)
}

// PutInput builds the PutObject request that stores body, one gzip JSON
// Lines results object, at bucket/key of job jobID, encrypted as enc with
// keyID: SSE-KMS, or sealed here under a data key of keyID bound to the
// object's encryption context (what Reader checks). It returns the body to
// send, which retries must resend as is: a sealed body is encrypted once.
// Writers that name their own objects (the daemon's one object per scanned
// object) use it to store what Writer would.
func PutInput(ctx context.Context, kmsc KMSAPI, enc Encryption, bucket, key, jobID, keyID string, body []byte) (*s3.PutObjectInput, []byte, error) {
	in := &s3.PutObjectInput{
		Bucket:      aws.String(bucket),
		Key:         aws.String(key),
		ContentType: aws.String("application/gzip"),
	}
	switch enc {
	case EncryptionClient:
		if kmsc == nil {
			return nil, nil, fmt.Errorf("encrypt s3://%s/%s: client-side encryption needs a KMS client", bucket, key)
		}
		sealed, meta, err := seal(ctx, kmsc, keyID, EncryptionContext(bucket, key, jobID), body)
		if err != nil {
			return nil, nil, fmt.Errorf("encrypt s3://%s/%s: %w", bucket, key, err)
		}
		body = sealed
		in.Metadata = meta
		in.ContentType = aws.String("application/octet-stream")
	default:
		in.ServerSideEncryption = s3types.ServerSideEncryptionAwsKms
		in.SSEKMSKeyId = aws.String(keyID)
	}
	in.ContentLength = aws.Int64(int64(len(body)))
	return in, body, nil
}

func (w *Writer) fail(b *batch) {
	w.log.Error("results object not written", "bucket", w.cfg.Bucket, "key", b.key, "records", b.records, "error", b.err.Error())
	w.resMu.Lock()
	w.failed = append(w.failed, b)
	w.resMu.Unlock()
}

// Written returns the keys of the objects written so far.
func (w *Writer) Written() []string {
	w.resMu.Lock()
	defer w.resMu.Unlock()
	return append([]string(nil), w.written...)
}

// Close writes what is pending, waits for every upload, tries objects that
// could not be written once more, deletes the preflight's marker, and
// returns a *WriteError listing the objects still not written. A second
// Close returns nil.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.mu.Unlock()
	close(w.stop)
	w.tick.Wait()

	w.mu.Lock()
	pending := w.backlog
	w.backlog = nil
	if w.cur != nil {
		pending = append(pending, w.cur)
		w.cur = nil
	}
	w.mu.Unlock()
	for _, b := range pending {
		w.uploads <- b
	}
	close(w.uploads)
	w.uploader.Wait()

	w.resMu.Lock()
	retry := w.failed
	w.failed = nil
	w.resMu.Unlock()
	for _, b := range retry {
		b.err = nil
		w.upload(b)
	}
	w.deleteMarker()
	w.resMu.Lock()
	defer w.resMu.Unlock()
	if len(w.failed) == 0 {
		return nil
	}
	we := &WriteError{}
	for _, b := range w.failed {
		we.Objects = append(we.Objects, FailedObject{Key: b.key, Records: b.records, Err: b.err})
	}
	return we
}

// FailedObject is a result object that could not be written.
type FailedObject struct {
	Key     string // "" when it failed before a key was chosen
	Records int
	Err     error
}

// WriteError lists the result objects Close could not write.
type WriteError struct {
	Objects []FailedObject
}

func (e *WriteError) Error() string {
	records := 0
	parts := make([]string, 0, len(e.Objects))
	for _, o := range e.Objects {
		records += o.Records
		parts = append(parts, fmt.Sprintf("%s (%d records): %v", o.Key, o.Records, o.Err))
	}
	return fmt.Sprintf("write results: %d objects (%d records) not written: %s", len(e.Objects), records, strings.Join(parts, "; "))
}

// Unwrap returns the causes, for errors.Is and errors.As.
func (e *WriteError) Unwrap() []error {
	errs := make([]error, 0, len(e.Objects))
	for _, o := range e.Objects {
		errs = append(errs, o.Err)
	}
	return errs
}
