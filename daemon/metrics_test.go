package daemon

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"

	"github.com/piiscan/piiscan/findings"
)

// exercised returns metrics with every kind of series present.
func exercised() *Metrics {
	m := NewMetrics("v1.2.3")
	m.InitJob("nightly")
	p := m.Progress(SourceEvent)
	p.Read(1234)
	rec := &findings.Record{}
	rec.ClassificationDetails.Result.Status = findings.ClassificationStatus{Code: findings.StatusPartial, Reason: findings.ReasonMalformedFile}
	rec.ClassificationDetails.Result.SensitiveData = []findings.SensitiveDataItem{{
		Category: findings.CategoryPersonal, TotalCount: 3,
		Detections: []findings.DefaultDetection{{Type: "EMAIL_ADDRESS", Count: 3, Severity: findings.SeverityLow}},
	}}
	rec.ClassificationDetails.Result.CustomDataIdentifiers.Detections = []findings.CustomDetection{{Name: "employee-id", Count: 2, Severity: findings.SeverityHigh}}
	p.Done(rec)
	embedded := &findings.Record{}
	embedded.ResourcesAffected.S3Object.EmbeddedFileDetails = &findings.EmbeddedFileDetails{FilePath: "a.csv"}
	p.Done(embedded) // counted through the archive's own record
	m.scanDuration.WithLabelValues(SourceEvent).Observe(0.2)
	m.jobDuration.WithLabelValues("nightly").Observe(30)
	m.jobLastSuccess.WithLabelValues("nightly").Set(1.7e9)
	m.jobNextRun.WithLabelValues("nightly").Set(1.8e9)
	m.received.Inc()
	m.released.Inc()
	m.extended.Inc()
	m.receiveErrors.Inc()
	m.resultObjects.Inc()
	return m
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(Handler(m, nil))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMetricsLint runs promtool's linter (promlint, in-process) over every
// series, and `promtool check metrics` itself when it is installed
// (Debian's prometheus package; scripts/install-test-servers.sh installs it).
func TestMetricsLint(t *testing.T) {
	m := exercised()
	problems, err := testutil.GatherAndLint(m.Registry)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
	text := scrape(t, m)
	if _, err := promlint.New(strings.NewReader(text)).Lint(); err != nil {
		t.Errorf("promlint of the scrape: %v", err)
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Log("promtool not on PATH under CI: checked with promlint only")
		}
		return
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestMetricNames: every daemon metric is in the piiscan_ namespace,
// follows the unit conventions, and is one of the documented set (a rename
// breaks dashboards and alerts in deploy/daemon: update them together).
func TestMetricNames(t *testing.T) {
	want := map[string]string{
		"piiscan_build_info":                         "gauge",
		"piiscan_scanned_objects_total":              "counter",
		"piiscan_scanned_bytes_total":                "counter",
		"piiscan_findings_total":                     "counter",
		"piiscan_object_errors_total":                "counter",
		"piiscan_object_scan_duration_seconds":       "histogram",
		"piiscan_inflight_objects":                   "gauge",
		"piiscan_queue_messages_received_total":      "counter",
		"piiscan_queue_messages_deleted_total":       "counter",
		"piiscan_queue_messages_failed_total":        "counter",
		"piiscan_queue_messages_dead_lettered_total": "counter",
		"piiscan_queue_messages_released_total":      "counter",
		"piiscan_queue_visibility_extensions_total":  "counter",
		"piiscan_queue_receive_errors_total":         "counter",
		"piiscan_queue_inflight_messages":            "gauge",
		"piiscan_results_objects_written_total":      "counter",
		"piiscan_job_runs_total":                     "counter",
		"piiscan_job_run_duration_seconds":           "histogram",
		"piiscan_job_last_success_timestamp_seconds": "gauge",
		"piiscan_job_next_run_timestamp_seconds":     "gauge",
	}
	families, err := exercised().Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range families {
		name := f.GetName()
		if !strings.HasPrefix(name, "piiscan_") {
			continue // go_ and process_ collectors
		}
		typ := strings.ToLower(f.GetType().String())
		got[name] = typ
		switch {
		case typ == "counter" && !strings.HasSuffix(name, "_total"):
			t.Errorf("%s: a counter must end in _total", name)
		case typ != "counter" && strings.HasSuffix(name, "_total"):
			t.Errorf("%s: only counters end in _total", name)
		case strings.Contains(name, "duration") && !strings.HasSuffix(name, "_seconds"):
			t.Errorf("%s: durations are in seconds", name)
		}
		// No label may carry a bucket, key, path or value.
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				switch l.GetName() {
				case "bucket", "key", "path", "object", "value", "match":
					t.Errorf("%s has label %s", name, l.GetName())
				}
			}
		}
	}
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("%s: type %q, want %q", name, got[name], typ)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("undocumented metric %s", name)
		}
	}
}

func TestProgressCounts(t *testing.T) {
	m := exercised()
	checks := map[string]float64{
		"bytes":            testutil.ToFloat64(m.bytes.WithLabelValues(SourceEvent)),
		"partial objects":  testutil.ToFloat64(m.objects.WithLabelValues(SourceEvent, findings.StatusPartial)),
		"malformed errors": testutil.ToFloat64(m.objectErrors.WithLabelValues(SourceEvent, findings.ReasonMalformedFile)),
		"emails":           testutil.ToFloat64(m.findings.WithLabelValues("EMAIL_ADDRESS", "Low")),
		"custom":           testutil.ToFloat64(m.findings.WithLabelValues("employee-id", "High")),
	}
	want := map[string]float64{"bytes": 1234, "partial objects": 1, "malformed errors": 1, "emails": 3, "custom": 2}
	for k, v := range want {
		if checks[k] != v {
			t.Errorf("%s = %v, want %v", k, checks[k], v)
		}
	}
	if n := testutil.CollectAndCount(m.objects); n != 6 { // 2 sources x 3 statuses, embedded record not counted
		t.Errorf("%d object series", n)
	}
}

func TestBuildInfo(t *testing.T) {
	text := scrape(t, NewMetrics("v9.9.9"))
	if !regexp.MustCompile(`piiscan_build_info\{goversion="go[^"]+",revision="[^"]*",version="v9\.9\.9"\} 1`).MatchString(text) {
		t.Errorf("no build info in:\n%s", text)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	calls := 0
	checks := []ReadyCheck{
		{Name: "sqs", Check: func(context.Context) error { calls++; return nil }},
		{Name: "kms", Check: func(context.Context) error { return errors.New("dial tcp: connection refused") }},
	}
	srv := httptest.NewServer(Handler(NewMetrics("t"), checks))
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz %d", code)
	}
	code, body := get("/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"kms":"dial tcp: connection refused"`) || !strings.Contains(body, `"sqs":"ok"`) {
		t.Errorf("/readyz %d %s", code, body)
	}
	get("/readyz")
	if calls != 1 {
		t.Errorf("checks ran %d times in the cache period, want 1", calls)
	}
	if code, _ := get("/nothing"); code != http.StatusNotFound {
		t.Errorf("/nothing %d", code)
	}
	srv2 := httptest.NewServer(Handler(NewMetrics("t"), nil))
	defer srv2.Close()
	resp, err := http.Get(srv2.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz without checks: %d", resp.StatusCode)
	}
}
