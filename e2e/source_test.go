package e2e

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/piiscan/piiscan/awsclient"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
	"github.com/piiscan/piiscan/sources/sourcestest"
)

// TestS3SourceConformance runs the Source conformance suite that the local
// source also passes, against MinIO.
func TestS3SourceConformance(t *testing.T) {
	s := needServers(t)
	sourcestest.Run(t, func(t *testing.T, files sourcestest.Files) sources.Source {
		bucket := s.newBucket(t)
		for k, v := range files {
			s.put(t, bucket, k, v)
		}
		return s3source.New(s.clients.S3, bucket, "", s3source.Options{})
	})
}

// TestListTenThousandObjectsInConstantMemory lists a prefix of 10,000
// objects and checks that the live heap does not grow with the number of
// objects listed: the listing streams page by page.
func TestListTenThousandObjectsInConstantMemory(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	const n = 10_000
	s.putMany(t, bucket, n, 16,
		func(i int) string { return fmt.Sprintf("many/%05d.txt", i) },
		func(i int) []byte { return []byte{byte(i)} })
	s.put(t, bucket, "elsewhere/x.txt", []byte("x"))

	src := s3source.New(s.clients.S3, bucket, "many/", s3source.Options{})
	heapAt := map[int]uint64{}
	live := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := live()
	count := 0
	var sum int64
	err := src.List(context.Background(), func(o sources.Object) error {
		count++
		sum += o.Size
		if count == 1500 || count == 5500 || count == 9500 {
			heapAt[count] = live()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	after := live()
	if count != n || sum != n {
		t.Fatalf("listed %d objects of %d bytes in all, want %d and %d", count, sum, n, n)
	}
	t.Logf("live heap: before %d KiB; at 1,500 objects %d KiB; at 5,500 %d KiB; at 9,500 %d KiB; after %d KiB",
		before>>10, heapAt[1500]>>10, heapAt[5500]>>10, heapAt[9500]>>10, after>>10)
	// 8,000 objects kept as sources.Object would take well over 1 MiB (each
	// holds three strings and more); a streaming listing holds one page.
	const slack = 1 << 20
	if growth := int64(heapAt[9500]) - int64(heapAt[1500]); growth > slack {
		t.Fatalf("live heap grew by %d KiB between objects 1,500 and 9,500: the listing is not streaming", growth>>10)
	}
	if growth := int64(after) - int64(before); growth > slack {
		t.Fatalf("live heap grew by %d KiB over the listing", growth>>10)
	}
}

// TestSkipReasons produces, against MinIO, every skip reason it can:
// overwritten and deleted between list and get, SSE-C, and a 403.
// Two reasons MinIO cannot produce are covered by unit tests in s3source:
// GLACIER/DEEP_ARCHIVE (MinIO has no archive storage classes:
// TestArchivedStorageClasses) and a KMS key we may not use (MinIO's
// built-in KMS has no key policy: TestOpenErrorReasons).
func TestSkipReasons(t *testing.T) {
	s := needServers(t)
	ctx := context.Background()
	bucket := s.newBucket(t)
	src := s3source.New(s.clients.S3, bucket, "", s3source.Options{})
	s.put(t, bucket, "overwritten.txt", []byte("version 1"))
	s.put(t, bucket, "deleted.txt", []byte("here at listing"))
	ssecKey := make([]byte, 32)
	_, _ = rand.Read(ssecKey)
	sum := md5.Sum(ssecKey)
	if _, err := s.clients.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("sse-c.txt"), Body: strings.NewReader("customer-key encrypted"),
		SSECustomerAlgorithm: aws.String("AES256"),
		SSECustomerKey:       aws.String(base64.StdEncoding.EncodeToString(ssecKey)),
		SSECustomerKeyMD5:    aws.String(base64.StdEncoding.EncodeToString(sum[:])),
	}); err != nil {
		t.Fatalf("put SSE-C object: %v", err)
	}
	s.put(t, bucket, "readable.txt", []byte("plain"))

	listed := map[string]sources.Object{}
	if err := src.List(ctx, func(o sources.Object) error { listed[o.Key] = o; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 4 {
		t.Fatalf("listed %d objects, want 4", len(listed))
	}
	s.put(t, bucket, "overwritten.txt", []byte("version 2, different bytes"))
	if _, err := s.clients.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String("deleted.txt")}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		key    string
		src    *s3source.Source
		reason string
	}{
		{"overwritten.txt", src, sources.ReasonObjectVersionMismatch},
		{"deleted.txt", src, sources.ReasonObjectNoLongerAvailable},
		{"sse-c.txt", src, sources.ReasonInvalidEncryption},
		{"readable.txt", s3source.New(restrictedS3(t, s, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::`+bucket+`"]}]}`), bucket, "", s3source.Options{}),
			sources.ReasonPermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			rc, err := tt.src.Open(ctx, listed[tt.key])
			if err == nil {
				rc.Close()
				t.Fatalf("Open(%s) succeeded", tt.key)
			}
			var oe *sources.ObjectError
			if !errors.As(err, &oe) || oe.Status != sources.StatusSkipped || oe.Reason != tt.reason {
				t.Fatalf("Open(%s) = %v, want SKIPPED/%s", tt.key, err, tt.reason)
			}
		})
	}
	// The same object opens with the root user's credentials.
	rc, err := src.Open(ctx, listed["readable.txt"])
	if err != nil {
		t.Fatalf("Open(readable.txt): %v", err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "plain" {
		t.Fatalf("readable.txt = %q", b)
	}
}

// restrictedS3 returns an S3 client whose credentials come from MinIO's STS
// AssumeRole with a session policy, the way to get a less-privileged
// principal without MinIO's admin API.
func restrictedS3(t *testing.T, s *servers, policy string) *s3.Client {
	t.Helper()
	stsClient := sts.NewFromConfig(s.clients.Config, func(o *sts.Options) {
		o.BaseEndpoint = aws.String(s.s3Endpoint)
		o.Region = "us-east-1"
	})
	out, err := stsClient.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:minio:iam:::role/piiscan-e2e"),
		RoleSessionName: aws.String("piiscan-e2e"),
		Policy:          aws.String(policy),
	})
	if err != nil {
		t.Fatalf("minio sts AssumeRole with a session policy: %v", err)
	}
	c := out.Credentials
	return s3.NewFromConfig(s.clients.Config, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.s3Endpoint)
		o.UsePathStyle = true
		o.Region = "us-east-1"
		o.Credentials = credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	})
}

