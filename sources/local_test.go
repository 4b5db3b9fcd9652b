package sources_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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

func TestLocalSymlinksAndSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks and FIFOs need a unix file system")
	}
	outside := t.TempDir()
	writeFiles(t, outside, sourcestest.Files{"secret.txt": []byte("outside\n")})
	dir := t.TempDir()
	writeFiles(t, dir, sourcestest.Files{"real.txt": []byte("inside\n"), "sub/x.txt": []byte("x\n")})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	link("real.txt", "inside-link.txt")                            // to a file in the tree
	link(filepath.Join(outside, "secret.txt"), "outside-link.txt") // out of the tree
	link("does-not-exist", "dangling")                             // dangling
	link("loop-b", "loop-a")                                       // a loop of two links
	link("loop-a", "loop-b")
	link("..", "sub/up") // a directory loop if it were followed
	link(outside, "outdir")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(sock)
	if err := syscall.Bind(sock, &syscall.SockaddrUnix{Name: filepath.Join(dir, "sock")}); err != nil {
		t.Fatal(err)
	}

	src, err := sources.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan map[string]sources.Object)
	go func() { done <- listAll(t, src) }()
	var got map[string]sources.Object
	select {
	case got = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("List blocked (opened a FIFO?)")
	}

	want := map[string]string{
		"real.txt":         "",
		"sub/x.txt":        "",
		"inside-link.txt":  "SKIPPED " + sources.ReasonSymlinkInsideRoot,
		"outside-link.txt": "SKIPPED " + sources.ReasonSymlinkOutsideRoot,
		"dangling":         "SKIPPED " + sources.ReasonSymlinkDangling,
		"loop-a":           "SKIPPED " + sources.ReasonSymlinkLoop,
		"loop-b":           "SKIPPED " + sources.ReasonSymlinkLoop,
		"sub/up":           "SKIPPED " + sources.ReasonSymlinkInsideRoot,
		"outdir":           "SKIPPED " + sources.ReasonSymlinkOutsideRoot,
		"fifo":             "SKIPPED " + sources.ReasonSpecialFile,
		"sock":             "SKIPPED " + sources.ReasonSpecialFile,
	}
	var keys []string
	for k, o := range got {
		keys = append(keys, k)
		w, ok := want[k]
		if !ok {
			t.Errorf("unexpected key %q", k)
			continue
		}
		if r := skipReason(o); r != w {
			t.Errorf("%q: skip %q, want %q", k, r, w)
		}
		if strings.Contains(o.Key, "secret") {
			t.Errorf("listed a file outside the root: %q", k)
		}
	}
	if len(got) != len(want) {
		slices.Sort(keys)
		t.Errorf("listed %q, want %d keys", keys, len(want))
	}

	// Open refuses a skipped object, and a FIFO even when Skip is cleared
	// (a file swapped for a FIFO after listing): it must not block.
	fifo := got["fifo"]
	if _, err := src.Open(context.Background(), fifo); err == nil {
		t.Error("Open of a skipped object succeeded")
	}
	fifo.Skip = nil
	openDone := make(chan error, 1)
	go func() {
		rc, err := src.Open(context.Background(), fifo)
		if rc != nil {
			rc.Close()
		}
		openDone <- err
	}()
	select {
	case err := <-openDone:
		var oe *sources.ObjectError
		if !errors.As(err, &oe) || oe.Reason != sources.ReasonSpecialFile {
			t.Errorf("Open(fifo) = %v, want ObjectError %s", err, sources.ReasonSpecialFile)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Open(fifo) blocked")
	}
	// A file swapped for a symlink after listing is not followed.
	swapped := got["outside-link.txt"]
	swapped.Skip = nil
	if rc, err := src.Open(context.Background(), swapped); err == nil {
		rc.Close()
		t.Error("Open followed a symlink")
	}
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
