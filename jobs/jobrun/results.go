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
	"github.com/piiscan/piiscan/sources/s3source"
)

// ErrNoResults is the error of a job with no results repository
// (piiscan.results) where one is needed.
var ErrNoResults = errors.New("no results repository: the job has no piiscan.results")

// resultsRepo is where a job's results go in S3: the bucket's client and
// region, and the job's account, which the layout names
// (s3repo.JobDir).
type resultsRepo struct {
	client         S3API
	bucket, prefix string
	region         string
	accountID      string
}

// locateResults finds the job's results repository: the bucket of
// piiscan.results, its region, and the account (piiscan.accountId, else
// STS's answer).
func locateResults(ctx context.Context, job *jobs.Job, a AWS) (*resultsRepo, error) {
	s := job.Settings()
	if s.Results == "" {
		return nil, ErrNoResults
	}
	bucket, prefix, err := s3source.ParseURL(s.Results)
	if err != nil {
		return nil, fmt.Errorf("piiscan.results: %w", err)
	}
	client, region, err := a.S3(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("piiscan.results %s: %w", s.Results, err)
	}
	account := s.AccountID
	if account == "" {
		stsClient, err := a.STS(ctx)
		if err == nil {
			account, err = s3repo.AccountID(ctx, stsClient)
		}
		if err != nil {
			return nil, fmt.Errorf("piiscan.results: find the account ID (or set piiscan.accountId): %w", err)
		}
	}
	return &resultsRepo{client: client, bucket: bucket, prefix: prefix, region: region, accountID: account}, nil
}

// OpenRepository opens the job's results repository under piiscan.results
// for reading its state, stored summaries and records: located as a run's
// writer locates it, but without the writer's preflight, which needs write
// access. A job with no piiscan.results gets ErrNoResults.
func OpenRepository(ctx context.Context, job *jobs.Job, a AWS) (*jobs.S3Repository, error) {
	loc, err := locateResults(ctx, job, a)
	if err != nil {
		return nil, err
	}
	kmsClient, err := a.KMS(ctx)
	if err != nil {
		return nil, fmt.Errorf("piiscan.kmsKeyId: %w", err)
	}
	s := job.Settings()
	dir := s3repo.JobDir(loc.prefix, loc.accountID, loc.region, job.ID())
	return jobs.NewS3Repository(loc.client, kmsClient, loc.bucket, dir, s.KMSKeyID, s.ResultsEncryption()), nil
}

// resultsWriting says how a run batches its results.
type resultsWriting struct {
	shard        jobs.Shard
	batchRecords int
	batchAge     time.Duration
	log          *slog.Logger
}

// openResults opens the job's results repository under piiscan.results for
// a run: the sink its records go to, after a preflight check that the
// bucket is writable and the key can encrypt (the error names the missing
// permission: s3:PutObject, kms:GenerateDataKey ...), and the repository of
// its state and checkpoint. info gets the account, region and location of
// the results.
func openResults(ctx context.Context, job *jobs.Job, a AWS, w resultsWriting, info *findings.JobInfo) (findings.Sink, jobs.Repository, error) {
	loc, err := locateResults(ctx, job, a)
	if err != nil {
		return nil, nil, err
	}
	kmsClient, err := a.KMS(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("piiscan.kmsKeyId: %w", err)
	}
	s := job.Settings()
	info.AccountID, info.Region = loc.accountID, loc.region
	writer, err := s3repo.NewWriter(ctx, loc.client, kmsClient, s3repo.Config{
		Bucket: loc.bucket, Prefix: loc.prefix, AccountID: loc.accountID, Region: loc.region, JobID: info.JobID,
		NamePrefix: w.shard.ObjectNamePrefix(), KMSKeyID: s.KMSKeyID, Encryption: s.ResultsEncryption(),
		MaxRecords: w.batchRecords, MaxAge: w.batchAge, Logger: w.log,
	})
	if err != nil {
		return nil, nil, err
	}
	if err := writer.Preflight(ctx); err != nil {
		_ = writer.Close() // nothing written: stops its goroutines
		return nil, nil, err
	}
	info.DetailedResultsLocation = "s3://" + loc.bucket + "/" + writer.Dir()
	repo := jobs.NewS3Repository(loc.client, kmsClient, loc.bucket, writer.Dir(), s.KMSKeyID, s.ResultsEncryption())
	return s3repo.NewSink(writer), repo, nil
}
