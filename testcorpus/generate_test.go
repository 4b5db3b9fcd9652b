package testcorpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// generate writes a corpus into a fresh temporary directory.
func generate(t testing.TB, opts Options) (string, *Manifest) {
	t.Helper()
	dir := t.TempDir()
	m, err := Generate(dir, opts)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, m
}

// TestCorpusIsGroundTruth generates the default corpus and checks it against
// the audit's independent reading: every label is found where the manifest
// says and holds the planted value, nothing else is found, no negative is
// found, and nothing is ambiguous.
func TestCorpusIsGroundTruth(t *testing.T) {
	opts := DefaultOptions
	if testing.Short() {
		opts.Files, opts.Rows = 1, 500
	}
	dir, m := generate(t, opts)
	checkCorpus(t, dir, m)
	formatsSeen := map[string]bool{}
	for _, f := range m.Files {
		formatsSeen[f.Format] = true
	}
	for _, f := range formats {
		if !formatsSeen[f.format] {
			t.Errorf("no %s file generated", f.format)
		}
	}

	if testing.Short() {
		return // one file of 500 rows cannot hold every type and negative
	}
	counts := map[string]int{}
	for _, l := range m.Labels {
		counts[l.Type]++
	}
	for _, typ := range Types {
		t.Logf("%-32s %6d labels", typ, counts[typ])
		if counts[typ] == 0 {
			t.Errorf("no %s planted", typ)
		}
	}
	kinds := map[string]int{}
	for _, n := range m.Negatives {
		kinds[n.Kind]++
	}
	t.Logf("negatives: %v", kinds)
	for _, k := range []string{NegLuhnInvalidCard, NegMaskedCard, NegSSNInvalidArea, NegSSNInvalidGroup, NegSSNInvalidSerial,
		NegSSNAdvertised, NegSSNNoKeyword, NegIBANBadChecksum, NegAWSKeyLowercase, NegAWSKeyWrongLength, NegNotJWT,
		NegPublicKey, NegCertificate, NegUUID, NegSHA256, NegSHA1, NegMD5, NegTimestamp, NegISODate, NegOrderID,
		NegIPOctetOutOfRange, NegNINOInvalidPrefix, NegNINONoKeyword, NegSINBadChecksum, NegSINNoKeyword,
		NegAadhaarBadChecksum, NegAadhaarNoKeyword, NegCPFBadChecksum, NegCPFNoKeyword, NegDNIBadLetter, NegDNINoKeyword,
		NegVINBadCheckDigit, NegVINNoKeyword, NegNPIBadChecksum, NegNPINoKeyword, NegNHSBadChecksum, NegNHSNoKeyword,
		NegMyNumberBadChecksum, NegMyNumberNoKeyword, NegCorporateBadChecksum, NegIBANWrongLength, NegGCPKeyWrongLength,
		NegGCPKeyNoKeyword, NegStripeKeyTooShort, NegBasicAuthPlaceholder, NegNotAName, NegNotAnAddress} {
		if kinds[k] == 0 {
			t.Errorf("no %s negative planted", k)
		}
	}
}

func checkCorpus(t *testing.T, dir string, m *Manifest) {
	t.Helper()
	for _, f := range verifyCorpus(dir, m) {
		t.Error(f)
	}
}

// verifyCorpus returns every way the corpus in dir disagrees with m.
func verifyCorpus(dir string, m *Manifest) []string { return verifyCorpusPeople(dir, m, true) }

