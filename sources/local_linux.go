//go:build linux

package sources

import (
	"io"
	"math/bits"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// cachedFile reads a local file's bytes that are in the page cache without
// the scheduler's system-call hand-off, and the others as os.File does.
//
// A read(2) through os.File enters the runtime's blocking-syscall state:
// when it lasts more than about 20 µs — a 512 KiB copy out of the page
// cache does — sysmon takes the worker's P away and hands it off, keeps
// itself waking every 20 µs, and the worker must win a P back on return.
// With every core scanning, each of those wake-ups preempts a worker: on
// the bench corpus a two-worker scan made about 6,000 more context
// switches than a one-worker scan and used 8–12 % more CPU for the same
// work. preadv2(2) with RWF_NOWAIT never waits for I/O — it returns what
// the page cache holds, or EAGAIN — so it is made as a raw system call,
// like a clock read; a miss falls back to the ordinary blocking read,
// which does wait for the disk. A kernel or file system without
// RWF_NOWAIT (EOPNOTSUPP, ENOSYS, EINVAL) turns the fast path off for the
// file.
type cachedFile struct {
	f      *os.File
	fd     uintptr
	nowait bool
}

// openedFile wraps a regular file just opened for reading.
func openedFile(f *os.File) io.ReadCloser {
	c := &cachedFile{f: f}
	// 32-bit kernels split the offset in two words; the fast path is for
	// the 64-bit ones.
	if rc, err := f.SyscallConn(); err == nil && bits.UintSize == 64 {
		// Control, not Fd: Fd would switch the descriptor to blocking
		// mode, a system call of its own.
		if rc.Control(func(fd uintptr) { c.fd = fd }) == nil {
			c.nowait = true
		}
	}
	return c
}

// currentOffset asks preadv2 for the file's current position, as read(2)
// uses and advances.
const currentOffset = -1

func (c *cachedFile) Read(p []byte) (int, error) {
	if n, ok := c.readCached(p, currentOffset); ok {
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
	return c.f.Read(p)
}

// ReadAt serves the columnar and zip decoders' reads at offsets.
func (c *cachedFile) ReadAt(p []byte, off int64) (int, error) {
	var n int
	if off >= 0 {
		if n, _ = c.readCached(p, off); n == len(p) {
			return n, nil
		}
		// Part of p or none of it was cached (or off is past the end):
		// io.ReaderAt wants all of p or an error, which the blocking
		// pread of the rest gives.
	}
	m, err := c.f.ReadAt(p[n:], off+int64(n))
	return n + m, err
}

// readCached reads into p from the page cache at off (currentOffset: the
// file position). ok is false when the caller must make a blocking read:
// nothing of p was cached, or the fast path is off.
func (c *cachedFile) readCached(p []byte, off int64) (n int, ok bool) {
	if !c.nowait || len(p) == 0 {
		return 0, false
	}
	iov := unix.Iovec{Base: &p[0]}
	iov.SetLen(len(p))
	// On 64-bit Linux the offset is one word (pos_l); pos_h is ignored.
	r, _, errno := unix.RawSyscall6(unix.SYS_PREADV2, c.fd, uintptr(unsafe.Pointer(&iov)), 1, uintptr(off), 0, unix.RWF_NOWAIT)
	switch errno {
	case 0:
		return int(r), true
	case unix.EAGAIN, unix.EINTR:
		return 0, false
	default:
		c.nowait = false
		return 0, false
	}
}

func (c *cachedFile) Close() error { return c.f.Close() }
