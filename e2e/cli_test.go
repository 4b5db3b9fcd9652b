package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// buildCLI builds the piiscan binary once per test binary run.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "piiscan")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/piiscan")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build piiscan: %v\n%s", err, out)
	}
	return bin
}

// runCLI runs piiscan with the servers' endpoints; the credentials and the
// CA bundle come from the environment, as for a user.
func runCLI(t *testing.T, bin string, s *servers, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	full := append(args, "--endpoint-url", s.s3Endpoint, "--kms-endpoint-url", s.kmsEndpoint, "--region", "us-east-1")
	cmd := exec.Command(bin, full...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("run piiscan: %v", err)
	}
	return o.String(), e.String(), code
}

// putSample uploads testcorpus/sample under prefix and returns the keys.
func putSample(t *testing.T, s *servers, bucket, prefix string) []string {
	t.Helper()
	entries, err := os.ReadDir("../testcorpus/sample")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../testcorpus/sample", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s.put(t, bucket, prefix+e.Name(), data)
		keys = append(keys, prefix+e.Name())
	}
	return keys
}

type cliRecord struct {
	ID                    string `json:"id"`
	ClassificationDetails struct {
		DetailedResultsLocation string `json:"detailedResultsLocation"`
		Result                  struct {
			Status struct{ Code, Reason string } `json:"status"`
		} `json:"result"`
	} `json:"classificationDetails"`
	ResourcesAffected struct {
		S3Bucket *struct {
			Name                        string
			DefaultServerSideEncryption *struct{ EncryptionType string } `json:"defaultServerSideEncryption"`
		} `json:"s3Bucket"`
		S3Object struct{ Key string } `json:"s3Object"`
	} `json:"resourcesAffected"`
}

func parseRecords(t *testing.T, out string) []cliRecord {
	t.Helper()
	var recs []cliRecord
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r cliRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not a result record: %v: %.200s", err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestCLIScanBucketWithClientEncryptedResults: `piiscan scan s3://...`
// scans every object of a prefix and stores the records in a results bucket
// with envelope encryption; `piiscan results cat` decrypts them back.
func TestCLIScanBucketWithClientEncryptedResults(t *testing.T) {
	s := needServers(t)
	bin := buildCLI(t)
	data, results := s.newBucket(t), s.newBucket(t)
	keys := putSample(t, s, data, "raw/")
	s.put(t, data, "elsewhere/ignored.txt", []byte("ssn 536-90-4399"))
	s.newKMSKey(t, "alias/piiscan-cli-results")

	stdout, stderr, code := runCLI(t, bin, s, "scan", "s3://"+data+"/raw/", "--format", "json",
		"--results", "s3://"+results+"/repo", "--kms-key-id", "alias/piiscan-cli-results", "--encryption", "client",
		"--account-id", "111122223333", "--job-id", "jobcli", "--results-batch-records", "3")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings); stderr: %s", code, stderr)
	}
	recs := parseRecords(t, stdout)
	var got []string
	for _, r := range recs {
		got = append(got, r.ResourcesAffected.S3Object.Key)
		if b := r.ResourcesAffected.S3Bucket; b == nil || b.Name != data || b.DefaultServerSideEncryption == nil || b.DefaultServerSideEncryption.EncryptionType == "" {
			t.Errorf("%s: s3Bucket %+v, want %s with its default encryption read", r.ResourcesAffected.S3Object.Key, b, data)
		}
		if want := "s3://" + results + "/repo/AWSLogs/111122223333/Macie/us-east-1/jobcli/"; r.ClassificationDetails.DetailedResultsLocation != want {
			t.Errorf("detailedResultsLocation %q, want %q", r.ClassificationDetails.DetailedResultsLocation, want)
		}
	}
	slices.Sort(got)
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Fatalf("records for %v, want %v", got, keys)
	}

	// The stored objects are encrypted on the client: no SSE, envelope metadata.
	list, err := s.clients.S3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(results)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.Contents); n < 3 {
		t.Errorf("%d result objects, want >= 3 (batches of 3 records)", n)
	}

	catOut, stderr, code := runCLI(t, bin, s, "results", "cat", "s3://"+results+"/repo/AWSLogs/111122223333/Macie/us-east-1/jobcli/")
	if code != 0 {
		t.Fatalf("results cat: exit %d: %s", code, stderr)
	}
	stored := parseRecords(t, catOut)
	if len(stored) != len(recs) {
		t.Fatalf("results cat printed %d records, the scan wrote %d", len(stored), len(recs))
	}
	ids := map[string]bool{}
	for _, r := range recs {
		ids[r.ID] = true
	}
	for _, r := range stored {
		if !ids[r.ID] {
			t.Errorf("stored record %s was not in the scan's output", r.ID)
		}
	}
}

// TestCLISSEKMSResults: the default encryption is SSE-KMS, as Macie's.
func TestCLISSEKMSResults(t *testing.T) {
	s := needServers(t)
	bin := buildCLI(t)
	data, results := s.newBucket(t), s.newBucket(t)
	putSample(t, s, data, "")
	_, stderr, code := runCLI(t, bin, s, "scan", "s3://"+data, "--format", "json",
		"--results", "s3://"+results, "--kms-key-id", s.minioKMSKey, "--account-id", "111122223333", "--job-id", "jobsse")
	if code != 1 {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	list, err := s.clients.S3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(results)})
	if err != nil || len(list.Contents) == 0 {
		t.Fatalf("no result objects (%v)", err)
	}
	for _, o := range list.Contents {
		head, err := s.clients.S3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(results), Key: o.Key})
		if err != nil {
			t.Fatal(err)
		}
		if head.ServerSideEncryption != s3types.ServerSideEncryptionAwsKms {
			t.Errorf("%s: encryption %q, want aws:kms", aws.ToString(o.Key), head.ServerSideEncryption)
		}
	}
}

// TestCLIPreflightRefusesBeforeScanning: a key that cannot encrypt stops
// the run before any object is scanned, exit 2, naming the permission.
func TestCLIPreflightRefusesBeforeScanning(t *testing.T) {
	s := needServers(t)
	bin := buildCLI(t)
	data, results := s.newBucket(t), s.newBucket(t)
	putSample(t, s, data, "")
	out := filepath.Join(t.TempDir(), "records.jsonl")
	_, stderr, code := runCLI(t, bin, s, "scan", "s3://"+data, "--output", out, "--format", "json",
		"--results", "s3://"+results, "--kms-key-id", "alias/does-not-exist", "--encryption", "client", "--account-id", "111122223333")
	if code != 2 || !strings.Contains(stderr, "kms:GenerateDataKey") {
		t.Fatalf("exit %d, stderr %q; want 2 naming kms:GenerateDataKey", code, stderr)
	}
	if b, _ := os.ReadFile(out); len(b) != 0 {
		t.Errorf("%d bytes of records written although the preflight failed", len(b))
	}
	_, stderr, code = runCLI(t, bin, s, "scan", "s3://"+data, "--results", "s3://"+data, "--format", "json")
	if code != 2 || !strings.Contains(stderr, "--kms-key-id") {
		t.Errorf("--results without a key: exit %d, stderr %q", code, stderr)
	}
}
