package s3source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/piiscan/piiscan/sources"
)

// API is the part of the S3 client a Source uses; *s3.Client satisfies it.
type API interface {
	s3.ListObjectsV2APIClient
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	GetObjectTagging(context.Context, *s3.GetObjectTaggingInput, ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error)
}

// Defaults for Options left zero.
const (
	DefaultPageSize   = 1000
	DefaultMaxResumes = 5
	// DefaultOpenAhead is how many objects a scan has on their way beyond
	// those its workers scan (see sources.OpenAheader). A GET waits tens of
	// milliseconds for its first byte where a small object scans in one:
	// with 20 ms round trips (a local proxy) and 300 objects of 256 KiB,
	// two workers took 4.3–4.4 s alone and 1.0 s with 16 objects opened
	// ahead; connections to S3 are cheap, and unread bodies wait in the
	// kernel's socket buffers, not in the heap.
	DefaultOpenAhead = 16
)

// Options tune a Source.
type Options struct {
	// Criteria scope which listed objects are passed on.
	Criteria Criteria
	// PageSize is ListObjectsV2's MaxKeys (default and S3's maximum: 1000).
	PageSize int32
	// MaxResumes bounds how many times in a row an opened object's body is
	// resumed with a ranged GET after the connection breaks without any
	// progress in between (default DefaultMaxResumes).
	MaxResumes int
	// Logger receives one line per resumed body and per object skipped at
	// listing; nil discards. Lines carry bucket, key and reason, never content.
	Logger *slog.Logger
	// OpenAhead is how many objects are opened ahead of the scan's
	// workers (default DefaultOpenAhead; negative: none).
	OpenAhead int
}

// Source lists and opens the objects of one bucket under a prefix. It is
// safe for concurrent use: List in one goroutine while others call Open.
type Source struct {
	client API
	bucket string
	prefix string
	opts   Options
	log    *slog.Logger
}

var _ sources.Source = (*Source)(nil)

// New returns a Source over s3://bucket/prefix.
func New(client API, bucket, prefix string, opts Options) *Source {
	if opts.PageSize <= 0 || opts.PageSize > DefaultPageSize {
		opts.PageSize = DefaultPageSize
	}
	if opts.MaxResumes <= 0 {
		opts.MaxResumes = DefaultMaxResumes
	}
	switch {
	case opts.OpenAhead == 0:
		opts.OpenAhead = DefaultOpenAhead
	case opts.OpenAhead < 0:
		opts.OpenAhead = 0
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Source{client: client, bucket: bucket, prefix: prefix, opts: opts, log: log}
}

// ParseURL splits "s3://bucket/prefix" into bucket and prefix (which may be
// empty). Anything else is an error.
func ParseURL(u string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	if !ok {
		return "", "", fmt.Errorf("parse %q: not an s3:// URL", u)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("parse %q: no bucket", u)
	}
	return bucket, prefix, nil
}

// archived reports whether a storage class needs a restore before its
// objects can be read (Macie skips them with INVALID_OBJECT_STATE).
// GLACIER_IR is read instantly; INTELLIGENT_TIERING's archive tiers are not
// visible in a listing and surface at Open as InvalidObjectState.
func archived(class string) bool {
	return class == string(types.ObjectStorageClassGlacier) || class == string(types.ObjectStorageClassDeepArchive)
}

// List calls fn for every object under the prefix that the criteria admit,
// page by page while the listing continues, so memory does not grow with the
// bucket. Folder placeholders (keys ending in "/" with no bytes) hold no data
// and are not passed on. Archived objects that are not restored are passed
// with Skip set (INVALID_OBJECT_STATE). When the criteria need tags and the
// tags cannot be read, the object is passed with Skip set to the reason.
// A failed ListObjectsV2 (after the SDK's retries) ends the listing with an
// error.
func (s *Source) List(ctx context.Context, fn func(sources.Object) error) error {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{
		Bucket:                   aws.String(s.bucket),
		Prefix:                   aws.String(s.prefix),
		MaxKeys:                  aws.Int32(s.opts.PageSize),
		OptionalObjectAttributes: []types.OptionalObjectAttributes{types.OptionalObjectAttributesRestoreStatus},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("list s3://%s/%s: %w", s.bucket, s.prefix, err)
		}
		for i := range page.Contents {
			if err := ctx.Err(); err != nil {
				return err
			}
			o := &page.Contents[i]
			obj := s.object(o)
			if strings.HasSuffix(obj.Key, "/") && obj.Size == 0 {
				continue
			}
			in, err := s.inScope(ctx, &obj)
			if err != nil {
				return err
			}
			if !in {
				continue
			}
			if obj.Skip == nil && archived(obj.StorageClass) && !restored(o.RestoreStatus) {
				obj.Skip = &sources.ObjectError{
					Status: sources.StatusSkipped, Reason: sources.ReasonInvalidObjectState,
					Err: fmt.Errorf("s3://%s/%s is in storage class %s and not restored", s.bucket, obj.Key, obj.StorageClass),
				}
			}
			if obj.Skip != nil {
				s.log.Info("s3 object skipped", "bucket", s.bucket, "key", obj.Key, "reason", obj.Skip.Reason)
			}
			if err := fn(obj); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Source) object(o *types.Object) sources.Object {
	key := aws.ToString(o.Key)
	obj := sources.Object{
		Bucket:       s.bucket,
		Key:          key,
		Path:         "s3://" + s.bucket + "/" + key,
		Size:         aws.ToInt64(o.Size),
		LastModified: aws.ToTime(o.LastModified),
		ETag:         strings.Trim(aws.ToString(o.ETag), `"`),
		StorageClass: string(o.StorageClass),
	}
	if obj.StorageClass == "" {
		obj.StorageClass = string(types.ObjectStorageClassStandard)
	}
	return obj
}

// restored reports whether an archived object has a finished restore that has
// not expired.
func restored(rs *types.RestoreStatus) bool {
	if rs == nil || aws.ToBool(rs.IsRestoreInProgress) || rs.RestoreExpiryDate == nil {
		return false
	}
	return rs.RestoreExpiryDate.After(time.Now())
}

// inScope applies the criteria, fetching tags only when they decide. A tag
// read that fails for this object sets obj.Skip and keeps the object.
func (s *Source) inScope(ctx context.Context, obj *sources.Object) (bool, error) {
	c := s.opts.Criteria
	if !c.NeedsTags() {
		return c.Match(*obj, nil), nil
	}
	if match, decided := c.decidedWithoutTags(*obj); decided {
		return match, nil
	}
	out, err := s.client.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(s.bucket), Key: aws.String(obj.Key)})
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		err = objectError(err, fmt.Sprintf("get tags of s3://%s/%s", s.bucket, obj.Key), false)
		var oe *sources.ObjectError
		if !errors.As(err, &oe) {
			return false, err
		}
		obj.Skip = oe
		return true, nil
	}
	tags := make(map[string]string, len(out.TagSet))
	for _, t := range out.TagSet {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return c.Match(*obj, tags), nil
}

