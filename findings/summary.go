package findings

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"
)

// DefaultTopFiles is how many files a Summary ranks when TopN is 0.
const DefaultTopFiles = 10

// Summary accumulates records into totals for a person (WriteTable) and a
// machine (MarshalJSON). The zero Summary is ready to use, as is
// NewSummary's. It is not safe for concurrent use: the goroutine that writes
// records to the sink adds them here too.
//
// Records of files extracted from an archive (s3Object.embeddedFileDetails
// set) repeat what the archive's own record counts, so Add ignores them, as
// AWS's sample queries over discovery results do.
type Summary struct {
	// TopN is how many files TopFiles ranks; 0 means DefaultTopFiles, a
	// negative value none.
	TopN int
	// Elapsed is how long the scan took, set by the caller when it ends;
	// shown when not zero.
	Elapsed time.Duration

	objects  ObjectCounts
	highest  Severity
	types    map[typeKey]*TypeSummary
	statuses map[statusKey]int64
	top      []FileSummary
}

// ObjectCounts counts the objects a Summary has seen, by outcome.
type ObjectCounts struct {
	Scanned         int64 `json:"scanned"`
	Complete        int64 `json:"complete"`
	Partial         int64 `json:"partial"`
	Skipped         int64 `json:"skipped"`
	WithFindings    int64 `json:"withFindings"`
	BytesClassified int64 `json:"bytesClassified"`
	Occurrences     int64 `json:"occurrences"`
}

// TypeSummary totals one detection type over all objects: Occurrences is the
// sum of its counts, Objects the number of objects it was found in, and
// Severity the highest severity it was given.
type TypeSummary struct {
	Type        string   `json:"type"`
	Category    string   `json:"category"`
	Custom      bool     `json:"custom,omitempty"`
	Severity    Severity `json:"severity,omitzero"`
	Occurrences int64    `json:"occurrences"`
	Objects     int64    `json:"objects"`
}

// FileSummary is one object with sensitive data, for the ranking of files.
type FileSummary struct {
	Path        string   `json:"path"`
	Type        string   `json:"findingType"`
	Severity    Severity `json:"severity,omitzero"`
	Occurrences int64    `json:"occurrences"`
}

// StatusCount counts the objects that ended with one status and reason.
type StatusCount struct {
	Code    string `json:"code"`
	Reason  string `json:"reason,omitempty"`
	Objects int64  `json:"objects"`
}

type typeKey struct {
	typ    string
	custom bool
}

type statusKey struct{ code, reason string }

// NewSummary returns an empty Summary that ranks DefaultTopFiles files.
func NewSummary() *Summary { return &Summary{} }

// Add folds r into the summary.
func (s *Summary) Add(r *Record) {
	if r == nil || r.ResourcesAffected.S3Object.EmbeddedFileDetails != nil {
		return
	}
	res := &r.ClassificationDetails.Result
	s.objects.Scanned++
	switch res.Status.Code {
	case StatusComplete:
		s.objects.Complete++
	case StatusPartial:
		s.objects.Partial++
	case StatusSkipped:
		s.objects.Skipped++
	}
	if res.Status.Code != StatusComplete || res.Status.Reason != "" {
		if s.statuses == nil {
			s.statuses = make(map[statusKey]int64)
		}
		s.statuses[statusKey{res.Status.Code, res.Status.Reason}]++
	}
	s.objects.BytesClassified += res.SizeClassified

	total := r.TotalCount()
	if total == 0 {
		return
	}
	s.objects.WithFindings++
	s.objects.Occurrences += total
	lvl := r.Severity
	s.highest = max(s.highest, lvl)
	for i := range res.SensitiveData {
		item := &res.SensitiveData[i]
		for j := range item.Detections {
			d := &item.Detections[j]
			s.addType(typeKey{d.Type, false}, item.Category, d.Count, d.Severity)
		}
	}
	for i := range res.CustomDataIdentifiers.Detections {
		d := &res.CustomDataIdentifiers.Detections[i]
		s.addType(typeKey{d.Name, true}, CategoryCustomIdentifier, d.Count, d.Severity)
	}
	s.rank(FileSummary{Path: r.ResourcesAffected.S3Object.Path, Type: r.Type, Severity: lvl, Occurrences: total})
}

func (s *Summary) addType(k typeKey, category string, count int64, lvl Severity) {
	if s.types == nil {
		s.types = make(map[typeKey]*TypeSummary)
	}
	t := s.types[k]
	if t == nil {
		t = &TypeSummary{Type: k.typ, Category: category, Custom: k.custom}
		s.types[k] = t
	}
	t.Occurrences += count
	t.Objects++
	t.Severity = max(t.Severity, lvl)
}

func (s *Summary) topN() int {
	switch {
	case s.TopN == 0:
		return DefaultTopFiles
	case s.TopN < 0:
		return 0
	}
	return s.TopN
}

// rank keeps the topN files, in order; insertion is linear in topN, which is
// small.
func (s *Summary) rank(f FileSummary) {
	n := s.topN()
	if n == 0 {
		return
	}
	if len(s.top) >= n && compareFiles(f, s.top[len(s.top)-1]) > 0 {
		return // after the last kept: most files, once the list is full
	}
	i, _ := slices.BinarySearchFunc(s.top, f, compareFiles)
	if i >= n {
		return
	}
	s.top = slices.Insert(s.top, i, f)
	if len(s.top) > n {
		s.top = s.top[:n]
	}
}

