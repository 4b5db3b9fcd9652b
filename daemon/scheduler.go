package daemon

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/piiscan/piiscan/scanner"
)

// Job is one scheduled job: a job definition run on a schedule.
type Job struct {
	// Name labels the job in metrics and logs (the definition's name).
	Name string
	// Definition is the job definition file, as `piiscan job run` reads it.
	Definition string
	Schedule   Schedule
}

// JobRunner runs one scheduled job once, incrementally (only objects new or
// changed since its last successful run), reporting progress. It returns
// when the run is over, ctx.Err() when cancelled (the run resumes next
// time). RunJob is called from one goroutine per job; runs of one job never
// overlap, runs of different jobs may.
type JobRunner interface {
	RunJob(ctx context.Context, job Job, progress scanner.Progress) error
}

// LastSuccessReader is a JobRunner that can tell when a job's last run
// completed, from where the job keeps its state (the results repository),
// so that piiscan_job_last_success_timestamp_seconds says the truth after
// a restart instead of staying absent until the next successful run, which
// may be a day or a month away.
type LastSuccessReader interface {
	LastSuccess(ctx context.Context, job Job) (time.Time, error)
}

// JobRunnerFunc adapts a function to JobRunner.
type JobRunnerFunc func(ctx context.Context, job Job, progress scanner.Progress) error

// RunJob calls f.
func (f JobRunnerFunc) RunJob(ctx context.Context, job Job, progress scanner.Progress) error {
	return f(ctx, job, progress)
}

// Scheduler runs jobs on their schedules. A run due while the previous run
// of the same job is still going is skipped, and runs missed while the
// daemon was down are not replayed: the next incremental run covers the
// objects they would have scanned.
type Scheduler struct {
	Jobs    []Job
	Runner  JobRunner
	Metrics *Metrics
	Logger  *slog.Logger
	// Now and Sleep are the clock; nil means the real one.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Run runs every job on its schedule until ctx is done; it returns after
// every run in progress has returned.
func (s *Scheduler) Run(ctx context.Context) {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Sleep == nil {
		s.Sleep = sleep
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	var wg sync.WaitGroup
	for _, job := range s.Jobs {
		wg.Go(func() { s.loop(ctx, job) })
	}
	wg.Wait()
}

func (s *Scheduler) loop(ctx context.Context, job Job) {
	if r, ok := s.Runner.(LastSuccessReader); ok {
		switch last, err := r.LastSuccess(ctx, job); {
		case err != nil:
			s.Logger.Warn("job last success not read", "job", job.Name, "error", err.Error())
		case !last.IsZero():
			s.Metrics.jobLastSuccess.WithLabelValues(job.Name).Set(float64(last.Unix()))
		}
	}
	for {
		next := job.Schedule.Next(s.Now())
		if next.IsZero() {
			s.Logger.Warn("job has no next run", "job", job.Name)
			return
		}
		s.Metrics.jobNextRun.WithLabelValues(job.Name).Set(float64(next.Unix()))
		s.Logger.Info("job scheduled", "job", job.Name, "next_run", next.UTC().Format(time.RFC3339))
		if err := s.Sleep(ctx, next.Sub(s.Now())); err != nil {
			return
		}
		s.runOnce(ctx, job)
		if ctx.Err() != nil {
			return
		}
	}
}

func (s *Scheduler) runOnce(ctx context.Context, job Job) {
	start := s.Now()
	s.Logger.Info("job run started", "job", job.Name)
	err := s.Runner.RunJob(ctx, job, s.Metrics.Progress(SourceJob))
	elapsed := s.Now().Sub(start)
	s.Metrics.jobDuration.WithLabelValues(job.Name).Observe(elapsed.Seconds())
	switch {
	case err == nil:
		s.Metrics.jobRuns.WithLabelValues(job.Name, "success").Inc()
		s.Metrics.jobLastSuccess.WithLabelValues(job.Name).Set(float64(s.Now().Unix()))
		s.Logger.Info("job run finished", "job", job.Name, "seconds", elapsed.Seconds())
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		s.Metrics.jobRuns.WithLabelValues(job.Name, "cancelled").Inc()
		s.Logger.Info("job run cancelled, resumes next run", "job", job.Name)
	default:
		s.Metrics.jobRuns.WithLabelValues(job.Name, "failure").Inc()
		s.Logger.Error("job run failed", "job", job.Name, "error", err.Error())
	}
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
