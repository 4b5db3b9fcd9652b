package awsclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// DefaultRoleSessionName names the session when a role is assumed and
// Options.RoleSessionName is empty; it shows in CloudTrail.
const DefaultRoleSessionName = "piiscan"

// lookupRegion is where a bucket's region is asked when no region is
// configured: us-east-1 answers GetBucketLocation for buckets in any region.
const lookupRegion = "us-east-1"

// Options says how to reach AWS. The zero value uses the standard credential
// chain and region resolution only.
type Options struct {
	// Region overrides AWS_REGION / the profile's region.
	Region string
	// Profile selects a shared config profile (else AWS_PROFILE / default).
	Profile string
	// RoleARN, when set, is assumed (sts:AssumeRole) with the chain's
	// credentials, e.g. to scan buckets in another account.
	RoleARN         string
	RoleSessionName string // default DefaultRoleSessionName
	ExternalID      string
	// EndpointURL is the S3 endpoint of an S3-compatible store (MinIO, Ceph,
	// R2). It turns on path-style addressing, as such stores expect.
	// AWS_ENDPOINT_URL_S3 (and AWS_ENDPOINT_URL_KMS, _STS) are honoured by
	// the SDK itself; path-style is turned on for AWS_ENDPOINT_URL_S3 too.
	EndpointURL string
	// KMSEndpointURL is the KMS endpoint, for tests and private endpoints.
	KMSEndpointURL string
	// PathStyle forces path-style S3 addressing.
	PathStyle bool
	// RetryMaxAttempts overrides the standard retryer's attempts (SDK
	// default 3); throttling (503 SlowDown) is retried with its backoff.
	RetryMaxAttempts int
	// IdleConnsPerHost is how many connections to one host are kept for
	// reuse, when more than DefaultIdleConnsPerHost: as many as the
	// requests a scan has in flight at once.
	IdleConnsPerHost int
}

// Clients holds the resolved configuration and the service clients built from
// it. Its clients are safe for concurrent use.
type Clients struct {
	Config aws.Config
	S3     *s3.Client
	KMS    *kms.Client
	STS    *sts.Client
	opts   Options
}

// DefaultIdleConnsPerHost is how many connections to one host the
// clients keep for reuse, at least.
const DefaultIdleConnsPerHost = 64

// New loads the configuration with the standard credential chain
// (environment, shared config and credentials files, SSO, web identity,
// ECS/IMDSv2 roles), assumes Options.RoleARN when set, and builds the
// clients. Credentials are resolved lazily, on the first request.
func New(ctx context.Context, opts Options) (*Clients, error) {
	var load []func(*config.LoadOptions) error
	if opts.Region != "" {
		load = append(load, config.WithRegion(opts.Region))
	}
	if opts.Profile != "" {
		load = append(load, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.RetryMaxAttempts > 0 {
		load = append(load, config.WithRetryMaxAttempts(opts.RetryMaxAttempts))
	}
	// A scan has its workers' GETs, their Parquet reads ahead and the
	// objects opened ahead in flight at once: past the pool's size (the
	// SDK's is 10 per host), a connection is closed after use and the
	// next GET pays a new TLS handshake.
	idle := max(opts.IdleConnsPerHost, DefaultIdleConnsPerHost)
	load = append(load, config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = idle
	})))
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	if opts.RoleARN != "" {
		name := opts.RoleSessionName
		if name == "" {
			name = DefaultRoleSessionName
		}
		// STS needs a region to sign with even when S3 does not.
		stsCfg := cfg.Copy()
		if stsCfg.Region == "" {
			stsCfg.Region = lookupRegion
		}
		provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(stsCfg), opts.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = name
			if opts.ExternalID != "" {
				o.ExternalID = aws.String(opts.ExternalID)
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(provider)
	}
	c := &Clients{Config: cfg, opts: opts}
	c.S3 = c.S3ForRegion(cfg.Region)
	c.KMS = kms.NewFromConfig(cfg, func(o *kms.Options) {
		if opts.KMSEndpointURL != "" {
			o.BaseEndpoint = aws.String(opts.KMSEndpointURL)
		}
	})
	c.STS = sts.NewFromConfig(cfg)
	return c, nil
}

// PathStyle reports whether S3 requests use path-style addressing.
func (c *Clients) PathStyle() bool {
	return c.opts.PathStyle || c.opts.EndpointURL != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != ""
}

// S3ForRegion returns an S3 client for region ("" means the configured one,
// or us-east-1 when none is).
func (c *Clients) S3ForRegion(region string) *s3.Client {
	return s3.NewFromConfig(c.Config, func(o *s3.Options) {
		if region != "" {
			o.Region = region
		}
		if o.Region == "" {
			o.Region = lookupRegion
		}
		if c.opts.EndpointURL != "" {
			o.BaseEndpoint = aws.String(c.opts.EndpointURL)
		}
		o.UsePathStyle = c.PathStyle()
		// Ranged GETs (resumes, ReaderAt) carry no whole-object checksum;
		// the SDK would log that on every one.
		o.DisableLogOutputChecksumValidationSkipped = true
	})
}

// S3ForBucket returns an S3 client for the bucket's region: the configured
// region when Options.Region is set, else the bucket's own (BucketRegion).
func (c *Clients) S3ForBucket(ctx context.Context, bucket string) (*s3.Client, error) {
	if c.opts.Region != "" {
		return c.S3, nil
	}
	region, err := BucketRegion(ctx, c.S3, bucket)
	if err != nil {
		return nil, err
	}
	return c.S3ForRegion(region), nil
}

// BucketLocator is the part of the S3 client BucketRegion needs.
type BucketLocator interface {
	GetBucketLocation(context.Context, *s3.GetBucketLocationInput, ...func(*s3.Options)) (*s3.GetBucketLocationOutput, error)
	HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
}

// BucketRegion returns the region a bucket lives in: GetBucketLocation's
// answer (empty means us-east-1, "EU" means eu-west-1), or, when that is
// denied, the x-amz-bucket-region header S3 sends with HeadBucket's answer —
// even a 301 or 403 carries it.
func BucketRegion(ctx context.Context, client BucketLocator, bucket string) (string, error) {
	loc, locErr := client.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
	if locErr == nil {
		switch region := string(loc.LocationConstraint); region {
		case "":
			return "us-east-1", nil
		case "EU":
			return "eu-west-1", nil
		default:
			return region, nil
		}
	}
	head, headErr := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	if headErr == nil {
		if head.BucketRegion != nil && *head.BucketRegion != "" {
			return *head.BucketRegion, nil
		}
		if r := regionHeader(head.ResultMetadata); r != "" {
			return r, nil
		}
	} else {
		var re *awshttp.ResponseError
		if errors.As(headErr, &re) && re.Response != nil {
			if r := re.Response.Header.Get("X-Amz-Bucket-Region"); r != "" {
				return r, nil
			}
		}
	}
	return "", fmt.Errorf("find region of bucket %s: %w", bucket, errors.Join(locErr, headErr))
}

func regionHeader(md middleware.Metadata) string {
	raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response)
	if !ok || raw == nil || raw.Response == nil {
		return ""
	}
	return strings.TrimSpace(raw.Header.Get("X-Amz-Bucket-Region"))
}
