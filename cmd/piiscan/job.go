package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/spf13/cobra"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
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
			s := job.Settings()
			if !strings.HasPrefix(s.CustomDataIdentifiers, "s3://") && !strings.HasPrefix(s.AllowLists, "s3://") {
				r := &jobResources{base: jobBase(args[0])}
				if _, err := r.engine(c.Context(), job); err != nil {
					return exitCodeError{code: exitError, err: err}
				}
			}
			fmt.Fprintf(c.OutOrStdout(), "job %q (id %s, %s) is valid\n", job.Name, job.ID(), job.JobType)
			return nil
		},
	}
	ao.register(c.Flags())
	return c
}

// jobBase is the directory relative resource locations are resolved
// against: the job file's, or the working directory for a job in S3.
func jobBase(path string) string {
	if strings.HasPrefix(path, "s3://") {
		return "."
	}
	return filepath.Dir(path)
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
	job, err := readJob(ctx, path, &o.aws)
	if err != nil {
		return exitCodeError{code: exitError, err: err}
	}
	shard, log, err := o.validate(job, c.ErrOrStderr())
	if err != nil {
		return usageError(c, err)
	}
	sum, runErr := (&jobExecution{
		job: job, base: jobBase(path), shard: shard, output: o.output,
		batchRecords: o.batchRecords, batchAge: o.batchAge, clockSkew: o.clockSkew, log: log,
		scan: scanner.Config{Workers: o.workers, MaxOccurrences: o.maxOccurrences},
	}).run(ctx, &o.aws)
	if errors.Is(runErr, errJobSetup) {
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

// errJobSetup marks an error before the job started: configuration,
// resources, the results repository's preflight, listing buckets.
var errJobSetup = errors.New("job setup")

// jobExecution is one run of a job definition, by `job run` or the daemon's
// scheduler: it resolves the job's identifiers, opens its results
// repository (the job's bucket, or a local directory), finds its buckets,
// and runs it with jobs.Execute.
type jobExecution struct {
	job          *jobs.Job
	base         string // where relative identifier and allow list locations resolve
	shard        jobs.Shard
	output       string // a local results directory; "" for the job's results bucket
	batchRecords int
	batchAge     time.Duration
	clockSkew    time.Duration
	scan         scanner.Config // Engine, Job and Logger are filled in here
	log          *slog.Logger
}

// run returns the run's summary; an error wrapping errJobSetup means the
// job did not start.
func (e *jobExecution) run(ctx context.Context, ao *awsOptions) (*jobs.Summary, error) {
	setup := func(err error) error { return fmt.Errorf("%w: %w", errJobSetup, err) }
	res := &jobResources{base: e.base, aws: ao}
	engine, err := res.engine(ctx, e.job)
	if err != nil {
		return nil, setup(err)
	}
	clients, err := ao.get(ctx)
	if err != nil {
		return nil, setup(err)
	}
	settings := e.job.Settings()
	info := findings.JobInfo{JobID: e.job.ID(), AccountID: settings.AccountID}

	// The results repository first: nothing is listed or scanned before we
	// know results can be stored.
	var repo jobs.Repository
	var sink findings.Sink
	if e.output != "" {
		local, err := jobs.NewLocalRepository(e.output, e.job.ID())
		if err != nil {
			return nil, setup(err)
		}
		repo, sink = local, local.NewSink(e.batchRecords, e.batchAge)
		info.DetailedResultsLocation = local.Location()
	} else {
		ro := resultsOptions{
			url: settings.Results, kmsKeyID: settings.KMSKeyID, encryption: valueOr(settings.Encryption, string(s3repo.EncryptionSSEKMS)),
			accountID: settings.AccountID, maxRecords: e.batchRecords, maxAge: e.batchAge,
			namePrefix: e.shard.ObjectNamePrefix(),
		}
		if sink, err = ro.open(ctx, ao, &info, e.log); err != nil {
			return nil, setup(err)
		}
		bucket, _, _ := s3source.ParseURL(settings.Results)
		client, err := ao.s3For(ctx, bucket)
		if err != nil {
			_ = sink.Close()
			return nil, setup(err)
		}
		dir := strings.TrimPrefix(info.DetailedResultsLocation, "s3://"+bucket+"/")
		repo = jobs.NewS3Repository(client, clients.KMS, bucket, dir, settings.KMSKeyID, s3repo.Encryption(ro.encryption))
	}
	opened := false
	defer func() {
		if !opened {
			_ = sink.Close()
		}
	}()

	buckets, err := jobBuckets(ctx, e.job, clients.S3, clients.STS, &info)
	if err != nil {
		return nil, setup(err)
	}
	src, tags, err := jobSource(ctx, e.job, buckets, ao, e.log)
	if err != nil {
		return nil, setup(err)
	}
	scan := e.scan
	scan.Engine, scan.Job, scan.Logger = engine, info, e.log
	scan.Buckets = make(map[string]*findings.S3Bucket, len(buckets))
	for _, b := range buckets {
		client, err := ao.s3For(ctx, b)
		if err != nil {
			return nil, setup(err)
		}
		scan.Buckets[b] = bucketDetails(s3source.BucketInfo(ctx, client, b))
	}
	return jobs.Execute(ctx, jobs.RunConfig{
		Job: e.job, Shard: e.shard, Repo: repo, Source: src, Tags: tags,
		OpenSink:  func(context.Context) (findings.Sink, error) { opened = true; return sink, nil },
		Scanner:   scan,
		ClockSkew: e.clockSkew, Logger: e.log,
	})
}

// valueOr returns s, or def when s is empty.
func valueOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func writeJobSummary(w io.Writer, sum *jobs.Summary, format string) error {
	if sum == nil {
		return nil
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
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

// readJob reads and validates a job file, local or in S3 (so that a batch
// container needs nothing mounted).
func readJob(ctx context.Context, path string, ao *awsOptions) (*jobs.Job, error) {
	var data []byte
	var err error
	if strings.HasPrefix(path, "s3://") {
		bucket, key, perr := s3source.ParseURL(path)
		if perr != nil {
			return nil, perr
		}
		data, err = (&jobResources{aws: ao}).getS3(ctx, bucket, key)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read job: %w", err)
	}
	var all []string
	for _, sp := range detectors.Catalogue() {
		all = append(all, sp.ID)
	}
	job, err := jobs.Parse(data, jobs.ValidateOptions{ManagedIDs: all})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return job, nil
}

// jobBuckets returns the buckets the job analyses: its bucketDefinitions,
// or the buckets of the account its bucketCriteria select, evaluated now.
func jobBuckets(ctx context.Context, job *jobs.Job, client *s3.Client, stsClient s3repo.STSAPI, info *findings.JobInfo) ([]string, error) {
	def := job.S3JobDefinition
	if def.BucketCriteria == nil {
		var out []string
		for _, d := range def.BucketDefinitions {
			out = append(out, d.Buckets...)
		}
		return out, nil
	}
	account := info.AccountID
	if account == "" && criteriaName(def.BucketCriteria, "ACCOUNT_ID") {
		var err error
		if account, err = s3repo.AccountID(ctx, stsClient); err != nil {
			return nil, fmt.Errorf("bucketCriteria name ACCOUNT_ID: find the account (or set piiscan.accountId): %w", err)
		}
	}
	var out []string
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list buckets for bucketCriteria: %w", err)
		}
		for _, b := range page.Buckets {
			bi := jobs.BucketInfo{Name: aws.ToString(b.Name), AccountID: account}
			if def.BucketCriteria.NeedsTags() {
				out, err := client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b.Name})
				bi.Tags = map[string]string{}
				if err == nil {
					for _, t := range out.TagSet {
						bi.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
					}
				}
				// No tag set (or none readable) reads as no tags.
			}
			if def.BucketCriteria.Match(bi) {
				out = append(out, bi.Name)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("bucketCriteria select no bucket")
	}
	return out, nil
}

// criteriaName reports whether a bucket criterion uses key.
func criteriaName(c *jobs.BucketCriteria, key string) bool {
	for _, b := range []*jobs.CriteriaBlock{c.Includes, c.Excludes} {
		if b == nil {
			continue
		}
		for _, t := range b.And {
			if t.SimpleCriterion != nil && t.SimpleCriterion.Key == key {
				return true
			}
		}
	}
	return false
}

// jobSource returns one Source over every bucket of the job, listing only
// the key prefixes the scoping allows, and the function that reads an
// object's tags.
func jobSource(ctx context.Context, job *jobs.Job, buckets []string, ao *awsOptions, log *slog.Logger) (sources.Source, func(context.Context, sources.Object) (map[string]string, error), error) {
	clients, err := ao.get(ctx)
	if err != nil {
		return nil, nil, err
	}
	prefixes := jobs.CompileScope(job.S3JobDefinition.Scoping).KeyPrefixes()
	byBucket := map[string]*s3.Client{}
	var srcs []sources.Source
	var names []string
	for _, b := range buckets {
		client, err := clients.S3ForBucket(ctx, b)
		if err != nil {
			return nil, nil, fmt.Errorf("bucket %s: %w", b, err)
		}
		byBucket[b] = client
		for _, prefix := range prefixes {
			srcs = append(srcs, s3source.New(client, b, prefix, s3source.Options{Logger: log}))
			names = append(names, b)
		}
	}
	tags := func(ctx context.Context, obj sources.Object) (map[string]string, error) {
		client := byBucket[obj.Bucket]
		out, err := client.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key)})
		if err != nil {
			reason := sources.ReasonUnreadable
			var api interface{ ErrorCode() string }
			if errors.As(err, &api) {
				switch api.ErrorCode() {
				case "AccessDenied", "Forbidden":
					reason = sources.ReasonPermissionDenied
				case "NoSuchKey", "NotFound":
					reason = sources.ReasonObjectNoLongerAvailable
				}
			}
			return nil, &sources.ObjectError{Status: sources.StatusSkipped, Reason: reason, Err: fmt.Errorf("read tags of s3://%s/%s: %w", obj.Bucket, obj.Key, err)}
		}
		m := make(map[string]string, len(out.TagSet))
		for _, t := range out.TagSet {
			m[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		return m, nil
	}
	return sources.NewConcat(srcs, names), tags, nil
}

// jobResources resolves the job's custom data identifier and allow list
// ids to their definitions: <id>.json (or, for allow lists, <id>.txt) in a
// local directory or under an s3:// prefix.
type jobResources struct {
	base string // directory of the job file, for relative locations
	aws  *awsOptions
}

func (r *jobResources) engine(ctx context.Context, job *jobs.Job) (*detectors.Engine, error) {
	var all []string
	for _, sp := range detectors.Catalogue() {
		all = append(all, sp.ID)
	}
	opts := detectors.Options{Managed: job.ManagedIDs(all, detectors.DefaultIDs())}
	s := job.Settings()
	for i, id := range job.CustomDataIdentifierIDs {
		data, _, err := r.fetch(ctx, s.CustomDataIdentifiers, id, ".json")
		if err != nil {
			return nil, fmt.Errorf("customDataIdentifierIds[%d]: %w", i, err)
		}
		var cdi detectors.CustomDataIdentifier
		if err := json.Unmarshal(data, &cdi); err != nil {
			return nil, fmt.Errorf("customDataIdentifierIds[%d] %q: not a CreateCustomDataIdentifier request: %w", i, id, err)
		}
		if cdi.Name == "" {
			cdi.Name = id
		}
		opts.Custom = append(opts.Custom, cdi)
	}
	for i, id := range job.AllowListIDs {
		list, err := r.allowList(ctx, s.AllowLists, id)
		if err != nil {
			return nil, fmt.Errorf("allowListIds[%d]: %w", i, err)
		}
		opts.AllowLists = append(opts.AllowLists, list)
	}
	engine, err := detectors.Compile(opts)
	if err != nil {
		return nil, fmt.Errorf("identifiers: %w", err)
	}
	return engine, nil
}

func (r *jobResources) allowList(ctx context.Context, location, id string) (detectors.AllowList, error) {
	data, name, err := r.fetch(ctx, location, id, ".json", ".txt")
	if err != nil {
		return detectors.AllowList{}, err
	}
	if strings.HasSuffix(name, ".txt") {
		words := wordsOf(data)
		if len(words) == 0 {
			return detectors.AllowList{}, fmt.Errorf("%s: no words", name)
		}
		return detectors.AllowList{Name: id, Criteria: detectors.AllowListCriteria{Words: words}}, nil
	}
	var req struct {
		Name     string `json:"name"`
		Criteria struct {
			Regex       string `json:"regex"`
			S3WordsList *struct {
				BucketName string `json:"bucketName"`
				ObjectKey  string `json:"objectKey"`
			} `json:"s3WordsList"`
		} `json:"criteria"`
	}
	if err := json.Unmarshal(data, &req); err != nil {
		return detectors.AllowList{}, fmt.Errorf("%s: not a CreateAllowList request: %w", name, err)
	}
	list := detectors.AllowList{Name: valueOr(req.Name, id)}
	switch {
	case req.Criteria.Regex != "":
		list.Criteria.Regex = req.Criteria.Regex
	case req.Criteria.S3WordsList != nil:
		w := req.Criteria.S3WordsList
		words, err := r.getS3(ctx, w.BucketName, w.ObjectKey)
		if err != nil {
			return detectors.AllowList{}, fmt.Errorf("%s: criteria.s3WordsList: %w", name, err)
		}
		list.Criteria.Words = wordsOf(words)
	default:
		return detectors.AllowList{}, fmt.Errorf("%s: criteria has neither regex nor s3WordsList", name)
	}
	return list, nil
}

func wordsOf(data []byte) []string {
	var words []string
	for line := range strings.Lines(string(data)) {
		if w := strings.TrimSpace(line); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// fetch reads the first of <location>/<id><ext> that exists.
func (r *jobResources) fetch(ctx context.Context, location, id string, exts ...string) ([]byte, string, error) {
	var tried []string
	for _, ext := range exts {
		if strings.HasPrefix(location, "s3://") {
			bucket, prefix, err := s3source.ParseURL(location)
			if err != nil {
				return nil, "", err
			}
			if prefix != "" && !strings.HasSuffix(prefix, "/") {
				prefix += "/"
			}
			key := prefix + id + ext
			data, err := r.getS3(ctx, bucket, key)
			var nsk interface{ ErrorCode() string }
			if errors.As(err, &nsk) && nsk.ErrorCode() == "NoSuchKey" {
				tried = append(tried, "s3://"+bucket+"/"+key)
				continue
			}
			return data, key, err
		}
		dir := location
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(r.base, dir)
		}
		name := filepath.Join(dir, id+ext)
		data, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			tried = append(tried, name)
			continue
		}
		return data, name, err
	}
	return nil, "", fmt.Errorf("%q not found (looked for %s)", id, strings.Join(tried, ", "))
}

func (r *jobResources) getS3(ctx context.Context, bucket, key string) ([]byte, error) {
	if r.aws == nil {
		return nil, errors.New("s3:// locations are read at run time")
	}
	clients, err := r.aws.get(ctx)
	if err != nil {
		return nil, err
	}
	client, err := clients.S3ForBucket(ctx, bucket)
	if err != nil {
		return nil, err
	}
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	return io.ReadAll(io.LimitReader(out.Body, 16<<20))
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
// directory, or the job's directory under piiscan.results (located as the
// writer does, without its preflight, which needs write access).
func readRepository(ctx context.Context, job *jobs.Job, output string, ao *awsOptions) (jobs.Repository, error) {
	if output != "" {
		return jobs.NewLocalRepository(output, job.ID())
	}
	s := job.Settings()
	if s.Results == "" {
		return nil, errors.New("no results repository: the job has no piiscan.results; give --output DIR")
	}
	bucket, prefix, err := s3source.ParseURL(s.Results)
	if err != nil {
		return nil, err
	}
	clients, err := ao.get(ctx)
	if err != nil {
		return nil, err
	}
	client, err := clients.S3ForBucket(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("piiscan.results %s: %w", s.Results, err)
	}
	account := s.AccountID
	if account == "" {
		if account, err = s3repo.AccountID(ctx, clients.STS); err != nil {
			return nil, fmt.Errorf("find the account ID (or set piiscan.accountId): %w", err)
		}
	}
	dir := s3repo.JobDir(prefix, account, client.Options().Region, job.ID())
	return jobs.NewS3Repository(client, clients.KMS, bucket, dir, s.KMSKeyID, s3repo.Encryption(valueOr(s.Encryption, string(s3repo.EncryptionSSEKMS)))), nil
}
