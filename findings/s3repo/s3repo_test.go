package s3repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/piiscan/piiscan/testservers/kmsserver"
)

// memS3 is an in-memory S3API for unit tests; the end-to-end tests use MinIO.
type memS3 struct {
	mu        sync.Mutex
	objects   map[string]memObject
	puts      []*s3.PutObjectInput
	failPuts  int   // the next failPuts PUTs fail
	putErr    error // what they fail with
	deletes   []string
	deleteErr error
}

type memObject struct {
	body []byte
	meta map[string]string
}

func newMemS3() *memS3 { return &memS3{objects: map[string]memObject{}} }

func (m *memS3) PutObject(ctx context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	body, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.puts = append(m.puts, in)
	if m.failPuts != 0 {
		m.failPuts--
		return nil, m.putErr
	}
	m.objects[*in.Key] = memObject{body: body, meta: maps.Clone(in.Metadata)}
	return &s3.PutObjectOutput{}, nil
}

func (m *memS3) DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deletes = append(m.deletes, *in.Key)
	if m.deleteErr != nil {
		return nil, m.deleteErr
	}
	delete(m.objects, *in.Key)
	return &s3.DeleteObjectOutput{}, nil
}

func (m *memS3) GetObject(ctx context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objects[*in.Key]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchKey", Message: "The specified key does not exist."}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(o.body)), Metadata: maps.Clone(o.meta)}, nil
}

func (m *memS3) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out s3.ListObjectsV2Output
	for _, k := range slices.Sorted(maps.Keys(m.objects)) {
		if strings.HasPrefix(k, aws.ToString(in.Prefix)) {
			out.Contents = append(out.Contents, s3types.Object{Key: aws.String(k), Size: aws.Int64(int64(len(m.objects[k].body)))})
		}
	}
	return &out, nil
}

func (m *memS3) copyObject(from, to string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[to] = m.objects[from]
}

// newKMS runs the test KMS server in-process and returns the SDK's real
// client for it and a new key's id.
func newKMS(t *testing.T, opts kmsserver.Options) (*kms.Client, string) {
	t.Helper()
	ts := httptest.NewServer(kmsserver.New(opts))
	t.Cleanup(ts.Close)
	c := kms.New(kms.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(ts.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
	out, err := c.CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	return c, *out.KeyMetadata.KeyId
}

func baseConfig(keyID string) Config {
	return Config{
		Bucket: "results", Prefix: "macie", AccountID: "111122223333", Region: "us-east-1",
		JobID: "job-1", KMSKeyID: keyID, MaxAge: time.Hour, Backoff: time.Millisecond,
	}
}

func lines(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, `{"n":%d}`, i)
	}
	return out
}

func readAll(t *testing.T, r *Reader) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	err := r.Lines(context.Background(), func(key string, line []byte) error {
		got[key] = append(got[key], string(line))
		return nil
	})
	if err != nil {
		t.Fatalf("Lines: %v", err)
	}
	return got
}

