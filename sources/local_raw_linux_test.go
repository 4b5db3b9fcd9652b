package sources

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenAt checks openAt's C string on the stack against unix.Openat's
// on the heap, which it falls back to for a name that does not fit: the
// same file or the same error, for names that fit, a name of NAME_MAX
// bytes, a path longer than the buffer and a name with a NUL.
func TestOpenAt(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("n", 255)
	for name, body := range map[string]string{"a.txt": "a", long: "long"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.txt", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	deep := dir
	for len(deep) < 300 {
		deep = filepath.Join(deep, strings.Repeat("d", 40))
	}
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(deep, "deep.txt"), []byte("deep"), 0o644); err != nil {
		t.Fatal(err)
	}
	dfd := openDirFD(t, dir)
	for _, tc := range []struct {
		dirfd int
		name  string
		body  string // "" when it must fail with err
		err   error
	}{
		{dfd, "a.txt", "a", nil},
		{dfd, long, "long", nil},
		{unix.AT_FDCWD, filepath.Join(dir, "a.txt"), "a", nil},
		{unix.AT_FDCWD, filepath.Join(deep, "deep.txt"), "deep", nil}, // longer than the buffer
		{dfd, "missing", "", unix.ENOENT},
		{dfd, "link", "", unix.ELOOP},
		{dfd, long + "x", "", unix.ENAMETOOLONG},
		{dfd, "a.txt\x00b", "", unix.EINVAL},
	} {
		fd, err := openAt(tc.dirfd, tc.name)
		if tc.body == "" {
			if !errors.Is(err, tc.err) {
				t.Errorf("openAt(%.20q…): %v, want %v", tc.name, err, tc.err)
			}
			if err == nil {
				unix.Close(fd)
			}
			continue
		}
		if err != nil {
			t.Errorf("openAt(%.20q…): %v", tc.name, err)
			continue
		}
		buf := make([]byte, 16)
		n, _ := unix.Read(fd, buf)
		unix.Close(fd)
		if got := string(buf[:max(n, 0)]); got != tc.body {
			t.Errorf("openAt(%.20q…) read %q, want %q", tc.name, got, tc.body)
		}
	}
}

