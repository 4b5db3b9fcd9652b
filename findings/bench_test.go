package findings

import (
	"context"
	"io"
	"testing"
)

// BenchmarkAdd measures one occurrence added to a warmed aggregator: the
// cost the scanner pays per match.
func BenchmarkAdd(b *testing.B) {
	a := NewAggregator(DefaultMaxOccurrences)
	types := []string{"EMAIL_ADDRESS", "NAME", "PHONE_NUMBER", "ADDRESS"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%4096 == 0 {
			a.Reset()
		}
		a.Add(types[i&3], CategoryPersonal, false, CellOccurrence(int64(i), int64(i&3), "col"))
		i++
	}
}

// BenchmarkAddRun measures Add when matches come in runs of one type, as
// they do when the scanner works a column at a time.
func BenchmarkAddRun(b *testing.B) {
	a := NewAggregator(DefaultMaxOccurrences)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%4096 == 0 {
			a.Reset()
		}
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(int64(i), 3, "email"))
		i++
	}
}

// BenchmarkAddBuild measures one object's aggregation: 200 occurrences of
// four types and one custom identifier, then Build. It reports per object.
func BenchmarkAddBuild(b *testing.B) {
	a := NewAggregator(DefaultMaxOccurrences)
	obj := ObjectInfo{Bucket: "acme-data", Key: "exports/customers.csv", Size: 1 << 20}
	job := JobInfo{JobID: "j", AccountID: "111122223333", Region: "us-east-1"}
	types := []struct{ typ, cat string }{
		{"EMAIL_ADDRESS", CategoryPersonal}, {"CREDIT_CARD_NUMBER", CategoryFinancial},
		{"PHONE_NUMBER", CategoryPersonal}, {"AWS_CREDENTIALS", CategoryCredentials},
	}
	b.ReportAllocs()
	for b.Loop() {
		a.Reset()
		for i := range 200 {
			t := types[i&3]
			a.Add(t.typ, t.cat, false, CellOccurrence(int64(i+2), int64(i&3+1), "col"))
		}
		a.Add("EMPLOYEE_ID", "", true, CellOccurrence(2, 9, "employee"))
		_ = a.Build(obj, Status{Code: StatusComplete}, 1<<20, "text/csv", job, testSeverity)
	}
}

// BenchmarkJSONLinesWrite measures encoding one record of ~200 occurrences
// into the JSON Lines sink.
func BenchmarkJSONLinesWrite(b *testing.B) {
	a := NewAggregator(DefaultMaxOccurrences)
	for i := range 200 {
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(int64(i+2), 3, "email"))
	}
	r := a.Build(ObjectInfo{Bucket: "acme-data", Key: "exports/customers.csv"}, Status{Code: StatusComplete}, 1<<20, "text/csv", JobInfo{JobID: "j"}, testSeverity)
	s := NewJSONLines(io.Discard)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Write(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSummaryAdd measures folding one record with findings into a
// Summary.
func BenchmarkSummaryAdd(b *testing.B) {
	recs := sampleRecords()
	var s Summary
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Add(recs[i%len(recs)])
		i++
	}
}
