package findings

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func summaryRecords() []*Record {
	recs := sampleRecords()
	a := newTestAggregator(DefaultMaxOccurrences)
	a.NewID = func() string { return "00000000-0000-4000-8000-999999999999" }
	a.Reset()
	denied := a.Build(ObjectInfo{Bucket: "acme-data", Key: "private/hr.xlsx"}, Status{Code: StatusSkipped, Reason: ReasonPermissionDenied}, 0, "", testJob, nil)
	a.Reset()
	for range 250 {
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(1, 1, 1))
	}
	mailing := a.Build(ObjectInfo{Bucket: "acme-data", Key: "lists/mailing.txt"}, Status{Code: StatusComplete}, 7<<20, "text/plain", testJob, testSeverity)
	return append(recs, denied, mailing)
}

func TestSummaryGolden(t *testing.T) {
	s := Summary{TopN: 4, Elapsed: 1534 * time.Millisecond}
	for _, r := range summaryRecords() {
		s.Add(r)
	}
	s.Add(nil) // ignored

	var table bytes.Buffer
	if err := s.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary_table", table.Bytes())

	js, err := json.MarshalIndent(&s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary_json", append(js, '\n'))

	o := s.Objects()
	want := ObjectCounts{Scanned: 7, Complete: 4, Partial: 1, Skipped: 2, WithFindings: 5, BytesClassified: 2048 + 512 + 900 + 420 + 7<<20, Occurrences: 4 + 3 + 2 + 3 + 250}
	if o != want {
		t.Errorf("objects = %+v, want %+v (archive members must not count twice)", o, want)
	}
	if s.MaxSeverity() != SeverityHigh {
		t.Errorf("highest = %v", s.MaxSeverity())
	}
	if n := len(s.TopFiles()); n != 4 {
		t.Errorf("%d top files, want TopN = 4", n)
	}
}

func TestSummaryEmpty(t *testing.T) {
	var s Summary
	var table bytes.Buffer
	if err := s.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary_empty", table.Bytes())
	js, err := json.Marshal(&s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"objects":{"scanned":0,"complete":0,"partial":0,"skipped":0,"withFindings":0,"bytesClassified":0,"occurrences":0},"findings":[],"topFiles":[],"statuses":[]}`
	if string(js) != want {
		t.Errorf("empty summary JSON:\n got %s\nwant %s", js, want)
	}
	if s.MaxSeverity() != SeverityNone {
		t.Error("empty summary has a severity")
	}
}

func TestSummaryOrdering(t *testing.T) {
	s := Summary{TopN: -1}
	a := newTestAggregator(1)
	add := func(key string, adds map[string]int) {
		a.Reset()
		for typ, n := range adds {
			for range n {
				a.Add(typ, CategoryPersonal, false, Occurrence{})
			}
		}
		s.Add(a.Build(ObjectInfo{Key: key}, Status{Code: StatusComplete}, 1, "", JobInfo{}, testSeverity))
	}
	add("a", map[string]int{"EMAIL_ADDRESS": 50, "NAME": 50, "USA_SOCIAL_SECURITY_NUMBER": 1})
	add("b", map[string]int{"ADDRESS": 50, "NAME": 10})
	var got []string
	for _, ts := range s.Types() {
		got = append(got, ts.Type)
	}
	// Medium first; then Low (EMAIL_ADDRESS); then unrated by occurrences,
	// then name.
	want := []string{"USA_SOCIAL_SECURITY_NUMBER", "EMAIL_ADDRESS", "NAME", "ADDRESS"}
	if len(got) != len(want) {
		t.Fatalf("types %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("types %v, want %v", got, want)
		}
	}
	if len(s.TopFiles()) != 0 {
		t.Error("TopN < 0 ranked files")
	}
}

func TestHumanBytes(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"},
		{1023, "1023 bytes"},
		{1024, "1.0 KiB (1024 bytes)"},
		{3 << 20, "3.0 MiB (3145728 bytes)"},
		{1 << 62, "4.0 EiB (4611686018427387904 bytes)"},
	} {
		if got := humanBytes(tc.n); got != tc.want {
			t.Errorf("humanBytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
