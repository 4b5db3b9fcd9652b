//go:build linux

package sources

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// adviceLog records a readahead's advice as "fd:off+n".
type adviceLog []string

func recordingReadahead() (*readahead, *adviceLog) {
	r := newReadahead()
	log := &adviceLog{}
	r.advise = func(fd int, off, n int64) { *log = append(*log, fmt.Sprintf("%d:%d+%d", fd, off, n)) }
	return r, log
}

// take is a worker taking f from the listing.
func (l *adviceLog) take(r *readahead, f *cachedFile) []string {
	before := len(*l)
	r.taken(f)
	return slices.Clone((*l)[before:])
}

const mib = 1 << 20

// TestReadaheadPolicy: nothing is advised while the scan is cached; after
// a read that waited, the queued files are advised in listing order, a
// window each, within the budget, as workers take files; advice stops
// raColdFiles takes after the last wait.
func TestReadaheadPolicy(t *testing.T) {
	r, log := recordingReadahead()
	sizes := []int64{mib, 10 * mib, 10 * mib, 10 * mib, 10 * mib, 0, 3 * mib, 10 * mib, 10 * mib, 10 * mib, 10 * mib, 10 * mib, 10 * mib}
	files := make([]*cachedFile, len(sizes))
	for i, size := range sizes {
		files[i] = &cachedFile{fd: 10 + i, size: size, ra: r}
		r.listed(files[i])
	}
	steps := []struct {
		take   int
		waited bool
		want   []string
	}{
		{take: 0}, // cached: nothing
		// A window (8 MiB) of each file from 2 on, the empty 5 included,
		// as far as the 64 MiB budget goes: to 10.
		{take: 1, waited: true, want: []string{"12:0+8388608", "13:0+8388608", "14:0+8388608", "16:0+3145728",
			"17:0+8388608", "18:0+8388608", "19:0+8388608", "20:0+8388608"}},
		{take: 3, want: []string{"21:0+8388608"}}, // 8 MiB back: 11 fits, 12 not
		{take: 12}, // taken before its turn: passed over
		{take: 2},
	}
	for _, s := range steps {
		if s.waited {
			r.waited()
		}
		if got := log.take(r, files[s.take]); !slices.Equal(got, s.want) {
			t.Fatalf("taking file %d advised %q; want %q", s.take, got, s.want)
		}
	}
	if want := int64(8*mib + 3*mib + 5*8*mib); r.queued != want {
		t.Errorf("queued %d bytes; want %d, the files advised and not taken", r.queued, want)
	}
	for _, f := range files {
		r.taken(f)
	}
	if r.queued != 0 || len(r.next) != 0 {
		t.Errorf("all taken: queued %d bytes, %d files kept; want none", r.queued, len(r.next))
	}

	// Cold for raColdFiles takes after the last wait, then cached again.
	r.waited()
	for range raColdFiles {
		f := &cachedFile{fd: 100, size: 10, ra: r}
		r.listed(f)
		r.taken(f)
	}
	n := len(*log)
	f := &cachedFile{fd: 200, size: 10, ra: r}
	r.listed(f)
	r.taken(f)
	if len(*log) != n {
		t.Errorf("%d takes after the last wait, still advised %q", raColdFiles, (*log)[n:])
	}
	if len(r.next) != 0 {
		t.Errorf("%d taken files kept", len(r.next))
	}
}

// TestReadaheadReading: a worker reading a long file advises the window
// ahead of it once it is half way through the last one, while cold.
func TestReadaheadReading(t *testing.T) {
	r, log := recordingReadahead()
	f := &cachedFile{fd: 3, size: 20 * mib, ra: r, advised: 8 * mib}
	for _, read := range []int64{3 * mib, 4 * mib, 12 * mib} {
		f.read = read
		r.reading(f)
		if len(*log) != 0 {
			t.Fatalf("cached scan, read to %d MiB: advised %q", read/mib, *log)
		}
	}
	r.waited()
	for _, step := range []struct {
		read int64
		want string
	}{
		{3 * mib, ""},
		{4 * mib, "3:8388608+8388608"},
		{11 * mib, ""},
		{12 * mib, "3:16777216+4194304"},
		{19 * mib, ""},
	} {
		before := len(*log)
		f.read = step.read
		r.reading(f)
		got := ""
		if len(*log) > before {
			got = (*log)[len(*log)-1]
		}
		if got != step.want || len(*log) > before+1 {
			t.Errorf("read to %d MiB: advised %v; want %q", step.read/mib, (*log)[before:], step.want)
		}
	}
}

// residentBytes is how many bytes of path's pages are in the page cache,
// as mincore(2) of a mapping of it says: unlike a read, asking starts no
// read-ahead.
func residentBytes(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	page := os.Getpagesize()
	vec := make([]byte, (len(m)+page-1)/page)
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	n := 0
	for i, v := range vec {
		if v&1 != 0 {
			n += min(page, len(m)-i*page)
		}
	}
	return n
}

// evictedTree writes files of size bytes and drops them from the page
// cache; it skips the test where the page cache cannot be dropped (tmpfs
// keeps its pages).
func evictedTree(t *testing.T, files, size int) string {
	t.Helper()
	dir := t.TempDir()
	data := make([]byte, size)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	for i := range files {
		path := filepath.Join(dir, fmt.Sprintf("f%03d.txt", i))
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			t.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
		if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if n := residentBytes(t, path); n != 0 {
			t.Skipf("cannot drop the page cache of %s (tmpfs?): %d of %d bytes still cached", dir, n, size)
		}
	}
	return dir
}

// TestReadaheadColdScan, on real files: once a read has waited for the
// disk, the files queued behind it are read into the page cache without
// anyone reading them; before that, opening and listing read nothing.
func TestReadaheadColdScan(t *testing.T) {
	const files, size = 24, 256 << 10
	dir := evictedTree(t, files, size)
	l, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	objs := listed(t, l)
	if len(objs) != files {
		t.Fatalf("listed %d objects; want %d", len(objs), files)
	}
	last := objs[len(objs)-1].Path
	open := func(o Object) io.ReadCloser {
		rc, err := l.Open(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rc.Close() })
		return rc
	}

	// Cached as far as the scan knows: taking a file advises nothing.
	open(objs[0])
	time.Sleep(200 * time.Millisecond)
	if n := residentBytes(t, last); n != 0 {
		t.Fatalf("before any read waited, %d bytes of the last file listed were read in", n)
	}
	// A read that waits turns the scan cold; the next take advises the
	// files behind it.
	if _, err := io.Copy(io.Discard, open(objs[1])); err != nil {
		t.Fatal(err)
	}
	open(objs[2])
	deadline := time.Now().Add(10 * time.Second)
	most := 0 // the most seen cached: tells "never read ahead" from "read, then reclaimed"
	for {
		n := residentBytes(t, last)
		if n == size {
			break
		}
		most = max(most, n)
		if time.Now().After(deadline) {
			t.Fatalf("after a read waited, %d of the last file's %d bytes are cached (at most %d seen); want all, read ahead", n, size, most)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
