package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/piiscan/piiscan/findings/s3repo"
)

// S3Repository keeps a job's state in the results repository, next to its
// results: s3://<bucket>/<jobDir>piiscan/<name>, and reads the job's result
// objects back with an s3repo.Reader (which decrypts client-side encrypted
// ones). State objects hold no finding, only counts, times and names; they
// are encrypted at rest with the results' KMS key under sse-kms, and with
// S3's own key (SSE-S3) under client encryption, whose key the store may
// not be able to use.
type S3Repository struct {
	client     s3repo.S3API
	reader     *s3repo.Reader
	bucket     string
	dir        string
	kmsKeyID   string
	encryption s3repo.Encryption
}

// NewS3Repository returns the repository of the job whose results are under
// s3://bucket/dir (s3repo.JobDir).
func NewS3Repository(client s3repo.S3API, kmsClient s3repo.KMSAPI, bucket, dir, kmsKeyID string, enc s3repo.Encryption) *S3Repository {
	return &S3Repository{
		client: client, bucket: bucket, dir: dir, kmsKeyID: kmsKeyID, encryption: enc,
		reader: s3repo.NewReader(client, kmsClient, bucket, dir, s3repo.ReaderOptions{KMSKeyID: kmsKeyID}),
	}
}

// Location implements Repository.
func (r *S3Repository) Location() string { return "s3://" + r.bucket + "/" + r.dir }

// Records implements Repository: the result objects under the job's
// directory, written (by S3's clock) at or after since, but for those whose
// names say another shard wrote them (s3repo.Config.NamePrefix): a shard of
// N resuming GETs about 1/N of the job's objects, not all of them.
func (r *S3Repository) Records(ctx context.Context, since time.Time, shard Shard, fn func(line []byte, written time.Time) error) error {
	p := s3.NewListObjectsV2Paginator(r.client, &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket), Prefix: aws.String(r.dir)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list %s: %w", r.Location(), err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if !strings.HasSuffix(key, ".jsonl.gz") || !shard.ReadsObject(strings.TrimPrefix(key, r.dir)) {
				continue
			}
			if !since.IsZero() && o.LastModified != nil && o.LastModified.Before(since) {
				continue
			}
			written := aws.ToTime(o.LastModified)
			if err := r.reader.Object(ctx, key, func(line []byte) error { return fn(line, written) }); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *S3Repository) stateKey(name string) string { return r.dir + "piiscan/" + name }

// Get implements Repository.
func (r *S3Repository) Get(ctx context.Context, name string) ([]byte, error) {
	key := r.stateKey(name)
	out, err := r.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(r.bucket), Key: aws.String(key)})
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) {
			return nil, fmt.Errorf("s3://%s/%s: %w", r.bucket, key, ErrNotExist)
		}
		return nil, fmt.Errorf("get s3://%s/%s: %w", r.bucket, key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", r.bucket, key, err)
	}
	return data, nil
}

// Put implements Repository: one PutObject, which S3 makes visible whole.
func (r *S3Repository) Put(ctx context.Context, name string, data []byte) error {
	key := r.stateKey(name)
	in := &s3.PutObjectInput{
		Bucket: aws.String(r.bucket), Key: aws.String(key), Body: bytes.NewReader(data),
		ContentType: aws.String("application/json"),
	}
	if r.encryption == s3repo.EncryptionClient {
		in.ServerSideEncryption = types.ServerSideEncryptionAes256
	} else {
		in.ServerSideEncryption = types.ServerSideEncryptionAwsKms
		in.SSEKMSKeyId = aws.String(r.kmsKeyID)
	}
	if _, err := r.client.PutObject(ctx, in); err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", r.bucket, key, err)
	}
	return nil
}
