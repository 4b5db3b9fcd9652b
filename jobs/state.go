package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrNotExist is returned by Repository.Get for a state object that is not
// there.
var ErrNotExist = errors.New("no such state object")

// ErrDefinitionChanged is returned by State.Begin when the job file now
// defines the job differently from its first run.
var ErrDefinitionChanged = errors.New("the job's definition changed since its first run (Macie forbids changing a job): give it a new name or clientToken to start a new job")

// Repository is where a job keeps its results and its state: the results
// repository's job directory (S3Repository) or a local directory
// (LocalRepository). Its methods are safe for concurrent use.
type Repository interface {
	// Records calls fn with every result record (one JSON line) in the
	// job's result objects written at or after since (the zero time: all)
	// that shard may need (Shard.ReadsObject; Whole reads all), and the
	// time its object was written (by the store's clock).
	Records(ctx context.Context, since time.Time, shard Shard, fn func(line []byte, written time.Time) error) error
	// Get returns the named state object, or an error wrapping ErrNotExist.
	Get(ctx context.Context, name string) ([]byte, error)
	// Put writes the named state object whole: a reader sees the old or
	// the new content, never a mix.
	Put(ctx context.Context, name string, data []byte) error
	// Location says where the results are, for people.
	Location() string
}

// Run is one run of a job (a ONE_TIME job has one; a SCHEDULED job one per
// schedule tick).
type Run struct {
	ID          string    `json:"runId"`
	StartedAt   time.Time `json:"startedAt"`
	CompletedAt time.Time `json:"completedAt,omitzero"`
	// Since: objects last modified before it are unchanged since the
	// previous run began and are not looked at again; zero in a first run.
	Since time.Time `json:"since,omitzero"`
}

// State is what one shard of a job remembers between runs, stored as a
// small JSON object next to the results (StateName). It is written at the
// start of a run (Current set) and at its end (Current moved to Last).
// Results themselves are not tracked here: the results repository is the
// checkpoint (see Recorded).
type State struct {
	JobID         string `json:"jobId"`
	Definition    string `json:"definitionSha256"`
	Shard         string `json:"shard"`
	Current       *Run   `json:"currentRun,omitempty"`
	Last          *Run   `json:"lastCompletedRun,omitempty"`
	CompletedRuns int    `json:"completedRuns"`
}

// StateName is the name of a shard's state object.
func StateName(s Shard) string { return "state-" + s.Name() + ".json" }

// LoadState reads a shard's state; a shard that never ran gets an empty
// State for the job.
func LoadState(ctx context.Context, repo Repository, job *Job, s Shard) (*State, error) {
	data, err := repo.Get(ctx, StateName(s))
	if errors.Is(err, ErrNotExist) {
		return &State{JobID: job.ID(), Shard: s.String()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read job state: %w", err)
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("read job state %s: %w", StateName(s), err)
	}
	if st.JobID != job.ID() || st.Shard != s.String() {
		return nil, fmt.Errorf("job state %s is for job %s shard %s, not job %s shard %s", StateName(s), st.JobID, st.Shard, job.ID(), s)
	}
	return &st, nil
}

// SaveState writes a shard's state.
func SaveState(ctx context.Context, repo Repository, st *State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	s, err := ParseShard(st.Shard)
	if err != nil {
		return err
	}
	if err := repo.Put(ctx, StateName(s), data); err != nil {
		return fmt.Errorf("write job state: %w", err)
	}
	return nil
}

// Start says how a run begins.
type Start int

// Kinds of start.
const (
	StartNew      Start = iota // a new run
	StartResumed               // the run in progress is resumed
	StartDone                  // a ONE_TIME job that already completed: nothing to do
	StartBaseline              // a SCHEDULED job with initialRun false: its first run only sets the baseline
)

func (s Start) String() string {
	return [...]string{"new", "resumed", "done", "baseline"}[s]
}

// Begin decides how this invocation runs, and updates st accordingly
// (the caller saves it before scanning anything):
//   - a run in progress (a crash, a kill, an interruption) is resumed, with
//     the same Since;
//   - a ONE_TIME job that completed has nothing left to do;
//   - otherwise a new run starts; after a completed run, Since is that run's
//     start minus skew (the slack for clocks: object times come from the
//     store's clock, run times from ours), so only objects created or
//     changed since then are looked at;
//   - the first run of a SCHEDULED job with initialRun false scans nothing
//     and completes at once: the next run picks up what changed after it.
func (st *State) Begin(job *Job, now time.Time, skew time.Duration, newID func() string) (Start, error) {
	def := job.DefinitionHash()
	if st.Definition != "" && st.Definition != def {
		return 0, ErrDefinitionChanged
	}
	st.Definition = def
	if st.Current != nil {
		return StartResumed, nil
	}
	if st.Last != nil && job.JobType == JobTypeOneTime {
		return StartDone, nil
	}
	r := &Run{ID: newID(), StartedAt: now.UTC()}
	if st.Last != nil {
		r.Since = st.Last.StartedAt.Add(-skew)
	}
	st.Current = r
	if st.Last == nil && job.JobType == JobTypeScheduled && job.InitialRun != nil && !*job.InitialRun {
		st.Complete(now)
		return StartBaseline, nil
	}
	return StartNew, nil
}

// Complete marks the current run completed.
func (st *State) Complete(now time.Time) {
	if st.Current == nil {
		return
	}
	st.Current.CompletedAt = now.UTC()
	st.Last, st.Current = st.Current, nil
	st.CompletedRuns++
}
