package sources

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// avroWritersDir holds Avro object container files written by avsc, the
// JavaScript Avro implementation, rather than by hamba/avro, and next to
// each, <name>.expect: what the decoder must scan out of it, derived by the
// generator (gen.mjs, see its README.md) from the records it wrote and
// read back, not by running piiscan.
const avroWritersDir = "testdata/avro-writers"

// avroWriterExpect is a <name>.expect file.
type avroWriterExpect struct {
	File    string                        `json:"file"`
	Writer  string                        `json:"writer"`
	Codec   string                        `json:"codec"`
	Blocks  int                           `json:"blocks"`
	Records int64                         `json:"records"`
	Fields  map[string]pqWriterFieldWants `json:"fields"`
}

// unsupportedAvroCodecs are the codecs piiscan reports rather than reads.
// xz: its block headers state a dictionary size, up to 4 GiB, that the
// decoder allocates; bounding it means walking every block header
// before the library does, which no Avro writer's default needs.
var unsupportedAvroCodecs = map[string]bool{"xz": true}

// TestAvroWriters decodes every fixture written by avsc and checks that
// every value of every scanned field comes out, formatted as piiscan
// formats it, at its record and path (Chunk.Field is the template,
// Chunk.Path the concrete path), and that nothing comes out of what is not
// scanned (booleans, enums, dates and times, nulls, empty strings and
// bytes). A file that fails to decode fails the test, and so does one
// whose codec piiscan does not read.
func TestAvroWriters(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(avroWritersDir, "*.avro"))
	if err != nil {
		t.Fatal(err)
	}
	expects, err := filepath.Glob(filepath.Join(avroWritersDir, "*.expect"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 || len(expects) != len(files) {
		t.Fatalf("%d fixtures and %d .expect files in %s, want the same number and at least 10", len(files), len(expects), avroWritersDir)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".avro")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(strings.TrimSuffix(f, ".avro") + ".expect")
			if err != nil {
				t.Fatal(err)
			}
			var want avroWriterExpect
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("%s.expect: %v", name, err)
			}
			if want.File != filepath.Base(f) || want.Records <= 0 || len(want.Fields) == 0 {
				t.Fatalf("%s.expect is for %q with %d records and %d fields", name, want.File, want.Records, len(want.Fields))
			}

			got, err := collect(t, data, filepath.Base(f), true)
			if unsupportedAvroCodecs[want.Codec] {
				var oe *ObjectError
				if !errors.As(err, &oe) || oe.Status != StatusSkipped || oe.Reason != ReasonUnableToParse || !strings.Contains(err.Error(), want.Codec) || len(got) != 0 {
					t.Errorf("codec %s, which piiscan does not read: %d values, err %v; want SKIPPED, %s, naming the codec", want.Codec, len(got), err, ReasonUnableToParse)
				}
				return
			}
			if err != nil {
				// What came before the error is still compared below,
				// to name the fields it cut short.
				var oe *ObjectError
				if errors.As(err, &oe) {
					t.Errorf("decode (%s, codec %s): status %q, reason %q: %v", want.Writer, want.Codec, oe.Status, oe.Reason, err)
				} else {
					t.Errorf("decode (%s, codec %s): %v", want.Writer, want.Codec, err)
				}
				if len(got) == 0 {
					return // nothing came out: each field would only say so
				}
			}

			values := map[string][]string{}
			placed := map[string][]string{}
			for _, l := range got {
				if l.index < 0 || l.index >= want.Records {
					t.Errorf("%s: value %q at record %d of %d", l.field, l.value, l.index, want.Records)
				}
				values[l.field] = append(values[l.field], l.value)
				placed[l.field] = append(placed[l.field], fmt.Sprintf("%d\t%s\t%s", l.index, l.path, l.value))
			}
			for _, field := range slices.Sorted(maps.Keys(values)) {
				if _, ok := want.Fields[field]; !ok {
					t.Errorf("%s: %d values from a field that must give none, e.g. %q", field, len(values[field]), values[field][0])
				}
			}
			for _, field := range slices.Sorted(maps.Keys(want.Fields)) {
				checkWriterField(t, field, want.Fields[field], values[field], placed[field])
			}
		})
	}
}
