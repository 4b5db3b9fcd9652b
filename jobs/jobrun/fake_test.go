package jobrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/piiscan/piiscan/findings/s3repo"
)

// memS3 is an in-memory S3 of several buckets, just enough for a run:
// listing (one page), GETs (with Range), PUTs, deletes, object and bucket
// tags, ListBuckets. Bucket properties (encryption, policy, ACL) answer
// NotImplemented, as some S3-compatible stores do. The end-to-end tests
// run the same code against MinIO.
type memS3 struct {
	mu         sync.Mutex
	objects    map[string]map[string]*memObject // bucket → key
	bucketTags map[string]map[string]string
	tagErrs    map[string]error // GetObjectTagging of "bucket/key"
	listErr    error            // ListBuckets
	calls      map[string]int
}

type memObject struct {
	data     []byte
	etag     string
	modified time.Time
	tags     map[string]string
}

func newMemS3(buckets ...string) *memS3 {
	m := &memS3{objects: map[string]map[string]*memObject{}, bucketTags: map[string]map[string]string{}, tagErrs: map[string]error{}, calls: map[string]int{}}
	for _, b := range buckets {
		m.objects[b] = map[string]*memObject{}
	}
	return m
}

func (m *memS3) put(bucket, key, data string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[bucket][key] = &memObject{data: []byte(data), etag: fmt.Sprintf("etag-%s-%d", key, len(data)), modified: time.Now().Add(-time.Hour)}
}

func (m *memS3) count(op string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[op]
}

func apiError(code string) error {
	return &smithy.GenericAPIError{Code: code, Message: code}
}

func (m *memS3) bucket(op, name string) (map[string]*memObject, error) {
	m.calls[op]++
	b, ok := m.objects[name]
	if !ok {
		return nil, apiError("NoSuchBucket")
	}
	return b, nil
}

func (m *memS3) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, err := m.bucket("ListObjectsV2", aws.ToString(in.Bucket))
	if err != nil {
		return nil, err
	}
	out := &s3.ListObjectsV2Output{}
	for key, o := range b {
		if strings.HasPrefix(key, aws.ToString(in.Prefix)) {
			out.Contents = append(out.Contents, types.Object{
				Key: aws.String(key), Size: aws.Int64(int64(len(o.data))), ETag: aws.String(`"` + o.etag + `"`),
				LastModified: aws.Time(o.modified), StorageClass: types.ObjectStorageClassStandard,
			})
		}
	}
	slices.SortFunc(out.Contents, func(a, b types.Object) int { return strings.Compare(*a.Key, *b.Key) })
	out.KeyCount = aws.Int32(int32(len(out.Contents)))
	return out, nil
}

func (m *memS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, err := m.bucket("GetObject", aws.ToString(in.Bucket))
	if err != nil {
		return nil, err
	}
	o, ok := b[aws.ToString(in.Key)]
	if !ok {
		return nil, &types.NoSuchKey{Message: aws.String("The specified key does not exist.")}
	}
	data := o.data
	if r := aws.ToString(in.Range); r != "" {
		from, to, _ := strings.Cut(strings.TrimPrefix(r, "bytes="), "-")
		start, _ := strconv.Atoi(from)
		end := len(data) - 1
		if to != "" {
			end, _ = strconv.Atoi(to)
		}
		data = data[start:min(end+1, len(data))]
	}
	return &s3.GetObjectOutput{
		Body: io.NopCloser(bytes.NewReader(data)), ContentLength: aws.Int64(int64(len(data))),
		ETag: aws.String(`"` + o.etag + `"`), LastModified: aws.Time(o.modified),
	}, nil
}

func (m *memS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	data, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b, err := m.bucket("PutObject", aws.ToString(in.Bucket))
	if err != nil {
		return nil, err
	}
	etag := fmt.Sprintf("etag-%d", m.calls["PutObject"])
	b[aws.ToString(in.Key)] = &memObject{data: data, etag: etag, modified: time.Now()}
	return &s3.PutObjectOutput{ETag: aws.String(`"` + etag + `"`)}, nil
}

func (m *memS3) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, err := m.bucket("DeleteObject", aws.ToString(in.Bucket))
	if err != nil {
		return nil, err
	}
	delete(b, aws.ToString(in.Key))
	return &s3.DeleteObjectOutput{}, nil
}

