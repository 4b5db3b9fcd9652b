package jobrun

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources/s3source"
)

// ErrSetup marks an error that stopped a run before it began: the job's
// identifiers or allow lists, its results repository (including the
// preflight), its buckets. Nothing was scanned and no state was written;
// Run's summary is nil. Any other error comes with a summary and leaves a
// run that the next one resumes.
var ErrSetup = errors.New("job setup")

// Config is one run of one shard of a job definition.
type Config struct {
	Job *jobs.Job
	// Dir is where the job's relative identifier and allow list locations
	// resolve (DefinitionDir).
	Dir   string
	Shard jobs.Shard
	// ResultsDir, when set, keeps results and state in this local directory
	// instead of the job's piiscan.results.
	ResultsDir string
	// BatchRecords and BatchAge bound a results object, the unit of
	// durability (s3repo.Config.MaxRecords and MaxAge); zero means
	// s3repo's defaults.
	BatchRecords int
	BatchAge     time.Duration
	// ClockSkew: see jobs.DefaultClockSkew.
	ClockSkew time.Duration
	// Scanner configures the scan (workers, occurrences kept, progress);
	// Run fills in Engine, Job, Buckets and Logger.
	Scanner scanner.Config
	// DescribeBucket turns what could be read of a bucket into its result
	// records' resourcesAffected.s3Bucket; nil leaves the records' bucket
	// details out (and reads none).
	DescribeBucket func(s3source.Bucket) *findings.S3Bucket
	// AWS reaches the job's buckets and results; required.
	AWS    AWS
	Logger *slog.Logger
}

// Run runs one invocation of a job's shard and returns its summary. It
// compiles the job's identifiers (Resources), opens the results repository
// before anything is listed (nothing is scanned unless results can be
// stored), resolves the job's buckets (Buckets), and runs jobs.Execute over
// one source of all of them. An error wrapping ErrSetup means the run did
// not begin, and the summary is nil.
func Run(ctx context.Context, cfg Config) (*jobs.Summary, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	batchRecords, batchAge := cfg.BatchRecords, cfg.BatchAge
	if batchRecords <= 0 {
		batchRecords = s3repo.DefaultMaxRecords
	}
	if batchAge <= 0 {
		batchAge = s3repo.DefaultMaxAge
	}
	setup := func(err error) error { return fmt.Errorf("%w: %w", ErrSetup, err) }
	job := cfg.Job
	if cfg.AWS == nil {
		// Every job lists buckets; a caller's mistake, but not a panic.
		return nil, setup(errors.New("no AWS clients to reach the job's buckets"))
	}

	engine, err := Resources{Dir: cfg.Dir, AWS: cfg.AWS}.Engine(ctx, job)
	if err != nil {
		return nil, setup(err)
	}
	settings := job.Settings()
	info := findings.JobInfo{JobID: job.ID(), AccountID: settings.AccountID}

	var repo jobs.Repository
	var sink findings.Sink
	if cfg.ResultsDir != "" {
		local, err := jobs.NewLocalRepository(cfg.ResultsDir, job.ID())
		if err != nil {
			return nil, setup(err)
		}
		repo, sink = local, local.NewSink(batchRecords, batchAge)
		info.DetailedResultsLocation = local.Location()
	} else {
		w := resultsWriting{shard: cfg.Shard, batchRecords: batchRecords, batchAge: batchAge, log: log}
		if sink, repo, err = openResults(ctx, job, cfg.AWS, w, &info); err != nil {
			return nil, setup(err)
		}
	}
	// jobs.Execute closes the sink once it has opened it; until then, and
	// when it never does (nothing to scan), it is ours to close.
	opened := false
	defer func() {
		if !opened {
			_ = sink.Close()
		}
	}()

	buckets, err := Buckets(ctx, job, cfg.AWS, info.AccountID)
	if err != nil {
		return nil, setup(err)
	}
	clients := make(map[string]S3API, len(buckets))
	for _, b := range buckets {
		if _, ok := clients[b]; ok {
			continue
		}
		client, _, err := cfg.AWS.S3(ctx, b)
		if err != nil {
			return nil, setup(fmt.Errorf("bucket %s: %w", b, err))
		}
		clients[b] = client
	}
	src, tags := newSource(job, buckets, clients, log)

	scan := cfg.Scanner
	scan.Engine, scan.Job, scan.Logger = engine, info, log
	if cfg.DescribeBucket != nil {
		scan.Buckets = make(map[string]*findings.S3Bucket, len(clients))
		for b, client := range clients {
			scan.Buckets[b] = cfg.DescribeBucket(s3source.BucketInfo(ctx, client, b))
		}
	}
	return jobs.Execute(ctx, jobs.RunConfig{
		Job: job, Shard: cfg.Shard, Repo: repo, Source: src, Tags: tags,
		OpenSink:  func(context.Context) (findings.Sink, error) { opened = true; return sink, nil },
		Scanner:   scan,
		ClockSkew: cfg.ClockSkew, Logger: log,
	})
}
