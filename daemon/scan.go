package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
)

// Errors of EventScanner.Scan that are not cancellation: the object was not
// scanned, or its records were not stored. Either way the message stays on
// the queue and is retried.
var (
	ErrScan    = errors.New("scan")
	ErrResults = errors.New("store results")
)

// EventScanner scans the object an event names and stores its records.
type EventScanner struct {
	// Client returns an S3 client for a bucket (in the bucket's region).
	Client         func(ctx context.Context, bucket string) (s3source.API, error)
	Engine         *detectors.Engine
	MaxOccurrences int
	// Job goes into every record (jobId, account, region, results location).
	Job     findings.JobInfo
	Results *ResultsStore
	Metrics *Metrics
	Logger  *slog.Logger
}

// Scan scans one object and stores its records; it returns nil once they
// are durable. Anything about the object itself (gone, overwritten since
// the event, denied, corrupt) is the record's status, not an error. Errors
// wrap ErrScan or ErrResults, or are ctx.Err().
func (s *EventScanner) Scan(ctx context.Context, ev ObjectEvent) error {
	start := time.Now()
	s.Metrics.inflight.Inc()
	defer s.Metrics.inflight.Dec()

	client, err := s.Client(ctx, ev.Bucket)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: s3 client for bucket %s: %w", ErrScan, ev.Bucket, err)
	}
	src := oneObject{
		src: s3source.New(client, ev.Bucket, "", s3source.Options{Logger: s.Logger}),
		obj: sources.Object{
			Bucket: ev.Bucket, Key: ev.Key, Path: "s3://" + ev.Bucket + "/" + ev.Key,
			Size: ev.Size, LastModified: ev.EventTime, ETag: ev.ETag,
		},
	}
	// Objects and findings are counted once the records are stored, so a
	// retried message is not counted twice; bytes are counted as read.
	done := &deferredDone{Progress: s.Metrics.Progress(SourceEvent)}
	sink := &collectSink{}
	err = scanner.Run(ctx, src, sink, findings.NewSummary(), scanner.Config{
		Engine: s.Engine, Workers: 1, MaxOccurrences: s.MaxOccurrences,
		Job: s.Job, Progress: done, Logger: s.Logger,
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("%w: s3://%s/%s: %w", ErrScan, ev.Bucket, ev.Key, err)
	}
	if len(sink.records) == 0 {
		return fmt.Errorf("%w: s3://%s/%s: no result record", ErrScan, ev.Bucket, ev.Key)
	}
	id := ev.Identity()
	stableIDs(id, sink.records)
	if err := s.Results.Put(ctx, id, sink.records); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %w", ErrResults, err)
	}
	s.Metrics.resultObjects.Inc()
	done.flush()
	s.Metrics.scanDuration.WithLabelValues(SourceEvent).Observe(time.Since(start).Seconds())
	return nil
}

// oneObject is a Source of one object, named by an event.
type oneObject struct {
	src *s3source.Source
	obj sources.Object
}

func (o oneObject) List(ctx context.Context, fn func(sources.Object) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(o.obj)
}

func (o oneObject) Open(ctx context.Context, obj sources.Object) (io.ReadCloser, error) {
	return o.src.Open(ctx, obj)
}

// collectSink keeps one object's records in memory until they are stored.
type collectSink struct{ records []*findings.Record }

func (c *collectSink) Write(ctx context.Context, r *findings.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.records = append(c.records, r)
	return nil
}

func (c *collectSink) Close() error { return nil }

// deferredDone passes Read on at once and holds Done until flush.
type deferredDone struct {
	scanner.Progress
	mu      sync.Mutex
	records []*findings.Record
}

func (d *deferredDone) Done(r *findings.Record) {
	d.mu.Lock()
	d.records = append(d.records, r)
	d.mu.Unlock()
}

func (d *deferredDone) flush() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.records {
		d.Progress.Done(r)
	}
	d.records = nil
}
