package scanner_test

import (
	"context"
	"fmt"
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

// TestJSONKeyVerdictsAcrossObjects: a worker keeps the key filter's
// answers from one object to the next, by path. A key that holds an
// identifier is reported in every object, and a key's answer under one
// path is not taken for another: an SSN needs a keyword, which $.ssn gives
// and $.misc does not.
func TestJSONKeyVerdictsAcrossObjects(t *testing.T) {
	src := &memSource{}
	for i := range 6 {
		src.add(fmt.Sprintf("misc-%d.jsonl", i), `{"misc":{"536-90-4399":1},"contacts":{"bob.smith@example.org":"friend"}}`+"\n")
		src.add(fmt.Sprintf("ssn-%d.jsonl", i), `{"ssn":{"536-90-4399":1},"contacts":{"alias":"x"}}`+"\n")
	}
	sink := &collectSink{}
	if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"misc": "map[EMAIL_ADDRESS:$.contacts]",
		"ssn":  "map[USA_SOCIAL_SECURITY_NUMBER:$.ssn]",
	}
	if len(sink.records) != len(src.objects) {
		t.Fatalf("%d records for %d objects", len(sink.records), len(src.objects))
	}
	for _, r := range sink.records {
		got := map[string]string{}
		for _, item := range r.ClassificationDetails.Result.SensitiveData {
			for _, d := range item.Detections {
				for _, o := range d.Occurrences.Records {
					got[d.Type] += o.JSONPath
				}
			}
		}
		key := r.ResourcesAffected.S3Object.Key
		if w := want[key[:strings.IndexByte(key, '-')]]; fmt.Sprint(got) != w {
			t.Errorf("%s: %v, want %s", key, got, w)
		}
	}
}
