package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/piiscan/piiscan/findings/s3repo"
)

func resultLines(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(`{"classificationDetails":{"result":{"status":{"code":"COMPLETE"}}},"n":%d}`, i)
	}
	return out
}

func writeResults(t *testing.T, s *servers, cfg s3repo.Config, lines []string) *s3repo.Writer {
	t.Helper()
	w, err := s3repo.NewWriter(context.Background(), s.clients.S3, s.clients.KMS, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Preflight(context.Background()); err != nil {
		t.Fatalf("Preflight: %v", err)
	}
	for _, l := range lines {
		if err := w.Write(context.Background(), []byte(l)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return w
}

func readResults(t *testing.T, r *s3repo.Reader) []string {
	t.Helper()
	var got []string
	if err := r.Lines(context.Background(), func(_ string, line []byte) error {
		got = append(got, string(line))
		return nil
	}); err != nil {
		t.Fatalf("Lines: %v", err)
	}
	slices.Sort(got)
	return got
}

func sorted(xs []string) []string {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs
}

// TestSSEKMSResultsReadBack writes results with SSE-KMS (MinIO's KMS key)
// and reads them back.
func TestSSEKMSResultsReadBack(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	cfg := s3repo.Config{
		Bucket: bucket, Prefix: "repo", AccountID: "111122223333", Region: "us-east-1", JobID: "job-sse",
		KMSKeyID: s.minioKMSKey, MaxRecords: 40,
	}
	lines := resultLines(100)
	w := writeResults(t, s, cfg, lines)
	keys := w.Written()
	if len(keys) != 3 {
		t.Fatalf("%d objects written, want 3 (40+40+20 records)", len(keys))
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "repo/AWSLogs/111122223333/Macie/us-east-1/job-sse/") || !strings.HasSuffix(k, ".jsonl.gz") {
			t.Errorf("key %q not in Macie's layout", k)
		}
		head, err := s.clients.S3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(k)})
		if err != nil {
			t.Fatal(err)
		}
		if head.ServerSideEncryption != s3types.ServerSideEncryptionAwsKms || !strings.Contains(aws.ToString(head.SSEKMSKeyId), s.minioKMSKey) {
			t.Errorf("%s: SSE %q key %q, want aws:kms with %s", k, head.ServerSideEncryption, aws.ToString(head.SSEKMSKeyId), s.minioKMSKey)
		}
	}
	got := readResults(t, s3repo.NewReader(s.clients.S3, s.clients.KMS, bucket, "repo/", s3repo.ReaderOptions{}))
	if !slices.Equal(got, sorted(lines)) {
		t.Fatalf("read back %d lines, want the %d written", len(got), len(lines))
	}
}

