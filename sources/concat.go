package sources

import (
	"context"
	"fmt"
	"io"
)

// Concat is a Source over several sources: it lists each in turn and opens
// an object with the source of its bucket ("" for local files). Sources
// sharing a bucket (two prefixes of it) are interchangeable for Open.
type Concat struct {
	list     []Source
	byBucket map[string]Source
}

// NewConcat returns a Source listing srcs in order; bucket[i] is the bucket
// of srcs[i] ("" for a local source).
func NewConcat(srcs []Source, buckets []string) *Concat {
	c := &Concat{list: srcs, byBucket: make(map[string]Source, len(srcs))}
	for i, s := range srcs {
		if _, ok := c.byBucket[buckets[i]]; !ok {
			c.byBucket[buckets[i]] = s
		}
	}
	return c
}

// List lists every source in turn; it stops at the first error.
func (c *Concat) List(ctx context.Context, fn func(Object) error) error {
	for _, s := range c.list {
		if err := s.List(ctx, fn); err != nil {
			return err
		}
	}
	return nil
}

// OpenAhead is the largest of the sources' (see OpenAheader).
func (c *Concat) OpenAhead() int {
	n := 0
	for _, s := range c.list {
		n = max(n, OpenAhead(s))
	}
	return n
}

// Open opens obj with the source that holds its bucket.
func (c *Concat) Open(ctx context.Context, obj Object) (io.ReadCloser, error) {
	s, ok := c.byBucket[obj.Bucket]
	if !ok {
		return nil, fmt.Errorf("open %s: no source for bucket %q", obj.Path, obj.Bucket)
	}
	return s.Open(ctx, obj)
}
