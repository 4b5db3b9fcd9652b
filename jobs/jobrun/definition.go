package jobrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/sources/s3source"
)

// maxDocumentBytes bounds what is read of a job definition, a custom data
// identifier, an allow list or a words list: each is a small JSON or text
// document, and a bigger object is a wrong location, not one to hold in
// memory.
const maxDocumentBytes = 16 << 20

// errS3AtRunTime is the answer to an s3:// location when no AWS was given:
// `job validate` checks only what it can without AWS access.
var errS3AtRunTime = errors.New("s3:// locations are read at run time")

// ReadDefinition reads a job definition from a file or from
// s3://bucket/key (so that a batch container needs nothing mounted) and
// parses it, every problem listed (jobs.ValidationError), with the
// managed data identifiers of detectors' catalogue. aws is asked only for
// an s3:// path.
func ReadDefinition(ctx context.Context, path string, aws AWS) (*jobs.Job, error) {
	var data []byte
	var err error
	if strings.HasPrefix(path, "s3://") {
		bucket, key, perr := s3source.ParseURL(path)
		if perr != nil {
			return nil, perr
		}
		data, err = getObject(ctx, aws, bucket, key)
	} else {
		data, err = readFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read job: %w", err)
	}
	job, err := jobs.Parse(data, jobs.ValidateOptions{ManagedIDs: catalogueIDs()})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return job, nil
}

// DefinitionDir returns the directory a job's relative identifier and
// allow list locations resolve against (Resources.Dir): the job file's, or
// the working directory for a job read from S3.
func DefinitionDir(path string) string {
	if strings.HasPrefix(path, "s3://") {
		return "."
	}
	return filepath.Dir(path)
}

// catalogueIDs returns the ids of every managed data identifier.
func catalogueIDs() []string {
	var ids []string
	for _, sp := range detectors.Catalogue() {
		ids = append(ids, sp.ID)
	}
	return ids
}

// readFile reads a local document of at most maxDocumentBytes.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readDocument(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

// getObject reads a document of at most maxDocumentBytes from S3. An error
// from S3 is wrapped, so that its code (NoSuchKey) can be asked for.
func getObject(ctx context.Context, a AWS, bucket, key string) ([]byte, error) {
	if a == nil {
		return nil, errS3AtRunTime
	}
	client, _, err := a.S3(ctx, bucket)
	if err != nil {
		return nil, err
	}
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	data, err := readDocument(out.Body)
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	return data, nil
}

// readDocument reads r whole, refusing more than maxDocumentBytes rather
// than cutting it short (a cut JSON document would fail with a misleading
// syntax error).
func readDocument(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxDocumentBytes {
		return nil, fmt.Errorf("larger than %d MiB", maxDocumentBytes>>20)
	}
	return data, nil
}