// verifyCorpusPeople is verifyCorpus, reading people's names and addresses
// as labels only if people is set: the sample's hand-written rows name
// people and places that its manifest does not label.
func verifyCorpusPeople(dir string, m *Manifest, people bool) []string {
	var fails []string
	errorf := func(format string, args ...any) { fails = append(fails, fmt.Sprintf(format, args...)) }
	labelsBy := map[string][]Label{}
	for _, l := range m.Labels {
		labelsBy[l.File] = append(labelsBy[l.File], l)
	}
	negsBy := map[string][]Negative{}
	for _, n := range m.Negatives {
		negsBy[n.File] = append(negsBy[n.File], n)
	}
	formatsSeen := map[string]bool{}
	for _, info := range m.Files {
		formatsSeen[info.Format] = true
		if info.Format == "png" {
			continue // not a format piiscan scans
		}
		a, err := auditFile(dir, info)
		if err != nil {
			errorf("%s: read back: %v", info.Path, err)
			continue
		}
		for _, p := range a.problems {
			errorf("ambiguous or unclean: %s", p)
		}
		if people {
			a.found = append(a.found, a.people...)
		}
		want := map[string]int{}
		perType := map[string]int{}
		values := map[string]bool{}
		for _, l := range labelsBy[info.Path] {
			want[l.Type+" at "+locKey(l.Location)]++
			perType[l.Type]++
			checkValueAt(errorf, a, info.Path, l.Location, l.value, l.Type)
			if repeats(l.Type) {
				continue // a customer's name is their card's holder's
			}
			v := a.wholeValue(l.Location, l.value)
			if values[v] {
				errorf("%s: value of %s at %s planted twice", info.Path, l.Type, l.Location)
			}
			values[v] = true
		}
		for typ, n := range perType {
			if n >= 1000 {
				errorf("%s: %d %s labels, over Macie's cap", info.Path, n, typ)
			}
		}
		got := map[string]int{}
		for _, f := range a.found {
			got[f.Type+" at "+locKey(f.Location)]++
		}
		for k, n := range want {
			if got[k] != n {
				errorf("%s: label %s: audit found it %d times, manifest says %d", info.Path, k, got[k], n)
			}
		}
		for k, n := range got {
			if want[k] == 0 {
				errorf("%s: audit found %s (%d times) but the manifest has no such label", info.Path, k, n)
			}
		}
		labelLines := map[int64]bool{}
		labelLocs := map[string]bool{}
		for _, l := range labelsBy[info.Path] {
			labelLocs[locKey(l.Location)] = true
			if lr := l.Location.LineRange; lr != nil {
				for n := lr.Start; n <= lr.End; n++ {
					labelLines[n] = true
				}
			}
		}
		for _, n := range negsBy[info.Path] {
			checkValueAt(errorf, a, info.Path, n.Location, n.value, n.Kind)
			v := a.wholeValue(n.Location, n.value)
			if repeats(n.Kind) {
				v = ""
			}
			if v != "" && values[v] {
				errorf("%s: value of negative %s at %s planted twice", info.Path, n.Kind, n.Location)
			}
			values[v] = true
			if labelLocs[locKey(n.Location)] {
				errorf("%s: negative %s shares %s with a label", info.Path, n.Kind, n.Location)
			}
			if lr := n.Location.LineRange; lr != nil {
				for line := lr.Start; line <= lr.End; line++ {
					if labelLines[line] {
						errorf("%s: negative %s shares line %d with a label", info.Path, n.Kind, line)
					}
				}
			}
		}
		checkQuietValues(errorf, a, info.Path, labelsBy[info.Path], negsBy[info.Path])
	}
	_ = formatsSeen
	return fails
}

// checkValueAt checks that the file holds value at loc, as an independent
// reader sees it.
func checkValueAt(errorf func(string, ...any), a *auditedFile, file string, loc Location, value, what string) {
	if value == "" {
		errorf("%s: %s at %s has no recorded value", file, what, loc)
		return
	}
	if lr := loc.LineRange; lr != nil {
		if lr.Start < 1 || int(lr.End) > len(a.lines) || lr.End < lr.Start {
			errorf("%s: %s at %s: no such lines", file, what, loc)
			return
		}
		line := a.lines[lr.Start-1]
		runes := []rune(line)
		if lr.StartColumn < 1 || int(lr.StartColumn) > len(runes) || !strings.HasPrefix(string(runes[lr.StartColumn-1:]), value) {
			errorf("%s: %s at %s: line is %q, want %q at that column", file, what, loc, line, value)
		}
		if lr.End > lr.Start && !strings.HasPrefix(a.lines[lr.End-1], "-----END ") {
			errorf("%s: %s at %s: block does not end with an END line", file, what, loc)
		}
		return
	}
	text, ok := a.values[locKey(loc)]
	if !ok {
		errorf("%s: %s at %s: no value there", file, what, loc)
		return
	}
	if !strings.Contains(text, value) {
		errorf("%s: %s at %s holds %q, want it to hold %q", file, what, loc, text, value)
	}
}

