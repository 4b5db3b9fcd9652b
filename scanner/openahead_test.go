package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
)

// slowSource is a memSource whose Open waits as a GET waits for its first
// byte, and which asks to be opened ahead. It counts the Opens in progress
// at once, and the bodies returned and closed.
type slowSource struct {
	memSource
	ahead          int
	wait           time.Duration
	inOpen, peak   atomic.Int64
	opens          atomic.Int64
	bodies, closed atomic.Int64
	cancelAt       int64 // the Open that cancels the run (0: none)
	cancel         context.CancelFunc
}

func (s *slowSource) OpenAhead() int { return s.ahead }

func (s *slowSource) Open(ctx context.Context, o sources.Object) (io.ReadCloser, error) {
	n := s.inOpen.Add(1)
	defer s.inOpen.Add(-1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	if s.opens.Add(1) == s.cancelAt {
		s.cancel()
	}
	select {
	case <-time.After(s.wait):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	rc, err := s.memSource.Open(ctx, o)
	if err != nil {
		return nil, err
	}
	s.bodies.Add(1)
	return &closeCounter{rc, &s.closed}, nil
}

type closeCounter struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *closeCounter) Close() error { c.n.Add(1); return c.ReadCloser.Close() }

func newSlowSource(n, ahead int) *slowSource {
	s := &slowSource{ahead: ahead, wait: 5 * time.Millisecond}
	for i := range n {
		s.add(fmt.Sprintf("%03d.txt", i), "ssn 536-90-4399")
	}
	return s
}

// TestOpenAhead: a source that asks for it has several objects opened at
// once for one worker; every object gets one record, and every body is
// closed. Without it, one worker opens one object at a time.
func TestOpenAhead(t *testing.T) {
	for _, ahead := range []int{8, 0} {
		src := newSlowSource(60, ahead)
		sink := &collectSink{}
		if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1}); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, r := range sink.records {
			keys = append(keys, r.ResourcesAffected.S3Object.Key)
		}
		slices.Sort(keys)
		if len(keys) != 60 || len(slices.Compact(keys)) != 60 {
			t.Errorf("open-ahead %d: %d records, %d distinct, for 60 objects", ahead, len(sink.records), len(keys))
		}
		if b, c := src.bodies.Load(), src.closed.Load(); b != 60 || c != 60 {
			t.Errorf("open-ahead %d: %d bodies opened, %d closed; want 60 and 60", ahead, b, c)
		}
		switch p := src.peak.Load(); {
		case ahead > 0 && p < 2:
			t.Errorf("open-ahead %d: at most %d object opened at once", ahead, p)
		case ahead == 0 && p != 1:
			t.Errorf("no open-ahead: %d objects opened at once by one worker", p)
		}
	}
}

// TestOpenAheadCancel: cancelled mid-run, Run returns context.Canceled,
// and every body opened is closed, whether a worker took it or not.
func TestOpenAheadCancel(t *testing.T) {
	for _, at := range []int64{1, 5, 40} {
		src := newSlowSource(200, 16)
		ctx, cancel := context.WithCancel(context.Background())
		src.cancel, src.cancelAt = cancel, at
		err := scanner.Run(ctx, src, &collectSink{}, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 2})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at open %d: Run returned %v", at, err)
		}
		// Run returns once its openers have: nothing is in Open now.
		if n := src.inOpen.Load(); n != 0 {
			t.Errorf("cancelled at open %d: %d Opens still running after Run returned", at, n)
		}
		if b, c := src.bodies.Load(), src.closed.Load(); b != c {
			t.Errorf("cancelled at open %d: %d bodies opened, %d closed", at, b, c)
		}
	}
}
