package scanner_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/testcorpus"
)

// Accuracy bars: checksum-backed identifiers must be near perfect; the
// others are held to a lower bar. A hard negative reported is always a
// failure.
const (
	checksumBar = 0.99
	otherBar    = 0.95
)

// TestAccuracy scans a freshly generated labeled corpus end to end (files on
// disk, the local source, the decoders, the engine, the aggregator) and
// measures precision and recall per identifier type against the manifest.
func TestAccuracy(t *testing.T) {
	dir := t.TempDir()
	// The corpus plants over a hundred types, most of them in free text
	// only: 6,000 rows per file give each of those a hundred or so labels.
	opts := testcorpus.Options{Seed: 20261122, Files: 2, Rows: 6000, Density: 0.03}
	if testing.Short() {
		opts.Rows = 1500
	}
	manifest, err := testcorpus.Generate(dir, opts)
	if err != nil {
		t.Fatalf("generate corpus: %v", err)
	}
	engine, err := detectors.Compile(detectors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := sources.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	sink := &collectSink{}
	cfg := scanner.Config{Engine: engine, MaxOccurrences: 1 << 30}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), cfg); err != nil {
		t.Fatalf("scan: %v", err)
	}

	checksum := make(map[string]bool)
	for _, s := range detectors.Catalogue() {
		checksum[s.ID] = s.Checksum != ""
	}
	planted := make(map[string]bool)
	for _, typ := range testcorpus.Types {
		planted[typ] = true
	}
	var unplanted []string
	for _, s := range detectors.Catalogue() {
		if s.Checksum != "" && !s.OffByDefault && !planted[s.ID] {
			unplanted = append(unplanted, s.ID)
		}
	}
	if len(unplanted) > 0 {
		t.Logf("checksum-backed identifiers the corpus does not plant (not measured): %v", unplanted)
	}

	// Ground truth and detections as sets of "type|file|location".
	truth := make(map[string]bool)
	for _, l := range manifest.Labels {
		truth[key(l.Type, fileOf(l.File, l.Location), locationKey(l.Location))] = true
	}
	negatives := make(map[string]string) // file|location -> kind
	for _, n := range manifest.Negatives {
		negatives[fileOf(n.File, n.Location)+"|"+locationKey(n.Location)] = n.Kind
	}
	found := make(map[string]bool)
	for _, rec := range sink.records {
		file := rec.ResourcesAffected.S3Object.Key
		if e := rec.ResourcesAffected.S3Object.EmbeddedFileDetails; e != nil {
			file += "!" + e.FilePath // a file inside an archive
		}
		if file == "manifest.json" { // the ground truth itself, not part of the corpus
			continue
		}
		if st := rec.ClassificationDetails.Result.Status; st.Code != sources.StatusComplete {
			t.Errorf("%s: status %s %s, want COMPLETE", file, st.Code, st.Reason)
		}
		for _, sd := range rec.ClassificationDetails.Result.SensitiveData {
			for _, d := range sd.Detections {
				if d.Occurrences == nil {
					continue
				}
				for _, loc := range occurrenceKeys(d.Occurrences) {
					found[key(d.Type, file, loc)] = true
					if kind, ok := negatives[file+"|"+loc]; ok {
						t.Errorf("hard negative reported: %s at %s %s is a %s", d.Type, file, loc, kind)
					}
				}
			}
		}
	}

	type score struct{ tp, fp, fn int }
	scores := make(map[string]*score)
	get := func(typ string) *score {
		if scores[typ] == nil {
			scores[typ] = &score{}
		}
		return scores[typ]
	}
	for k := range truth {
		if found[k] {
			get(typeOf(k)).tp++
		} else {
			get(typeOf(k)).fn++
			t.Logf("missed: %s", k)
		}
	}
	for k := range found {
		if !truth[k] {
			get(typeOf(k)).fp++
			t.Logf("false positive: %s", k)
		}
	}
	types := make([]string, 0, len(scores))
	for typ := range scores {
		types = append(types, typ)
	}
	sort.Strings(types)
	for _, typ := range types {
		s := scores[typ]
		precision := ratio(s.tp, s.tp+s.fp)
		recall := ratio(s.tp, s.tp+s.fn)
		bar := otherBar
		if checksum[typ] {
			bar = checksumBar
		}
		t.Logf("%-36s tp=%5d fp=%4d fn=%4d precision=%.4f recall=%.4f (bar %.2f)", typ, s.tp, s.fp, s.fn, precision, recall, bar)
		if precision < bar || recall < bar {
			t.Errorf("%s: precision %.4f recall %.4f, below the bar %.2f", typ, precision, recall, bar)
		}
	}
	if len(manifest.Labels) == 0 || len(scores) == 0 {
		t.Fatal("the corpus planted nothing: the test would prove nothing")
	}
}

func key(typ, file, loc string) string { return typ + "|" + file + "|" + loc }

// fileOf names a labeled file as the records do: an archive member is
// "archive!member".
func fileOf(file string, l testcorpus.Location) string {
	if l.Embedded != "" {
		return file + "!" + l.Embedded
	}
	return file
}

func typeOf(k string) string {
	for i := 0; i < len(k); i++ {
		if k[i] == '|' {
			return k[:i]
		}
	}
	return k
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func locationKey(l testcorpus.Location) string {
	switch {
	case l.LineRange != nil:
		return fmt.Sprintf("line:%d-%d:%d", l.LineRange.Start, l.LineRange.End, l.LineRange.StartColumn)
	case l.Cell != nil:
		return fmt.Sprintf("cell:%d:%d:%s", l.Cell.Row, l.Cell.Column, l.Cell.ColumnName)
	case l.Record != nil:
		return fmt.Sprintf("record:%d:%s", l.Record.RecordIndex, l.Record.JSONPath)
	}
	return "none"
}

func occurrenceKeys(o *findings.Occurrences) []string {
	var keys []string
	for _, r := range o.LineRanges {
		keys = append(keys, fmt.Sprintf("line:%d-%d:%d", r.Start, r.End, r.StartColumn))
	}
	for _, c := range o.Cells {
		keys = append(keys, fmt.Sprintf("cell:%d:%d:%s", c.Row, c.Column, c.ColumnName))
	}
	for _, r := range o.Records {
		keys = append(keys, fmt.Sprintf("record:%d:%s", r.RecordIndex, r.JSONPath))
	}
	return keys
}

// collectSink keeps every record in memory, for tests.
type collectSink struct {
	mu      sync.Mutex
	records []*findings.Record
}

func (s *collectSink) Write(_ context.Context, r *findings.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
	return nil
}

func (s *collectSink) Close() error { return nil }
