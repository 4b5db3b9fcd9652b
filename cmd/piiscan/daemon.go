package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/spf13/cobra"

	"github.com/piiscan/piiscan/daemon"
	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/jobs/jobrun"
	"github.com/piiscan/piiscan/scanner"
)

type daemonOptions struct {
	configFile  string
	checkConfig bool

	listen, logLevel, logFormat          string
	queueURL, dlqURL                     string
	maxInFlight                          int
	results, kmsKeyID, accountID         string
	region, profile, roleARN             string
	s3Endpoint, kmsEndpoint, sqsEndpoint string
}

func newDaemonCommand() *cobra.Command {
	var o daemonOptions
	c := &cobra.Command{
		Use:   "daemon",
		Short: "Scan new S3 objects from SQS event notifications, run scheduled jobs, serve Prometheus metrics",
		Long: `Run as a long-lived service: scan every new S3 object as its event
notification arrives on an SQS queue (S3 -> SQS, S3 -> SNS -> SQS, or
EventBridge -> SQS), run scheduled jobs, and serve /metrics, /healthz and
/readyz.

Settings come from --config (YAML or JSON), then PIISCAN_* environment
variables, then flags. An invalid configuration is refused with every problem
listed; --check-config validates only. SIGTERM drains: no more messages are
received, those in hand finish or are released for a peer, and the exit
status is 0.`,
		Example: `  piiscan daemon --config /etc/piiscan/daemon.yaml
  piiscan daemon --config daemon.yaml --check-config
  piiscan daemon --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/uploads \
      --results s3://macie-results/piiscan --kms-key-id alias/results`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runDaemon(c, &o) },
	}
	f := c.Flags()
	f.StringVar(&o.configFile, "config", "", "configuration file, YAML or JSON (see deploy/daemon/daemon.example.yaml)")
	f.BoolVar(&o.checkConfig, "check-config", false, "validate the configuration, print a summary and exit")
	f.StringVar(&o.listen, "listen", "", "address of /metrics, /healthz and /readyz (default "+daemon.DefaultListen+")")
	f.StringVar(&o.logLevel, "log-level", "", "log level: debug, info, warn, error (default info)")
	f.StringVar(&o.logFormat, "log-format", "", "log format on stderr: json or text (default json)")
	f.StringVar(&o.queueURL, "queue-url", "", "SQS queue of S3 event notifications")
	f.StringVar(&o.dlqURL, "dead-letter-queue-url", "", "SQS queue for messages that cannot be processed (default: the queue's redrive target)")
	f.IntVar(&o.maxInFlight, "max-in-flight", 0, "messages handled at once (default: the number of CPUs)")
	f.StringVar(&o.results, "results", "", "results repository of event scans: s3://bucket/prefix")
	f.StringVar(&o.kmsKeyID, "kms-key-id", "", "KMS key that encrypts stored results (SSE-KMS)")
	f.StringVar(&o.accountID, "account-id", "", "account ID in the results layout (default: from STS)")
	f.StringVar(&o.region, "region", "", "AWS region")
	f.StringVar(&o.profile, "profile", "", "shared config profile")
	f.StringVar(&o.roleARN, "role-arn", "", "IAM role to assume")
	f.StringVar(&o.s3Endpoint, "endpoint-url", "", "S3 endpoint of an S3-compatible store (path-style)")
	f.StringVar(&o.kmsEndpoint, "kms-endpoint-url", "", "KMS endpoint")
	f.StringVar(&o.sqsEndpoint, "sqs-endpoint-url", "", "SQS endpoint")
	return c
}

