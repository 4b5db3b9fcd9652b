package sources

import (
	"errors"
	"os"
	"path/filepath"
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
	dfd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dfd)
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