func (m *memS3) GetObjectTagging(_ context.Context, in *s3.GetObjectTaggingInput, _ ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, err := m.bucket("GetObjectTagging", aws.ToString(in.Bucket))
	if err != nil {
		return nil, err
	}
	if err := m.tagErrs[aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key)]; err != nil {
		return nil, err
	}
	o, ok := b[aws.ToString(in.Key)]
	if !ok {
		return nil, &types.NoSuchKey{}
	}
	out := &s3.GetObjectTaggingOutput{}
	for k, v := range o.tags {
		out.TagSet = append(out.TagSet, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out, nil
}

func (m *memS3) GetBucketTagging(_ context.Context, in *s3.GetBucketTaggingInput, _ ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.bucket("GetBucketTagging", aws.ToString(in.Bucket)); err != nil {
		return nil, err
	}
	tags, ok := m.bucketTags[aws.ToString(in.Bucket)]
	if !ok {
		return nil, apiError("NoSuchTagSet")
	}
	out := &s3.GetBucketTaggingOutput{}
	for k, v := range tags {
		out.TagSet = append(out.TagSet, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out, nil
}

func (m *memS3) ListBuckets(_ context.Context, _ *s3.ListBucketsInput, _ ...func(*s3.Options)) (*s3.ListBucketsOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls["ListBuckets"]++
	if m.listErr != nil {
		return nil, m.listErr
	}
	out := &s3.ListBucketsOutput{}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for b := range m.objects {
			if !yield(b) {
				return
			}
		}
	}) {
		out.Buckets = append(out.Buckets, types.Bucket{Name: aws.String(name)})
	}
	return out, nil
}

func (m *memS3) GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error) {
	return nil, apiError("NotImplemented")
}

func (m *memS3) GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	return nil, apiError("NotImplemented")
}

func (m *memS3) GetBucketPolicyStatus(context.Context, *s3.GetBucketPolicyStatusInput, ...func(*s3.Options)) (*s3.GetBucketPolicyStatusOutput, error) {
	return nil, apiError("NotImplemented")
}

func (m *memS3) GetBucketAcl(context.Context, *s3.GetBucketAclInput, ...func(*s3.Options)) (*s3.GetBucketAclOutput, error) {
	return nil, apiError("NotImplemented")
}

// fakeSTS answers GetCallerIdentity with account, or err.
type fakeSTS struct {
	account string
	err     error
	calls   int
}

func (f *fakeSTS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	return &sts.GetCallerIdentityOutput{Account: aws.String(f.account)}, nil
}

// noKMS is the KMS of runs whose results S3 encrypts (sse-kms): any call
// is a test failure, reported as an error.
type noKMS struct{}

var errNoKMS = errors.New("no KMS in this test")

func (noKMS) GenerateDataKey(context.Context, *kms.GenerateDataKeyInput, ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error) {
	return nil, errNoKMS
}

func (noKMS) Decrypt(context.Context, *kms.DecryptInput, ...func(*kms.Options)) (*kms.DecryptOutput, error) {
	return nil, errNoKMS
}

// fakeAWS is an AWS of one memS3 in one region; err, when set, is every
// method's answer (a broken AWS configuration).
type fakeAWS struct {
	s3     *memS3
	sts    *fakeSTS
	region string
	err    error
}

func newFakeAWS(m *memS3) *fakeAWS {
	return &fakeAWS{s3: m, sts: &fakeSTS{account: "111122223333"}, region: "eu-west-3"}
}

func (f *fakeAWS) S3(_ context.Context, bucket string) (S3API, string, error) {
	if f.err != nil {
		return nil, "", f.err
	}
	f.s3.mu.Lock()
	_, ok := f.s3.objects[bucket]
	f.s3.mu.Unlock()
	if !ok {
		return nil, "", fmt.Errorf("find region of bucket %s: %w", bucket, apiError("NoSuchBucket"))
	}
	return f.s3, f.region, nil
}

func (f *fakeAWS) Buckets(context.Context) (BucketLister, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.s3, nil
}

func (f *fakeAWS) KMS(context.Context) (s3repo.KMSAPI, error) {
	if f.err != nil {
		return nil, f.err
	}
	return noKMS{}, nil
}

func (f *fakeAWS) STS(context.Context) (s3repo.STSAPI, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.sts, nil
}