// compareFiles orders files by severity, then occurrences (both descending),
// then path.
func compareFiles(a, b FileSummary) int {
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Occurrences, a.Occurrences); c != 0 {
		return c
	}
	return cmp.Compare(a.Path, b.Path)
}

// Objects returns the object counts.
func (s *Summary) Objects() ObjectCounts { return s.objects }

// MaxSeverity returns the highest severity of any record added, or
// SeverityNone if none reported sensitive data. The CLI's exit code uses it.
func (s *Summary) MaxSeverity() Severity { return s.highest }

// Types returns the detection types found, most severe first, then most
// occurrences, then by name (managed before custom on a tie).
func (s *Summary) Types() []TypeSummary {
	out := make([]TypeSummary, 0, len(s.types))
	for _, t := range s.types {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b TypeSummary) int {
		if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Occurrences, a.Occurrences); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Type, b.Type); c != 0 {
			return c
		}
		if a.Custom != b.Custom {
			if b.Custom {
				return -1
			}
			return 1
		}
		return 0
	})
	return out
}

// TopFiles returns up to TopN objects with sensitive data, most severe first,
// then most occurrences, then by path.
func (s *Summary) TopFiles() []FileSummary { return slices.Clone(s.top) }

// Statuses returns the counts of objects not completed cleanly (PARTIAL,
// SKIPPED, or any status with a reason), most objects first, then by code
// and reason.
func (s *Summary) Statuses() []StatusCount {
	out := make([]StatusCount, 0, len(s.statuses))
	for k, n := range s.statuses {
		out = append(out, StatusCount{Code: k.code, Reason: k.reason, Objects: n})
	}
	slices.SortFunc(out, func(a, b StatusCount) int {
		if c := cmp.Compare(b.Objects, a.Objects); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return cmp.Compare(a.Reason, b.Reason)
	})
	return out
}

// summaryJSON is the machine form of a Summary.
type summaryJSON struct {
	Objects        ObjectCounts  `json:"objects"`
	ElapsedSeconds float64       `json:"elapsedSeconds,omitzero"`
	MaxSeverity    Severity      `json:"maxSeverity,omitzero"`
	Findings       []TypeSummary `json:"findings"`
	TopFiles       []FileSummary `json:"topFiles"`
	Statuses       []StatusCount `json:"statuses"`
}

// MarshalJSON writes the summary for machines: objects, elapsedSeconds,
// maxSeverity, findings (by type), topFiles and statuses, each in the order
// of the accessors, severities as Macie writes them ({"description",
// "score"}).
func (s *Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(summaryJSON{
		Objects:        s.objects,
		ElapsedSeconds: s.Elapsed.Seconds(),
		MaxSeverity:    s.highest,
		Findings:       s.Types(),
		TopFiles:       append([]FileSummary{}, s.top...),
		Statuses:       s.Statuses(),
	})
}

// WriteTable renders the summary for a person: aligned sections Objects,
// Findings by type, Top files, and Skipped or partial by reason (sections
// with nothing to show say so in one line).
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	o := s.objects
	fmt.Fprintln(tw, "Objects")
	fmt.Fprintf(tw, "  scanned\t%d\n", o.Scanned)
	fmt.Fprintf(tw, "  complete\t%d\n", o.Complete)
	fmt.Fprintf(tw, "  partial\t%d\n", o.Partial)
	fmt.Fprintf(tw, "  skipped\t%d\n", o.Skipped)
	fmt.Fprintf(tw, "  with sensitive data\t%d\n", o.WithFindings)
	fmt.Fprintf(tw, "  bytes classified\t%s\n", humanBytes(o.BytesClassified))
	fmt.Fprintf(tw, "  highest severity\t%s\n", orDash(s.highest.String()))
	if s.Elapsed > 0 {
		fmt.Fprintf(tw, "  elapsed\t%s\n", s.Elapsed.Round(time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(tw, "\nFindings by type")
	types := s.Types()
	if len(types) == 0 {
		fmt.Fprintln(tw, "  none")
	} else {
		fmt.Fprintln(tw, "  TYPE\tCATEGORY\tSEVERITY\tOCCURRENCES\tOBJECTS")
		for _, t := range types {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%d\n", t.Type, t.Category, orDash(t.Severity.String()), t.Occurrences, t.Objects)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(tw, "\nTop files")
	if len(s.top) == 0 {
		fmt.Fprintln(tw, "  none")
	} else {
		fmt.Fprintln(tw, "  SEVERITY\tOCCURRENCES\tFINDING TYPE\tPATH")
		for _, f := range s.top {
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", orDash(f.Severity.String()), f.Occurrences, f.Type, f.Path)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(tw, "\nSkipped or partial by reason")
	st := s.Statuses()
	if len(st) == 0 {
		fmt.Fprintln(tw, "  none")
	} else {
		fmt.Fprintln(tw, "  STATUS\tREASON\tOBJECTS")
		for _, c := range st {
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", c.Code, orDash(c.Reason), c.Objects)
		}
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// humanBytes writes n in binary units with the exact count alongside, e.g.
// "1.5 MiB (1572864 bytes)".
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB (%d bytes)", float64(n)/float64(div), "KMGTPE"[exp], n)
}
