package sources_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/sourcestest"
)

func writeFiles(t *testing.T, dir string, files sourcestest.Files) {
	t.Helper()
	for k, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLocalConformance(t *testing.T) {
	sourcestest.Run(t, func(t *testing.T, files sourcestest.Files) sources.Source {
		dir := t.TempDir()
		writeFiles(t, dir, files)
		src, err := sources.NewLocal(dir)
		if err != nil {
			t.Fatal(err)
		}
		return src
	})
}

// listAll lists src and returns its objects by key.
func listAll(t *testing.T, src sources.Source) map[string]sources.Object {
	t.Helper()
	got := map[string]sources.Object{}
	err := src.List(context.Background(), func(o sources.Object) error {
		if _, dup := got[o.Key]; dup {
			t.Errorf("key %q listed twice", o.Key)
		}
		got[o.Key] = o
		return nil
	})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return got
}

func skipReason(o sources.Object) string {
	if o.Skip == nil {
		return ""
	}
	return o.Skip.Status + " " + o.Skip.Reason
}

func TestLocalRoots(t *testing.T) {
	if _, err := sources.NewLocal("/definitely/not/here"); err == nil || !strings.Contains(err.Error(), "/definitely/not/here") {
		t.Errorf("NewLocal(missing) = %v, want an error naming the root", err)
	}
	if _, err := sources.NewLocal(); err == nil {
		t.Error("NewLocal() with no root succeeded")
	}
	dir := t.TempDir()
	writeFiles(t, dir, sourcestest.Files{"one/f.txt": []byte("a"), "two/g.txt": []byte("bb")})
	// A file root lists under its base name; roots combine.
	src, err := sources.NewLocal(filepath.Join(dir, "one", "f.txt"), filepath.Join(dir, "two"))
	if err != nil {
		t.Fatal(err)
	}
	got := listAll(t, src)
	if o, ok := got["f.txt"]; !ok || o.Size != 1 || o.Path != filepath.Join(dir, "one", "f.txt") {
		t.Errorf("file root: got %+v", got)
	}
	if o, ok := got["g.txt"]; !ok || o.Size != 2 {
		t.Errorf("dir root: got %+v", got)
	}
	rc, err := src.Open(context.Background(), got["g.txt"])
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	// Open gives random access for formats that need it (Parquet).
	if _, ok := rc.(io.ReaderAt); !ok {
		t.Error("Open's reader is not an io.ReaderAt")
	}
	// A root given through a symlink is followed.
	if runtime.GOOS != "windows" {
		ln := filepath.Join(t.TempDir(), "rootlink")
		if err := os.Symlink(filepath.Join(dir, "two"), ln); err != nil {
			t.Fatal(err)
		}
		src, err := sources.NewLocal(ln)
		if err != nil {
			t.Fatal(err)
		}
		if got := listAll(t, src); got["g.txt"].Skip != nil || len(got) != 1 {
			t.Errorf("symlinked root: got %+v", got)
		}
	}
}

func TestLocalETagChangesWithContent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	writeFiles(t, dir, sourcestest.Files{"f": []byte("one")})
	src, _ := sources.NewLocal(dir)
	before := listAll(t, src)["f"].ETag
	if err := os.WriteFile(p, []byte("three"), 0o644); err != nil {
		t.Fatal(err)
	}
	if after := listAll(t, src)["f"].ETag; after == before {
		t.Errorf("ETag %q unchanged after rewrite", after)
	}
}

// TestLocalLargeDirectory lists a directory larger than one ReadDir batch
// and a deep chain of directories.
func TestLocalLargeDirectory(t *testing.T) {
	dir := t.TempDir()
	files := sourcestest.Files{}
	for i := range 2500 {
		files["flat/f"+strconv.Itoa(i)] = []byte{byte(i)}
	}
	deep := "d"
	for range 40 {
		deep += "/d"
	}
	files[deep+"/leaf.txt"] = []byte("leaf")
	writeFiles(t, dir, files)
	src, err := sources.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := listAll(t, src)
	if len(got) != len(files) {
		t.Fatalf("listed %d objects, want %d", len(got), len(files))
	}
	for k := range files {
		if o, ok := got[k]; !ok || o.Skip != nil || o.Size != int64(len(files[k])) {
			t.Errorf("%q: got %+v", k, o)
		}
	}
}
