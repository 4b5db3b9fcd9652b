package findings

import (
	"context"
	"io"
	"testing"
	"time"
)

// BenchmarkSmallObjectRecord measures the fixed cost of one small object's
// record, as a scan with lent records pays it: Reset, a few occurrences,
// Build, the JSON Lines encoding and the summary. It reports per object.
func BenchmarkSmallObjectRecord(b *testing.B) {
	a := NewAggregator(DefaultMaxOccurrences)
	a.Lend = true
	obj := ObjectInfo{Key: "csv/customers-4437.csv", Path: "/work/main/.cache/bench-corpus-small/csv/customers-4437.csv", Extension: "csv",
		Size: 1377, ETag: "931c00de29a47d4c", LastModified: time.Date(2026, 11, 23, 6, 16, 39, 587_000_000, time.UTC)}
	job := JobInfo{JobID: "12c2f6e9ebdf46448b97f6206cb8b472"}
	sink := NewJSONLines(io.Discard).(EncodingSink)
	var sum Summary
	ctx := context.Background()
	var enc []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Reset()
		if i%3 != 0 { // two objects in three have findings
			a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, CellOccurrence(5, 9, "card_number"))
			a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(2, 4, "email"))
		}
		r := a.Build(obj, Status{Code: StatusComplete}, 1377, "text/csv", job, testSeverity)
		enc = sink.Encode(enc[:0], r)
		if err := sink.WriteEncoded(ctx, r, enc); err != nil {
			b.Fatal(err)
		}
		sum.Add(r)
		i++
	}
}
