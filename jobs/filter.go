package jobs

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/piiscan/piiscan/sources"
)

// Reasons an object listed by a source is not scanned by this run. They are
// the plan's, not result statuses: no record is written for such an object.
const (
	SkipOtherShard   = "OTHER_SHARD"
	SkipOutOfScope   = "EXCLUDED_BY_SCOPING"
	SkipNotSampled   = "NOT_SAMPLED"
	SkipUnchanged    = "UNCHANGED_SINCE_LAST_RUN"
	SkipAlreadyFound = "ALREADY_RECORDED"
)

// Plan decides which listed objects a run scans.
type Plan struct {
	JobID    string
	Scope    Scope
	Sampling int // percent; 0 means 100
	Shard    Shard
	// Since: objects last modified before it are skipped (zero: none).
	Since time.Time
	// Recorded objects (same bucket, key and ETag) are skipped.
	Recorded *Recorded
	// Tags returns an object's tags; needed when the scope has tag terms.
	// An error becomes the object's result status: an *sources.ObjectError
	// as it is, anything else as UNABLE_TO_READ_FILE.
	Tags func(ctx context.Context, obj sources.Object) (map[string]string, error)
}

// Decide returns "" when obj is to be scanned, else the reason it is not.
// It may set obj.Skip when the object is in the plan but its tags could not
// be read.
func (p *Plan) Decide(ctx context.Context, obj *sources.Object) (string, error) {
	if !p.Shard.Owns(obj.Bucket, obj.Key) {
		return SkipOtherShard, nil
	}
	// Macie samples the objects in scope; tags, which cost a request per
	// object, are read only for sampled objects the listing left in scope.
	if obj.Skip == nil && p.Scope.OutByListing(*obj) {
		return SkipOutOfScope, nil
	}
	if p.Sampling > 0 && !Sampled(p.JobID, obj.Bucket, obj.Key, p.Sampling) {
		return SkipNotSampled, nil
	}
	if !p.Since.IsZero() && obj.LastModified.Before(p.Since) {
		return SkipUnchanged, nil
	}
	if p.Recorded != nil && p.Recorded.Has(Identity{Bucket: obj.Bucket, Key: obj.Key, ETag: normalizeETag(obj.ETag)}) {
		return SkipAlreadyFound, nil
	}
	// Tags last: unchanged and recorded objects cost nothing more (they
	// are counted as such even when their tags would now exclude them).
	if obj.Skip == nil {
		var tagErr error
		in, err := p.Scope.Match(*obj, func() (map[string]string, error) {
			if p.Tags == nil {
				return nil, errors.New("object tags are needed but cannot be read")
			}
			t, err := p.Tags(ctx, *obj)
			tagErr = err
			return t, err
		})
		if ctxErr := ctx.Err(); ctxErr != nil {
			return "", ctxErr
		}
		switch {
		case err != nil && tagErr != nil:
			// Scanned as a failed object: its record says why.
			var oe *sources.ObjectError
			if !errors.As(tagErr, &oe) {
				oe = &sources.ObjectError{Status: sources.StatusSkipped, Reason: sources.ReasonUnreadable, Err: tagErr}
			}
			obj.Skip = oe
		case err != nil:
			return "", err
		case !in:
			return SkipOutOfScope, nil
		}
	}
	return "", nil
}

// Filter is a sources.Source that passes on the objects of src its Plan
// scans, and counts the others by reason.
type Filter struct {
	src  sources.Source
	plan *Plan

	mu      sync.Mutex
	skipped map[string]Count
}

// Count is a number of objects and their bytes.
type Count struct {
	Objects int64 `json:"objects"`
	Bytes   int64 `json:"bytes"`
}

func (c *Count) add(size int64) {
	c.Objects++
	c.Bytes += size
}

// NewFilter returns a Source listing the objects of src that plan scans.
func NewFilter(src sources.Source, plan *Plan) *Filter {
	return &Filter{src: src, plan: plan, skipped: map[string]Count{}}
}

// List implements sources.Source.
func (f *Filter) List(ctx context.Context, fn func(sources.Object) error) error {
	return f.src.List(ctx, func(obj sources.Object) error {
		reason, err := f.plan.Decide(ctx, &obj)
		if err != nil {
			return err
		}
		if reason != "" {
			f.mu.Lock()
			c := f.skipped[reason]
			c.add(obj.Size)
			f.skipped[reason] = c
			f.mu.Unlock()
			return nil
		}
		return fn(obj)
	})
}

// Open implements sources.Source.
func (f *Filter) Open(ctx context.Context, obj sources.Object) (io.ReadCloser, error) {
	return f.src.Open(ctx, obj)
}

// Skipped returns the objects not passed on, by reason.
func (f *Filter) Skipped() map[string]Count {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]Count, len(f.skipped))
	for k, v := range f.skipped {
		out[k] = v
	}
	return out
}
