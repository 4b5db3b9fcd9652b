package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/piiscan/piiscan/findings"
)

// Identity names one result record: the object version it is about and,
// for a file extracted from an archive, that file's path in the archive.
type Identity struct {
	Bucket, Key, ETag, EmbeddedPath string
}

func normalizeETag(e string) string { return strings.Trim(e, `"`) }

// Recorded is the set of records already in the results repository: the
// checkpoint a run resumes from. It is safe for concurrent use.
type Recorded struct {
	mu  sync.Mutex
	ids map[Identity]struct{}
}

// NewRecorded returns an empty set.
func NewRecorded() *Recorded { return &Recorded{ids: map[Identity]struct{}{}} }

// recordKeys is the part of a result record Recorded reads.
type recordKeys struct {
	ResourcesAffected struct {
		S3Bucket *struct {
			Name string `json:"name"`
		} `json:"s3Bucket"`
		S3Object struct {
			Key                 string `json:"key"`
			ETag                string `json:"eTag"`
			EmbeddedFileDetails *struct {
				FilePath string `json:"filePath"`
			} `json:"embeddedFileDetails"`
		} `json:"s3Object"`
	} `json:"resourcesAffected"`
}

// ParseIdentity reads the identity of one JSON result record.
func ParseIdentity(line []byte) (Identity, error) {
	var r recordKeys
	if err := json.Unmarshal(line, &r); err != nil {
		return Identity{}, fmt.Errorf("read result record: %w", err)
	}
	o := r.ResourcesAffected.S3Object
	id := Identity{Key: o.Key, ETag: normalizeETag(o.ETag)}
	if b := r.ResourcesAffected.S3Bucket; b != nil {
		id.Bucket = b.Name
	}
	if o.EmbeddedFileDetails != nil {
		id.EmbeddedPath = o.EmbeddedFileDetails.FilePath
	}
	return id, nil
}

// IdentityOf returns the identity of a record.
func IdentityOf(r *findings.Record) Identity {
	o := r.ResourcesAffected.S3Object
	id := Identity{Key: o.Key, ETag: normalizeETag(o.ETag)}
	if b := r.ResourcesAffected.S3Bucket; b != nil {
		id.Bucket = b.Name
	}
	if o.EmbeddedFileDetails != nil {
		id.EmbeddedPath = o.EmbeddedFileDetails.FilePath
	}
	return id
}

// Add records id.
func (r *Recorded) Add(id Identity) {
	r.mu.Lock()
	r.ids[id] = struct{}{}
	r.mu.Unlock()
}

// AddLine records the identity of one JSON result record when keep (nil
// keeps all) accepts it: a shard keeps only its own objects, so memory
// grows with its share of the job.
func (r *Recorded) AddLine(line []byte, keep func(Identity) bool) error {
	id, err := ParseIdentity(line)
	if err != nil {
		return err
	}
	if keep == nil || keep(id) {
		r.Add(id)
	}
	return nil
}

// Has reports whether id is recorded.
func (r *Recorded) Has(id Identity) bool {
	r.mu.Lock()
	_, ok := r.ids[id]
	r.mu.Unlock()
	return ok
}

// Len returns how many records are known.
func (r *Recorded) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ids)
}

// DedupSink passes records to a Sink unless they are already recorded, and
// records what it passes. A run never lists an object whose own record is
// recorded (Filter skips it); what this catches is the records of files
// inside an archive whose own record was not written when the previous run
// stopped but some of whose files' records were.
type DedupSink struct {
	next     findings.Sink
	recorded *Recorded
	dropped  int64
}

// NewDedupSink returns a Sink writing to next the records not in recorded.
func NewDedupSink(next findings.Sink, recorded *Recorded) *DedupSink {
	return &DedupSink{next: next, recorded: recorded}
}

// Write implements findings.Sink.
func (s *DedupSink) Write(ctx context.Context, r *findings.Record) error {
	id := IdentityOf(r)
	if s.recorded.Has(id) {
		s.dropped++
		return nil
	}
	if err := s.next.Write(ctx, r); err != nil {
		return err
	}
	s.recorded.Add(id)
	return nil
}

// Close implements findings.Sink.
func (s *DedupSink) Close() error { return s.next.Close() }

// Dropped returns how many records were already recorded and not written
// again.
func (s *DedupSink) Dropped() int64 { return s.dropped }
