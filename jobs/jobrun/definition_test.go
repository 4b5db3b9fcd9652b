package jobrun

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/jobs"
)

const (
	validJob = `{"name": "nightly", "jobType": "ONE_TIME",
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["data-lake"]}]},
  "managedDataIdentifierSelector": "INCLUDE", "managedDataIdentifierIds": ["USA_SOCIAL_SECURITY_NUMBER"]}`
	// invalidJob has two problems: a comparator its key does not take, and
	// an identifier not in the catalogue.
	invalidJob = `{"name": "x", "jobType": "ONE_TIME",
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["ok-bucket"]}],
    "scoping": {"excludes": {"and": [{"simpleScopeTerm": {"comparator": "GT", "key": "OBJECT_EXTENSION", "values": ["csv"]}}]}}},
  "managedDataIdentifierSelector": "INCLUDE", "managedDataIdentifierIds": ["NOT_AN_IDENTIFIER"]}`
)

// TestReadDefinition: a job is read from a file or from S3 and checked
// against the catalogue's managed data identifiers, every problem listed.
func TestReadDefinition(t *testing.T) {
	dir := t.TempDir()
	valid := writeFile(t, dir, "job.json", validJob)
	invalid := writeFile(t, dir, "invalid.json", invalidJob)
	m := newMemS3("jobs-bucket")
	m.put("jobs-bucket", "defs/job.json", validJob)
	a := newFakeAWS(m)
	for _, tt := range []struct {
		name, path string
		aws        AWS
		wantErr    []string // nil: the job "nightly"
	}{
		{"file", valid, nil, nil},
		{"s3", "s3://jobs-bucket/defs/job.json", a, nil},
		{"no such file", dir + "/absent.json", nil, []string{"read job: open " + dir + "/absent.json"}},
		{"no such key", "s3://jobs-bucket/defs/absent.json", a, []string{"read job: get s3://jobs-bucket/defs/absent.json"}},
		{"s3 without AWS", "s3://jobs-bucket/defs/job.json", nil, []string{"read job: s3:// locations are read at run time"}},
		{"s3 URL without bucket", "s3:///job.json", a, []string{`parse "s3:///job.json": no bucket`}},
		{"problems", invalid, nil, []string{
			invalid + ": invalid job (2 problems)",
			`s3JobDefinition.scoping.excludes.and[0].simpleScopeTerm.comparator: "GT": want EQ, NE for OBJECT_EXTENSION`,
			`managedDataIdentifierIds[0]: "NOT_AN_IDENTIFIER" is not a managed data identifier`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			job, err := ReadDefinition(context.Background(), tt.path, tt.aws)
			if tt.wantErr == nil {
				if err != nil || job.Name != "nightly" {
					t.Fatalf("ReadDefinition = %+v, %v", job, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ReadDefinition = %+v, want an error", job)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
	_, err := ReadDefinition(context.Background(), invalid, nil)
	var ve *jobs.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Errorf("problems: %v, want a jobs.ValidationError of 2", err)
	}
}

func TestDefinitionDir(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"job.json", "."},
		{"deploy/batch/data-lake.json", "deploy/batch"},
		{"/etc/piiscan/job.json", "/etc/piiscan"},
		{"s3://bucket/jobs/job.json", "."},
	} {
		if got := DefinitionDir(tt.path); got != tt.want {
			t.Errorf("DefinitionDir(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestReadDocumentLimit: a document over the limit is refused, not cut
// short into a misleading syntax error.
func TestReadDocumentLimit(t *testing.T) {
	for _, tt := range []struct {
		size    int
		wantErr bool
	}{
		{0, false},
		{maxDocumentBytes, false},
		{maxDocumentBytes + 1, true},
	} {
		data, err := readDocument(io.LimitReader(zeros{}, int64(tt.size)))
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
				t.Errorf("%d bytes: %v, want larger than 16 MiB", tt.size, err)
			}
			continue
		}
		if err != nil || len(data) != tt.size || !bytes.Equal(data, make([]byte, tt.size)) {
			t.Errorf("%d bytes: got %d, %v", tt.size, len(data), err)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