// apply overrides cfg with the flags given on the command line.
func (o *daemonOptions) apply(c *cobra.Command, cfg *daemon.Config) {
	set := func(name string, dst *string, v string) {
		if c.Flags().Changed(name) {
			*dst = v
		}
	}
	set("listen", &cfg.Listen, o.listen)
	set("log-level", &cfg.Log.Level, o.logLevel)
	set("log-format", &cfg.Log.Format, o.logFormat)
	set("queue-url", &cfg.Queue.URL, o.queueURL)
	set("dead-letter-queue-url", &cfg.Queue.DeadLetterQueueURL, o.dlqURL)
	set("results", &cfg.Results.URL, o.results)
	set("kms-key-id", &cfg.Results.KMSKeyID, o.kmsKeyID)
	set("account-id", &cfg.Results.AccountID, o.accountID)
	set("region", &cfg.AWS.Region, o.region)
	set("profile", &cfg.AWS.Profile, o.profile)
	set("role-arn", &cfg.AWS.RoleARN, o.roleARN)
	set("endpoint-url", &cfg.AWS.S3EndpointURL, o.s3Endpoint)
	set("kms-endpoint-url", &cfg.AWS.KMSEndpointURL, o.kmsEndpoint)
	set("sqs-endpoint-url", &cfg.AWS.SQSEndpointURL, o.sqsEndpoint)
	if c.Flags().Changed("max-in-flight") {
		cfg.Queue.MaxInFlight = o.maxInFlight
	}
}

func runDaemon(c *cobra.Command, o *daemonOptions) error {
	ctx := c.Context()
	stdout, stderr := c.OutOrStdout(), c.ErrOrStderr()

	cfg := &daemon.Config{}
	if o.configFile != "" {
		var err error
		if cfg, err = daemon.LoadConfig(o.configFile); err != nil {
			return exitCodeError{code: exitError, err: err}
		}
	}
	problems := cfg.ApplyEnv(os.Getenv)
	o.apply(c, cfg)
	res, err := cfg.Validate()
	var ce *daemon.ConfigError
	if errors.As(err, &ce) {
		problems = append(problems, ce.Problems...)
	} else if err != nil {
		return exitCodeError{code: exitError, err: err}
	}
	engine, err := compileEngine(cfg.Scan.Identifiers, cfg.Scan.CustomIdentifiers, cfg.Scan.AllowLists)
	if err != nil {
		problems = append(problems, "scan: "+err.Error())
	}
	ao := &awsOptions{
		region: cfg.AWS.Region, profile: cfg.AWS.Profile, roleARN: cfg.AWS.RoleARN,
		endpointURL: cfg.AWS.S3EndpointURL, kmsEndpointURL: cfg.AWS.KMSEndpointURL,
		// Queued objects are scanned MaxInFlight at once, and a scheduled
		// job with a worker per core.
		workers: max(cfg.Queue.MaxInFlight, runtime.GOMAXPROCS(0)),
	}
	if res != nil {
		problems = append(problems, checkScheduledJobs(ctx, res.Jobs, ao)...)
	}
	if len(problems) > 0 {
		return exitCodeError{code: exitError, err: &daemon.ConfigError{Problems: problems}}
	}
	if o.checkConfig {
		printConfigSummary(stdout, res)
		return nil
	}

	log := daemonLogger(stderr, res.Log)
	ln, err := net.Listen("tcp", res.Listen)
	if err != nil {
		return exitCodeError{code: exitError, err: fmt.Errorf("listen: %w", err)}
	}
	defer ln.Close()

	deps := daemon.Deps{Engine: engine, Metrics: daemon.NewMetrics(version), Logger: log}
	if res.Queue.URL != "" || res.Results.URL != "" || len(res.Jobs) > 0 {
		clients, err := ao.get(ctx)
		if err != nil {
			return exitCodeError{code: exitError, err: err}
		}
		deps.AWS = clients
		if res.Queue.URL != "" {
			deps.SQS = sqsClient(clients.Config, res.AWS.SQSEndpointURL, res.Queue.URL)
		}
		deps.Jobs = &scheduledJobs{aws: ao, log: log}
	}
	d, err := daemon.New(ctx, res, deps)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return exitCodeError{code: exitError, err: err}
	}
	if err := d.Run(ctx, ln); err != nil {
		return exitCodeError{code: exitError, err: err}
	}
	return nil
}

// checkScheduledJobs reads each scheduled job definition as `piiscan job
// run` does and lists what would stop it from running unattended.
func checkScheduledJobs(ctx context.Context, list []daemon.Job, ao *awsOptions) []string {
	var problems []string
	for i, j := range list {
		job, err := readJob(ctx, j.Definition, ao)
		if err != nil {
			problems = append(problems, fmt.Sprintf("jobs[%d] (%s): %v", i, j.Name, err))
			continue
		}
		if job.JobType != jobs.JobTypeScheduled {
			problems = append(problems, fmt.Sprintf("jobs[%d] (%s): jobType %s: a scheduled job must be SCHEDULED (a ONE_TIME job runs once and is then done)", i, j.Name, job.JobType))
		}
		if s := job.Settings(); s.Results == "" || s.KMSKeyID == "" {
			problems = append(problems, fmt.Sprintf("jobs[%d] (%s): piiscan.results and piiscan.kmsKeyId are required: the results repository is the job's checkpoint", i, j.Name))
		}
	}
	return problems
}