func TestJobDir(t *testing.T) {
	tests := []struct{ prefix, want string }{
		{"", "AWSLogs/1/Macie/r/j/"},
		{"macie", "macie/AWSLogs/1/Macie/r/j/"},
		{"/a/b/", "a/b/AWSLogs/1/Macie/r/j/"},
	}
	for _, tt := range tests {
		if got := JobDir(tt.prefix, "1", "r", "j"); got != tt.want {
			t.Errorf("JobDir(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

func TestConfigValidation(t *testing.T) {
	for name, mutate := range map[string]func(*Config){
		"no bucket":         func(c *Config) { c.Bucket = "" },
		"no key":            func(c *Config) { c.KMSKeyID = "" },
		"slash in job":      func(c *Config) { c.JobID = "a/b" },
		"unknown encrypton": func(c *Config) { c.Encryption = "none" },
		"slash in name":     func(c *Config) { c.NamePrefix = "shard/1-" },
	} {
		cfg := baseConfig("k")
		mutate(&cfg)
		if _, err := NewWriter(context.Background(), newMemS3(), nil, cfg); err == nil {
			t.Errorf("%s: NewWriter accepted the config", name)
		}
	}
}

func TestWriterBatchesByRecordsWithSSEKMS(t *testing.T) {
	mem := newMemS3()
	cfg := baseConfig("alias/results")
	cfg.MaxRecords = 3
	w, err := NewWriter(context.Background(), mem, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines(7) {
		if err := w.Write(context.Background(), l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := w.Write(context.Background(), []byte("{}")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close = %v", err)
	}
	if len(mem.puts) != 3 {
		t.Fatalf("%d PUTs, want 3", len(mem.puts))
	}
	for _, in := range mem.puts {
		if in.ServerSideEncryption != s3types.ServerSideEncryptionAwsKms || aws.ToString(in.SSEKMSKeyId) != "alias/results" {
			t.Errorf("PUT %s: SSE %q key %q", *in.Key, in.ServerSideEncryption, aws.ToString(in.SSEKMSKeyId))
		}
		if !strings.HasPrefix(*in.Key, "macie/AWSLogs/111122223333/Macie/us-east-1/job-1/") || !strings.HasSuffix(*in.Key, ".jsonl.gz") {
			t.Errorf("key %q not in Macie's layout", *in.Key)
		}
	}
	got := readAll(t, NewReader(mem, nil, "results", "macie/", ReaderOptions{}))
	var all []string
	counts := []int{}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		all = append(all, got[k]...)
		counts = append(counts, len(got[k]))
	}
	slices.Sort(counts)
	if !slices.Equal(counts, []int{1, 3, 3}) {
		t.Fatalf("objects hold %v lines, want 1, 3, 3", counts)
	}
	slices.Sort(all)
	want := make([]string, 0, 7)
	for _, l := range lines(7) {
		want = append(want, string(l))
	}
	slices.Sort(want)
	if !slices.Equal(all, want) {
		t.Fatalf("lines read back = %v, want %v", all, want)
	}
}

func TestWriterNamePrefix(t *testing.T) {
	mem := newMemS3()
	cfg := baseConfig("k")
	cfg.NamePrefix = "shard-1-of-4-"
	w, err := NewWriter(context.Background(), mem, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(context.Background(), lines(1)[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(mem.puts) != 1 {
		t.Fatalf("%d PUTs, want 1", len(mem.puts))
	}
	if k := *mem.puts[0].Key; !strings.HasPrefix(k, "macie/AWSLogs/111122223333/Macie/us-east-1/job-1/shard-1-of-4-") {
		t.Fatalf("key %q: want the name prefix right after the job's directory", k)
	}
}

func TestWriterClosesObjectsByAge(t *testing.T) {
	mem := newMemS3()
	cfg := baseConfig("k")
	cfg.MaxAge = 50 * time.Millisecond
	w, err := NewWriter(context.Background(), mem, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Write(context.Background(), []byte(`{"a":1}`+"\n")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(w.Written()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no object written 5 s after a line older than MaxAge")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWriterRejectsEmbeddedNewline(t *testing.T) {
	w, err := NewWriter(context.Background(), newMemS3(), nil, baseConfig("k"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Write(context.Background(), []byte("{}\n{}")); err == nil {
		t.Fatal("a line with an embedded newline was accepted")
	}
}

func TestWriterRetriesPuts(t *testing.T) {
	mem := newMemS3()
	mem.failPuts, mem.putErr = 2, errors.New("connection reset")
	w, err := NewWriter(context.Background(), mem, nil, baseConfig("k"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines(5) {
		_ = w.Write(context.Background(), l)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close after transient failures: %v", err)
	}
	if len(mem.puts) != 3 || len(mem.objects) != 1 || len(w.Written()) != 1 {
		t.Fatalf("%d PUTs, %d objects; want 3 PUTs, 1 object", len(mem.puts), len(mem.objects))
	}
}

func TestWriterReportsWhatItCouldNotWrite(t *testing.T) {
	mem := newMemS3()
	mem.failPuts, mem.putErr = -1, errors.New("access denied")
	cfg := baseConfig("k")
	cfg.MaxRecords, cfg.MaxAttempts = 4, 2
	w, err := NewWriter(context.Background(), mem, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines(6) {
		_ = w.Write(context.Background(), l)
	}
	err = w.Close()
	var we *WriteError
	if !errors.As(err, &we) {
		t.Fatalf("Close = %v, want *WriteError", err)
	}
	if len(we.Objects) != 2 || we.Objects[0].Records+we.Objects[1].Records != 6 {
		t.Fatalf("WriteError = %+v, want 2 objects holding 6 records", we.Objects)
	}
	if !strings.Contains(err.Error(), "2 objects (6 records) not written") || !strings.Contains(err.Error(), "access denied") {
		t.Fatalf("error %q does not say what was lost and why", err)
	}
	// Each object: MaxAttempts PUTs, then MaxAttempts more at Close.
	if len(mem.puts) != 8 {
		t.Fatalf("%d PUTs, want 8", len(mem.puts))
	}
}

func TestWriterKeepsBatchWhenWriteContextEnds(t *testing.T) {
	mem := newMemS3()
	cfg := baseConfig("k")
	cfg.MaxRecords = 1
	w, err := NewWriter(context.Background(), mem, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	// Fill the queue faster than the uploader can drain it, then cancel.
	n := 0
	for ; n < 50; n++ {
		if err := w.Write(ctx, []byte(`{}`)); err != nil {
			break
		}
		if n == 40 {
			cancel()
		}
	}
	cancel()
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := len(mem.objects); got < n {
		t.Fatalf("%d objects written for %d accepted lines", got, n)
	}
}

func TestClientEncryptionRoundTrip(t *testing.T) {
	mem := newMemS3()
	kc, keyID := newKMS(t, kmsserver.Options{})
	cfg := baseConfig(keyID)
	cfg.Encryption = EncryptionClient
	cfg.MaxRecords = 2
	w, err := NewWriter(context.Background(), mem, kc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines(3) {
		if err := w.Write(context.Background(), l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	keys := w.Written()
	if len(keys) != 2 {
		t.Fatalf("%d objects", len(keys))
	}
	for _, in := range mem.puts {
		if in.ServerSideEncryption != "" || in.Metadata[metaWrapAlg] != "kms+context" || in.Metadata[metaCEKAlg] != "AES/GCM/NoPadding" {
			t.Fatalf("client-mode PUT: SSE %q, metadata %v", in.ServerSideEncryption, in.Metadata)
		}
		if !strings.Contains(in.Metadata[metaMatDesc], `"key":"`+*in.Key+`"`) || !strings.Contains(in.Metadata[metaMatDesc], `"jobId":"job-1"`) {
			t.Fatalf("stored context %s does not bind key and job", in.Metadata[metaMatDesc])
		}
		if bytes.Contains(mem.objects[*in.Key].body, []byte(`"n"`)) {
			t.Fatal("stored body holds plaintext")
		}
	}
	got := readAll(t, NewReader(mem, kc, "results", "macie/", ReaderOptions{KMSKeyID: keyID}))
	if len(got[keys[0]])+len(got[keys[1]]) != 3 {
		t.Fatalf("read back %v", got)
	}

	// The same bytes and metadata under another job's key are refused.
	moved := strings.Replace(keys[0], "/job-1/", "/job-2/", 1)
	mem.copyObject(keys[0], moved)
	err = NewReader(mem, kc, "results", moved, ReaderOptions{}).Object(context.Background(), moved, func([]byte) error { return nil })
	if !errors.Is(err, ErrContextMismatch) || !strings.Contains(err.Error(), `jobId is "job-1", but the object's jobId is "job-2"`) {
		t.Fatalf("moved object: %v, want a refusal naming the jobId mismatch", err)
	}
	// A context edited to match the new place fails KMS's check instead.
	mem.mu.Lock()
	o := mem.objects[moved]
	o.meta = maps.Clone(o.meta)
	o.meta[metaMatDesc] = strings.Replace(o.meta[metaMatDesc], "job-1", "job-2", 1)
	o.meta[metaMatDesc] = strings.Replace(o.meta[metaMatDesc], keys[0], moved, 1)
	mem.objects[moved] = o
	mem.mu.Unlock()
	err = NewReader(mem, kc, "results", moved, ReaderOptions{}).Object(context.Background(), moved, func([]byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "InvalidCiphertextException") {
		t.Fatalf("tampered context: %v, want KMS to refuse the data key", err)
	}
}

func TestPreflight(t *testing.T) {
	kc, keyID := newKMS(t, kmsserver.Options{})
	t.Run("ok, marker kept until Close", func(t *testing.T) {
		for _, enc := range []Encryption{EncryptionSSEKMS, EncryptionClient} {
			mem := newMemS3()
			cfg := baseConfig(keyID)
			cfg.Encryption = enc
			w, _ := NewWriter(context.Background(), mem, kc, cfg)
			if err := w.Preflight(context.Background()); err != nil {
				t.Fatalf("%s: Preflight: %v", enc, err)
			}
			// The marker keeps the job's directory from being empty while
			// the run writes (see Preflight).
			if len(mem.puts) != 1 || len(mem.deletes) != 0 || len(mem.objects) != 1 {
				t.Fatalf("%s: after Preflight, %d puts, %d deletes, %d objects; want the marker alone", enc, len(mem.puts), len(mem.deletes), len(mem.objects))
			}
			if err := w.Write(context.Background(), []byte(`{"a":1}`)); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if len(mem.puts) != 2 || len(mem.deletes) != 1 || len(mem.objects) != 1 {
				t.Fatalf("%s: after Close, %d puts, %d deletes, %d objects left; want the results alone", enc, len(mem.puts), len(mem.deletes), len(mem.objects))
			}
			for key := range mem.objects {
				if strings.Contains(key, "preflight") {
					t.Fatalf("%s: %s left after Close", enc, key)
				}
			}
		}
	})
	t.Run("failed preflight, nothing to delete", func(t *testing.T) {
		mem := newMemS3()
		mem.failPuts, mem.putErr = 1, &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"}
		w, _ := NewWriter(context.Background(), mem, kc, baseConfig(keyID))
		if err := w.Preflight(context.Background()); err == nil {
			t.Fatal("Preflight succeeded")
		}
		w.Close()
		if len(mem.deletes) != 0 {
			t.Fatalf("%d deletes after a failed preflight", len(mem.deletes))
		}
	})
	t.Run("delete denied is tolerated", func(t *testing.T) {
		mem := newMemS3()
		mem.deleteErr = errors.New("AccessDenied")
		w, _ := NewWriter(context.Background(), mem, kc, baseConfig(keyID))
		defer w.Close()
		if err := w.Preflight(context.Background()); err != nil {
			t.Fatalf("Preflight: %v", err)
		}
	})
	tests := []struct {
		name     string
		enc      Encryption
		keyID    string
		putErr   error
		action   string
		resource string
	}{
		{"bucket not writable", EncryptionSSEKMS, keyID, &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"},
			"s3:PutObject", "arn:aws:s3:::results/macie/AWSLogs/111122223333/Macie/us-east-1/job-1/*"},
		{"sse-kms key unusable", EncryptionSSEKMS, "alias/none", &smithy.GenericAPIError{Code: "KMS.NotFoundException", Message: "Invalid keyId"},
			"kms:GenerateDataKey", "alias/none"},
		{"client key missing", EncryptionClient, "alias/none", nil, "kms:GenerateDataKey", "alias/none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := newMemS3()
			if tt.putErr != nil {
				mem.failPuts, mem.putErr = 1, tt.putErr
			}
			cfg := baseConfig(tt.keyID)
			cfg.Encryption = tt.enc
			w, _ := NewWriter(context.Background(), mem, kc, cfg)
			defer w.Close()
			err := w.Preflight(context.Background())
			var pe *PermissionError
			if !errors.As(err, &pe) || pe.Action != tt.action || pe.Resource != tt.resource {
				t.Fatalf("Preflight = %v, want missing %s on %s", err, tt.action, tt.resource)
			}
			if !strings.Contains(err.Error(), "missing permission "+tt.action+" on "+tt.resource) {
				t.Fatalf("message %q", err)
			}
		})
	}
}

func TestAccountID(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), "Action=GetCallerIdentity") {
			w.WriteHeader(400)
			return
		}
		fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::444455556666:user/x</Arn><UserId>AID</UserId><Account>444455556666</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`)
	}))
	defer ts.Close()
	c := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(ts.URL), Credentials: credentials.NewStaticCredentialsProvider("A", "B", "")})
	got, err := AccountID(context.Background(), c)
	if err != nil || got != "444455556666" {
		t.Fatalf("AccountID = %q, %v", got, err)
	}
}

func FuzzOpenMetadata(f *testing.F) {
	f.Add(`{"bucket":"b","key":"k","jobId":"j","aws:x-amz-cek-alg":"AES/GCM/NoPadding"}`, "AAAA", "AAAAAAAAAAAAAAAA", []byte("body"))
	f.Add(`{`, "", "", []byte{})
	f.Add(`{"bucket":"b"}`, "!!", "AAAA", []byte{1, 2, 3})
	want := EncryptionContext("b", "k", "j")
	kc := failingKMS{}
	f.Fuzz(func(t *testing.T, matdesc, key, iv string, body []byte) {
		meta := map[string]string{metaMatDesc: matdesc, metaKey: key, metaIV: iv, metaWrapAlg: wrapAlgKMS, metaCEKAlg: cekAlgGCM}
		if _, err := open(context.Background(), kc, "", want, meta, body); err == nil {
			t.Fatal("open succeeded without a data key")
		}
	})
}

// failingKMS refuses every call: FuzzOpenMetadata checks that nothing but
// KMS could ever make open succeed.
type failingKMS struct{}

func (failingKMS) GenerateDataKey(context.Context, *kms.GenerateDataKeyInput, ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error) {
	return nil, errors.New("no")
}

func (failingKMS) Decrypt(context.Context, *kms.DecryptInput, ...func(*kms.Options)) (*kms.DecryptOutput, error) {
	return nil, errors.New("no")
}
