//go:build unix

package sources_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/sourcestest"
)

// Symlinks, FIFOs and sockets are made with unix calls.

func TestLocalSymlinksAndSpecialFiles(t *testing.T) {
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