// scheduledJobs runs the daemon's scheduled jobs as `piiscan job run FILE`
// runs one, with the results repository as checkpoint: each run is
// incremental (jobs.Execute) and resumes an interrupted one. The definition
// is read again for every run, so an edited file takes effect at the next
// run (a changed definition is refused by jobs.Execute, as by job run).
type scheduledJobs struct {
	aws *awsOptions
	log *slog.Logger
}

func (r *scheduledJobs) RunJob(ctx context.Context, j daemon.Job, progress scanner.Progress) error {
	log := r.log.With("job", j.Name)
	job, err := readJob(ctx, j.Definition, r.aws)
	if err != nil {
		return err
	}
	sum, err := jobrun.Run(ctx, jobrun.Config{
		Job: job, Dir: jobrun.DefinitionDir(j.Definition), Shard: jobs.Whole,
		BatchRecords: s3repo.DefaultMaxRecords, BatchAge: s3repo.DefaultMaxAge, ClockSkew: jobs.DefaultClockSkew,
		Scanner:        scanner.Config{MaxOccurrences: scanner.DefaultMaxOccurrences, Progress: progress},
		DescribeBucket: bucketDetails, AWS: r.aws.jobAWS(), Logger: log,
	})
	if sum != nil {
		log.Info("job run summary", "run", sum.RunID, "start", sum.Start, "complete", sum.Complete, "results", sum.Results)
	}
	return err
}

// LastSuccess implements daemon.LastSuccessReader: when the job's last run
// completed, from its state in the results repository (zero if it never
// completed one).
func (r *scheduledJobs) LastSuccess(ctx context.Context, j daemon.Job) (time.Time, error) {
	job, err := readJob(ctx, j.Definition, r.aws)
	if err != nil {
		return time.Time{}, err
	}
	repo, err := readRepository(ctx, job, "", r.aws)
	if err != nil {
		return time.Time{}, err
	}
	st, err := jobs.LoadState(ctx, repo, job, jobs.Whole)
	if err != nil || st.Last == nil {
		return time.Time{}, err
	}
	return st.Last.CompletedAt, nil
}

// sqsClient builds the SQS client; without a configured region it uses the
// queue URL's (https://sqs.<region>.amazonaws.com/...).
func sqsClient(cfg aws.Config, endpoint, queueURL string) *sqs.Client {
	return sqs.NewFromConfig(cfg, func(o *sqs.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		if o.Region == "" {
			if u, err := url.Parse(queueURL); err == nil {
				if parts := strings.Split(u.Hostname(), "."); len(parts) >= 3 && parts[0] == "sqs" {
					o.Region = parts[1]
				}
			}
		}
	})
}

// daemonLogger logs to stderr, JSON unless configured otherwise: one line
// per event, for a log collector.
func daemonLogger(w io.Writer, c daemon.LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func printConfigSummary(w io.Writer, res *daemon.Resolved) {
	fmt.Fprintf(w, "configuration OK\n  listen: %s\n", res.Listen)
	if res.Queue.URL != "" {
		fmt.Fprintf(w, "  queue: %s (in flight %d, visibility %s, max receives %d, dead letters: %s)\n",
			res.Queue.URL, res.Queue.MaxInFlight, res.Queue.VisibilityTimeout, res.Queue.MaxReceives,
			cmp.Or(res.Queue.DeadLetterQueueURL, "the queue's redrive target"))
		fmt.Fprintf(w, "  results: %s (KMS key %s)\n", res.Results.URL, res.Results.KMSKeyID)
	} else {
		fmt.Fprintln(w, "  queue: none")
	}
	for _, j := range res.Jobs {
		fmt.Fprintf(w, "  job %s: %s\n", j.Name, j.Definition)
	}
	if res.Queue.URL == "" && len(res.Jobs) == 0 {
		fmt.Fprintln(w, "  warning: no queue and no scheduled job: the daemon would only serve metrics")
	}
}
