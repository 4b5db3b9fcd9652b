package jobrun

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/jobs"
)

// Buckets returns the buckets a job analyses: those its bucketDefinitions
// name, or the account's buckets that its bucketCriteria select, evaluated
// now (a bucket created later is in a later run). accountID is what
// ACCOUNT_ID criteria compare with; when it is empty and the criteria need
// it, STS says. A bucket whose tags cannot be read has none. Criteria that
// select no bucket are an error: the job is most likely mistyped.
func Buckets(ctx context.Context, job *jobs.Job, a AWS, accountID string) ([]string, error) {
	def := job.S3JobDefinition
	crit := def.BucketCriteria
	if crit == nil {
		var out []string
		for _, d := range def.BucketDefinitions {
			out = append(out, d.Buckets...)
		}
		return out, nil
	}
	if accountID == "" && crit.NeedsAccountID() {
		stsClient, err := a.STS(ctx)
		if err == nil {
			accountID, err = s3repo.AccountID(ctx, stsClient)
		}
		if err != nil {
			return nil, fmt.Errorf("bucketCriteria name ACCOUNT_ID: find the account (or set piiscan.accountId): %w", err)
		}
	}
	client, err := a.Buckets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list buckets for bucketCriteria: %w", err)
	}
	var out []string
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list buckets for bucketCriteria: %w", err)
		}
		for _, b := range page.Buckets {
			bi := jobs.BucketInfo{Name: aws.ToString(b.Name), AccountID: accountID}
			if crit.NeedsTags() {
				bi.Tags = bucketTags(ctx, client, b.Name)
			}
			if crit.Match(bi) {
				out = append(out, bi.Name)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("bucketCriteria select no bucket")
	}
	return out, nil
}

// bucketTags returns a bucket's tags; no tag set, or none readable, reads as
// no tags, as a bucket Macie cannot read the tags of does not match a tag
// criterion.
func bucketTags(ctx context.Context, client BucketLister, bucket *string) map[string]string {
	tags := map[string]string{}
	out, err := client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: bucket})
	if err != nil {
		return tags
	}
	for _, t := range out.TagSet {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags
}
