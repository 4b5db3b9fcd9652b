package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
)

// DefaultClockSkew is the slack between the store's clock (object times)
// and ours (run times) that an incremental run allows: objects modified up
// to this long before the previous run began are looked at again, and
// skipped there by ETag when their record is already stored.
const DefaultClockSkew = 15 * time.Minute

// RunConfig is what Execute needs for one run of one shard.
type RunConfig struct {
	Job   *Job
	Shard Shard
	Repo  Repository
	// Source lists the objects of every bucket of the job, unfiltered
	// (Execute applies the plan).
	Source sources.Source
	// Tags reads an object's tags, for scoping with tag terms.
	Tags func(ctx context.Context, obj sources.Object) (map[string]string, error)
	// OpenSink opens where records go; called only when there is something
	// to scan. Execute closes it.
	OpenSink func(ctx context.Context) (findings.Sink, error)
	// Scanner configures the scan (engine, workers, job info).
	Scanner scanner.Config
	// ClockSkew: see DefaultClockSkew; 0 means exact times.
	ClockSkew time.Duration
	Now       func() time.Time
	Logger    *slog.Logger
}

// Execute runs one invocation of a job's shard: it reads the shard's state,
// resumes the run in progress or begins a new one (State.Begin), saves the
// state, reads back what the results repository already holds, scans what
// the plan leaves, and on success marks the run completed. It always
// returns a summary of what this invocation did, stored next to the
// results (summary-<run>-<shard>.json) when a scan took place. A run that
// was interrupted or failed stays "in progress": the next invocation
// resumes it.
func Execute(ctx context.Context, cfg RunConfig) (*Summary, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	job := cfg.Job
	started := now()
	sum := &Summary{
		JobID: job.ID(), JobName: job.Name, JobType: job.JobType, Shard: cfg.Shard.String(),
		Results: cfg.Repo.Location(), StartedAt: started.UTC(), FinishedAt: started.UTC(),
	}
	st, err := LoadState(ctx, cfg.Repo, job, cfg.Shard)
	if err != nil {
		return sum, err
	}
	start, err := st.Begin(job, started, cfg.ClockSkew, newRunID)
	if err != nil {
		return sum, err
	}
	sum.Start = start.String()
	switch start {
	case StartDone:
		sum.RunID, sum.Complete = st.Last.ID, true
		log.Info("job already completed", "job", job.ID(), "shard", cfg.Shard.String(), "run", st.Last.ID)
		return sum, nil
	case StartBaseline:
		sum.RunID, sum.Complete = st.Last.ID, true
		return sum, SaveState(ctx, cfg.Repo, st)
	}
	run := st.Current
	sum.RunID = run.ID
	if err := SaveState(ctx, cfg.Repo, st); err != nil {
		return sum, err
	}

	// Read back what is stored: the checkpoint, and the part of this run's
	// summary that earlier attempts did. A run's records are all written
	// after it began, and a shard's previous run ended before this one
	// began (by the store's clock, which object times also use).
	recorded := NewRecorded()
	counting := NewSummarySink(nil)
	types := findings.NewSummary()
	keep := func(id Identity) bool { return cfg.Shard.Owns(id.Bucket, id.Key) }
	err = cfg.Repo.Records(ctx, run.Since, cfg.Shard, func(line []byte, written time.Time) error {
		id, err := ParseIdentity(line)
		if err != nil {
			return err
		}
		if !keep(id) {
			return nil
		}
		recorded.Add(id)
		if start == StartResumed && id.EmbeddedPath == "" && (job.JobType == JobTypeOneTime || !written.Before(run.StartedAt)) {
			var r findings.Record
			if err := json.Unmarshal(line, &r); err != nil {
				return fmt.Errorf("read result record: %w", err)
			}
			counting.AddStored(&r)
			types.Add(&r)
		}
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("read back stored results: %w", err)
	}
	sum.Recorded = recorded.Len()
	log.Info("job run", "job", job.ID(), "shard", cfg.Shard.String(), "run", run.ID, "start", start.String(),
		"since", run.Since, "recorded", recorded.Len())

	out, err := cfg.OpenSink(ctx)
	if err != nil {
		return sum, err
	}
	dedup := NewDedupSink(out, recorded)
	counting.next = dedup
	filter := NewFilter(cfg.Source, &Plan{
		JobID: job.ID(), Scope: CompileScope(job.S3JobDefinition.Scoping), Sampling: job.Sampling(),
		Shard: cfg.Shard, Since: run.Since, Recorded: recorded, Tags: cfg.Tags,
	})
	runErr := scanner.Run(ctx, filter, counting, types, cfg.Scanner)
	closeErr := counting.Close()
	finished := now()
	*sum = mergeJobFields(counting.Summary(filter.Skipped(), types, started, finished), sum)
	sum.Deduplicated = dedup.Dropped()

	// What follows must happen even when ctx was cancelled: the records of
	// finished objects are written, and the state and summary say so.
	bg := context.WithoutCancel(ctx)
	if runErr == nil && closeErr == nil {
		st.Complete(finished)
		sum.Complete = true
		if err := SaveState(bg, cfg.Repo, st); err != nil {
			return sum, err
		}
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err == nil {
		err = cfg.Repo.Put(bg, "summary-"+run.ID+"-"+cfg.Shard.Name()+".json", data)
	}
	if err != nil {
		log.Warn("job summary not stored", "err", err)
	}
	return sum, errors.Join(runErr, closeErr)
}

func mergeJobFields(counts Summary, job *Summary) Summary {
	counts.JobID, counts.JobName, counts.JobType = job.JobID, job.JobName, job.JobType
	counts.RunID, counts.Start, counts.Shard, counts.Results = job.RunID, job.Start, job.Shard, job.Results
	counts.Recorded = job.Recorded
	return counts
}

func newRunID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}
