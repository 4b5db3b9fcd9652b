//go:build linux

package sources

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// cachedTestFile writes n pseudo-random bytes and returns the path and bytes.
func cachedTestFile(t *testing.T, n int) (string, []byte) {
	t.Helper()
	data := make([]byte, n)
	r := rand.New(rand.NewPCG(uint64(n), 7))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, data
}

func openCached(t *testing.T, path string, nowait bool) *cachedFile {
	t.Helper()
	rc, err := openRegular(unix.AT_FDCWD, path, path)
	if err != nil {
		t.Fatal(err)
	}
	c := rc.(*cachedFile)
	c.nowait = c.nowait && nowait
	t.Cleanup(func() { c.Close() })
	return c
}

// readAllWith reads r to the end with reads of at most size bytes.
func readAllWith(r io.Reader, size int) ([]byte, error) {
	var out []byte
	buf := make([]byte, size)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// TestCachedFileRead: the file's bytes, whole, then io.EOF again and again,
// with the page-cache path and with the blocking one, at read sizes that
// do and do not divide the file.
func TestCachedFileRead(t *testing.T) {
	for _, n := range []int{0, 1, 4095, 4096, 1<<20 + 17} {
		path, want := cachedTestFile(t, n)
		for _, nowait := range []bool{true, false} {
			for _, size := range []int{1, 7, 4096, 64 << 10, 2 << 20} {
				if n > 64<<10 && size < 4096 {
					continue // slow, and said by the smaller files
				}
				c := openCached(t, path, nowait)
				got, err := readAllWith(c, size)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("size %d, nowait %v, reads of %d: %d bytes, err %v; want the file's %d bytes", n, nowait, size, len(got), err, len(want))
				}
				if m, err := c.Read(make([]byte, 8)); m != 0 || err != io.EOF {
					t.Fatalf("size %d, nowait %v: read after the end = %d, %v; want 0, EOF", n, nowait, m, err)
				}
			}
		}
	}
}

// TestCachedFileReadAt: ReadAt answers as os.File's does, at offsets
// inside, across and past the end.
func TestCachedFileReadAt(t *testing.T) {
	path, _ := cachedTestFile(t, 100<<10+3)
	ref, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	for _, nowait := range []bool{true, false} {
		c := openCached(t, path, nowait)
		for _, tc := range []struct {
			off  int64
			size int
		}{{0, 10}, {0, 100<<10 + 3}, {4090, 20}, {100 << 10, 3}, {100 << 10, 10}, {100<<10 + 3, 1}, {1 << 30, 5}, {50, 0}} {
			got, want := make([]byte, tc.size), make([]byte, tc.size)
			n, err := c.ReadAt(got, tc.off)
			wn, werr := ref.ReadAt(want, tc.off)
			if n != wn || !errors.Is(err, werr) && !(err == nil && werr == nil) || !bytes.Equal(got[:n], want[:wn]) {
				t.Errorf("nowait %v, ReadAt(%d bytes, %d) = %d, %v; os.File: %d, %v", nowait, tc.size, tc.off, n, err, wn, werr)
			}
		}
	}
}

// TestCachedFileUncached: pages the kernel has dropped are read by the
// blocking path, and the bytes are the same.
func TestCachedFileUncached(t *testing.T) {
	path, want := cachedTestFile(t, 256<<10)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	// Advice, not a promise (tmpfs keeps its pages): the test holds either way.
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		t.Logf("fadvise: %v", err)
	}
	f.Close()
	c := openCached(t, path, true)
	if _, ok := c.readCached(make([]byte, 4096), 0); !ok {
		t.Log("the first page was not cached: the blocking path is exercised")
	}
	got, err := readAllWith(c, 64<<10)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, err %v; want the file's %d bytes", len(got), err, len(want))
	}
}

// TestCachedFileNoWait: on a file system that serves RWF_NOWAIT reads, a
// freshly written file's pages are read without the blocking path.
func TestCachedFileNoWait(t *testing.T) {
	path, want := cachedTestFile(t, 8192)
	c := openCached(t, path, true)
	got := make([]byte, 8192)
	n, ok := c.readCached(got, 0)
	if !c.nowait {
		t.Skip("RWF_NOWAIT reads are not supported here")
	}
	if !ok || n != len(want) || !bytes.Equal(got, want) {
		t.Fatalf("readCached = %d, %v; want the %d cached bytes", n, ok, len(want))
	}
}

