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
// are not escaped, so keys and paths read as they are.
func NewJSONLines(w io.Writer) Sink {
	return &jsonLines{buf: bufio.NewWriterSize(w, jsonLinesBuffer)}
}

func (s *jsonLines) Write(ctx context.Context, r *Record) error {
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
	// What a json.Encoder with SetEscapeHTML(false) writes, without its
	// reflection (Record.AppendJSON).
	s.line = append(r.AppendJSON(s.line[:0], false), '\n')
	line := s.line
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
