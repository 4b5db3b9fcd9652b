package jobrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources/s3source"
)

// lakeS3 holds two data buckets of CSV files with an email address each
// (in/ is in the jobs' scope, skip/ is not) and an empty results bucket.
func lakeS3() *memS3 {
	m := newMemS3("lake-a", "lake-b", "results")
	for _, b := range []string{"lake-a", "lake-b"} {
		for i := range 3 {
			m.put(b, fmt.Sprintf("in/%d.csv", i), fmt.Sprintf("name,email\nJane,jane%d@example.com\n", i))
		}
		m.put(b, "skip/x.csv", "name,email\nJohn,john@example.com\n")
	}
	return m
}

func lakeJob(settings *jobs.Settings) *jobs.Job {
	return &jobs.Job{
		Name: "lake", JobType: jobs.JobTypeOneTime,
		S3JobDefinition: &jobs.S3JobDefinition{
			BucketDefinitions: []jobs.BucketDefinition{{AccountID: "111122223333", Buckets: []string{"lake-a", "lake-b"}}},
			Scoping: &jobs.Scoping{Includes: &jobs.ScopingBlock{And: []jobs.ScopeTerm{{SimpleScopeTerm: &jobs.SimpleScopeTerm{
				Comparator: "STARTS_WITH", Key: jobs.KeyObjectKey, Values: []string{"in/"},
			}}}}},
		},
		Piiscan: settings,
	}
}

// describer is a Config.DescribeBucket that marks what it describes.
type describer struct {
	mu      sync.Mutex
	buckets []string
}

func (d *describer) describe(b s3source.Bucket) *findings.S3Bucket {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.buckets = append(d.buckets, b.Name)
	return &findings.S3Bucket{Name: b.Name, Owner: &findings.S3BucketOwner{DisplayName: "owner of " + b.Name}}
}

