//go:build unix

package sources

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// openFlags: O_NOFOLLOW so a file replaced by a symlink after listing is
// not followed; O_NONBLOCK so a file replaced by a FIFO does not block the
// open (it has no effect on a regular file's reads on Linux).
const openFlags = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// checkReadable asks the kernel whether this process may read path, without
// opening it: faccessat(2) with AT_EACCESS checks the effective ids and
// capabilities, which are what open(2) uses.
func checkReadable(path string) error {
	if err := unix.Faccessat(unix.AT_FDCWD, path, unix.R_OK, unix.AT_EACCESS); err != nil {
		return &fs.PathError{Op: "access", Path: path, Err: err}
	}
	return nil
}

func fileID(fi fs.FileInfo) (dev, ino uint64) {
	switch st := fi.Sys().(type) {
	case *syscall.Stat_t: // os's
		return uint64(st.Dev), uint64(st.Ino)
	case *unix.Stat_t: // the Linux listing's (entryStatter)
		return uint64(st.Dev), uint64(st.Ino)
	}
	return 0, 0
}
