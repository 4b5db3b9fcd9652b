package scanner_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
)

// TestJSONKeysFound: the workers scan each distinct JSON key once per
// object and path, and leave out those that hold nothing; a key that holds
// an identifier is still reported at every record it appears in.
func TestJSONKeysFound(t *testing.T) {
	src := &memSource{}
	src.add("keys.jsonl", strings.Repeat(`{"email":"n/a","contacts":{"bob.smith@example.org":"friend","alias":"x"}}`+"\n", 3))
	sink := &collectSink{}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if len(sink.records) != 1 {
		t.Fatalf("%d records, want 1", len(sink.records))
	}
	var got []findings.RecordLocation
	var count int64
	for _, item := range sink.records[0].ClassificationDetails.Result.SensitiveData {
		for _, d := range item.Detections {
			if d.Type != "EMAIL_ADDRESS" {
				t.Errorf("unexpected detection %s (%d)", d.Type, d.Count)
				continue
			}
			count = d.Count
			got = d.Occurrences.Records
		}
	}
	want := []findings.RecordLocation{{JSONPath: "$.contacts", RecordIndex: 0}, {JSONPath: "$.contacts", RecordIndex: 1}, {JSONPath: "$.contacts", RecordIndex: 2}}
	if count != 3 || !slices.Equal(got, want) {
		t.Errorf("EMAIL_ADDRESS count %d at %v, want 3 at %v", count, got, want)
	}
}
