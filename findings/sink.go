package findings

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
)

// Sink persists result records.
//
// Write is called from one goroutine at a time; a Sink need not be safe for
// concurrent use. Write may buffer: a nil error means the record was
// accepted, not that it is durable. Write returns ctx.Err() without writing
// once ctx is done. After a write error a Sink may refuse further records;
// each refused record is counted.
//
// Close flushes what is buffered and releases the Sink. Its error reports
// every record that could not be written, counted, wrapping the first cause;
// a nil error means every accepted record was written. Write after Close
// returns ErrClosed. Close is idempotent: a second call returns nil.
type Sink interface {
	Write(ctx context.Context, r *Record) error
	Close() error
}

// ErrClosed is returned by Write on a closed Sink.
var ErrClosed = errors.New("sink closed")

// An EncodingSink is a Sink whose Write is an encoding of the record
// followed by a write of the bytes, split in two so that a caller that
// serialises its writes (scanner.Run's workers share one Sink) can encode
// outside its lock, in each goroutine's own buffer: encoding is most of a
// write's cost, and in parallel it neither waits for the lock nor moves the
// shared buffer's cache lines between cores.
//
// Encode may be called from several goroutines at once; WriteEncoded, like
// Write, from one at a time. WriteEncoded(ctx, r, s.Encode(buf, r)) is
// Write(ctx, r).
type EncodingSink interface {
	Sink
	// Encode appends r's encoding to dst and returns the extended slice.
	Encode(dst []byte, r *Record) []byte
	// WriteEncoded writes r, whose encoding enc is; enc is not kept.
	WriteEncoded(ctx context.Context, r *Record, enc []byte) error
}

// jsonLines writes one JSON object per line. Each record is encoded into
// line first, so that the sink knows whether a whole line fits the buffer
// and exactly which records a failed flush lost.
type jsonLines struct {
	buf     *bufio.Writer
	line    []byte // the record being written; its memory is reused
	pending int64  // records wholly or partly in buf, not yet out
	failed  int64  // records not written
	err     error  // first write error; sticky
	closed  bool
}

// jsonLinesBuffer is the write buffer size: large enough that most writes to
// a file or pipe are whole pages.
const jsonLinesBuffer = 64 << 10

// NewJSONLines returns a Sink that writes each record to w as one line of
// JSON (JSON Lines, the format of Macie's discovery results repository),
// through a buffer flushed on Close. It does not close w. HTML characters
// are not escaped, so keys and paths read as they are. The Sink is an
// EncodingSink.
func NewJSONLines(w io.Writer) Sink {
	return &jsonLines{buf: bufio.NewWriterSize(w, jsonLinesBuffer)}
}

func (s *jsonLines) Write(ctx context.Context, r *Record) error {
	if err := s.refuse(ctx); err != nil {
		return err
	}
	s.line = s.Encode(s.line[:0], r)
	return s.writeLine(s.line)
}

// Encode appends r's line: what a json.Encoder with SetEscapeHTML(false)
// writes, without its reflection (Record.AppendJSON).
func (s *jsonLines) Encode(dst []byte, r *Record) []byte {
	return append(r.AppendJSON(dst, false), '\n')
}

func (s *jsonLines) WriteEncoded(ctx context.Context, _ *Record, line []byte) error {
	if err := s.refuse(ctx); err != nil {
		return err
	}
	return s.writeLine(line)
}

// refuse returns why a record cannot be written now, counting it if an
// earlier write failed.
func (s *jsonLines) refuse(ctx context.Context) error {
	if s.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.err != nil {
		s.failed++
		return s.err
	}
	return nil
}

func (s *jsonLines) writeLine(line []byte) error {
	if len(line) > s.buf.Available() && s.buf.Buffered() > 0 {
		if err := s.buf.Flush(); err != nil {
			return s.fail(err)
		}
		s.pending = 0
	}
	if _, err := s.buf.Write(line); err != nil {
		return s.fail(err)
	}
	if s.buf.Buffered() == 0 {
		s.pending = 0 // a line longer than the buffer went straight out
	} else {
		s.pending++
	}
	return nil
}

// fail records a write error: the records in the buffer and the one being
// written are lost, and bufio refuses every later write.
func (s *jsonLines) fail(err error) error {
	s.failed += s.pending + 1
	s.pending = 0
	s.err = fmt.Errorf("write json lines: %w", err)
	return s.err
}

func (s *jsonLines) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.err == nil {
		if err := s.buf.Flush(); err != nil {
			s.failed += s.pending
			s.err = fmt.Errorf("flush json lines: %w", err)
		}
		s.pending = 0
	}
	if s.err != nil {
		return fmt.Errorf("%d records not written: %w", s.failed, s.err)
	}
	return nil
}
