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

// dirHandles keeps listed directories open for Open on Linux
// (local_linux.go); elsewhere files are looked up and opened by their full
// paths, and a directory is closed once it is listed.
type dirHandles struct{}

// dirHandle is a directory being listed.
type dirHandle struct{ f *os.File }

func (*dirHandles) setup(*Local)                        {}
func (*dirHandles) add(_ string, f *os.File) *dirHandle { return &dirHandle{f: f} }
func (*dirHandles) listed(h *dirHandle)                 { h.f.Close() }

// readDir passes the entries of h's directory f to visit (see
// readDirEntries).
func (*dirHandles) readDir(_ *dirHandle, f *os.File, _, _ string, visit visitEntry) error {
	return readDirEntries(f, visit)
}

func (*dirHandles) openFile(path string) (io.ReadCloser, error) { return openRegular(path) }

// entryInfo is os.Lstat of the entry e (full is its path).
func (*dirHandles) entryInfo(_ *dirHandle, e fs.DirEntry, _ string) (fs.FileInfo, error) {
	return e.Info()
}
