package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
)

// cancelAfter cancels a context when the n-th object is opened: the
// objects opened before it were scanned, whatever the depth of the
// scanner's queue of listed objects.
type cancelAfter struct {
	sources.Source
	n      int64
	opened atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Open(ctx context.Context, obj sources.Object) (io.ReadCloser, error) {
	if c.opened.Add(1) == c.n {
		c.cancel()
	}
	return c.Source.Open(ctx, obj)
}

func localJob(t *testing.T, n int) (dataDir string, job *Job) {
	t.Helper()
	dataDir = t.TempDir()
	for i := range n {
		body := fmt.Sprintf("name,email\nJane,jane%d@example.com\n", i)
		if err := os.WriteFile(filepath.Join(dataDir, fmt.Sprintf("f%03d.csv", i)), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	job = &Job{Name: "local", JobType: JobTypeOneTime, S3JobDefinition: &S3JobDefinition{}, Piiscan: &Settings{JobID: "job1"}}
	return dataDir, job
}

func execute(t *testing.T, ctx context.Context, job *Job, src sources.Source, repo *LocalRepository, shard Shard) (*Summary, error) {
	t.Helper()
	engine, err := detectors.Compile(detectors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Execute(ctx, RunConfig{
		Job: job, Shard: shard, Repo: repo, Source: src,
		OpenSink: func(context.Context) (findings.Sink, error) { return repo.NewSink(3, time.Minute), nil },
		Scanner:  scanner.Config{Engine: engine, Workers: 2, Job: findings.JobInfo{JobID: job.ID()}},
	})
}

func storedKeys(t *testing.T, repo *LocalRepository) map[string]int {
	t.Helper()
	got := map[string]int{}
	err := repo.Records(context.Background(), time.Time{}, Whole, func(line []byte, _ time.Time) error {
		id, err := ParseIdentity(line)
		got[id.Key]++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestExecuteResumes: a run cancelled part-way leaves its finished records
// stored; the next invocation resumes and stores the rest, each once.
func TestExecuteResumes(t *testing.T) {
	const n = 40
	dataDir, job := localJob(t, n)
	local, err := sources.NewLocal(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	repo, err := NewLocalRepository(t.TempDir(), job.ID())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := execute(t, ctx, job, &cancelAfter{Source: local, n: 15, cancel: cancel}, repo, Whole)
	if err == nil || sum.Complete {
		t.Fatalf("cancelled run: complete %v, err %v", sum.Complete, err)
	}
	first := storedKeys(t, repo)
	if len(first) == 0 || len(first) >= n {
		t.Fatalf("cancelled run stored %d records: want some, not all", len(first))
	}

	sum, err = execute(t, context.Background(), job, local, repo, Whole)
	if err != nil || !sum.Complete || sum.Start != "resumed" {
		t.Fatalf("resumed run: %+v, %v", sum, err)
	}
	if sum.Recorded != len(first) || sum.Scanned.Objects != n || sum.ScannedEarlier.Objects != int64(len(first)) || sum.Skipped[SkipAlreadyFound].Objects != int64(len(first)) {
		t.Errorf("resumed run read back %d, scanned %d (%d earlier), skipped %v; first run stored %d", sum.Recorded, sum.Scanned.Objects, sum.ScannedEarlier.Objects, sum.Skipped, len(first))
	}
	if len(sum.Types) == 0 || sum.Types[0].Objects != n {
		t.Errorf("types over the whole run: %+v", sum.Types)
	}
	all := storedKeys(t, repo)
	for k, c := range all {
		if c != 1 {
			t.Errorf("%s stored %d times", k, c)
		}
	}
	if len(all) != n {
		t.Errorf("%d objects stored, want %d", len(all), n)
	}
	sum, err = execute(t, context.Background(), job, local, repo, Whole)
	if err != nil || sum.Start != "done" || sum.Scanned.Objects != 0 {
		t.Errorf("third invocation: start %s, scanned %d, %v", sum.Start, sum.Scanned.Objects, err)
	}
	if _, err := repo.Get(context.Background(), "summary-"+sum.RunID+"-"+Whole.Name()+".json"); err != nil {
		t.Errorf("summary not stored: %v", err)
	}
}

// TestExecuteShards: shards sharing one repository store every object once.
func TestExecuteShards(t *testing.T) {
	const n = 30
	dataDir, job := localJob(t, n)
	local, err := sources.NewLocal(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	repo, err := NewLocalRepository(t.TempDir(), job.ID())
	if err != nil {
		t.Fatal(err)
	}
	total := int64(0)
	for i := range 3 {
		sum, err := execute(t, context.Background(), job, local, repo, Shard{Index: i, Count: 3})
		if err != nil {
			t.Fatal(err)
		}
		total += sum.Scanned.Objects
	}
	all := storedKeys(t, repo)
	if total != n || len(all) != n {
		t.Errorf("shards scanned %d, stored %d objects; want %d", total, len(all), n)
	}
	for k, c := range all {
		if c != 1 {
			t.Errorf("%s stored %d times", k, c)
		}
	}

	sums, missing, err := ShardSummaries(context.Background(), repo, job, 3)
	if err != nil || len(sums) != 3 || len(missing) != 0 {
		t.Fatalf("ShardSummaries: %d, missing %v, %v", len(sums), missing, err)
	}
	m := MergeSummaries(sums)
	if m.Scanned.Objects != n || !m.Complete || m.Shard != "0/3,1/3,2/3" || len(m.Types) != 1 || m.Types[0].Objects != n || m.ObjectsWithFindings != n {
		t.Errorf("merged summary: %+v", m)
	}
	if _, missing, _ := ShardSummaries(context.Background(), repo, job, 2); len(missing) != 2 {
		t.Errorf("a shard count that never ran: missing %v", missing)
	}
}

func TestDedupSink(t *testing.T) {
	rec := func(key, member string, count int64, additional bool) *findings.Record {
		r := &findings.Record{}
		r.ResourcesAffected.S3Bucket = &findings.S3Bucket{Name: "b"}
		r.ResourcesAffected.S3Object = findings.S3Object{Key: key, ETag: `"e1"`}
		if member != "" {
			r.ResourcesAffected.S3Object.EmbeddedFileDetails = &findings.EmbeddedFileDetails{FilePath: member}
		}
		res := &r.ClassificationDetails.Result
		res.AdditionalOccurrences = additional
		if count > 0 {
			res.SensitiveData = []findings.SensitiveDataItem{{Category: findings.CategoryPersonal, TotalCount: count,
				Detections: []findings.DefaultDetection{{Type: "EMAIL_ADDRESS", Count: count}}}}
		}
		return r
	}
	name := func(id Identity) string { return id.Key + "!" + id.EmbeddedPath }
	for _, tt := range []struct {
		name     string
		recorded []Identity
		in       []*findings.Record
		want     string // records written, in order, before Close | after
		dropped  int64
	}{
		{"plain records pass", nil,
			[]*findings.Record{rec("a.csv", "", 3, false), rec("b.csv", "", 0, false)}, "a.csv! b.csv! |", 0},
		{"archive record after its files'", nil,
			[]*findings.Record{rec("a.zip", "", 5, true), rec("a.zip", "x.csv", 2, false), rec("c.csv", "", 1, false), rec("a.zip", "y.csv", 3, false)},
			"a.zip!x.csv c.csv! a.zip!y.csv a.zip! |", 0},
		{"files stored by a previous run are dropped, and still count", []Identity{{Bucket: "b", Key: "a.zip", ETag: "e1", EmbeddedPath: "x.csv"}},
			[]*findings.Record{rec("a.zip", "", 5, true), rec("a.zip", "x.csv", 2, false), rec("a.zip", "y.csv", 3, false)},
			"a.zip!y.csv a.zip! |", 1},
		{"capped record held until Close", nil,
			[]*findings.Record{rec("big.txt", "", 5000, true), rec("c.csv", "", 1, false)}, "c.csv! | big.txt!", 0},
		{"recorded object dropped", []Identity{{Bucket: "b", Key: "a.csv", ETag: "e1"}},
			[]*findings.Record{rec("a.csv", "", 3, false)}, "|", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			recorded := NewRecorded()
			for _, id := range tt.recorded {
				recorded.Add(id)
			}
			var out []Identity
			sink := NewDedupSink(collect{&out}, recorded)
			for _, r := range tt.in {
				if err := sink.Write(context.Background(), r); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, id := range out {
				got = append(got, name(id))
			}
			got = append(got, "|")
			if err := sink.Close(); err != nil {
				t.Fatal(err)
			}
			for _, id := range out[len(got)-1:] {
				got = append(got, name(id))
			}
			if g := strings.Join(got, " "); g != tt.want || sink.Dropped() != tt.dropped {
				t.Errorf("written %q, dropped %d; want %q, %d", g, sink.Dropped(), tt.want, tt.dropped)
			}
			for _, r := range tt.in {
				if !recorded.Has(IdentityOf(r)) {
					t.Errorf("%s not recorded after Close", name(IdentityOf(r)))
				}
			}
		})
	}
}

type collect struct{ ids *[]Identity }

func (c collect) Write(_ context.Context, r *findings.Record) error {
	*c.ids = append(*c.ids, IdentityOf(r))
	return nil
}
func (collect) Close() error { return nil }

// FuzzParseIdentity: reading a stored record line never panics, and a
// record's identity survives a round trip through its JSON.
func FuzzParseIdentity(f *testing.F) {
	f.Add([]byte(`{"resourcesAffected":{"s3Bucket":{"name":"b"},"s3Object":{"key":"k","eTag":"e","embeddedFileDetails":{"filePath":"x.csv"}}}}`))
	f.Add([]byte(`{"resourcesAffected":{"s3Object":{"key":"local/file.txt"}}}`))
	f.Add([]byte(`{"resourcesAffected":null}`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, line []byte) {
		id, err := ParseIdentity(line)
		if err != nil {
			return
		}
		r := &findings.Record{}
		r.ResourcesAffected.S3Object = findings.S3Object{Key: id.Key, ETag: id.ETag}
		if id.Bucket != "" {
			r.ResourcesAffected.S3Bucket = &findings.S3Bucket{Name: id.Bucket}
		}
		if id.EmbeddedPath != "" {
			r.ResourcesAffected.S3Object.EmbeddedFileDetails = &findings.EmbeddedFileDetails{FilePath: id.EmbeddedPath}
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseIdentity(data)
		if err != nil || back != IdentityOf(r) || back != id {
			t.Fatalf("identity %+v -> %s -> %+v, %v", id, data, back, err)
		}
	})
}
