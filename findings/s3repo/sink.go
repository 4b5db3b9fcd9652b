package s3repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/piiscan/piiscan/findings"
)

// Sink adapts a Writer to findings.Sink: one result record per line.
type Sink struct{ w *Writer }

var _ findings.Sink = (*Sink)(nil)

// NewSink returns a findings.Sink writing to w; closing the Sink closes w.
func NewSink(w *Writer) *Sink { return &Sink{w: w} }

// Write marshals r as one JSON line (the bytes of json.Marshal(r)) and
// queues it in the current batch.
func (s *Sink) Write(ctx context.Context, r *findings.Record) error {
	line := r.AppendJSON(nil, true)
	if err := s.w.Write(ctx, line); err != nil {
		if errors.Is(err, ErrClosed) {
			return fmt.Errorf("%w: %w", findings.ErrClosed, err)
		}
		return err
	}
	return nil
}

// Close writes what is pending; see Writer.Close.
func (s *Sink) Close() error { return s.w.Close() }
