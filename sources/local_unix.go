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

func fileID(fi fs.FileInfo) (dev, ino uint64) {
	switch st := fi.Sys().(type) {
	case *syscall.Stat_t: // os's
		return uint64(st.Dev), uint64(st.Ino)
	case *unix.Stat_t: // the Linux listing's (dirHandle.lstat)
		return uint64(st.Dev), uint64(st.Ino)
	}
	return 0, 0
}