// TestReadDirRaw checks the listing's own reading of directory entries
// against os.ReadDir: the same entries with the same names and types, and
// the paths and keys filepath.Join and rel + "/" + name make, for every
// kind of entry and for more entries than one getdents64 call returns.
func TestReadDirRaw(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a b", "ü")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	names := []string{"x", "é.csv", "with space.json", ".hidden", "..x", strings.Repeat("l", 255)}
	for i := range 600 {
		names = append(names, fmt.Sprintf("file-%04d-%s.txt", i, strings.Repeat("p", i%50)))
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("x", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ln, err := net.Listen("unix", filepath.Join(dir, "sock")); err == nil {
		defer ln.Close()
	}
	type entry struct {
		name      string
		typ       fs.FileMode
		full, key string
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	const rel = "a b/ü"
	var want []entry
	for _, e := range des {
		want = append(want, entry{e.Name(), e.Type(), filepath.Join(dir, e.Name()), rel + "/" + e.Name()})
	}
	l, err := NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := l.dirs.add(dir, f)
	defer l.dirs.listed(h)
	if h.fd < 0 {
		t.Fatal("no descriptor: readDir would not read entries itself")
	}
	var got []entry
	err = l.dirs.readDir(h, f, dir, rel, func(e fs.DirEntry, full, key string) bool {
		if e.IsDir() != e.Type().IsDir() {
			t.Errorf("%q: IsDir %v, Type %v", e.Name(), e.IsDir(), e.Type())
		}
		if full == "" {
			full, key = filepath.Join(dir, e.Name()), rel+"/"+e.Name()
		}
		got = append(got, entry{e.Name(), e.Type(), full, key})
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	sortEntries := func(es []entry) {
		slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	}
	sortEntries(got)
	sortEntries(want)
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %+v, want %+v", got[i], want[i])
		}
	}
}

// dirent is a struct linux_dirent64 record of name, padded to 8 bytes
// as the kernel pads it.
func dirent(ino uint64, dtype byte, name string) []byte {
	reclen := (19 + len(name) + 1 + 7) &^ 7
	b := make([]byte, reclen)
	binary.NativeEndian.PutUint64(b[0:8], ino)
	binary.NativeEndian.PutUint16(b[16:18], uint16(reclen))
	b[18] = dtype
	copy(b[19:], name)
	return b
}

// TestNextDirent splits records as the kernel writes them, and refuses a
// buffer that does not start with a whole one.
func TestNextDirent(t *testing.T) {
	var buf []byte
	want := []struct {
		ino   uint64
		dtype byte
		name  string
	}{{1, unix.DT_REG, "a"}, {0, unix.DT_REG, "deleted"}, {7, unix.DT_DIR, "."}, {8, unix.DT_UNKNOWN, strings.Repeat("n", 255)}, {9, unix.DT_LNK, "12345"}}
	for _, w := range want {
		buf = append(buf, dirent(w.ino, w.dtype, w.name)...)
	}
	b := buf
	for _, w := range want {
		name, ino, dtype, rest, ok := nextDirent(b)
		if !ok || string(name) != w.name || ino != w.ino || dtype != w.dtype {
			t.Fatalf("nextDirent = %q, %d, %d, %v; want %q, %d, %d", name, ino, dtype, ok, w.name, w.ino, w.dtype)
		}
		b = rest
	}
	if len(b) != 0 {
		t.Fatalf("%d bytes left", len(b))
	}
	rec := dirent(1, unix.DT_REG, "abc")
	short := slices.Clone(rec)
	binary.NativeEndian.PutUint16(short[16:18], 19) // no room for a name
	long := slices.Clone(rec)
	binary.NativeEndian.PutUint16(long[16:18], uint16(len(rec)+8)) // past the buffer
	for _, bad := range [][]byte{rec[:10], rec[:19], rec[:len(rec)-1], short, long} {
		if _, _, _, _, ok := nextDirent(bad); ok {
			t.Errorf("nextDirent(% x) ok", bad)
		}
	}
}

// TestDirentMode: an entry's type comes from its d_type, or a lookup when
// that is DT_UNKNOWN; a looked-up entry that is gone is left out.
func TestDirentMode(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("f", filepath.Join(dir, "l")); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(filepath.Join(dir, "p"), 0o644); err != nil {
		t.Fatal(err)
	}
	dfd := openDirFD(t, dir)
	for _, tc := range []struct {
		name  string
		dtype byte
		typ   fs.FileMode
		ok    bool
	}{
		{"f", unix.DT_REG, 0, true},
		{"d", unix.DT_DIR, fs.ModeDir, true},
		{"anything", unix.DT_SOCK, fs.ModeSocket, true}, // d_type is trusted
		{"f", unix.DT_UNKNOWN, 0, true},
		{"d", unix.DT_UNKNOWN, fs.ModeDir, true},
		{"l", unix.DT_UNKNOWN, fs.ModeSymlink, true}, // not followed
		{"p", unix.DT_UNKNOWN, fs.ModeNamedPipe, true},
		{"gone", unix.DT_UNKNOWN, 0, false},
	} {
		typ, ok := direntMode(dfd, []byte(tc.name), tc.dtype)
		if typ != tc.typ || ok != tc.ok {
			t.Errorf("direntMode(%q, %d) = %v, %v; want %v, %v", tc.name, tc.dtype, typ, ok, tc.typ, tc.ok)
		}
	}
}

// FuzzNextDirent: whatever the bytes, nextDirent does not panic, and a
// record it splits off is within b, at least a header long, with a name
// without NUL.
func FuzzNextDirent(f *testing.F) {
	f.Add(dirent(1, unix.DT_REG, "a"))
	f.Add(append(dirent(2, unix.DT_DIR, "sub"), dirent(3, unix.DT_UNKNOWN, "x.csv")...))
	f.Add([]byte{})
	f.Add(dirent(1, unix.DT_REG, "abc")[:20])
	f.Fuzz(func(t *testing.T, b []byte) {
		for len(b) > 0 {
			name, _, _, rest, ok := nextDirent(b)
			if !ok {
				if len(rest) != len(b) {
					t.Fatal("rest changed on failure")
				}
				return
			}
			if n := len(b) - len(rest); n <= 19 || n > len(b) || len(name) > n-19 || bytes.IndexByte(name, 0) >= 0 {
				t.Fatalf("record of %d bytes, name %q, of %d", n, name, len(b))
			}
			b = rest
		}
	})
}

// openDirFD opens dir as a directory descriptor, closed when t ends.
func openDirFD(t *testing.T, dir string) int {
	t.Helper()
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}
