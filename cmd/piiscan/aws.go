package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/spf13/pflag"

	"github.com/piiscan/piiscan/awsclient"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
)

// awsOptions are the flags that say how to reach AWS or an S3-compatible
// store. Credentials come from the standard chain (environment, shared
// profiles, SSO, IMDSv2, web identity); nothing here holds a secret.
type awsOptions struct {
	region, profile, roleARN, endpointURL, kmsEndpointURL string
	// workers is how many objects are scanned at once, which sizes the
	// connection pool (s3Connections); set before the first get.
	workers int

	clients *awsclient.Clients // built on first use
}

func (o *awsOptions) register(f *pflag.FlagSet) {
	f.StringVar(&o.region, "region", "", "AWS region (default: from the environment or profile; a bucket's own region is looked up)")
	f.StringVar(&o.profile, "profile", "", "shared config profile (default: AWS_PROFILE or default)")
	f.StringVar(&o.roleARN, "role-arn", "", "IAM role to assume for S3 and KMS (e.g. in another account)")
	f.StringVar(&o.endpointURL, "endpoint-url", "", "S3 endpoint of an S3-compatible store (MinIO, Ceph, R2); path-style addressing (AWS_ENDPOINT_URL_S3 works too)")
	f.StringVar(&o.kmsEndpointURL, "kms-endpoint-url", "", "KMS endpoint (AWS_ENDPOINT_URL_KMS works too)")
}

func (o *awsOptions) get(ctx context.Context) (*awsclient.Clients, error) {
	if o.clients != nil {
		return o.clients, nil
	}
	c, err := awsclient.New(ctx, awsclient.Options{
		Region: o.region, Profile: o.profile, RoleARN: o.roleARN,
		EndpointURL: o.endpointURL, KMSEndpointURL: o.kmsEndpointURL,
		IdleConnsPerHost: s3Connections(o.workers),
	})
	if err != nil {
		return nil, fmt.Errorf("aws configuration: %w", err)
	}
	o.clients = c
	return c, nil
}

// s3Connections is how many requests to one S3 endpoint a scan with
// workers has in flight at once, the connections worth keeping: each
// worker's GET and its reads ahead (Parquet, zip), and the objects opened
// ahead, each with two GETs when it is read at offsets (its head and its
// tail). Past the pool's size a connection is closed after use and the
// next GET pays a new TLS handshake.
func s3Connections(workers int) int {
	return workers*(scanner.RangeReadsAhead+1) + 2*s3source.DefaultOpenAhead
}

// s3For returns an S3 client for bucket, in the bucket's region.
func (o *awsOptions) s3For(ctx context.Context, bucket string) (*s3.Client, error) {
	c, err := o.get(ctx)
	if err != nil {
		return nil, err
	}
	client, err := c.S3ForBucket(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("s3://%s: %w", bucket, err)
	}
	return client, nil
}

// openSources returns one Source over every argument: local paths, and
// s3://bucket/prefix URLs; and what could be read of each bucket, for the
// records' resourcesAffected.s3Bucket.
func openSources(ctx context.Context, args []string, aws *awsOptions, log *slog.Logger) (sources.Source, map[string]*findings.S3Bucket, error) {
	var local []string
	var srcs []sources.Source
	var buckets []string
	details := make(map[string]*findings.S3Bucket)
	for _, arg := range args {
		if !strings.HasPrefix(arg, "s3://") {
			local = append(local, arg)
			continue
		}
		bucket, prefix, err := s3source.ParseURL(arg)
		if err != nil {
			return nil, nil, err
		}
		client, err := aws.s3For(ctx, bucket)
		if err != nil {
			return nil, nil, err
		}
		srcs = append(srcs, s3source.New(client, bucket, prefix, s3source.Options{Logger: log}))
		buckets = append(buckets, bucket)
		if details[bucket] == nil {
			details[bucket] = bucketDetails(s3source.BucketInfo(ctx, client, bucket))
		}
	}
	if len(local) > 0 {
		l, err := sources.NewLocal(local...)
		if err != nil {
			return nil, nil, err
		}
		srcs = append(srcs, l)
		buckets = append(buckets, "")
	}
	if len(srcs) == 1 {
		return srcs[0], details, nil
	}
	return sources.NewConcat(srcs, buckets), details, nil
}

