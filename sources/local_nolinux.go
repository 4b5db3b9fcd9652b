//go:build !linux

package sources

import (
	"io"
	"io/fs"
	"os"
)

// openRegular opens path for reading (see openFlags) and checks that it is
// a regular file; Linux has a leaner version (local_linux.go).
func openRegular(path string) (io.ReadCloser, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(fi.Mode())
	}
	return f, nil
}

// entryStatter is Linux's directory-relative lookup (local_linux.go);
// elsewhere entries are looked up by their full paths.
type entryStatter struct{}

func entryStatterFor(*os.File) *entryStatter { return nil }

func (*entryStatter) lstat(string, string) (fs.FileInfo, error) { panic("unreachable") }
func (*entryStatter) access(string, string) error               { panic("unreachable") }
