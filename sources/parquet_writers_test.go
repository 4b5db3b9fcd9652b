package sources

import (
	"crypto/sha256"
	"encoding/hex"
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

// parquetWritersDir holds Parquet files written by writers other than
// parquet-go (DuckDB, arrow-rs through parquet-wasm) and, next to each,
// <name>.expect: what the decoder must scan out of it, derived by the
// generator (gen.mjs, see its README.md) from the rows it wrote and read
// back, not by running piiscan.
const parquetWritersDir = "testdata/parquet-writers"

// pqWriterExpect is a <name>.expect file.
type pqWriterExpect struct {
	File   string                        `json:"file"`
	Writer string                        `json:"writer"`
	Rows   int64                         `json:"rows"`
	Fields map[string]pqWriterFieldWants `json:"fields"`
}

// pqWriterFieldWants is what one field (a Chunk.Field template) holds.
type pqWriterFieldWants struct {
	Count int `json:"count"`
	// ValuesSHA256 is writersDigest of the field's values.
	ValuesSHA256 string `json:"values_sha256"`
	// LocatedSHA256 is writersDigest of "index\tpath\tvalue" per value:
	// the 0-based row and the concrete path (Chunk.Path) with each value.
	LocatedSHA256 string `json:"located_sha256"`
	// A handful of values that must be among the field's: as text, or
	// in hex where one is not UTF-8.
	Samples    []string `json:"samples"`
	SamplesHex []string `json:"samples_hex"`
}

// writersDigest is the SHA-256, in hex, of the byte strings vals in
// byte order, each as its length in decimal, ':', itself and '\n'.
func writersDigest(vals []string) string {
	s := slices.Clone(vals)
	slices.Sort(s)
	h := sha256.New()
	for _, v := range s {
		fmt.Fprintf(h, "%d:%s\n", len(v), v)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestParquetWriters decodes every fixture written by another writer and
// checks that every value of every scanned column comes out, formatted
// as piiscan formats it, at its row and path, and that nothing comes out
// of the columns that are not scanned (dates, timestamps, booleans) or of
// nulls and empty strings.
func TestParquetWriters(t *testing.T) {
	for _, f := range writerFixtures(t, parquetWritersDir, ".parquet", 13) {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".parquet"), func(t *testing.T) {
			var want pqWriterExpect
			data := readWriterFixture(t, f, ".parquet", &want)
			if want.File != filepath.Base(f) || len(want.Fields) == 0 {
				t.Fatalf("%s.expect is for %q with %d fields", f, want.File, len(want.Fields))
			}
			got, err := collect(t, data, filepath.Base(f), true)
			if err != nil {
				// What came before the error is still compared below,
				// to name the fields it cut short.
				t.Errorf("decode (%s): %s", want.Writer, describeDecodeError(err))
			}
			checkWriterValues(t, got, want.Fields, want.Rows, "row")
		})
	}
}

// writerFixtures is the files of dir ending in ext, at least min of
// them, each with its .expect.
func writerFixtures(t *testing.T, dir, ext string, min int) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"+ext))
	if err != nil {
		t.Fatal(err)
	}
	expects, err := filepath.Glob(filepath.Join(dir, "*.expect"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < min || len(expects) != len(files) {
		t.Fatalf("%d fixtures and %d .expect files in %s, want the same number and at least %d", len(files), len(expects), dir, min)
	}
	return files
}

// readWriterFixture returns fixture f's bytes, with its .expect (f with
// ext replaced) decoded into want.
func readWriterFixture(t *testing.T, f, ext string, want any) []byte {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(strings.TrimSuffix(f, ext) + ".expect")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, want); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return data
}

// describeDecodeError names an ObjectError's status and reason.
func describeDecodeError(err error) string {
	var oe *ObjectError
	if errors.As(err, &oe) {
		return fmt.Sprintf("status %q, reason %q: %v", oe.Status, oe.Reason, err)
	}
	return err.Error()
}

// checkWriterValues compares the values a fixture gave with what its
// fields must hold: each at one of the fixture's n rows or records (unit
// names them), none from a field that must give none, and each field's
// values, rows and paths.
func checkWriterValues(t *testing.T, got []located, fields map[string]pqWriterFieldWants, n int64, unit string) {
	t.Helper()
	values := map[string][]string{}
	placed := map[string][]string{}
	for _, l := range got {
		if l.index < 0 || l.index >= n {
			t.Errorf("%s: value %q at %s %d of %d", l.field, l.value, unit, l.index, n)
		}
		values[l.field] = append(values[l.field], l.value)
		placed[l.field] = append(placed[l.field], fmt.Sprintf("%d\t%s\t%s", l.index, l.path, l.value))
	}
	for _, field := range slices.Sorted(maps.Keys(values)) {
		if _, ok := fields[field]; !ok {
			t.Errorf("%s: %d values from a field that must give none, e.g. %q", field, len(values[field]), values[field][0])
		}
	}
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		checkWriterField(t, field, fields[field], values[field], placed[field])
	}
}

// checkWriterField compares one field's values with what it must hold.
func checkWriterField(t *testing.T, field string, want pqWriterFieldWants, values, placed []string) {
	t.Helper()
	samples := slices.Clone(want.Samples)
	for _, h := range want.SamplesHex {
		b, err := hex.DecodeString(h)
		if err != nil {
			t.Fatalf("%s: sample %q: %v", field, h, err)
		}
		samples = append(samples, string(b))
	}
	var missing []string
	for _, s := range samples {
		if !slices.Contains(values, s) {
			missing = append(missing, s)
		}
	}
	valuesOK := len(values) == want.Count && writersDigest(values) == want.ValuesSHA256
	switch {
	case valuesOK && len(missing) == 0 && writersDigest(placed) == want.LocatedSHA256:
		return
	case valuesOK && len(missing) == 0:
		t.Errorf("%s: the %d values are right, but not their rows or paths; first ones: %q", field, len(values), firstSorted(placed, 6))
	default:
		t.Errorf("%s: %d values, want %d (values digest match: %v); samples missing: %q; first values: %q",
			field, len(values), want.Count, writersDigest(values) == want.ValuesSHA256, missing, firstSorted(values, 6))
	}
}

// firstSorted is up to n of vals, in order.
func firstSorted(vals []string, n int) []string {
	s := slices.Clone(vals)
	slices.Sort(s)
	return s[:min(n, len(s))]
}