// bucketDetails turns what could be read of a bucket into Macie's s3Bucket
// fields. The effective permission is PUBLIC when S3 says the policy is
// public and no public access block restricts it, NOT_PUBLIC when the policy
// is not public and public ACLs are blocked and ignored, and UNKNOWN
// otherwise (ACL grants are not evaluated).
func bucketDetails(b s3source.Bucket) *findings.S3Bucket {
	out := &findings.S3Bucket{Name: b.Name}
	if e := b.DefaultEncryption; e != nil {
		out.DefaultServerSideEncryption = &findings.ServerSideEncryption{EncryptionType: e.EncryptionType, KmsMasterKeyID: e.KMSMasterKeyID}
	}
	if o := b.Owner; o != nil {
		out.Owner = &findings.S3BucketOwner{DisplayName: o.DisplayName, ID: o.ID}
	}
	for _, t := range b.Tags {
		out.Tags = append(out.Tags, findings.KeyValuePair{Key: t.Key, Value: t.Value})
	}
	if b.PolicyIsPublic != nil || b.PublicAccessBlock != nil {
		pa := &findings.BucketPublicAccess{EffectivePermission: "UNKNOWN"}
		pab := b.PublicAccessBlock
		if pab != nil {
			pa.PermissionConfiguration = &findings.BucketPermissionConfiguration{BucketLevelPermissions: &findings.BucketLevelPermissions{
				BlockPublicAccess: &findings.BlockPublicAccess{
					BlockPublicAcls: pab.BlockPublicAcls, BlockPublicPolicy: pab.BlockPublicPolicy,
					IgnorePublicAcls: pab.IgnorePublicAcls, RestrictPublicBuckets: pab.RestrictPublicBuckets,
				},
			}}
		}
		switch {
		case b.PolicyIsPublic != nil && *b.PolicyIsPublic && (pab == nil || !pab.RestrictPublicBuckets):
			pa.EffectivePermission = "PUBLIC"
		case b.PolicyIsPublic != nil && !*b.PolicyIsPublic && pab != nil && pab.BlockPublicAcls && pab.IgnorePublicAcls:
			pa.EffectivePermission = "NOT_PUBLIC"
		}
		out.PublicAccess = pa
	}
	return out
}

// resultsOptions say where result records are stored, KMS-encrypted, as
// Macie's results repository.
type resultsOptions struct {
	url, kmsKeyID, encryption, accountID string
	maxRecords                           int
	maxAge                               time.Duration
	namePrefix                           string // a job shard's (jobs.Shard.ObjectNamePrefix)
}

func (o *resultsOptions) register(f *pflag.FlagSet) {
	f.StringVar(&o.url, "results", "", "also store result records in this bucket, as Macie does: s3://bucket/prefix (needs --kms-key-id)")
	f.StringVar(&o.kmsKeyID, "kms-key-id", "", "KMS key (id, ARN or alias/NAME) that encrypts the stored results")
	f.StringVar(&o.encryption, "encryption", string(s3repo.EncryptionSSEKMS), "how stored results are encrypted: sse-kms (S3 encrypts with the key, as Macie) or client (envelope encryption before upload)")
	f.StringVar(&o.accountID, "account-id", "", "account ID in the results layout AWSLogs/<account>/Macie/... (default: from STS GetCallerIdentity)")
	f.IntVar(&o.maxRecords, "results-batch-records", s3repo.DefaultMaxRecords, "a results object holds at most this many records")
	f.DurationVar(&o.maxAge, "results-batch-age", s3repo.DefaultMaxAge, "a results object is written at most this long after its first record")
}

func (o *resultsOptions) validate() []string {
	var problems []string
	if o.url == "" {
		if o.kmsKeyID != "" {
			problems = append(problems, "--kms-key-id needs --results")
		}
		return problems
	}
	if !strings.HasPrefix(o.url, "s3://") {
		problems = append(problems, fmt.Sprintf("--results %q: want s3://bucket/prefix", o.url))
	}
	if o.kmsKeyID == "" {
		problems = append(problems, "--results needs --kms-key-id: results are always stored encrypted")
	}
	switch s3repo.Encryption(o.encryption) {
	case s3repo.EncryptionSSEKMS, s3repo.EncryptionClient:
	default:
		problems = append(problems, fmt.Sprintf("--encryption %q: want sse-kms or client", o.encryption))
	}
	if o.maxRecords < 1 {
		problems = append(problems, "--results-batch-records: want 1 or more")
	}
	if o.maxAge <= 0 {
		problems = append(problems, "--results-batch-age: want a positive duration")
	}
	return problems
}

// open returns the results sink after a preflight check that the bucket is
// writable and the key can encrypt; job gets the account and region.
func (o *resultsOptions) open(ctx context.Context, aws *awsOptions, job *findings.JobInfo, log *slog.Logger) (findings.Sink, error) {
	bucket, prefix, err := s3source.ParseURL(o.url)
	if err != nil {
		return nil, err
	}
	client, err := aws.s3For(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("--results: %w", err)
	}
	c, err := aws.get(ctx)
	if err != nil {
		return nil, err
	}
	account := o.accountID
	if account == "" {
		if account, err = s3repo.AccountID(ctx, c.STS); err != nil {
			return nil, fmt.Errorf("--results: find the account ID (or pass --account-id): %w", err)
		}
	}
	job.AccountID, job.Region = account, client.Options().Region
	w, err := s3repo.NewWriter(ctx, client, c.KMS, s3repo.Config{
		Bucket: bucket, Prefix: prefix, AccountID: account, Region: job.Region, JobID: job.JobID,
		NamePrefix: o.namePrefix, KMSKeyID: o.kmsKeyID, Encryption: s3repo.Encryption(o.encryption),
		MaxRecords: o.maxRecords, MaxAge: o.maxAge, Logger: log,
	})
	if err != nil {
		return nil, err
	}
	// Nothing is scanned before we know results can be stored: the error
	// names the missing permission (s3:PutObject, kms:GenerateDataKey ...).
	if err := w.Preflight(ctx); err != nil {
		return nil, err
	}
	job.DetailedResultsLocation = "s3://" + bucket + "/" + w.Dir()
	return s3repo.NewSink(w), nil
}
