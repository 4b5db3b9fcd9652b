package jobs

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/piiscan/piiscan/findings"
)

func TestSensitivityScore(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    BucketSummary
		want int
	}{
		{"nothing in scope", BucketSummary{}, 50},
		{"every object failed", BucketSummary{Failed: Count{3, 300}}, -1},
		{"clean, all analysed", BucketSummary{Scanned: Count{10, 1000}}, 1},
		{"clean, half the bytes failed", BucketSummary{Scanned: Count{10, 1000}, Failed: Count{1, 1000}}, 25},
		{"one low finding in a hundred", BucketSummary{Scanned: Count{100, 1}, ObjectsWithFindings: 1, MaxSeverity: findings.SeverityLow}, 51 + 8},
		{"high everywhere", BucketSummary{Scanned: Count{10, 1}, ObjectsWithFindings: 10, MaxSeverity: findings.SeverityHigh}, 100},
		{"half, medium", BucketSummary{Scanned: Count{10, 1}, ObjectsWithFindings: 5, MaxSeverity: findings.SeverityMedium}, 51 + 29},
	} {
		if got := SensitivityScore(tt.b); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update after checking):\n%s", name, got)
	}
}

// TestSummaryGolden: the summary of a run, for people and for machines.
func TestSummaryGolden(t *testing.T) {
	rec := func(bucket, key string, size int64, code, reason string, sev findings.Severity, counts map[string]int64) *findings.Record {
		r := &findings.Record{Severity: sev}
		r.ResourcesAffected.S3Bucket = &findings.S3Bucket{Name: bucket}
		r.ResourcesAffected.S3Object = findings.S3Object{Key: key, Size: size}
		r.ClassificationDetails.Result.Status = findings.ClassificationStatus{Code: code, Reason: reason}
		item := findings.SensitiveDataItem{Category: findings.CategoryPersonal}
		for typ, n := range counts {
			item.Detections = append(item.Detections, findings.DefaultDetection{Type: typ, Count: n, Severity: sev})
			item.TotalCount += n
		}
		if item.TotalCount > 0 {
			r.Type = findings.TypePersonal
			r.ClassificationDetails.Result.SensitiveData = []findings.SensitiveDataItem{item}
		}
		return r
	}
	var out []Identity
	sink := NewSummarySink(collect{&out})
	types := findings.NewSummary()
	for _, r := range []*findings.Record{
		rec("lake-raw", "customers/1.csv", 2048, findings.StatusComplete, "", findings.SeverityHigh, map[string]int64{"USA_SOCIAL_SECURITY_NUMBER": 12}),
		rec("lake-raw", "customers/2.csv", 4096, findings.StatusComplete, "", 0, nil),
		rec("lake-raw", "customers/3.bin", 100, findings.StatusSkipped, findings.ReasonUnsupportedFileTypeException, 0, nil),
		rec("lake-exports", "orders/1.json", 1<<20, findings.StatusPartial, findings.ReasonJSONNestingLevelOverLimit, findings.SeverityMedium, map[string]int64{"EMAIL_ADDRESS": 3}),
		rec("lake-empty", "x.csv", 10, findings.StatusSkipped, findings.ReasonPermissionDenied, 0, nil),
	} {
		if err := sink.Write(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		types.Add(r)
	}
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	sum := sink.Summary(map[string]Count{SkipNotSampled: {7, 7000}, SkipOtherShard: {30, 1}, SkipAlreadyFound: {2, 20}}, types, start, start.Add(4*time.Second))
	sum.JobID, sum.JobName, sum.JobType, sum.RunID, sum.Start, sum.Shard = "0123456789abcdef0123456789abcdef", "data lake", JobTypeOneTime, "run-1", "resumed", "1/4"
	sum.Results, sum.Complete, sum.Recorded = "s3://results/AWSLogs/111122223333/Macie/us-east-1/0123456789abcdef0123456789abcdef/", true, 2

	var text bytes.Buffer
	if err := sum.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.txt", text.Bytes())
	var js bytes.Buffer
	if err := sum.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.json", js.Bytes())
}

func TestMergeSummaries(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	a := Summary{JobID: "j", RunID: "r1", Shard: "0/2", Start: "new", Complete: true, StartedAt: t0, FinishedAt: t0.Add(10 * time.Second),
		Scanned: Count{4, 400}, Failed: map[string]Count{"PERMISSION_DENIED": {1, 10}}, ObjectsWithFindings: 1,
		Types:   []findings.TypeSummary{{Type: "EMAIL_ADDRESS", Severity: findings.SeverityLow, Occurrences: 2, Objects: 1}},
		Buckets: []BucketSummary{{Bucket: "b", Scanned: Count{4, 400}, Failed: Count{1, 10}, ObjectsWithFindings: 1, Occurrences: 2, MaxSeverity: findings.SeverityLow}}}
	b := Summary{JobID: "j", RunID: "r2", Shard: "1/2", Start: "resumed", Complete: false, StartedAt: t0.Add(time.Second), FinishedAt: t0.Add(20 * time.Second),
		Scanned: Count{6, 600}, ScannedEarlier: Count{2, 200}, Failed: map[string]Count{"PERMISSION_DENIED": {2, 20}}, ObjectsWithFindings: 2,
		Types: []findings.TypeSummary{
			{Type: "EMAIL_ADDRESS", Severity: findings.SeverityMedium, Occurrences: 3, Objects: 2},
			{Type: "USA_SOCIAL_SECURITY_NUMBER", Severity: findings.SeverityHigh, Occurrences: 1, Objects: 1},
		},
		Buckets: []BucketSummary{{Bucket: "a", Scanned: Count{6, 600}, ObjectsWithFindings: 2, Occurrences: 4, MaxSeverity: findings.SeverityHigh}}}
	m := MergeSummaries([]Summary{a, b})
	if m.Complete || m.RunID != "r1,r2" || m.Shard != "0/2,1/2" || m.Start != "new,resumed" {
		t.Errorf("identity: %+v", m)
	}
	if m.Scanned != (Count{10, 1000}) || m.ScannedEarlier != (Count{2, 200}) || m.Failed["PERMISSION_DENIED"] != (Count{3, 30}) || m.ObjectsWithFindings != 3 {
		t.Errorf("counts: %+v", m)
	}
	if m.ElapsedSeconds != 20 || m.ObjectsPerSecond != 0.4 {
		t.Errorf("time: %v s, %v objects/s", m.ElapsedSeconds, m.ObjectsPerSecond)
	}
	if len(m.Types) != 2 || m.Types[0].Type != "USA_SOCIAL_SECURITY_NUMBER" || m.Types[1].Occurrences != 5 || m.Types[1].Objects != 3 || m.Types[1].Severity != findings.SeverityMedium {
		t.Errorf("types: %+v", m.Types)
	}
	if len(m.Buckets) != 2 || m.Buckets[0].Bucket != "a" || m.Buckets[1].SensitivityScore != SensitivityScore(a.Buckets[0]) {
		t.Errorf("buckets: %+v", m.Buckets)
	}
}