// OpenAhead says how many objects a scan should open ahead of its workers
// (sources.OpenAheader).
func (s *Source) OpenAhead() int { return s.opts.OpenAhead }

// Open starts a GET of the object, conditional on the ETag it was listed
// with, and returns its body as an *Object: a stream that resumes with a
// ranged GET after a broken connection, and an io.ReaderAt for formats that
// read a footer first. When the key names such a format
// (sources.RandomAccessExt: .parquet, .zip), the GET is of the object's
// first 64 KiB only, where the decoder confirms the format: a GET of the
// whole object would be thrown away once the decoder turns to ranged reads,
// and would cost its connection. A second GET, at the same time, fetches
// the object's last 65 KiB, where the decoder reads next (a Parquet
// footer, a zip's central directory): Open runs ahead of the scan's
// workers, so that round trip is no longer one the worker waits for. An
// object of such a format no larger than head and tail together is read
// whole into memory by Open instead, one GET. Errors concerning the object
// are *sources.ObjectError (see objectReason for the mapping), the same for
// any of the GETs; the tail's GET failing fails nothing (see
// Object.ReadAt).
func (s *Source) Open(ctx context.Context, obj sources.Object) (io.ReadCloser, error) {
	return s.OpenObject(ctx, obj)
}

// OpenObject is Open with its concrete result type.
func (s *Source) OpenObject(ctx context.Context, obj sources.Object) (*Object, error) {
	if obj.Skip != nil {
		return nil, obj.Skip
	}
	o := &Object{
		ctx: ctx, client: s.client, log: s.log,
		bucket: s.bucket, key: obj.Key, etag: obj.ETag, size: obj.Size,
		maxResumes: s.opts.MaxResumes,
	}
	if obj.Bucket != "" {
		o.bucket = obj.Bucket
	}
	if o.size <= headBytes || !sources.RandomAccessExt(o.key) {
		// An object no larger than the head is asked for whole: the same
		// bytes, and S3 answers a Range on an empty object with 416.
		if err := o.open(0, -1, false); err != nil {
			return nil, err
		}
		return o, nil
	}
	if o.size <= headBytes+tailBytes {
		// Head and tail would cover the object, or nearly: one GET of
		// the whole, kept, serves the decoder's peek, its reads of the
		// end and the rest of its reads at offsets (a small Parquet
		// file's column chunks), where a head and a tail would cost two
		// and the column chunks a third.
		if err := o.openWhole(); err != nil {
			return nil, err
		}
		return o, nil
	}
	// The tail's GET first: its round trip then overlaps the head's.
	o.startTail(o.size - tailBytes)
	if err := o.open(0, headBytes-1, false); err != nil {
		o.stopTail()
		return nil, err
	}
	return o, nil
}
