//go:build linux

package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// openFDs is how many descriptors the process has open on root or below
// (others may come and go: cleanups of earlier tests' Locals).
func openFDs(t *testing.T, root string) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count descriptors: %v", err)
	}
	n := 0
	for _, e := range entries {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name()))
		if err == nil && (target == root || strings.HasPrefix(target, root+"/")) {
			n++
		}
	}
	return n
}

// dirTree writes dirs directories (some nested) of files files each, and
// returns the root and every file's bytes by path.
func dirTree(t *testing.T, dirs, files int) (string, map[string][]byte) {
	t.Helper()
	root := t.TempDir()
	want := map[string][]byte{}
	for d := range dirs {
		dir := filepath.Join(root, fmt.Sprintf("d%03d", d))
		if d%3 == 2 {
			dir = filepath.Join(root, fmt.Sprintf("d%03d", d-1), "nested", "deeper")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for f := range files {
			p := filepath.Join(dir, fmt.Sprintf("f%03d.txt", f))
			b := []byte(p)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			want[p] = b
		}
	}
	return root, want
}

// listed lists l's objects, in the listing's order.
func listed(t *testing.T, l *Local) []Object {
	t.Helper()
	var objs []Object
	if err := l.List(context.Background(), func(o Object) error { objs = append(objs, o); return nil }); err != nil {
		t.Fatal(err)
	}
	return objs
}

// openAndCheck opens obj, reads it whole and checks its bytes.
func openAndCheck(t *testing.T, l *Local, obj Object, want map[string][]byte) {
	rc, err := l.Open(context.Background(), obj)
	if err != nil {
		t.Errorf("Open(%s): %v", obj.Key, err)
		return
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, want[obj.Path]) {
		t.Errorf("%s: read %q, %v; want %q", obj.Key, got, err, want[obj.Path])
	}
}

// handlesLeft is how many directory handles l keeps.
func handlesLeft(l *Local) int {
	l.dirs.mu.Lock()
	defer l.dirs.mu.Unlock()
	if len(l.dirs.byDir) != len(l.dirs.kept) {
		return -1
	}
	return len(l.dirs.kept)
}

// TestDirHandlesLifetime: however the listing and the opens interleave,
// at most maxDirHandles directories stay open for Open, every file is
// read whole, and once every listed file was opened no descriptor is left.
func TestDirHandlesLifetime(t *testing.T) {
	for _, tc := range []struct {
		name        string
		dirs, files int
	}{
		{"few directories, many files", 4, 200},
		{"many directories, one file each", 3 * maxDirHandles, 1},
		{"many directories, some files each", 2 * maxDirHandles, 5},
	} {
		root, want := dirTree(t, tc.dirs, tc.files)
		for _, opened := range []int{0, 10, maxOpenedFiles} {
			t.Run(fmt.Sprintf("%s, %d opened by the listing at most, all listed first", tc.name, opened), func(t *testing.T) {
				before := openFDs(t, root)
				l, err := NewLocal(root)
				if err != nil {
					t.Fatal(err)
				}
				l.dirs.opened.max = opened
				var objs []Object
				err = l.List(context.Background(), func(o Object) error {
					if n, most := openFDs(t, root)-before, maxDirHandles+opened+1; n > most {
						t.Fatalf("%d descriptors open while listing, want at most %d", n, most)
					}
					objs = append(objs, o)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if len(objs) != len(want) {
					t.Fatalf("listed %d files, want %d", len(objs), len(want))
				}
				if n := handlesLeft(l); n < 0 || n > maxDirHandles {
					t.Fatalf("%d handles kept after listing, want at most %d", n, maxDirHandles)
				}
				for _, o := range objs {
					openAndCheck(t, l, o, want)
				}
				if n := handlesLeft(l); n != 0 {
					t.Errorf("%d handles kept after every file was opened, want 0", n)
				}
				if n := openFDs(t, root) - before; n != 0 {
					t.Errorf("%d descriptors left open, want 0", n)
				}
			})
			t.Run(fmt.Sprintf("%s, %d opened by the listing at most, opened while listing", tc.name, opened), func(t *testing.T) {
				before := openFDs(t, root)
				l, err := NewLocal(root)
				if err != nil {
					t.Fatal(err)
				}
				l.dirs.opened.max = opened
				// As the scanner does: a bounded queue, several workers.
				queue := make(chan Object, 8)
				var wg sync.WaitGroup
				for range 4 {
					wg.Go(func() {
						for o := range queue {
							openAndCheck(t, l, o, want)
						}
					})
				}
				listed := 0
				err = l.List(context.Background(), func(o Object) error {
					listed++
					queue <- o
					return nil
				})
				close(queue)
				wg.Wait()
				if err != nil {
					t.Fatal(err)
				}
				if listed != len(want) {
					t.Errorf("listed %d files, want %d", listed, len(want))
				}
				if n := handlesLeft(l); n != 0 {
					t.Errorf("%d handles kept after every file was opened, want 0", n)
				}
				if n := openFDs(t, root) - before; n != 0 {
					t.Errorf("%d descriptors left open, want 0", n)
				}
			})
		}
	}
}

// TestDirHandlesNotOpened: files listed and never opened (a cancelled
// scan, a filter) keep at most maxDirHandles directories and
// openedFiles.max files open, and a new listing of the same tree takes
// their place rather than adding to them; once the Local is gone, they
// are closed.
func TestDirHandlesNotOpened(t *testing.T) {
	root, want := dirTree(t, 2*maxDirHandles, 3)
	before := openFDs(t, root)
	l, err := NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	const opened = 50
	l.dirs.opened.max = opened
	for range 3 {
		if err := l.List(context.Background(), func(Object) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if n := openFDs(t, root) - before; n > maxDirHandles+opened {
			t.Fatalf("%d descriptors open, want at most %d", n, maxDirHandles+opened)
		}
	}
	objs := listed(t, l)
	for _, o := range objs {
		openAndCheck(t, l, o, want)
	}
	if n := openFDs(t, root) - before; n != 0 {
		t.Errorf("%d descriptors left open, want 0", n)
	}

	l, err = NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.List(context.Background(), func(Object) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if openFDs(t, root) == before {
		t.Fatal("the listing opened nothing")
	}
	l = nil
	for range 100 {
		runtime.GC()
		if openFDs(t, root) == before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d descriptors left open after the Local was collected, want 0", openFDs(t, root)-before)
}

// TestDirHandlesOpenRelative: a file is opened in the directory that was
// listed, through its handle: the directory renamed since does not matter
// while its handle is kept; without a handle the full path is used.
func TestDirHandlesOpenRelative(t *testing.T) {
	root, want := dirTree(t, 1, 2)
	l, err := NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	objs := listed(t, l)
	if err := os.Rename(filepath.Join(root, "d000"), filepath.Join(root, "moved")); err != nil {
		t.Fatal(err)
	}
	openAndCheck(t, l, objs[0], want)
	// Opening the last file closed the handle: Open falls back to the
	// full path, which no longer exists.
	openAndCheck(t, l, objs[1], want)
	if _, err := l.Open(context.Background(), objs[0]); err == nil {
		t.Errorf("Open(%s) by a path that no longer exists succeeded", objs[0].Key)
	}
}

// TestOpenedFilesSwept: files the listing opened and no Open took do not
// keep the table full for good: later listings close them and open their
// own files again.
func TestOpenedFilesSwept(t *testing.T) {
	root := t.TempDir()
	want := map[string][]byte{}
	for _, dir := range []string{"a", "b"} {
		if err := os.Mkdir(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		for i := range 100 {
			p := filepath.Join(root, dir, fmt.Sprintf("f%03d", i))
			if err := os.WriteFile(p, []byte(p), 0o644); err != nil {
				t.Fatal(err)
			}
			want[p] = []byte(p)
		}
	}
	l, err := NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	const opened = 10
	l.dirs.opened.max = opened
	// A listing stopped early (cancelled): the files of a it opened are
	// never taken; then a moves out of the tree.
	stop := errors.New("stop")
	n := 0
	err = l.List(context.Background(), func(Object) error {
		if n++; n == opened {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Fatalf("List = %v, want the callback's error", err)
	}
	if got := openFDs(t, filepath.Join(root, "a")); got == 0 {
		t.Fatal("the listing opened none of a's files")
	}
	gone := filepath.Join(t.TempDir(), "a")
	if err := os.Rename(filepath.Join(root, "a"), gone); err != nil {
		t.Fatal(err)
	}
	taken := 0
	err = l.List(context.Background(), func(o Object) error {
		l.dirs.mu.Lock()
		_, ok := l.dirs.opened.files[o.Path]
		l.dirs.mu.Unlock()
		if ok {
			taken++
		}
		openAndCheck(t, l, o, want)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := openFDs(t, gone); got != 0 {
		t.Errorf("%d of the files never taken still open, want 0", got)
	}
	if taken < 100-3*opened {
		t.Errorf("%d of b's 100 files opened by the listing, want nearly all", taken)
	}
}
