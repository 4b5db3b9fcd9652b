package jobrun

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
)

// tagReader reads an object's tags, for scoping with tag terms
// (jobs.RunConfig.Tags).
type tagReader func(ctx context.Context, obj sources.Object) (map[string]string, error)

// newSource returns one source over every bucket of the job, in the order
// of buckets, listing only the key prefixes the job's scoping allows (one
// listing per prefix: S3 lists a prefix, not a pattern), and the reader of
// an object's tags. clients holds each bucket's client.
func newSource(job *jobs.Job, buckets []string, clients map[string]S3API, log *slog.Logger) (sources.Source, tagReader) {
	prefixes := jobs.CompileScope(job.S3JobDefinition.Scoping).KeyPrefixes()
	var srcs []sources.Source
	var names []string
	for _, b := range buckets {
		for _, prefix := range prefixes {
			srcs = append(srcs, s3source.New(clients[b], b, prefix, s3source.Options{Logger: log}))
			names = append(names, b)
		}
	}
	return sources.NewConcat(srcs, names), objectTags(clients)
}

// objectTags returns the tagReader of the buckets in clients. An object
// whose tags cannot be read is skipped, with the reason a scan would give
// (permission denied, no longer available, unreadable), not the run.
func objectTags(clients map[string]S3API) tagReader {
	return func(ctx context.Context, obj sources.Object) (map[string]string, error) {
		client, ok := clients[obj.Bucket]
		if !ok {
			return nil, fmt.Errorf("read tags of s3://%s/%s: bucket not in the job", obj.Bucket, obj.Key)
		}
		out, err := client.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key)})
		if err != nil {
			return nil, &sources.ObjectError{
				Status: sources.StatusSkipped, Reason: tagErrorReason(err),
				Err: fmt.Errorf("read tags of s3://%s/%s: %w", obj.Bucket, obj.Key, err),
			}
		}
		tags := make(map[string]string, len(out.TagSet))
		for _, t := range out.TagSet {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		return tags, nil
	}
}

// tagErrorReason is the skip reason of an object whose tags S3 would not
// give.
func tagErrorReason(err error) string {
	var coded interface{ ErrorCode() string }
	if errors.As(err, &coded) {
		switch coded.ErrorCode() {
		case "AccessDenied", "Forbidden":
			return sources.ReasonPermissionDenied
		case "NoSuchKey", "NotFound":
			return sources.ReasonObjectNoLongerAvailable
		}
	}
	return sources.ReasonUnreadable
}
