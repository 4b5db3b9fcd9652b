package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/piiscan/piiscan/testcorpus"
)

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"500MB", 500e6, true},
		{"500mb", 500e6, true},
		{"1GiB", 1 << 30, true},
		{"64 KiB", 64 << 10, true},
		{"1.5GB", 1.5e9, true},
		{"1000", 1000, true},
		{"12B", 12, true},
		{"", 0, false},
		{"MB", 0, false},
		{"-5MB", 0, false},
		{"five", 0, false},
	} {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestRun(t *testing.T) {
	out := t.TempDir()
	manifest := filepath.Join(t.TempDir(), "m.json")
	if err := run([]string{"-out", out, "-files", "1", "-rows", "50", "-formats", "csv,txt", "-manifest", manifest}); err != nil {
		t.Fatal(err)
	}
	m, err := testcorpus.LoadManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 2 {
		t.Errorf("got %d files, want 2", len(m.Files))
	}
	if _, err := os.Stat(filepath.Join(out, testcorpus.ManifestName)); !os.IsNotExist(err) {
		t.Errorf("manifest written into the corpus despite -manifest: %v", err)
	}
	if err := run([]string{"-out", t.TempDir(), "-size", "200KB", "-rows", "100"}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{}, {"-out", out, "-size", "lots"}, {"-out", out, "-formats", "doc"}, {"-out", out, "-rows", "0"}} {
		if err := run(args); err == nil {
			t.Errorf("run(%q) = nil error", args)
		}
	}
}