// wholeValue is what must be unique in a file: the value, or for a
// multi-line block the block's lines.
func (a *auditedFile) wholeValue(loc Location, value string) string {
	if lr := loc.LineRange; lr != nil && lr.End > lr.Start && int(lr.End) <= len(a.lines) {
		return strings.Join(a.lines[lr.Start-1:lr.End], "\n")
	}
	return value
}

// TestDeterministic: the same options give byte-identical files and
// manifest, whatever the number of workers; another seed gives other files.
func TestDeterministic(t *testing.T) {
	opts := Options{Seed: 7, Files: 2, Rows: 300, Density: 0.05, Workers: 1}
	a, _ := generate(t, opts)
	opts.Workers = 3
	b, _ := generate(t, opts)
	opts.Seed = 8
	c, _ := generate(t, opts)
	fa, fb, fc := readTree(t, a), readTree(t, b), readTree(t, c)
	if len(fa) != len(formats)*2+1 {
		t.Fatalf("got %d files, want %d", len(fa), len(formats)*2+1)
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs with seed 7", name)
		}
		if name != ManifestName && bytes.Equal(data, fc[name]) {
			t.Errorf("%s is the same with seeds 7 and 8", name)
		}
	}
	if len(fb) != len(fa) {
		t.Errorf("runs wrote %d and %d files", len(fa), len(fb))
	}
}

