package daemon

import (
	"runtime"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
)

// Values of the source label: what made the daemon scan an object.
const (
	SourceEvent = "event" // an S3 event from the queue
	SourceJob   = "job"   // a scheduled job
)

// Reasons a queue message is not deleted after handling (the failed
// counter's reason label).
const (
	failScan     = "scan_error"    // the object could not be scanned (S3 client, cancelled source)
	failResults  = "results_write" // the result records could not be stored
	failDelete   = "delete_error"  // handled, but DeleteMessage failed: it comes back and is rescanned
	failDeadLtr  = "dead_letter"   // could not be moved to the dead-letter queue
	deadMalform  = "malformed"     // not an S3 event notification
	deadReceives = "max_receives"  // received more than MaxReceives times
)

// Metrics are the daemon's Prometheus metrics, in the piiscan_ namespace.
// No label carries a bucket, a key or anything read from an object: label
// values are fixed sets (status, reason, source), identifier types and
// severities from the catalogue, and job names from the configuration
// (label job_name: "job" is the label Prometheus gives the scrape target).
type Metrics struct {
	Registry *prometheus.Registry

	objects      *prometheus.CounterVec
	bytes        *prometheus.CounterVec
	findings     *prometheus.CounterVec
	objectErrors *prometheus.CounterVec
	scanDuration *prometheus.HistogramVec
	inflight     prometheus.Gauge

	received      prometheus.Counter
	deleted       *prometheus.CounterVec
	failed        *prometheus.CounterVec
	deadLettered  *prometheus.CounterVec
	released      prometheus.Counter
	extended      prometheus.Counter
	receiveErrors prometheus.Counter
	inflightMsgs  prometheus.Gauge
	resultObjects prometheus.Counter

	jobRuns        *prometheus.CounterVec
	jobDuration    *prometheus.HistogramVec
	jobLastSuccess *prometheus.GaugeVec
	jobNextRun     *prometheus.GaugeVec
}