// TestAssumeRoleThroughAWSClient checks awsclient's RoleARN path against a
// real STS endpoint (MinIO's): the temporary credentials list the bucket.
func TestAssumeRoleThroughAWSClient(t *testing.T) {
	s := needServers(t)
	bucket := s.newBucket(t)
	s.put(t, bucket, "a.txt", []byte("a"))
	t.Setenv("AWS_ENDPOINT_URL_STS", s.s3Endpoint)
	c, err := awsclient.New(context.Background(), awsclient.Options{
		EndpointURL: s.s3Endpoint, Region: "us-east-1", RoleARN: "arn:minio:iam:::role/piiscan-e2e",
	})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.Config.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("assume role: %v", err)
	}
	if creds.SessionToken == "" || creds.AccessKeyID == os.Getenv("AWS_ACCESS_KEY_ID") {
		t.Fatalf("credentials are not an assumed role's: key %s, session token set %v", creds.AccessKeyID, creds.SessionToken != "")
	}
	n := 0
	if err := s3source.New(c.S3, bucket, "", s3source.Options{}).List(context.Background(), func(sources.Object) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("list with assumed-role credentials: %d objects, %v", n, err)
	}
	region, err := awsclient.BucketRegion(context.Background(), c.S3, bucket)
	if err != nil || region != "us-east-1" {
		t.Fatalf("BucketRegion = %q, %v", region, err)
	}
}

// TestCriteriaWithTags lists with tag criteria against MinIO's object tags.
func TestCriteriaWithTags(t *testing.T) {
	s := needServers(t)
	ctx := context.Background()
	bucket := s.newBucket(t)
	for key, tagging := range map[string]string{"a.csv": "pii=yes", "b.csv": "pii=no", "c.json": "pii=yes", "d.csv": ""} {
		in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader([]byte(key))}
		if tagging != "" {
			in.Tagging = aws.String(tagging)
		}
		if _, err := s.clients.S3.PutObject(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	crit := s3source.Criteria{
		Include: s3source.Conditions{Extensions: []string{"csv"}},
		Exclude: s3source.Conditions{Tags: []s3source.Tag{{Key: "pii", Value: "no"}}},
	}
	var keys []string
	if err := s3source.New(s.clients.S3, bucket, "", s3source.Options{Criteria: crit}).List(ctx, func(o sources.Object) error {
		if o.Skip != nil {
			t.Errorf("%s skipped: %v", o.Key, o.Skip)
		}
		keys = append(keys, o.Key)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keys, ","); got != "a.csv,d.csv" {
		t.Fatalf("in scope: %s, want a.csv,d.csv", got)
	}
}

// TestBucketInfo reads MinIO's answers for the bucket fields Macie reports.
func TestBucketInfo(t *testing.T) {
	s := needServers(t)
	ctx := context.Background()
	bucket := s.newBucket(t)
	if _, err := s.clients.S3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(bucket),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("data")}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.clients.S3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(bucket),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(s.minioKMSKey)},
		}}}}); err != nil {
		t.Fatal(err)
	}
	b := s3source.BucketInfo(ctx, s.clients.S3, bucket)
	t.Logf("bucket info from MinIO: %+v (unread: %v)", b, b.Unread)
	if len(b.Tags) != 1 || b.Tags[0] != (s3source.Tag{Key: "team", Value: "data"}) {
		t.Errorf("Tags = %v", b.Tags)
	}
	if b.DefaultEncryption == nil || b.DefaultEncryption.EncryptionType != "aws:kms" || !strings.Contains(b.DefaultEncryption.KMSMasterKeyID, s.minioKMSKey) {
		t.Errorf("DefaultEncryption = %+v", b.DefaultEncryption)
	}
	if b.Owner == nil {
		t.Errorf("Owner unread")
	}
}