// TestCachedFileClose: a second Close and a Read after Close are errors,
// not a read of whatever file got the descriptor number since.
func TestCachedFileClose(t *testing.T) {
	path, _ := cachedTestFile(t, 10)
	rc, err := openRegular(unix.AT_FDCWD, path, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := rc.Close(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("second Close = %v; want fs.ErrClosed", err)
	}
	if n, err := rc.Read(make([]byte, 4)); n != 0 || err == nil || err == io.EOF {
		t.Errorf("Read after Close = %d, %v; want an error", n, err)
	}
}

// TestOpenRegularRefuses: a FIFO, a directory and a symlink are refused
// with the reasons Local.Open reports, and a FIFO without blocking.
func TestOpenRegularRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{{fifo, nil}, {dir, nil}, {link, unix.ELOOP}, {filepath.Join(dir, "missing"), fs.ErrNotExist}} {
		rc, err := openRegular(unix.AT_FDCWD, tc.path, tc.path)
		if err == nil {
			rc.Close()
			t.Errorf("%s: opened", tc.path)
			continue
		}
		var oe *ObjectError
		switch {
		case tc.want != nil && !errors.Is(err, tc.want):
			t.Errorf("%s: %v; want %v", tc.path, err, tc.want)
		case tc.want == nil && (!errors.As(err, &oe) || oe.Reason != ReasonSpecialFile):
			t.Errorf("%s: %v; want a %s skip", tc.path, err, ReasonSpecialFile)
		}
	}
}

// TestCachedFileSizeAtOpen: a file that grows after it was opened is read
// as it was then; one that said size 0 (as /proc files do) is read to
// its end.
func TestCachedFileSizeAtOpen(t *testing.T) {
	for _, n := range []int{0, 5000} {
		path, want := cachedTestFile(t, n)
		c := openCached(t, path, true)
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte("appended")); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if n == 0 {
			want = []byte("appended")
		}
		got, err := readAllWith(c, 1024)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d at open: read %q…, err %v; want %d bytes", n, got[:min(len(got), 16)], err, len(want))
		}
	}
}

// typedEntry is a directory entry known by its name and the type its
// directory says, as dirHandles.entryInfo needs it.
type typedEntry struct {
	name string
	typ  fs.FileMode
}

func (e typedEntry) Name() string             { return e.name }
func (e typedEntry) IsDir() bool              { return e.typ.IsDir() }
func (e typedEntry) Type() fs.FileMode        { return e.typ }
func (typedEntry) Info() (fs.FileInfo, error) { panic("not a listed entry") }

// TestEntryInfoMatchesLstat: the listing's directory-relative lookups
// give what os.Lstat gives by full path: by fstatat, and by the open and
// fstat of what the directory said was a regular file (as it does of a
// file replaced since it was read: the FIFO and the symlink, which must be
// neither waited on nor followed).
func TestEntryInfoMatchesLstat(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, mode os.FileMode, body string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	mk("plain.txt", 0o644, "hello")
	mk("setuid", 0o4755|os.ModeSetuid, "x")
	mk("sticky", 0o1600|os.ModeSticky, "")
	mk("unreadable", 0o000, "secret")
	if err := os.Symlink("plain.txt", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o750); err != nil {
		t.Fatal(err)
	}
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var handles dirHandles
	handles.setup(&Local{})
	h := handles.add(dir, d)
	defer handles.listed(h)
	defer handles.opened.closeAll()
	if h.fd < 0 {
		t.Fatal("no descriptor for an open directory")
	}
	for _, tc := range []struct {
		name string
		typ  fs.FileMode
	}{
		{"plain.txt", 0}, {"setuid", 0}, {"sticky", 0}, {"unreadable", 0}, {"link", fs.ModeSymlink}, {"fifo", fs.ModeNamedPipe}, {"sub", fs.ModeDir}, {"missing", 0},
		{"plain.txt", fs.ModeIrregular}, {"link", 0}, {"fifo", 0}, {"sub", 0},
	} {
		name := tc.name
		full := filepath.Join(dir, name)
		want, werr := os.Lstat(full)
		got, gerr := handles.entryInfo(h, typedEntry{name, tc.typ}, full)
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Errorf("%s: error %v, want %v", name, gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		if got.Name() != want.Name() || got.Size() != want.Size() || !got.ModTime().Equal(want.ModTime()) || got.Mode() != want.Mode() || got.IsDir() != want.IsDir() {
			t.Errorf("%s: %s %d %v %v, want %s %d %v %v", name, got.Name(), got.Size(), got.ModTime(), got.Mode(), want.Name(), want.Size(), want.ModTime(), want.Mode())
		}
		if etag(got) != etag(want) {
			t.Errorf("%s: etag %s, want %s", name, etag(got), etag(want))
		}
	}
}