func recordsOf(t *testing.T, repo jobs.Repository) []findings.Record {
	t.Helper()
	var out []findings.Record
	err := repo.Records(context.Background(), time.Time{}, jobs.Whole, func(line []byte, _ time.Time) error {
		var r findings.Record
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRunLocalResults: a run over two buckets into a local directory scans
// exactly the objects in scope, once; its records carry the buckets'
// details; a second run finds the job completed and scans nothing.
func TestRunLocalResults(t *testing.T) {
	m := lakeS3()
	d := &describer{}
	dir := t.TempDir()
	cfg := Config{
		Job: lakeJob(&jobs.Settings{JobID: "lake1"}), Shard: jobs.Whole, ResultsDir: dir,
		Scanner: scanner.Config{Workers: 2, MaxOccurrences: 10}, DescribeBucket: d.describe, AWS: newFakeAWS(m),
	}
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !sum.Complete || sum.Scanned.Objects != 6 || sum.ObjectsWithFindings != 6 || sum.Results != dir+"/lake1" {
		t.Errorf("summary: complete %v, scanned %d, with findings %d, results %s", sum.Complete, sum.Scanned.Objects, sum.ObjectsWithFindings, sum.Results)
	}
	if slices.Sort(d.buckets); !slices.Equal(d.buckets, []string{"lake-a", "lake-b"}) {
		t.Errorf("described %q", d.buckets)
	}
	repo, err := jobs.NewLocalRepository(dir, "lake1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range recordsOf(t, repo) {
		ra := r.ResourcesAffected
		owner := ""
		if ra.S3Bucket.Owner != nil {
			owner = ra.S3Bucket.Owner.DisplayName
		}
		got[ra.S3Bucket.Name+"/"+ra.S3Object.Key] = owner
	}
	want := map[string]string{}
	for _, b := range []string{"lake-a", "lake-b"} {
		for i := range 3 {
			want[fmt.Sprintf("%s/in/%d.csv", b, i)] = "owner of " + b
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("records %v, want %v", got, want)
	}

	gets := m.count("GetObject")
	again, err := Run(context.Background(), cfg)
	if err != nil || !again.Complete || again.Start != jobs.StartDone.String() || m.count("GetObject") != gets {
		t.Errorf("second run: %+v, %v (%d GETs)", again, err, m.count("GetObject")-gets)
	}
}

// TestRunS3Results: results go to the job's piiscan.results, laid out as
// Macie's under the account STS names and the bucket's region, after a
// preflight; OpenRepository finds them and the completed run's state.
func TestRunS3Results(t *testing.T) {
	m := lakeS3()
	a := newFakeAWS(m)
	job := lakeJob(&jobs.Settings{JobID: "lake2", Results: "s3://results/macie", KMSKeyID: "alias/results"})
	sum, err := Run(context.Background(), Config{Job: job, Shard: jobs.Whole, Scanner: scanner.Config{Workers: 2, MaxOccurrences: 10}, AWS: a})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	dir := "macie/AWSLogs/111122223333/Macie/eu-west-3/lake2/"
	if sum.Results != "s3://results/"+dir || sum.Scanned.Objects != 6 || a.sts.calls != 1 {
		t.Errorf("summary: results %s, scanned %d; %d STS calls", sum.Results, sum.Scanned.Objects, a.sts.calls)
	}
	for key := range m.objects["results"] {
		if !strings.HasPrefix(key, dir) || strings.Contains(key, "preflight") {
			t.Errorf("results bucket holds %s", key)
		}
	}

	repo, err := OpenRepository(context.Background(), job, a)
	if err != nil {
		t.Fatal(err)
	}
	if repo.Location() != sum.Results {
		t.Errorf("OpenRepository at %s, the run wrote to %s", repo.Location(), sum.Results)
	}
	if n := len(recordsOf(t, repo)); n != 6 {
		t.Errorf("%d records read back, want 6", n)
	}
	st, err := jobs.LoadState(context.Background(), repo, job, jobs.Whole)
	if err != nil || st.Last == nil || st.Last.ID != sum.RunID {
		t.Errorf("state %+v, %v; want the last run %s", st, err, sum.RunID)
	}
}

// TestRunSetupErrors: what stops a run before it begins wraps ErrSetup,
// comes without a summary, and names what is wrong.
func TestRunSetupErrors(t *testing.T) {
	local := func(s *jobs.Settings) *jobs.Settings { s.JobID = "j"; return s }
	for _, tt := range []struct {
		name    string
		job     *jobs.Job
		local   bool // results in a local directory
		aws     func(*fakeAWS)
		wantErr string
	}{
		{name: "missing identifier", local: true,
			job: func() *jobs.Job {
				j := lakeJob(local(&jobs.Settings{CustomDataIdentifiers: "nowhere"}))
				j.CustomDataIdentifierIDs = []string{"x"}
				return j
			}(),
			wantErr: `job setup: customDataIdentifierIds[0]: "x" not found`},
		{name: "no results repository", job: lakeJob(local(&jobs.Settings{})), wantErr: "job setup: " + ErrNoResults.Error()},
		{name: "results bucket missing", job: lakeJob(local(&jobs.Settings{Results: "s3://nope/p", KMSKeyID: "k"})),
			wantErr: "job setup: piiscan.results s3://nope/p: find region of bucket nope"},
		{name: "no account", job: lakeJob(local(&jobs.Settings{Results: "s3://results/p", KMSKeyID: "k"})),
			aws:     func(a *fakeAWS) { a.sts.err = errors.New("no credentials") },
			wantErr: "job setup: piiscan.results: find the account ID (or set piiscan.accountId): get caller identity: no credentials"},
		{name: "data bucket missing", local: true,
			job: func() *jobs.Job {
				j := lakeJob(local(&jobs.Settings{}))
				j.S3JobDefinition.BucketDefinitions[0].Buckets = []string{"lake-a", "gone"}
				return j
			}(),
			wantErr: "job setup: bucket gone: find region of bucket gone"},
		{name: "AWS configuration", local: true, job: lakeJob(local(&jobs.Settings{})),
			aws:     func(a *fakeAWS) { a.err = errors.New("aws configuration: no such profile") },
			wantErr: "job setup: bucket lake-a: aws configuration: no such profile"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newFakeAWS(lakeS3())
			if tt.aws != nil {
				tt.aws(a)
			}
			cfg := Config{Job: tt.job, Shard: jobs.Whole, AWS: a}
			if tt.local {
				cfg.ResultsDir = t.TempDir()
			}
			sum, err := Run(context.Background(), cfg)
			if !errors.Is(err, ErrSetup) || !strings.HasPrefix(err.Error(), tt.wantErr) || sum != nil {
				t.Fatalf("Run = %v, %v; want nil and %q", sum, err, tt.wantErr)
			}
		})
	}
}

func TestRunWithoutAWS(t *testing.T) {
	sum, err := Run(context.Background(), Config{Job: lakeJob(&jobs.Settings{JobID: "n"}), Shard: jobs.Whole, ResultsDir: t.TempDir()})
	if !errors.Is(err, ErrSetup) || sum != nil {
		t.Errorf("Run without AWS = %v, %v; want a setup error", sum, err)
	}
}

// TestRunCancelled: a run whose context ends is not a setup error: it
// returns a summary, and the next run resumes it.
func TestRunCancelled(t *testing.T) {
	m := lakeS3()
	dir := t.TempDir()
	cfg := Config{Job: lakeJob(&jobs.Settings{JobID: "c"}), Shard: jobs.Whole, ResultsDir: dir, AWS: newFakeAWS(m)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum, err := Run(ctx, cfg)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrSetup) || sum == nil || sum.Complete {
		t.Fatalf("cancelled Run = %+v, %v", sum, err)
	}
	sum, err = Run(context.Background(), cfg)
	if err != nil || !sum.Complete || sum.Start != jobs.StartResumed.String() || sum.Scanned.Objects != 6 {
		t.Errorf("resumed Run = %+v, %v", sum, err)
	}
}
