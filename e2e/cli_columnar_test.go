package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/testcorpus"
)

// TestCLIScanColumnarAndArchivesInS3: Parquet files are read at offsets
// (the footer and column chunks by ranged GETs) and zip archives through a
// read-ahead window, both through the S3 source; every object is analysed
// completely and the findings carry Macie's record and embedded-file
// locations.
func TestCLIScanColumnarAndArchivesInS3(t *testing.T) {
	s := needServers(t)
	bin := buildCLI(t)
	dir := t.TempDir()
	m, err := testcorpus.Generate(dir, testcorpus.Options{Seed: 11, Files: 1, Rows: 300, Density: 0.05,
		Formats: []string{"parquet", "parquet-nested", "avro", "zip", "zip-in-tar.gz"}, ManifestPath: filepath.Join(t.TempDir(), "m.json")})
	if err != nil {
		t.Fatal(err)
	}
	bucket := s.newBucket(t)
	for _, f := range m.Files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		s.put(t, bucket, f.Path, data)
	}
	stdout, stderr, code := runCLI(t, bin, s, "scan", "s3://"+bucket, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, stderr)
	}
	recs := parseRecords(t, stdout)
	seen := map[string]bool{}
	for _, r := range recs {
		key := r.ResourcesAffected.S3Object.Key
		seen[key] = true
		if st := r.ClassificationDetails.Result.Status; st.Code != "COMPLETE" {
			t.Errorf("%s: status %s %s, want COMPLETE", key, st.Code, st.Reason)
		}
	}
	for _, f := range m.Files {
		if !seen[f.Path] {
			t.Errorf("no record for %s", f.Path)
		}
	}
	for _, want := range []string{`"records":[{"jsonPath":"$.`, `"embeddedFileDetails":{"filePath":"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %s in the records", want)
		}
	}
}