// TestMoreFilesOnlyAdds: a file depends only on seed, format and index.
func TestMoreFilesOnlyAdds(t *testing.T) {
	small, _ := generate(t, Options{Seed: 3, Files: 1, Rows: 200, Density: 0.05, Formats: []string{"csv", "txt"}})
	big, _ := generate(t, Options{Seed: 3, Files: 2, Rows: 200, Density: 0.05, Formats: []string{"txt", "csv"}})
	fs, fb := readTree(t, small), readTree(t, big)
	for name, data := range fs {
		if name != ManifestName && !bytes.Equal(data, fb[name]) {
			t.Errorf("%s changed when more files were generated", name)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateBySize(t *testing.T) {
	const target = 3 << 20
	opts := Options{Seed: 1, Rows: 500, Density: 0.01, Formats: []string{"csv", "jsonl", "txt", "log"}, TotalBytes: target}
	dir, m := generate(t, opts)
	var total int64
	for _, f := range m.Files {
		total += f.Size
	}
	last := m.Files[len(m.Files)-1].Size
	if total < target || total-last >= target {
		t.Errorf("total %d bytes: want the first file count that reaches %d", total, target)
	}
	tree := readTree(t, dir)
	if len(tree) != len(m.Files)+1 {
		t.Errorf("%d files on disk, manifest lists %d (overshoot files must be removed)", len(tree)-1, len(m.Files))
	}
	opts.Workers = 1
	dir1, m1 := generate(t, opts)
	if len(m1.Files) != len(m.Files) {
		t.Errorf("by size: %d files with one worker, %d with GOMAXPROCS", len(m1.Files), len(m.Files))
	}
	a, b := readTree(t, dir1), tree
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs with the number of workers", name)
		}
	}
	checkCorpus(t, dir, m)
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	for _, opts := range []Options{
		{Seed: 1, Files: 1, Rows: 0, Density: 0.1},
		{Seed: 1, Files: 1, Rows: 10, Density: -0.1},
		{Seed: 1, Files: 1, Rows: 10, Density: 1.5},
		{Seed: 1, Files: -1, Rows: 10, Density: 0.1},
		{Seed: 1, Files: 1, Rows: 10, Density: 0.1, Formats: []string{"pdf"}},
	} {
		if _, err := Generate(t.TempDir(), opts); err == nil {
			t.Errorf("Generate(%+v) = nil error", opts)
		}
	}
}

// TestDensityExtremes: density 0 plants nothing; density 1 plants in every
// slot and still keeps to Macie's cap and to unique values.
func TestDensityExtremes(t *testing.T) {
	_, m := generate(t, Options{Seed: 1, Files: 1, Rows: 200, Density: 0})
	if len(m.Labels) != 0 || len(m.Negatives) != 0 {
		t.Errorf("density 0: %d labels, %d negatives", len(m.Labels), len(m.Negatives))
	}
	dir, m := generate(t, Options{Seed: 1, Files: 1, Rows: 1500, Density: 1})
	checkCorpus(t, dir, m)
}

func TestLoadManifest(t *testing.T) {
	dir, m := generate(t, Options{Seed: 5, Files: 1, Rows: 100, Density: 0.05})
	got, err := LoadManifest(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if got.Seed != m.Seed || len(got.Files) != len(m.Files) || len(got.Labels) != len(m.Labels) || len(got.Negatives) != len(m.Negatives) {
		t.Fatalf("loaded manifest differs: %d/%d files, %d/%d labels", len(got.Files), len(m.Files), len(got.Labels), len(m.Labels))
	}
	for i := range m.Labels {
		a, b := m.Labels[i], got.Labels[i]
		if a.File != b.File || a.Type != b.Type || locKey(a.Location) != locKey(b.Location) {
			t.Fatalf("label %d: loaded %+v, want %+v", i, b, a)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"seed":1,"labels":[{"file":"a","type":"X","location":{}}]}`), 0o644)
	if _, err := LoadManifest(bad); err == nil {
		t.Error("LoadManifest accepted a label without a location")
	}
	if _, err := LoadManifest(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("LoadManifest of a missing file = nil error")
	}
}

// TestTextColumnsCountRunes: lines with non-ASCII names exist, so rune and
// byte columns differ somewhere, and the audit's agreement means runes.
func TestTextColumnsCountRunes(t *testing.T) {
	dir, m := generate(t, Options{Seed: 1, Files: 1, Rows: 2000, Density: 0.05, Formats: []string{"txt"}})
	a, err := auditFile(dir, m.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for _, l := range m.Labels {
		lr := l.Location.LineRange
		line := a.lines[lr.Start-1]
		if byteCol := strings.Index(line, l.value) + 1; int64(byteCol) != lr.StartColumn {
			differ++
		}
		if utf8.RuneCountInString(line) == len(line) {
			continue
		}
	}
	if differ == 0 {
		t.Error("no label sits after a multi-byte character; columns in runes are untested")
	}
}

func TestFormatNames(t *testing.T) {
	names := FormatNames()
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("format %s listed twice", n)
		}
		seen[n] = true
	}
	paths := map[string]bool{}
	for i := range formats {
		p := filePath(&formats[i], 0)
		if paths[p] {
			t.Errorf("two formats write %s", p)
		}
		paths[p] = true
	}
	sort.Strings(names)
}

func BenchmarkGenerate(b *testing.B) {
	for _, f := range []string{"txt", "log", "csv", "tsv", "json", "json-array", "jsonl", "csv.gz"} {
		b.Run(f, func(b *testing.B) {
			dir := b.TempDir()
			opts := Options{Seed: 1, Files: 1, Rows: 5000, Density: 0.02, Formats: []string{f}, Workers: 1}
			b.ReportAllocs()
			var size int64
			for b.Loop() {
				m, err := Generate(dir, opts)
				if err != nil {
					b.Fatal(err)
				}
				size = m.Files[0].Size
			}
			b.SetBytes(size)
		})
	}
}
