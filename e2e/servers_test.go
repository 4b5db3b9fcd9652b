package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/awsclient"
)

// servers are the endpoints scripts/with-test-servers.sh exports.
type servers struct {
	s3Endpoint  string // MinIO, https
	kmsEndpoint string // testservers/kmsserver, http
	minioKMSKey string // the key name MinIO's SSE-KMS accepts
	caFile      string // MinIO's self-signed certificate
	clients     *awsclient.Clients
}

// needServers returns the test servers, or skips the test when they are not
// running — except under CI=true, where a missing server fails the test:
// CI must never pass by skipping the end-to-end tests.
func needServers(t *testing.T) *servers {
	t.Helper()
	s := &servers{
		s3Endpoint:  os.Getenv("PIISCAN_TEST_S3_ENDPOINT"),
		kmsEndpoint: os.Getenv("PIISCAN_TEST_KMS_ENDPOINT"),
		minioKMSKey: os.Getenv("PIISCAN_TEST_MINIO_KMS_KEY"),
		caFile:      os.Getenv("PIISCAN_TEST_CA_FILE"),
	}
	var missing []string
	for name, v := range map[string]string{
		"PIISCAN_TEST_S3_ENDPOINT": s.s3Endpoint, "PIISCAN_TEST_KMS_ENDPOINT": s.kmsEndpoint,
		"PIISCAN_TEST_MINIO_KMS_KEY": s.minioKMSKey, "PIISCAN_TEST_CA_FILE": s.caFile,
		"AWS_ACCESS_KEY_ID": os.Getenv("AWS_ACCESS_KEY_ID"),
	} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		msg := "end-to-end test servers not running (" + strings.Join(missing, ", ") +
			" unset); run: scripts/with-test-servers.sh go test ./e2e/"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c, err := awsclient.New(context.Background(), awsclient.Options{
		EndpointURL: s.s3Endpoint, KMSEndpointURL: s.kmsEndpoint, Region: "us-east-1",
	})
	if err != nil {
		t.Fatalf("aws clients: %v", err)
	}
	s.clients = c
	return s
}

// newBucket creates a bucket with a fresh name.
func (s *servers) newBucket(t *testing.T) string {
	t.Helper()
	return s.newBucketIn(t, "e2e-"+t.Name())
}

// uniqueStem returns base, a hyphen and a random suffix: a bucket name stem
// of its own for a test that selects buckets by name across the account.
func uniqueStem(base string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return base + "-" + hex.EncodeToString(b[:])
}

// newBucketIn creates a bucket whose name is stem, made a valid bucket
// name, then a hyphen and a random suffix.
func (s *servers) newBucketIn(t *testing.T, stem string) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := strings.ToLower(strings.ReplaceAll(stem, "/", "-"))
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, name)
	if len(name) > 40 {
		name = name[:40]
	}
	name = strings.TrimRight(name, "-") + "-" + hex.EncodeToString(b[:])
	if _, err := s.clients.S3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	return name
}

func (s *servers) put(t *testing.T, bucket, key string, data []byte) string {
	t.Helper()
	out, err := s.clients.S3.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data),
	})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
	return aws.ToString(out.ETag)
}

// putMany creates n objects key(i) -> data(i) with a few concurrent PUTs.
func (s *servers) putMany(t *testing.T, bucket string, n, workers int, key func(int) string, data func(int) []byte) {
	t.Helper()
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				// Setting up, not under test: a PUT MinIO drops under load
				// (a 400 IncompleteBody in one CI run of 10,000) is retried.
				var err error
				for attempt := 0; attempt < 3; attempt++ {
					_, err = s.clients.S3.PutObject(context.Background(), &s3.PutObjectInput{
						Bucket: aws.String(bucket), Key: aws.String(key(i)), Body: bytes.NewReader(data(i)),
					})
					if err == nil {
						break
					}
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("put objects: %v", firstErr)
	}
}

// newKMSKey creates a key (and alias) on the KMS test server.
func (s *servers) newKMSKey(t *testing.T, alias string) string {
	t.Helper()
	ctx := context.Background()
	out, err := s.clients.KMS.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String(t.Name())})
	if err != nil {
		t.Fatalf("create kms key: %v", err)
	}
	if alias != "" {
		if _, err := s.clients.KMS.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(alias), TargetKeyId: out.KeyMetadata.KeyId}); err != nil {
			t.Fatalf("create alias %s: %v", alias, err)
		}
	}
	return *out.KeyMetadata.KeyId
}
