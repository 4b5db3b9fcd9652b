//go:build !linux

package sources

import (
	"io"
	"os"
)

// openedFile wraps a regular file just opened for reading: elsewhere than
// on Linux, the file itself (see local_linux.go).
func openedFile(f *os.File) io.ReadCloser { return f }
