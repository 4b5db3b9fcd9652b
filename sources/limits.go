package sources

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// Overlap is the context, in bytes, that a value or line split across
// chunks shares with its neighbours: every match no longer than Overlap is
// reported by exactly one chunk, whole (see Chunk.ReportFrom).
const Overlap = 16 << 10

// limits are the buffer sizes of the decoders. They are a value so that the
// tests can shrink them and hit every boundary with small inputs.
type limits struct {
	readBuf    int   // bytes read at a time (text: also the largest Lines chunk)
	overlap    int   // see Overlap
	batchBytes int   // a structured batch is flushed at this many value bytes…
	batchVals  int   // …or this many values
	maxValue   int   // a longer value is split into windows of this size
	maxColumns int   // CSV fields per record
	maxDepth   int   // JSON nesting
	maxGroups  int   // JSON distinct paths per batch; Avro integer templates filtered per object
	releaseCap int64 // buffers whose capacities add up to more are dropped after a flush
	indexSpan  int64 // a batch is cut before its indexes span more (Chunk.IndexDelta is 32 bits)
}

// defaultLimits' read buffer and batches are 256 KiB: a batch, its column
// buffers and the engine's passes over it stay within a core's own cache
// (1 MiB of L2 here) instead of the L3 the cores share. Against 512 KiB
// reads and 1 MiB batches, measured: Parquet 11–14 % less CPU, CSV 2 %,
// the bench corpus 1 % with one worker and 2–3 % less wall with two;
// 128 KiB was no better.
var defaultLimits = limits{
	readBuf:    256 << 10,
	overlap:    Overlap,
	batchBytes: 256 << 10,
	batchVals:  16 << 10,
	maxValue:   1 << 20,
	maxColumns: 16384,
	maxDepth:   256,
	maxGroups:  4096,
	releaseCap: 16 << 20,
	indexSpan:  math.MaxUint32,
}

// carry is how many bytes of a split run the next window starts with: one
// overlap of context before the first byte it reports, and the overlap
// the previous window left unreported.
func (l *limits) carry() int { return 2 * l.overlap }

// lookbehind is how much of the lines before a text chunk's first reported
// byte it starts with (2 KiB by default): keyword context for the values
// at its start, which Macie counts up to 300 characters away.
func (l *limits) lookbehind() int { return l.overlap / 8 }

// ParseError says where an object stopped making sense. Its message holds
// positions only, never content.
type ParseError struct {
	Format string // "json", "jsonl", "csv", …
	Offset int64  // byte offset in the (decompressed) stream
	Line   int64  // 1-based line, 0 if unknown
	Msg    string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d, byte offset %d: %s", e.Format, e.Line, e.Offset, e.Msg)
	}
	return fmt.Sprintf("%s: byte offset %d: %s", e.Format, e.Offset, e.Msg)
}

// readError marks an error that came from the object's byte stream, as
// opposed to its content, so that DecodeObject can tell "unreadable" from
// "malformed".
type readError struct{ err error }

func (e *readError) Error() string { return "read: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// sourceReader tags the errors of the underlying stream. Its errors are
// sticky: bufio.Reader.Peek reports an error once and then reads again, and
// a stream that failed must not look like one that ended.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	if err != nil {
		// errors.AsType, not errors.As: As's target escapes, an
		// allocation for every object's io.EOF.
		if err != io.EOF {
			if _, tagged := errors.AsType[*readError](err); !tagged {
				err = &readError{err}
			}
		}
		s.err = err
	}
	return n, err
}

// pooledBuf is a read buffer of defaultLimits.readBuf bytes and the
// function that gives it back to bufPool, made once with the buffer: a
// closure made per getBuf was an allocation per object.
type pooledBuf struct {
	buf []byte
	put func()
}

// bufPool recycles read buffers, so that a run over many small objects
// does not allocate one per object.
var bufPool sync.Pool

func init() {
	bufPool.New = func() any {
		b := &pooledBuf{buf: make([]byte, defaultLimits.readBuf)}
		b.put = func() { bufPool.Put(b) }
		return b
	}
}

func getBuf(l *limits) (buf []byte, put func()) {
	if l.readBuf != defaultLimits.readBuf {
		return make([]byte, l.readBuf), func() {}
	}
	b := bufPool.Get().(*pooledBuf)
	return b.buf, b.put
}

// objectError turns a decoder's failure into the object's status: PARTIAL
// when some chunks were emitted, SKIPPED when none were.
func objectError(emitted bool, reason string, err error) *ObjectError {
	status := StatusSkipped
	if emitted {
		status = StatusPartial
	}
	return &ObjectError{Status: status, Reason: reason, Err: err}
}
