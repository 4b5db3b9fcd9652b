package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/piiscan/piiscan/findings"
)

// Summary is what one run of one shard did, for people (WriteText) and
// machines (its JSON, also stored next to the results). Objects are counted
// once each: records of files inside an archive repeat their archive's
// counts and are left out, as findings.Summary does.
type Summary struct {
	JobID    string `json:"jobId"`
	JobName  string `json:"jobName"`
	JobType  string `json:"jobType"`
	RunID    string `json:"runId"`
	Start    string `json:"start"` // new, resumed, done, baseline
	Shard    string `json:"shard"`
	Results  string `json:"results"`
	Complete bool   `json:"complete"` // false when interrupted or failed

	StartedAt        time.Time `json:"startedAt"`
	FinishedAt       time.Time `json:"finishedAt"`
	ElapsedSeconds   float64   `json:"elapsedSeconds"`
	ObjectsPerSecond float64   `json:"objectsPerSecond"`
	BytesPerSecond   float64   `json:"bytesPerSecond"`

	// Scanned: objects analysed, wholly (COMPLETE) or in part (PARTIAL),
	// by this run: by this invocation, and by the earlier attempts of a
	// resumed run, whose stored records are read back
	// (ScannedEarlier of them).
	Scanned        Count `json:"scanned"`
	ScannedEarlier Count `json:"scannedByEarlierAttempts"`
	// Partial: PARTIAL objects by reason (also counted in Scanned).
	Partial map[string]Count `json:"partial"`
	// Failed: objects none of which could be analysed (SKIPPED), by reason.
	Failed map[string]Count `json:"failed"`
	// Skipped: listed objects this run did not scan, by reason (Skip*).
	// Objects of other shards are left out.
	Skipped map[string]Count `json:"skipped"`
	// Recorded is how many records earlier runs had stored, read back at
	// the start; Deduplicated how many records this run found already
	// stored and did not write again.
	Recorded     int   `json:"alreadyRecorded"`
	Deduplicated int64 `json:"deduplicated"`

	ObjectsWithFindings int64                  `json:"objectsWithFindings"`
	FindingTypes        map[string]int64       `json:"objectsByFindingType"` // SensitiveData:S3Object/Personal -> objects
	Severities          map[string]int64       `json:"objectsBySeverity"`    // High -> objects
	Types               []findings.TypeSummary `json:"sensitiveDataTypes"`
	Buckets             []BucketSummary        `json:"buckets"`
}

// BucketSummary totals one bucket.
type BucketSummary struct {
	Bucket              string            `json:"bucket"`
	Scanned             Count             `json:"scanned"`
	Failed              Count             `json:"failed"`
	ObjectsWithFindings int64             `json:"objectsWithFindings"`
	Occurrences         int64             `json:"occurrences"`
	MaxSeverity         findings.Severity `json:"maxSeverity,omitzero"`
	// SensitivityScore is on Macie's scale; see SensitivityScore.
	SensitivityScore int `json:"sensitivityScore"`
}

// SensitivityScore rates a bucket on Macie's scale: -1 when nothing could
// be analysed (classification error), 50 when nothing was analysed (not
// classified: no object in scope), 1–49 when sensitive data was not found,
// 51–100 when it was. Macie computes its score from the amount of data
// analysed and the amount of sensitive data found, without publishing the
// formula; ours follows those two dimensions and Macie's bands:
//   - nothing found: 1 when every object in scope was analysed, rising
//     towards 49 as the share of bytes that could not be analysed grows
//     (less analysed, less certainty the bucket is clean);
//   - something found: 51 plus up to 49 points, half for the share of
//     analysed objects with sensitive data and half for the highest
//     severity (Low 1/3, Medium 2/3, High all of it).
func SensitivityScore(b BucketSummary) int {
	analysed := b.Scanned.Objects
	switch {
	case analysed == 0 && b.Failed.Objects > 0:
		return -1
	case analysed == 0:
		return 50
	case b.ObjectsWithFindings == 0:
		total := b.Scanned.Bytes + b.Failed.Bytes
		unanalysed := 0.0
		if total > 0 {
			unanalysed = float64(b.Failed.Bytes) / float64(total)
		}
		return 1 + int(math.Round(48*unanalysed))
	default:
		share := float64(b.ObjectsWithFindings) / float64(analysed)
		sev := float64(max(b.MaxSeverity, findings.SeverityLow)) / float64(findings.SeverityHigh)
		return min(100, 51+int(math.Round(49*(share+sev)/2)))
	}
}

// SummarySink counts the records written through it into a Summary.
type SummarySink struct {
	next    findings.Sink
	mu      sync.Mutex
	buckets map[string]*BucketSummary
	sum     Summary
}

// NewSummarySink returns a Sink that writes to next and counts what was
// written.
func NewSummarySink(next findings.Sink) *SummarySink {
	return &SummarySink{
		next:    next,
		buckets: map[string]*BucketSummary{},
		sum: Summary{
			Partial: map[string]Count{}, Failed: map[string]Count{}, Skipped: map[string]Count{},
			FindingTypes: map[string]int64{}, Severities: map[string]int64{},
		},
	}
}

// Write implements findings.Sink.
func (s *SummarySink) Write(ctx context.Context, r *findings.Record) error {
	if err := s.next.Write(ctx, r); err != nil {
		return err
	}
	s.count(r, false)
	return nil
}

// AddStored counts a record an earlier attempt of this run stored.
func (s *SummarySink) AddStored(r *findings.Record) { s.count(r, true) }

