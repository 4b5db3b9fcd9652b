package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources"
)

// DefaultMaxOccurrences is how many occurrences of one type a record keeps
// per object, as Macie does; counts go on past it.
const DefaultMaxOccurrences = 1000

// Config says how to run a scan. Engine is required; the zero value of every
// other field has a sensible default.
type Config struct {
	// Engine is the compiled identifier catalogue.
	Engine *detectors.Engine
	// Workers is the number of objects scanned at once (default GOMAXPROCS).
	Workers int
	// MaxOccurrences per type per object kept in a record (default 1,000).
	MaxOccurrences int
	// Job identifies the run in every record.
	Job findings.JobInfo
	// Buckets, when set, gives the resourcesAffected.s3Bucket properties of
	// the buckets scanned, by name.
	Buckets map[string]*findings.S3Bucket
	// Progress, when set, is told about bytes read and objects finished.
	Progress Progress
	// Logger receives one line per object-level problem (never content).
	Logger *slog.Logger
	// LendRecords says that the sink, the summary and Progress use each
	// record only during the call that hands it to them (to encode or
	// count it) and keep nothing of it. Records are then built over each
	// worker's reusable memory instead of copies (findings.Aggregator's
	// Lend). A sink that holds records back must leave it unset.
	LendRecords bool
}

// Progress is told how a scan advances. Its methods are called from several
// goroutines at once and must be cheap.
type Progress interface {
	// Listed is called once per object listed, with its size.
	Listed(size int64)
	// Read is called with the number of bytes just read from an object.
	Read(n int64)
	// Done is called once per object whose record was written (not for
	// the records of an archive's member files).
	Done(r *findings.Record)
}

// Run scans every object src lists and writes one record per object to
// sink, in completion order, adding each to summary. It returns when the
// listing is exhausted and every record is written, or when ctx is done —
// then the records of objects already finished are still written, objects
// in flight are dropped (a rerun scans them again), and the error is
// ctx.Err(). Run does not close sink.
func Run(ctx context.Context, src sources.Source, sink findings.Sink, summary *findings.Summary, cfg Config) error {
	if cfg.Engine == nil {
		return errors.New("scanner: no detection engine configured")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.MaxOccurrences <= 0 {
		cfg.MaxOccurrences = DefaultMaxOccurrences
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Progress == nil {
		cfg.Progress = noProgress{}
	}

	// runCtx is cancelled when the sink fails, so listing and scanning stop.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(runCtx)
	// The lister, faster than the workers, fills the queue and sleeps
	// until they take half of it: a long queue wakes it seldom. With 64
	// objects, a wake-up (a futex call each way and the scheduler's work
	// around them) every 32 small files was about 1.5% of a scan's CPU
	// time on the bench's small-files corpus.
	objects := newObjectQueue(max(1024, cfg.Workers*4))

	g.Go(func() error {
		defer objects.close()
		err := src.List(gctx, func(obj sources.Object) error {
			cfg.Progress.Listed(obj.Size)
			return objects.put(gctx, obj)
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("list objects: %w", err)
		}
		return err
	})

	// Each worker writes its own records, one at a time under sinkMu. A
	// sink goroutine fed by a channel cost a thread wake-up and sleep per
	// object (two futex calls of some 20 µs each on this VM's paravirtual
	// scheduler): about 4% of a scan's CPU time on the bench corpus of
	// 941 files, and more with small objects. A sink that encodes before
	// it writes (findings.EncodingSink) gets records the workers encoded
	// outside the lock, in parallel.
	var (
		sinkMu  sync.Mutex
		sinkErr error
	)
	encoder, _ := sink.(findings.EncodingSink)
	// Not under the run's context: a record finished before a cancellation
	// is still written.
	writeCtx := context.WithoutCancel(ctx)
	write := func(rec *findings.Record, enc []byte) {
		sinkMu.Lock()
		defer sinkMu.Unlock()
		if sinkErr != nil {
			return // after a write error, finished records are dropped
		}
		var err error
		if encoder != nil {
			err = encoder.WriteEncoded(writeCtx, rec, enc)
		} else {
			err = sink.Write(writeCtx, rec)
		}
		if err != nil {
			sinkErr = fmt.Errorf("write result record: %w", err)
			cancel() // listing and scanning stop
			return
		}
		summary.Add(rec)
		if rec.ResourcesAffected.S3Object.EmbeddedFileDetails == nil {
			cfg.Progress.Done(rec) // an archive's members are not objects listed
		}
	}
	// A source that waits on the network (S3) has its objects opened
	// ahead: each opener holds one opened object until a worker takes it,
	// so that many GETs wait their first byte at once while the workers,
	// one per core, scan. A local source's objects go straight to the
	// workers, which open them.
	next := func() (opened, bool) {
		obj, ok := objects.get()
		return opened{obj: obj}, ok
	}
	if ahead := sources.OpenAhead(src); ahead > 0 {
		ready := make(chan opened)
		var openers sync.WaitGroup
		for range ahead {
			openers.Go(func() { openAhead(gctx, src, objects, ready) })
		}
		go func() { openers.Wait(); close(ready) }()
		next = func() (opened, bool) {
			o, ok := <-ready
			return o, ok
		}
	}
	severities := newSeverityTable(cfg.Engine)
	for range cfg.Workers {
		w := newWorker(src, cfg, severities)
		g.Go(func() error {
			var enc []byte // this worker's encoding buffer
			for {
				o, ok := next()
				if !ok {
					return nil
				}
				// nil when cancelled mid-object: not recorded. Written
				// before the worker's next object, which lent records
				// (Config.LendRecords) must be.
				for _, rec := range w.scanObject(gctx, o) {
					if encoder != nil {
						enc = encoder.Encode(enc[:0], rec)
					}
					write(rec, enc)
				}
			}
		})
	}

	err := g.Wait()
	if sinkErr != nil {
		return sinkErr
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// opened is a listed object and, when it was opened ahead, what Open
// returned (rc or err; both nil when it was not).
type opened struct {
	obj    sources.Object
	rc     io.ReadCloser
	err    error
	opened bool
}

// openAhead opens the objects it takes from the queue and hands each to a
// worker through ready; once ctx is done it closes what it holds and
// stops.
func openAhead(ctx context.Context, src sources.Source, objects *objectQueue, ready chan<- opened) {
	for {
		obj, ok := objects.get()
		if !ok {
			return
		}
		o := opened{obj: obj}
		if obj.Skip == nil && ctx.Err() == nil {
			o.rc, o.err = src.Open(ctx, obj)
			o.opened = true
		}
		select {
		case ready <- o:
		case <-ctx.Done():
			if o.rc != nil {
				o.rc.Close()
			}
			return
		}
	}
}

type noProgress struct{}

func (noProgress) Listed(int64)          {}
func (noProgress) Read(int64)            {}
func (noProgress) Done(*findings.Record) {}
