package jobs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenLocalRepository: opening a local repository to read it creates
// nothing, and says which directory is missing or is not one.
func TestOpenLocalRepository(t *testing.T) {
	root := t.TempDir()
	if _, err := OpenLocalRepository(root, "job1"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v, want not exist", err)
	}
	if _, err := os.Stat(filepath.Join(root, "job1")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenLocalRepository made the job's directory (stat: %v)", err)
	}
	if err := os.WriteFile(filepath.Join(root, "job2"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenLocalRepository(root, "job2"); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a file: %v, want not a directory", err)
	}
	made, err := NewLocalRepository(root, "job3")
	if err != nil {
		t.Fatal(err)
	}
	opened, err := OpenLocalRepository(root, "job3")
	if err != nil || opened.Location() != made.Location() {
		t.Errorf("existing directory: %v, location %v, want %s", err, opened, made.Location())
	}
}
