package jobrun

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/awsclient"
	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/sources/s3source"
)

// S3API is what a run asks of S3 in one bucket's region: list and read the
// bucket's objects and their tags (s3source.API), read the bucket's
// properties for the result records (s3source.BucketAPI), and write and read
// back results and state (s3repo.S3API). *s3.Client implements it.
type S3API interface {
	s3source.API
	s3source.BucketAPI
	s3repo.S3API
}

// BucketLister is what bucketCriteria need of S3: the account's buckets and
// their tags. *s3.Client implements it.
type BucketLister interface {
	s3.ListBucketsAPIClient
	GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
}

// AWS is how a run reaches S3, KMS and STS. A run asks only for the clients
// its job needs (one with local resources, local results and named buckets
// never asks for KMS or STS), so an implementation should build them on
// first use: a broken AWS configuration then stops only what needs AWS. The
// clients returned are used by many goroutines at once and must be safe for
// that, as the SDK's are.
type AWS interface {
	// S3 returns a client for bucket, in the bucket's region, and that
	// region (which the results layout names).
	S3(ctx context.Context, bucket string) (S3API, string, error)
	// Buckets returns the client that lists the account's buckets.
	Buckets(ctx context.Context) (BucketLister, error)
	// KMS returns the client of the results' key: client-side encryption,
	// and reading such results back.
	KMS(ctx context.Context) (s3repo.KMSAPI, error)
	// STS returns the client that finds the caller's account when the job
	// does not name it (piiscan.accountId).
	STS(ctx context.Context) (s3repo.STSAPI, error)
}

// NewAWS returns the AWS of awsclient's clients, which build makes on the
// first request for a client (and again after an error, so that a failed
// attempt is not remembered).
func NewAWS(build func(context.Context) (*awsclient.Clients, error)) AWS {
	return &clientsAWS{build: build}
}

type clientsAWS struct {
	build func(context.Context) (*awsclient.Clients, error)

	mu      sync.Mutex
	clients *awsclient.Clients
}

func (a *clientsAWS) get(ctx context.Context) (*awsclient.Clients, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.clients != nil {
		return a.clients, nil
	}
	c, err := a.build(ctx)
	if err != nil {
		return nil, err
	}
	a.clients = c
	return c, nil
}

func (a *clientsAWS) S3(ctx context.Context, bucket string) (S3API, string, error) {
	c, err := a.get(ctx)
	if err != nil {
		return nil, "", err
	}
	client, err := c.S3ForBucket(ctx, bucket)
	if err != nil {
		return nil, "", err
	}
	return client, client.Options().Region, nil
}

func (a *clientsAWS) Buckets(ctx context.Context) (BucketLister, error) {
	c, err := a.get(ctx)
	if err != nil {
		return nil, err
	}
	return c.S3, nil
}

func (a *clientsAWS) KMS(ctx context.Context) (s3repo.KMSAPI, error) {
	c, err := a.get(ctx)
	if err != nil {
		return nil, err
	}
	return c.KMS, nil
}

func (a *clientsAWS) STS(ctx context.Context) (s3repo.STSAPI, error) {
	c, err := a.get(ctx)
	if err != nil {
		return nil, err
	}
	return c.STS, nil
}
