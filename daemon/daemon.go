package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/piiscan/piiscan/awsclient"
	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/sources/s3source"
)

// Deps are what a Daemon is built from besides its configuration.
type Deps struct {
	// AWS is needed when a queue or results are configured.
	AWS *awsclient.Clients
	// SQS is needed when a queue is configured.
	SQS SQSAPI
	// Engine scans event-driven objects; needed with a queue.
	Engine *detectors.Engine
	// Jobs runs scheduled jobs; needed when jobs are configured.
	Jobs    JobRunner
	Metrics *Metrics
	Logger  *slog.Logger
}

// Daemon is a configured daemon, ready to Run.
type Daemon struct {
	cfg       *Resolved
	metrics   *Metrics
	log       *slog.Logger
	consumer  *Consumer
	scheduler *Scheduler
	checks    []ReadyCheck
}

// New checks what can only be checked against AWS — the results repository
// is writable with the KMS key (a preflight PUT), the queue has somewhere to
// put poison messages — and builds the daemon.
func New(ctx context.Context, cfg *Resolved, deps Deps) (*Daemon, error) {
	d := &Daemon{cfg: cfg, metrics: deps.Metrics, log: deps.Logger}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	var results *ResultsStore
	var job findings.JobInfo
	if cfg.Results.URL != "" {
		var err error
		results, job, err = d.openResults(ctx, deps.AWS)
		if err != nil {
			return nil, err
		}
	}
	if cfg.Queue.URL != "" {
		if deps.SQS == nil || deps.Engine == nil {
			return nil, errors.New("daemon: a queue needs an SQS client and a detection engine")
		}
		clients := &bucketClients{aws: deps.AWS, clients: map[string]*s3.Client{}}
		es := &EventScanner{
			Client: clients.get, Engine: deps.Engine, MaxOccurrences: cfg.Scan.MaxOccurrences,
			Job: job, Results: results, Metrics: d.metrics, Logger: d.log,
		}
		d.consumer = &Consumer{SQS: deps.SQS, Queue: cfg.Queue, Scan: es.Scan, Metrics: d.metrics, Logger: d.log}
		if err := d.consumer.Prepare(ctx); err != nil {
			return nil, err
		}
		queueURL := cfg.Queue.URL
		d.checks = append(d.checks, ReadyCheck{Name: "sqs", Check: func(ctx context.Context) error {
			_, err := deps.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
				QueueUrl: aws.String(queueURL), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
			})
			return err
		}})
	}
	if len(cfg.Jobs) > 0 {
		if deps.Jobs == nil {
			return nil, errors.New("daemon: scheduled jobs are configured but this build has no job runner")
		}
		for _, j := range cfg.Jobs {
			d.metrics.InitJob(j.Name)
		}
		d.scheduler = &Scheduler{Jobs: cfg.Jobs, Runner: deps.Jobs, Metrics: d.metrics, Logger: d.log}
	}
	return d, nil
}

func (d *Daemon) openResults(ctx context.Context, c *awsclient.Clients) (*ResultsStore, findings.JobInfo, error) {
	r := d.cfg.Results
	bucket, prefix, err := s3source.ParseURL(r.URL)
	if err != nil {
		return nil, findings.JobInfo{}, err
	}
	client, err := c.S3ForBucket(ctx, bucket)
	if err != nil {
		return nil, findings.JobInfo{}, fmt.Errorf("results.url %s: %w", r.URL, err)
	}
	account := r.AccountID
	if account == "" {
		if account, err = s3repo.AccountID(ctx, c.STS); err != nil {
			return nil, findings.JobInfo{}, fmt.Errorf("results: find the account ID (or set results.accountId): %w", err)
		}
	}
	region := client.Options().Region
	jobID := d.cfg.Queue.JobID
	if jobID == "" {
		jobID = DefaultEventsJobID
	}
	// The preflight of s3repo: a marker PUT with the same encryption, so a
	// missing permission is named now and not at the first event.
	w, err := s3repo.NewWriter(ctx, client, c.KMS, s3repo.Config{
		Bucket: bucket, Prefix: prefix, AccountID: account, Region: region, JobID: jobID,
		KMSKeyID: r.KMSKeyID, Encryption: s3repo.Encryption(r.Encryption), Logger: d.log,
	})
	if err != nil {
		return nil, findings.JobInfo{}, err
	}
	err = w.Preflight(ctx)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, findings.JobInfo{}, err
	}
	store := &ResultsStore{
		S3: client, Bucket: bucket, Dir: w.Dir(), KMSKeyID: r.KMSKeyID,
		Encryption: s3repo.Encryption(r.Encryption), KMS: c.KMS, JobID: jobID, Logger: d.log,
	}
	job := findings.JobInfo{JobID: jobID, AccountID: account, Region: region, DetailedResultsLocation: store.Location()}
	d.checks = append(d.checks,
		ReadyCheck{Name: "s3", Check: func(ctx context.Context) error {
			_, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
			return err
		}},
		// Reachability with valid credentials: an AccessDenied answer
		// proves both, so kms:ListKeys is not a permission the daemon needs.
		// (With SSE-KMS, S3 uses the key; a disabled key shows as
		// results_write failures.)
		ReadyCheck{Name: "kms", Check: func(ctx context.Context) error {
			_, err := c.KMS.ListKeys(ctx, &kms.ListKeysInput{Limit: aws.Int32(1)})
			var ae smithy.APIError
			if errors.As(err, &ae) && ae.ErrorCode() == "AccessDeniedException" {
				return nil
			}
			return err
		}},
	)
	return store, job, nil
}

// Run serves HTTP on ln and consumes the queue and runs the scheduled jobs
// until ctx is done; then it drains (Config.ShutdownTimeout), stops the
// HTTP server and returns nil. It returns an error only when the HTTP
// server fails.
func (d *Daemon) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: Handler(d.metrics, d.checks), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	d.log.Info("daemon started", "listen", ln.Addr().String(), "queue", d.cfg.Queue.URL, "jobs", len(d.cfg.Jobs))
	if d.consumer == nil && d.scheduler == nil {
		d.log.Warn("nothing to do: no queue and no scheduled job configured; serving metrics only")
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	if d.consumer != nil {
		wg.Go(func() { d.consumer.Run(runCtx, d.cfg.ShutdownTimeout.Duration) })
	}
	if d.scheduler != nil {
		wg.Go(func() { d.scheduler.Run(runCtx) })
	}
	var err error
	select {
	case <-ctx.Done():
		d.log.Info("shutting down", "drain_deadline", d.cfg.ShutdownTimeout.String())
	case err = <-serveErr:
		err = fmt.Errorf("serve http: %w", err)
		d.log.Error("http server stopped; shutting down", "error", err.Error())
	}
	stop()
	wg.Wait()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	d.log.Info("daemon stopped")
	return err
}

// bucketClients caches one S3 client per bucket (in its region).
type bucketClients struct {
	aws     *awsclient.Clients
	mu      sync.Mutex
	clients map[string]*s3.Client
}

func (b *bucketClients) get(ctx context.Context, bucket string) (s3source.API, error) {
	b.mu.Lock()
	c, ok := b.clients[bucket]
	b.mu.Unlock()
	if ok {
		return c, nil
	}
	c, err := b.aws.S3ForBucket(ctx, bucket)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.clients[bucket] = c
	b.mu.Unlock()
	return c, nil
}
