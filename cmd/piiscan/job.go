package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/jobs/jobrun"
	"github.com/piiscan/piiscan/scanner"
)

func newJobCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "job",
		Short: "Run Amazon-Macie-style classification jobs over S3 buckets",
		Long: `Run classification jobs over S3 buckets, defined as Amazon Macie's
CreateClassificationJob request (see deploy/README.md for the format and
piiscan's own "piiscan" settings).

A run can be killed at any moment and run again: it resumes, scanning only
what is not yet in the results repository. --shard INDEX/COUNT splits a job
over COUNT processes with no coordination (AWS Batch array jobs and
Kubernetes Indexed Jobs set the index). A SCHEDULED job's later runs scan only
objects created or changed since the previous run.`,
	}
	c.AddCommand(newJobRunCommand(), newJobValidateCommand(), newJobSummaryCommand())
	return c
}

func newJobValidateCommand() *cobra.Command {
	var ao awsOptions
	c := &cobra.Command{
		Use:   "validate JOB.json|s3://BUCKET/KEY",
		Short: "Check a job definition and list every problem in it",
		Long: `Check a job definition without running it. Every problem is listed, with
the field's path and what is accepted; exit status 2 when there is any.
Custom data identifiers and allow lists in a local directory are read and
compiled too; those in S3 are only checked at run time.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			job, err := readJob(c.Context(), args[0], &ao)
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			if err := (jobrun.Resources{Dir: jobrun.DefinitionDir(args[0])}).CheckLocal(c.Context(), job); err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			fmt.Fprintf(c.OutOrStdout(), "job %q (id %s, %s) is valid\n", job.Name, job.ID(), job.JobType)
			return nil
		},
	}
	ao.register(c.Flags())
	return c
}

type jobRunOptions struct {
	aws            awsOptions
	shard          string
	shardCount     int
	output         string
	workers        int
	maxOccurrences int
	batchRecords   int
	batchAge       time.Duration
	clockSkew      time.Duration
	format         string
	logLevel       string
}

func newJobRunCommand() *cobra.Command {
	var o jobRunOptions
	c := &cobra.Command{
		Use:   "run JOB.json|s3://BUCKET/KEY",
		Short: "Run a job (or this process's shard of it), resuming a run that did not finish",
		Long: `Run a job, or one shard of it, and print its summary.

Results go to the job's results repository (piiscan.results, encrypted with
piiscan.kmsKeyId, laid out as Macie's) or, with --output DIR, to a local
directory. The repository is the checkpoint: run the same command again after
a crash or kill and only objects whose results are not stored yet are
scanned, none twice. State (the run in progress, the previous run of a
scheduled job) and the summary are stored next to the results.

Sharding: --shard INDEX/COUNT, or the index from AWS_BATCH_JOB_ARRAY_INDEX
(AWS Batch array jobs) or JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) and
the count from --shard-count, AWS_BATCH_JOB_ARRAY_SIZE or PIISCAN_SHARD_COUNT.

Exit status: 0 when the run completed (whatever it found: a batch system
must not retry a job for finding data), 2 on an invalid job or a fatal
error, 130 when interrupted (run again to resume).`,
		Example: `  piiscan job validate job.json
  piiscan job run job.json
  piiscan job run --shard 3/8 job.json
  piiscan job run --output ./results job.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runJob(c, args[0], &o)
		},
	}
	f := c.Flags()
	o.aws.register(f)
	f.StringVar(&o.shard, "shard", "", "run only shard INDEX/COUNT of the job (default: from the environment, see above)")
	f.IntVar(&o.shardCount, "shard-count", 0, "number of shards when the index comes from the environment")
	f.StringVarP(&o.output, "output", "o", "", "keep results and state in this local directory instead of piiscan.results")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "objects scanned in parallel")
	f.IntVar(&o.maxOccurrences, "max-occurrences", scanner.DefaultMaxOccurrences, "occurrences kept per type per object (counts go on)")
	f.IntVar(&o.batchRecords, "results-batch-records", s3repo.DefaultMaxRecords, "a results object holds at most this many records (the unit of durability)")
	f.DurationVar(&o.batchAge, "results-batch-age", s3repo.DefaultMaxAge, "a results object is written at most this long after its first record")
	f.DurationVar(&o.clockSkew, "clock-skew", jobs.DefaultClockSkew, "incremental runs also look at objects modified this long before the previous run began")
	f.StringVar(&o.format, "format", "text", "summary on stdout: text or json")
	f.StringVar(&o.logLevel, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	return c
}

func runJob(c *cobra.Command, path string, o *jobRunOptions) error {
	ctx := c.Context()
	o.aws.workers = o.workers
	job, err := readJob(ctx, path, &o.aws)
	if err != nil {
		return exitCodeError{code: exitError, err: err}
	}
	shard, log, err := o.validate(job, c.ErrOrStderr())
	if err != nil {
		return usageError(c, err)
	}
	sum, runErr := jobrun.Run(ctx, jobrun.Config{
		Job: job, Dir: jobrun.DefinitionDir(path), Shard: shard, ResultsDir: o.output,
		BatchRecords: o.batchRecords, BatchAge: o.batchAge, ClockSkew: o.clockSkew,
		Scanner:        scanner.Config{Workers: o.workers, MaxOccurrences: o.maxOccurrences},
		DescribeBucket: bucketDetails, AWS: o.aws.jobAWS(), Logger: log,
	})
	if errors.Is(runErr, jobrun.ErrSetup) {
		return exitCodeError{code: exitError, err: runErr}
	}
	if err := writeJobSummary(c.OutOrStdout(), sum, o.format); err != nil {
		return exitCodeError{code: exitError, err: err}
	}
	switch {
	case runErr == nil:
		return nil
	case errors.Is(runErr, context.Canceled) && ctx.Err() != nil:
		return exitCodeError{code: exitInterrupted, err: errors.New("interrupted: results of finished objects were written; run the same command again to resume")}
	case errors.Is(runErr, jobs.ErrDefinitionChanged):
		return exitCodeError{code: exitError, err: runErr}
	default:
		return exitCodeError{code: exitError, err: fmt.Errorf("%w (run the same command again to resume)", runErr)}
	}
}

