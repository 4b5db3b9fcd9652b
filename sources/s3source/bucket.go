package s3source

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BucketAPI is the part of the S3 client BucketInfo uses; *s3.Client
// satisfies it.
type BucketAPI interface {
	GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error)
	GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
	GetBucketPolicyStatus(context.Context, *s3.GetBucketPolicyStatusInput, ...func(*s3.Options)) (*s3.GetBucketPolicyStatusOutput, error)
	GetBucketAcl(context.Context, *s3.GetBucketAclInput, ...func(*s3.Options)) (*s3.GetBucketAclOutput, error)
	GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
}

// Bucket is what we could read of a bucket for a result's
// resourcesAffected.s3Bucket. A nil pointer or empty field means it could
// not be read (denied, or the store does not support the call); Unread
// names those fields.
type Bucket struct {
	Name string
	// DefaultEncryption is the bucket's default server-side encryption.
	DefaultEncryption *DefaultEncryption
	// PublicAccessBlock is the bucket-level block; all false when the bucket
	// has none configured.
	PublicAccessBlock *PublicAccessBlock
	// PolicyIsPublic is S3's verdict on the bucket policy; false when the
	// bucket has no policy.
	PolicyIsPublic *bool
	Owner          *Owner
	// Tags is empty (not nil) when the bucket has no tags.
	Tags []Tag
	// Unread lists the fields above that could not be read.
	Unread []string
}

// DefaultEncryption is Macie's defaultServerSideEncryption.
type DefaultEncryption struct {
	// EncryptionType is "AES256", "aws:kms", "aws:kms:dsse", or "NONE".
	EncryptionType string
	KMSMasterKeyID string
}

// PublicAccessBlock is S3's PublicAccessBlockConfiguration.
type PublicAccessBlock struct {
	BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets bool
}

// Owner is the bucket owner's canonical id and display name.
type Owner struct {
	ID, DisplayName string
}

// BucketInfo reads the bucket fields Macie reports. It never fails: a field
// it may not read is left empty and named in Unread. "Not configured"
// answers (no default encryption, no public access block, no policy, no
// tags) are facts, not failures, and are reported as such.
func BucketInfo(ctx context.Context, client BucketAPI, bucket string) Bucket {
	b := Bucket{Name: bucket}
	name := aws.String(bucket)

	if out, err := client.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: name}); err == nil {
		de := &DefaultEncryption{EncryptionType: "NONE"}
		if out.ServerSideEncryptionConfiguration != nil {
			for _, r := range out.ServerSideEncryptionConfiguration.Rules {
				if d := r.ApplyServerSideEncryptionByDefault; d != nil {
					de.EncryptionType = string(d.SSEAlgorithm)
					de.KMSMasterKeyID = aws.ToString(d.KMSMasterKeyID)
					break
				}
			}
		}
		b.DefaultEncryption = de
	} else if code(err) == "ServerSideEncryptionConfigurationNotFoundError" {
		b.DefaultEncryption = &DefaultEncryption{EncryptionType: "NONE"}
	} else {
		b.Unread = append(b.Unread, "DefaultEncryption")
	}

	if out, err := client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: name}); err == nil {
		pab := &PublicAccessBlock{}
		if c := out.PublicAccessBlockConfiguration; c != nil {
			pab.BlockPublicAcls = aws.ToBool(c.BlockPublicAcls)
			pab.BlockPublicPolicy = aws.ToBool(c.BlockPublicPolicy)
			pab.IgnorePublicAcls = aws.ToBool(c.IgnorePublicAcls)
			pab.RestrictPublicBuckets = aws.ToBool(c.RestrictPublicBuckets)
		}
		b.PublicAccessBlock = pab
	} else if code(err) == "NoSuchPublicAccessBlockConfiguration" {
		b.PublicAccessBlock = &PublicAccessBlock{}
	} else {
		b.Unread = append(b.Unread, "PublicAccessBlock")
	}

	if out, err := client.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: name}); err == nil {
		public := out.PolicyStatus != nil && aws.ToBool(out.PolicyStatus.IsPublic)
		b.PolicyIsPublic = &public
	} else if code(err) == "NoSuchBucketPolicy" {
		b.PolicyIsPublic = aws.Bool(false)
	} else {
		b.Unread = append(b.Unread, "PolicyIsPublic")
	}

	if out, err := client.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: name}); err == nil && out.Owner != nil {
		b.Owner = &Owner{ID: aws.ToString(out.Owner.ID), DisplayName: aws.ToString(out.Owner.DisplayName)}
	} else {
		b.Unread = append(b.Unread, "Owner")
	}

	if out, err := client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: name}); err == nil {
		b.Tags = make([]Tag, 0, len(out.TagSet))
		for _, t := range out.TagSet {
			b.Tags = append(b.Tags, Tag{Key: aws.ToString(t.Key), Value: aws.ToString(t.Value)})
		}
	} else if code(err) == "NoSuchTagSet" {
		b.Tags = []Tag{}
	} else {
		b.Unread = append(b.Unread, "Tags")
	}
	return b
}

func code(err error) string {
	f, _ := failureOf(err)
	return f.code
}