func (s *SummarySink) count(r *findings.Record, earlier bool) {
	if r.ResourcesAffected.S3Object.EmbeddedFileDetails != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	bucket := ""
	if r.ResourcesAffected.S3Bucket != nil {
		bucket = r.ResourcesAffected.S3Bucket.Name
	}
	b := s.buckets[bucket]
	if b == nil {
		b = &BucketSummary{Bucket: bucket}
		s.buckets[bucket] = b
	}
	size := r.ResourcesAffected.S3Object.Size
	st := r.ClassificationDetails.Result.Status
	switch st.Code {
	case findings.StatusSkipped:
		c := s.sum.Failed[st.Reason]
		c.add(size)
		s.sum.Failed[st.Reason] = c
		b.Failed.add(size)
		return
	case findings.StatusPartial:
		c := s.sum.Partial[st.Reason]
		c.add(size)
		s.sum.Partial[st.Reason] = c
	}
	s.sum.Scanned.add(size)
	b.Scanned.add(size)
	if earlier {
		s.sum.ScannedEarlier.add(size)
	}
	if n := r.TotalCount(); n > 0 {
		s.sum.ObjectsWithFindings++
		b.ObjectsWithFindings++
		b.Occurrences += n
		s.sum.FindingTypes[r.Type]++
		if r.Severity.Valid() {
			s.sum.Severities[r.Severity.String()]++
		}
		b.MaxSeverity = max(b.MaxSeverity, r.Severity)
	}
}

// Close implements findings.Sink.
func (s *SummarySink) Close() error { return s.next.Close() }

// Summary returns the totals so far, with the plan's skipped objects, the
// detection types of types (the scanner's summary, which sees the same
// records) and the timing filled in. The caller sets the job fields.
func (s *SummarySink) Summary(skipped map[string]Count, types *findings.Summary, started, finished time.Time) Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := s.sum
	sum.Partial, sum.Failed = maps.Clone(s.sum.Partial), maps.Clone(s.sum.Failed)
	sum.FindingTypes, sum.Severities = maps.Clone(s.sum.FindingTypes), maps.Clone(s.sum.Severities)
	sum.Skipped = map[string]Count{}
	for reason, c := range skipped {
		if reason != SkipOtherShard {
			sum.Skipped[reason] = c
		}
	}
	if types != nil {
		sum.Types = types.Types()
	}
	sum.StartedAt, sum.FinishedAt = started.UTC(), finished.UTC()
	elapsed := finished.Sub(started).Seconds()
	sum.ElapsedSeconds = math.Round(elapsed*1000) / 1000
	if elapsed > 0 {
		// Throughput of this invocation: earlier attempts' time is unknown.
		objects, bytes := sum.Scanned.Objects-sum.ScannedEarlier.Objects, sum.Scanned.Bytes-sum.ScannedEarlier.Bytes
		sum.ObjectsPerSecond = math.Round(float64(objects)/elapsed*100) / 100
		sum.BytesPerSecond = math.Round(float64(bytes) / elapsed)
	}
	sum.Buckets = make([]BucketSummary, 0, len(s.buckets))
	for _, name := range slices.Sorted(maps.Keys(s.buckets)) {
		b := *s.buckets[name]
		b.SensitivityScore = SensitivityScore(b)
		sum.Buckets = append(sum.Buckets, b)
	}
	return sum
}

// WriteJSON renders the summary for a machine: indented JSON, one object,
// the fields as the stored summary objects have them.
func (s *Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// WriteText renders the summary for a person.
func (s *Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	state := "complete"
	if !s.Complete {
		state = "INCOMPLETE (run the same command again to resume)"
	}
	p("Job\t%s (%s, %s)\n", s.JobName, s.JobID, s.JobType)
	p("Run\t%s, %s start, shard %s: %s\n", s.RunID, s.Start, s.Shard, state)
	p("Results\t%s\n", s.Results)
	p("Elapsed\t%.1fs, %.1f objects/s, %s/s\n", s.ElapsedSeconds, s.ObjectsPerSecond, humanBytes(int64(s.BytesPerSecond)))
	p("\nObjects\tobjects\tbytes\n")
	p("  scanned\t%d\t%s\n", s.Scanned.Objects, humanBytes(s.Scanned.Bytes))
	if s.ScannedEarlier.Objects > 0 {
		p("  of which by earlier attempts\t%d\t%s\n", s.ScannedEarlier.Objects, humanBytes(s.ScannedEarlier.Bytes))
	}
	writeCounts(p, "  partial: ", s.Partial)
	writeCounts(p, "  failed: ", s.Failed)
	writeCounts(p, "  not scanned: ", s.Skipped)
	if s.Recorded > 0 || s.Deduplicated > 0 {
		p("  records read back\t%d\n", s.Recorded)
	}
	p("\nFindings\t%d objects with sensitive data\n", s.ObjectsWithFindings)
	for _, k := range slices.Sorted(maps.Keys(s.Severities)) {
		p("  severity %s\t%d objects\n", k, s.Severities[k])
	}
	for _, k := range slices.Sorted(maps.Keys(s.FindingTypes)) {
		p("  %s\t%d objects\n", k, s.FindingTypes[k])
	}
	for _, t := range s.Types {
		p("  %s\t%d occurrences in %d objects\t%s\n", t.Type, t.Occurrences, t.Objects, t.Severity)
	}
	p("\nBucket\tsensitivity\tscanned\tfailed\twith findings\n")
	for _, b := range s.Buckets {
		p("  %s\t%d\t%d\t%d\t%d\n", b.Bucket, b.SensitivityScore, b.Scanned.Objects, b.Failed.Objects, b.ObjectsWithFindings)
	}
	return tw.Flush()
}

func writeCounts(p func(string, ...any), prefix string, m map[string]Count) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p("%s%s\t%d\t%s\n", prefix, k, m[k].Objects, humanBytes(m[k].Bytes))
	}
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