// jobAWS is the AWS of these options for jobrun, its clients built on first
// use.
func (o *awsOptions) jobAWS() jobrun.AWS { return jobrun.NewAWS(o.get) }

func writeJobSummary(w io.Writer, sum *jobs.Summary, format string) error {
	if sum == nil {
		return nil
	}
	if format == "json" {
		return sum.WriteJSON(w)
	}
	return sum.WriteText(w)
}

func (o *jobRunOptions) validate(job *jobs.Job, stderr io.Writer) (jobs.Shard, *slog.Logger, error) {
	var problems []string
	shard := jobs.Whole
	var err error
	if o.shard != "" {
		shard, err = jobs.ParseShard(o.shard)
		if err == nil && o.shardCount != 0 && o.shardCount != shard.Count {
			err = fmt.Errorf("--shard %s and --shard-count %d disagree", o.shard, o.shardCount)
		}
	} else {
		shard, err = jobs.ShardFromEnv(os.Getenv, o.shardCount)
	}
	if err != nil {
		problems = append(problems, err.Error())
	}
	s := job.Settings()
	switch {
	case o.output == "" && s.Results == "":
		problems = append(problems, "no results repository: set piiscan.results (and piiscan.kmsKeyId) in the job, or give --output DIR")
	case o.output != "" && s.Results != "":
		problems = append(problems, "--output and the job's piiscan.results both say where results go: give one")
	}
	if o.workers < 1 {
		problems = append(problems, fmt.Sprintf("--workers %d: want 1 or more", o.workers))
	}
	if o.maxOccurrences < 1 {
		problems = append(problems, fmt.Sprintf("--max-occurrences %d: want 1 or more", o.maxOccurrences))
	}
	if o.batchRecords < 1 {
		problems = append(problems, "--results-batch-records: want 1 or more")
	}
	if o.batchAge <= 0 {
		problems = append(problems, "--results-batch-age: want a positive duration")
	}
	if o.clockSkew < 0 {
		problems = append(problems, "--clock-skew: want 0 or more")
	}
	if o.format != "text" && o.format != "json" {
		problems = append(problems, fmt.Sprintf("--format %q: want text or json", o.format))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		problems = append(problems, fmt.Sprintf("--log-level %q: want debug, info, warn or error", o.logLevel))
	}
	if len(problems) > 0 {
		return shard, nil, errors.New(strings.Join(problems, "; "))
	}
	return shard, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})), nil
}

// readJob reads and validates a job file, local or in S3.
func readJob(ctx context.Context, path string, ao *awsOptions) (*jobs.Job, error) {
	return jobrun.ReadDefinition(ctx, path, ao.jobAWS())
}

func newJobSummaryCommand() *cobra.Command {
	var ao awsOptions
	var count int
	var output, format string
	c := &cobra.Command{
		Use:   "summary JOB.json|s3://BUCKET/KEY",
		Short: "Add up the stored summaries of a job's shards",
		Long: `Read the summary each shard of a job stored next to the results (of its
latest run: the one in progress, else the last completed) and print their
sum: what an array job or an indexed job did as a whole. Shards with no
summary are named on stderr.`,
		Example: `  piiscan job summary --shard-count 8 job.json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			if count < 1 {
				return usageError(c, fmt.Errorf("--shard-count %d: want 1 or more", count))
			}
			if format != "text" && format != "json" {
				return usageError(c, fmt.Errorf("--format %q: want text or json", format))
			}
			job, err := readJob(ctx, args[0], &ao)
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			repo, err := readRepository(ctx, job, output, &ao)
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			sums, missing, err := jobs.ShardSummaries(ctx, repo, job, count)
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			if len(missing) > 0 {
				fmt.Fprintf(c.ErrOrStderr(), "piiscan: no summary for shard %s\n", strings.Join(missing, ", "))
			}
			if len(sums) == 0 {
				return exitCodeError{code: exitError, err: fmt.Errorf("no shard of job %s stored a summary in %s", job.ID(), repo.Location())}
			}
			m := jobs.MergeSummaries(sums)
			return writeJobSummary(c.OutOrStdout(), &m, format)
		},
	}
	f := c.Flags()
	ao.register(f)
	f.IntVar(&count, "shard-count", 1, "number of shards the job ran as")
	f.StringVarP(&output, "output", "o", "", "the local directory the job ran with --output, instead of piiscan.results")
	f.StringVar(&format, "format", "text", "text or json")
	return c
}

// readRepository opens a job's results repository for reading: the local
// directory given with --output, else the job's piiscan.results.
func readRepository(ctx context.Context, job *jobs.Job, output string, ao *awsOptions) (jobs.Repository, error) {
	if output != "" {
		return jobs.OpenLocalRepository(output, job.ID())
	}
	repo, err := jobrun.OpenRepository(ctx, job, ao.jobAWS())
	if errors.Is(err, jobrun.ErrNoResults) {
		return nil, fmt.Errorf("%w; give --output DIR", err)
	}
	if err != nil {
		return nil, err
	}
	return repo, nil
}
