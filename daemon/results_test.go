package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/klauspost/compress/gzip"

	"github.com/piiscan/piiscan/findings"
)

type fakePut struct {
	fails int // first calls that fail
	calls []*s3.PutObjectInput
	body  []byte
}

func (f *fakePut) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	f.calls = append(f.calls, in)
	if len(f.calls) <= f.fails {
		return nil, errors.New("SlowDown")
	}
	f.body, _ = io.ReadAll(in.Body)
	return &s3.PutObjectOutput{}, nil
}

func records(n int) []*findings.Record {
	out := make([]*findings.Record, n)
	for i := range out {
		out[i] = &findings.Record{ID: "random", Category: findings.CategoryClassification}
	}
	return out
}

func TestResultsStorePutsOneIdempotentObject(t *testing.T) {
	f := &fakePut{fails: 1}
	s := &ResultsStore{S3: f, Bucket: "res", Dir: "p/AWSLogs/1/Macie/us-east-1/piiscan-events/", KMSKeyID: "alias/r"}
	ev := ObjectEvent{Bucket: "b", Key: "k", ETag: "e"}
	recs := records(2)
	stableIDs(ev.Identity(), recs)
	if err := s.Put(context.Background(), ev.Identity(), recs); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 2 {
		t.Fatalf("%d PUTs, want 2 (one retried)", len(f.calls))
	}
	in := f.calls[1]
	if key := aws.ToString(in.Key); key != s.Dir+ev.Identity()+".jsonl.gz" {
		t.Errorf("key %s", key)
	}
	if in.ServerSideEncryption != s3types.ServerSideEncryptionAwsKms || aws.ToString(in.SSEKMSKeyId) != "alias/r" {
		t.Errorf("encryption %s %s", in.ServerSideEncryption, aws.ToString(in.SSEKMSKeyId))
	}
	zr, err := gzip.NewReader(bytes.NewReader(f.body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	lines := strings.Split(strings.TrimSuffix(string(plain), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var got findings.Record
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != recs[0].ID || got.ID == "random" {
		t.Errorf("id %q", got.ID)
	}

	// The same object again: the same key and the same record IDs.
	again := records(2)
	stableIDs(ev.Identity(), again)
	if again[0].ID != recs[0].ID || again[1].ID != recs[1].ID || recs[0].ID == recs[1].ID {
		t.Errorf("ids not stable and distinct: %s %s / %s %s", recs[0].ID, recs[1].ID, again[0].ID, again[1].ID)
	}
	other := records(1)
	stableIDs(ObjectEvent{Bucket: "b", Key: "k", ETag: "e2"}.Identity(), other)
	if other[0].ID == recs[0].ID {
		t.Error("a new ETag kept the record id")
	}
}

func TestResultsStoreGivesUp(t *testing.T) {
	f := &fakePut{fails: 100}
	s := &ResultsStore{S3: f, Bucket: "res", Dir: "d/", KMSKeyID: "k", MaxAttempts: 2}
	err := s.Put(context.Background(), "id", records(1))
	if err == nil || !strings.Contains(err.Error(), "after 2 attempts") || len(f.calls) != 2 {
		t.Fatalf("err %v after %d calls", err, len(f.calls))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.calls = nil
	if err := (&ResultsStore{S3: f, Bucket: "res", Dir: "d/", KMSKeyID: "k"}).Put(ctx, "id", records(1)); err == nil || len(f.calls) != 1 {
		t.Fatalf("cancelled put: err %v after %d calls", err, len(f.calls))
	}
}