// TestClientEncryptedResults writes envelope-encrypted results with a key of
// the KMS test server, reads them back, and checks that tampering is refused.
func TestClientEncryptedResults(t *testing.T) {
	s := needServers(t)
	ctx := context.Background()
	bucket := s.newBucket(t)
	s.newKMSKey(t, "alias/"+bucket)
	cfg := s3repo.Config{
		Bucket: bucket, Prefix: "repo", AccountID: "111122223333", Region: "us-east-1", JobID: "job-client",
		KMSKeyID: "alias/" + bucket, Encryption: s3repo.EncryptionClient, MaxRecords: 30,
	}
	lines := resultLines(50)
	w := writeResults(t, s, cfg, lines)
	keys := w.Written()
	if len(keys) != 2 {
		t.Fatalf("%d objects written, want 2", len(keys))
	}

	// The stored bytes are ciphertext, not gzip, and carry the envelope.
	obj, err := s.clients.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(keys[0])})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(obj.Body)
	obj.Body.Close()
	if bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) || bytes.Contains(raw, []byte("classificationDetails")) {
		t.Fatal("stored object is not encrypted")
	}
	t.Logf("stored metadata: %v", obj.Metadata)
	for _, name := range []string{"x-amz-key-v2", "x-amz-iv", "x-amz-matdesc", "x-amz-wrap-alg", "x-amz-cek-alg"} {
		if _, ok := lookupMeta(obj.Metadata, name); !ok {
			t.Errorf("metadata %s missing from the stored object", name)
		}
	}

	reader := s3repo.NewReader(s.clients.S3, s.clients.KMS, bucket, "repo/", s3repo.ReaderOptions{KMSKeyID: "alias/" + bucket})
	if got := readResults(t, reader); !slices.Equal(got, sorted(lines)) {
		t.Fatalf("read back %d lines, want the %d written", len(got), len(lines))
	}

	// Copied, with its metadata, to another job's place: refused.
	moved := strings.Replace(keys[0], "/job-client/", "/job-other/", 1)
	if _, err := s.clients.S3.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(moved), CopySource: aws.String(bucket + "/" + keys[0]),
	}); err != nil {
		t.Fatal(err)
	}
	err = reader.Object(ctx, moved, func([]byte) error { return nil })
	if !errors.Is(err, s3repo.ErrContextMismatch) || !strings.Contains(err.Error(), `jobId is "job-client", but the object's jobId is "job-other"`) {
		t.Fatalf("moved object: %v, want a refusal naming the jobId mismatch", err)
	}
	// Its stored context rewritten to match the new place: KMS refuses the data key.
	meta := obj.Metadata
	md, _ := lookupMeta(meta, "x-amz-matdesc")
	md = strings.ReplaceAll(md, keys[0], moved)
	md = strings.ReplaceAll(md, "job-client", "job-other")
	meta = setMeta(meta, "x-amz-matdesc", md)
	if _, err := s.clients.S3.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(moved), CopySource: aws.String(bucket + "/" + keys[0]),
		MetadataDirective: s3types.MetadataDirectiveReplace, Metadata: meta,
	}); err != nil {
		t.Fatal(err)
	}
	err = reader.Object(ctx, moved, func([]byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "InvalidCiphertextException") {
		t.Fatalf("tampered context: %v, want KMS InvalidCiphertextException", err)
	}

	// A key we may not decrypt with.
	denyKMS(t, s, "alias/"+bucket, "Decrypt")
	err = reader.Object(ctx, keys[1], func([]byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "AccessDeniedException") || !strings.Contains(err.Error(), "kms:Decrypt") {
		t.Fatalf("decrypt with a denied key: %v", err)
	}
}

// TestPreflightFailures checks the preflight names the missing permission.
func TestPreflightFailures(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	base := s3repo.Config{Bucket: bucket, Prefix: "repo", AccountID: "111122223333", Region: "us-east-1", JobID: "job-pf"}
	tests := []struct {
		name     string
		client   *s3.Client
		mutate   func(*s3repo.Config)
		action   string
		resource string
	}{
		{"client key does not exist", nil, func(c *s3repo.Config) {
			c.Encryption, c.KMSKeyID = s3repo.EncryptionClient, "alias/no-such-key"
		}, "kms:GenerateDataKey", "alias/no-such-key"},
		{"client key denied", nil, func(c *s3repo.Config) {
			c.Encryption, c.KMSKeyID = s3repo.EncryptionClient, "alias/"+bucket+"-denied"
			s.newKMSKey(t, "alias/"+bucket+"-denied")
			denyKMS(t, s, "alias/"+bucket+"-denied", "GenerateDataKey")
		}, "kms:GenerateDataKey", "alias/" + bucket + "-denied"},
		{"sse-kms key unknown to the store", nil, func(c *s3repo.Config) {
			c.KMSKeyID = "not-minios-key"
		}, "kms:GenerateDataKey", "not-minios-key"},
		{"bucket not writable", restrictedS3(t, s, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::`+bucket+`","arn:aws:s3:::`+bucket+`/*"]}]}`),
			func(c *s3repo.Config) { c.KMSKeyID = s.minioKMSKey },
			"s3:PutObject", "arn:aws:s3:::" + bucket + "/repo/AWSLogs/111122223333/Macie/us-east-1/job-pf/*"},
		{"bucket does not exist", nil, func(c *s3repo.Config) {
			c.Bucket, c.KMSKeyID = bucket+"-missing", s.minioKMSKey
		}, "s3:PutObject", "arn:aws:s3:::" + bucket + "-missing/repo/AWSLogs/111122223333/Macie/us-east-1/job-pf/*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.mutate(&cfg)
			client := tt.client
			if client == nil {
				client = s.clients.S3
			}
			w, err := s3repo.NewWriter(context.Background(), client, s.clients.KMS, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			err = w.Preflight(context.Background())
			var pe *s3repo.PermissionError
			if !errors.As(err, &pe) || pe.Action != tt.action || pe.Resource != tt.resource {
				t.Fatalf("Preflight = %v, want missing %s on %s", err, tt.action, tt.resource)
			}
			t.Logf("preflight says: %v", err)
		})
	}
}

// denyKMS uses the KMS test server's test-only operation to deny operations
// on a key.
func denyKMS(t *testing.T, s *servers, keyRef string, ops ...string) {
	t.Helper()
	body := fmt.Sprintf(`{"KeyId":%q,"DenyOperations":[%s]}`, keyRef, `"`+strings.Join(ops, `","`)+`"`)
	req, _ := http.NewRequest(http.MethodPost, s.kmsEndpoint+"/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "PiiscanTest.SetKeyAccess")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=e2e")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("SetKeyAccess: status %d", resp.StatusCode)
	}
}

func lookupMeta(meta map[string]string, name string) (string, bool) {
	for k, v := range meta {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func setMeta(meta map[string]string, name, value string) map[string]string {
	out := map[string]string{}
	for k, v := range meta {
		if !strings.EqualFold(k, name) {
			out[k] = v
		}
	}
	out[name] = value
	return out
}
