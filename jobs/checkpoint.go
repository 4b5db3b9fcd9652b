package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	ResourcesAffected findings.ResourcesAffected `json:"resourcesAffected"`
}

// ParseIdentity reads the identity of one JSON result record.
func ParseIdentity(line []byte) (Identity, error) {
	var r recordKeys
	if err := json.Unmarshal(line, &r); err != nil {
		return Identity{}, fmt.Errorf("read result record: %w", err)
	}
	return identityOf(r.ResourcesAffected), nil
}

// IdentityOf returns the identity of a record.
func IdentityOf(r *findings.Record) Identity { return identityOf(r.ResourcesAffected) }

func identityOf(ra findings.ResourcesAffected) Identity {
	o := ra.S3Object
	id := Identity{Key: o.Key, ETag: normalizeETag(o.ETag)}
	if b := ra.S3Bucket; b != nil {
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
// recorded (Filter skips it), so what it drops are records of files inside
// an archive that a previous run stored before it stopped.
//
// It also orders an archive's records so that the archive's own record,
// which marks the object done for a rerun, is written after the records of
// its files: the scanner writes the archive's record first, and a kill
// between the two batch objects would otherwise leave the archive "done"
// with some of its files' records lost. An archive's record is held while
// the occurrences its files' records account for fall short of its own
// count (it has AdditionalOccurrences set in that case); a record that
// reaches its count through the cap rather than through files is released
// at Close, or when more than maxHeld records wait (the oldest first).
type DedupSink struct {
	next     findings.Sink
	recorded *Recorded
	dropped  int64
	held     map[Identity]*heldRecord
	order    []Identity
}

type heldRecord struct {
	rec     *findings.Record
	pending int64
}

// maxHeld bounds the records DedupSink holds back (each at most a few
// hundred kilobytes: occurrences are capped per type).
const maxHeld = 256

// NewDedupSink returns a Sink writing to next the records not in recorded.
func NewDedupSink(next findings.Sink, recorded *Recorded) *DedupSink {
	return &DedupSink{next: next, recorded: recorded, held: map[Identity]*heldRecord{}}
}

// Write implements findings.Sink.
func (s *DedupSink) Write(ctx context.Context, r *findings.Record) error {
	id := IdentityOf(r)
	var release Identity
	if id.EmbeddedPath != "" {
		owner := id
		owner.EmbeddedPath = ""
		if h := s.held[owner]; h != nil {
			if h.pending -= r.TotalCount(); h.pending <= 0 {
				release = owner
			}
		}
	}
	if s.recorded.Has(id) {
		s.dropped++
	} else if id.EmbeddedPath == "" && r.ClassificationDetails.Result.AdditionalOccurrences && r.TotalCount() > 0 {
		if _, dup := s.held[id]; !dup {
			s.held[id] = &heldRecord{rec: r, pending: r.TotalCount()}
			s.order = append(s.order, id)
		}
	} else {
		if err := s.next.Write(ctx, r); err != nil {
			return err
		}
		s.recorded.Add(id)
	}
	if release != (Identity{}) {
		if err := s.release(ctx, release); err != nil {
			return err
		}
	}
	for len(s.held) > maxHeld {
		if err := s.release(ctx, s.order[0]); err != nil {
			return err
		}
	}
	return nil
}

func (s *DedupSink) release(ctx context.Context, id Identity) error {
	h := s.held[id]
	delete(s.held, id)
	if i := slices.Index(s.order, id); i >= 0 {
		s.order = slices.Delete(s.order, i, i+1)
	}
	if h == nil {
		return nil
	}
	if err := s.next.Write(ctx, h.rec); err != nil {
		return err
	}
	s.recorded.Add(id)
	return nil
}

// Close writes the records still held back, then closes the next Sink.
func (s *DedupSink) Close() error {
	var err error
	for len(s.order) > 0 && err == nil {
		err = s.release(context.Background(), s.order[0])
	}
	return errors.Join(err, s.next.Close())
}

// Dropped returns how many records were already recorded and not written
// again.
func (s *DedupSink) Dropped() int64 { return s.dropped }
