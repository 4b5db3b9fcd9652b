package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDaemonScheduledJob: a SCHEDULED job definition run by the daemon on
// a cron schedule. The first run scans every object; later runs are
// incremental (only new objects are scanned, nothing is recorded twice);
// the job's run counter and last-success timestamp move.
func TestDaemonScheduledJob(t *testing.T) {
	e := needDaemonEnv(t)
	const n = 20
	s := e.servers
	s.putMany(t, e.data, n, 8, func(i int) string { return fmt.Sprintf("in/%02d.csv", i) }, piiCSV)
	job := baseJob(s, "daemon-nightly", []string{e.data}, e.results, "sched")
	job["jobType"] = "SCHEDULED"
	job["scheduleFrequency"] = map[string]any{"dailySchedule": map[string]any{}}
	def := jobFile(t, job)
	cfg := fmt.Sprintf(`aws:
  region: us-east-1
  s3EndpointUrl: %s
  kmsEndpointUrl: %s
jobs:
  - definition: %s
    schedule:
      cron: "@every 2s"   # the daily schedule of the definition, overridden for the test
`, e.s3Endpoint, e.kmsEndpoint, def)
	path := filepath.Join(t.TempDir(), "daemon.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	d := e.startDaemon(t, path)
	const (
		success = `piiscan_job_runs_total{job_name="daemon-nightly",outcome="success"}`
		scanned = `piiscan_scanned_objects_total{source="job",status="COMPLETE"}`
		last    = `piiscan_job_last_success_timestamp_seconds{job_name="daemon-nightly"}`
		next    = `piiscan_job_next_run_timestamp_seconds{job_name="daemon-nightly"}`
	)
	m := d.waitMetric(60*time.Second, "a successful job run", func(m map[string]float64) bool { return m[success] >= 1 })
	if m[scanned] != n {
		t.Fatalf("first run: %s = %v, want %d", scanned, m[scanned], n)
	}
	if ts := m[last]; ts < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("%s = %v", last, ts)
	}
	if m[next] == 0 {
		t.Errorf("%s not set", next)
	}
	if got := storedRecords(t, s, e.results, "sched/"); len(got) != n {
		t.Fatalf("%d records after the first run, want %d", len(got), n)
	}

	time.Sleep(1100 * time.Millisecond) // object times have a resolution of one second
	s.put(t, e.data, "in/new-1.csv", piiCSV(101))
	s.put(t, e.data, "in/new-2.csv", piiCSV(102))
	runs := m[success]
	m = d.waitMetric(60*time.Second, "two more runs", func(m map[string]float64) bool { return m[success] >= runs+2 })
	if m[scanned] != n+2 {
		t.Errorf("%s = %v after the incremental runs, want %d (only the new objects)", scanned, m[scanned], n+2)
	}
	got := storedRecords(t, s, e.results, "sched/")
	seen := map[objectRef]int{}
	for _, r := range got {
		seen[r]++
		if seen[r] > 1 {
			t.Errorf("%v recorded twice", r)
		}
	}
	if len(got) != n+2 {
		t.Errorf("%d records, want %d", len(got), n+2)
	}
	if code := d.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
	lastRun := m[last]

	// Restarted with a schedule that does not come round during the test,
	// the daemon reports the last success from the job's stored state.
	yearly := strings.Replace(cfg, `cron: "@every 2s"`, `cron: "0 0 1 1 *"`, 1)
	if err := os.WriteFile(path, []byte(yearly), 0o600); err != nil {
		t.Fatal(err)
	}
	d = e.startDaemon(t, path)
	m = d.waitMetric(30*time.Second, "the last success read back", func(m map[string]float64) bool { return m[last] > 0 })
	if ts := m[last]; ts < lastRun-10 || ts > lastRun+1 || m[success] != 0 {
		t.Errorf("after a restart: %s = %v, want the last run's completion (about %v); runs %v, want none", last, ts, lastRun, m[success])
	}
	if code := d.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
}
