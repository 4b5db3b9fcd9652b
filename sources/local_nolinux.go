//go:build !linux

package sources

import (
	"io"
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
