package sources

import (
	"errors"
	"path/filepath"
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
	for _, f := range writerFixtures(t, avroWritersDir, ".avro", 10) {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".avro"), func(t *testing.T) {
			var want avroWriterExpect
			data := readWriterFixture(t, f, ".avro", &want)
			if want.File != filepath.Base(f) || want.Records <= 0 || len(want.Fields) == 0 {
				t.Fatalf("%s.expect is for %q with %d records and %d fields", f, want.File, want.Records, len(want.Fields))
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
				t.Errorf("decode (%s, codec %s): %s", want.Writer, want.Codec, describeDecodeError(err))
				if len(got) == 0 {
					return // nothing came out: each field would only say so
				}
			}
			checkWriterValues(t, got, want.Fields, want.Records, "record")
		})
	}
}