// NewMetrics registers the daemon's metrics, the Go runtime's and the
// process's in a new registry. version is the build's version string.
func NewMetrics(version string) *Metrics {
	reg := prometheus.NewRegistry()
	f := func(c prometheus.Collector) prometheus.Collector { reg.MustRegister(c); return c }
	m := &Metrics{Registry: reg}
	m.objects = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Name: "scanned_objects_total",
		Help: "Objects scanned, by what asked for the scan and the result status (COMPLETE, PARTIAL, SKIPPED).",
	}, []string{"source", "status"})).(*prometheus.CounterVec)
	m.bytes = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Name: "scanned_bytes_total",
		Help: "Bytes read from scanned objects.",
	}, []string{"source"})).(*prometheus.CounterVec)
	m.findings = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Name: "findings_total",
		Help: "Occurrences of sensitive data found, by identifier type and severity.",
	}, []string{"type", "severity"})).(*prometheus.CounterVec)
	m.objectErrors = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Name: "object_errors_total",
		Help: "Objects scanned only in part or skipped, by Macie's reason.",
	}, []string{"source", "reason"})).(*prometheus.CounterVec)
	m.scanDuration = f(prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "piiscan", Name: "object_scan_duration_seconds",
		Help: "Time to scan one object from an event and store its results.",
		// 10 ms … ~10 min: small objects dominate, large ones must show.
		Buckets: prometheus.ExponentialBuckets(0.01, 4, 10),
	}, []string{"source"})).(*prometheus.HistogramVec)
	m.inflight = f(prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: "piiscan", Name: "inflight_objects",
		Help: "Objects being scanned now.",
	})).(prometheus.Gauge)

	m.received = f(prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "messages_received_total",
		Help: "Messages received from the SQS queue.",
	})).(prometheus.Counter)
	m.deleted = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "messages_deleted_total",
		Help: "Messages deleted from the queue, by outcome: scanned (results stored), ignored (not ObjectCreated), test_event, dead_lettered.",
	}, []string{"outcome"})).(*prometheus.CounterVec)
	m.failed = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "messages_failed_total",
		Help: "Messages left on the queue to be retried, by reason.",
	}, []string{"reason"})).(*prometheus.CounterVec)
	m.deadLettered = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "messages_dead_lettered_total",
		Help: "Messages moved to the dead-letter queue, by reason: malformed, max_receives.",
	}, []string{"reason"})).(*prometheus.CounterVec)
	m.released = f(prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "messages_released_total",
		Help: "In-flight messages made visible again at shutdown, for a peer to scan.",
	})).(prometheus.Counter)
	m.extended = f(prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "visibility_extensions_total",
		Help: "Visibility timeout extensions of messages whose objects were still being scanned.",
	})).(prometheus.Counter)
	m.receiveErrors = f(prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "receive_errors_total",
		Help: "ReceiveMessage calls that failed.",
	})).(prometheus.Counter)
	m.inflightMsgs = f(prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: "piiscan", Subsystem: "queue", Name: "inflight_messages",
		Help: "Messages received and not yet deleted or released.",
	})).(prometheus.Gauge)
	m.resultObjects = f(prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "results", Name: "objects_written_total",
		Help: "Results objects written to the results repository for event scans.",
	})).(prometheus.Counter)

	m.jobRuns = f(prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "piiscan", Subsystem: "job", Name: "runs_total",
		Help: "Scheduled job runs, by job and outcome: success, failure, cancelled.",
	}, []string{"job_name", "outcome"})).(*prometheus.CounterVec)
	m.jobDuration = f(prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "piiscan", Subsystem: "job", Name: "run_duration_seconds",
		Help:    "Duration of scheduled job runs.",
		Buckets: prometheus.ExponentialBuckets(1, 4, 10), // 1 s … ~3 days
	}, []string{"job_name"})).(*prometheus.HistogramVec)
	m.jobLastSuccess = f(prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: "piiscan", Subsystem: "job", Name: "last_success_timestamp_seconds",
		Help: "When a scheduled job last finished a run successfully (Unix time).",
	}, []string{"job_name"})).(*prometheus.GaugeVec)
	m.jobNextRun = f(prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: "piiscan", Subsystem: "job", Name: "next_run_timestamp_seconds",
		Help: "When a scheduled job runs next (Unix time).",
	}, []string{"job_name"})).(*prometheus.GaugeVec)

	revision := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	f(prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: "piiscan", Name: "build_info",
		Help:        "A metric with a constant 1, labelled with the build's version, revision and Go version.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": runtime.Version()},
	})).(prometheus.Gauge).Set(1)
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	// Series that alerts and dashboards divide by exist from the start.
	for _, src := range []string{SourceEvent, SourceJob} {
		m.bytes.WithLabelValues(src)
		for _, st := range []string{findings.StatusComplete, findings.StatusPartial, findings.StatusSkipped} {
			m.objects.WithLabelValues(src, st)
		}
	}
	m.scanDuration.WithLabelValues(SourceEvent)
	for _, o := range []string{"scanned", "ignored", "test_event", "dead_lettered"} {
		m.deleted.WithLabelValues(o)
	}
	for _, r := range []string{failScan, failResults, failDelete, failDeadLtr} {
		m.failed.WithLabelValues(r)
	}
	for _, r := range []string{deadMalform, deadReceives} {
		m.deadLettered.WithLabelValues(r)
	}
	return m
}

// InitJob creates a job's series, so that they exist before its first run.
func (m *Metrics) InitJob(name string) {
	for _, o := range []string{"success", "failure", "cancelled"} {
		m.jobRuns.WithLabelValues(name, o)
	}
	m.jobDuration.WithLabelValues(name)
}

// Progress returns a scanner.Progress that counts bytes, objects, findings
// and object errors under the given source label.
func (m *Metrics) Progress(source string) scanner.Progress {
	return &progress{m: m, source: source, bytes: m.bytes.WithLabelValues(source)}
}

type progress struct {
	m      *Metrics
	source string
	bytes  prometheus.Counter
}

func (p *progress) Listed(int64) {}
func (p *progress) Read(n int64) { p.bytes.Add(float64(n)) }
func (p *progress) Done(r *findings.Record) {
	// A file inside an archive has its own record, and the archive's record
	// already counts what was found in it.
	if r.ResourcesAffected.S3Object.EmbeddedFileDetails != nil {
		return
	}
	st := r.ClassificationDetails.Result.Status
	p.m.objects.WithLabelValues(p.source, st.Code).Inc()
	if st.Reason != "" {
		p.m.objectErrors.WithLabelValues(p.source, st.Reason).Inc()
	}
	res := &r.ClassificationDetails.Result
	for i := range res.SensitiveData {
		for _, d := range res.SensitiveData[i].Detections {
			p.m.findings.WithLabelValues(d.Type, d.Severity.String()).Add(float64(d.Count))
		}
	}
	for _, d := range res.CustomDataIdentifiers.Detections {
		// Custom identifier names come from the configuration, not from data.
		p.m.findings.WithLabelValues(d.Name, d.Severity.String()).Add(float64(d.Count))
	}
}
