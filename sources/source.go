package sources

import (
	"context"
	"io"
	"time"
)

// Object is one item a Source lists: a local file or an S3 object.
type Object struct {
	// Bucket is the S3 bucket, empty for local files.
	Bucket string
	// Key is the S3 key, or for a local file its path relative to the scan
	// root, with forward slashes.
	Key string
	// Path is where the object lives: an absolute local path, or s3://bucket/key.
	Path string
	// Size in bytes as listed.
	Size int64
	// LastModified as listed.
	LastModified time.Time
	// ETag as listed (S3), or a stable fingerprint of size and modification
	// time for local files.
	ETag string
	// StorageClass is the S3 storage class, empty for local files.
	StorageClass string
	// Skip, when non-nil, says the object was listed but cannot be scanned
	// (unreadable, a symlink loop, …): it must not be opened, and its result
	// record carries this status and reason.
	Skip *ObjectError
}

// Source enumerates and opens objects.
//
// List calls fn once per object, streaming: it never builds the whole
// listing. It stops and returns fn's error if fn returns one, and returns
// ctx.Err() once ctx is done. An object that cannot be read is still passed
// to fn, with Skip set; only a failure that makes the whole listing
// impossible (the root does not exist, access to the bucket is denied) is
// returned as an error.
//
// Open returns a stream of the object's bytes; the caller closes it. An error
// from Open is an *ObjectError when it concerns this object only.
//
// A Source is safe for concurrent use: List runs in one goroutine while
// several others call Open.
type Source interface {
	List(ctx context.Context, fn func(Object) error) error
	Open(ctx context.Context, obj Object) (io.ReadCloser, error)
}

// OpenAheader is a Source whose Open waits on the network: a scanner
// opens up to OpenAhead() objects ahead of its workers, so that an
// object's first bytes are on their way while the one before is scanned.
type OpenAheader interface {
	OpenAhead() int
}

// OpenAhead is how many objects a scanner should open ahead of its
// workers for src: 0 unless src is an OpenAheader.
func OpenAhead(src Source) int {
	if a, ok := src.(OpenAheader); ok {
		return max(a.OpenAhead(), 0)
	}
	return 0
}
