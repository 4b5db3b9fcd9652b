//go:build linux

package sources

import (
	"errors"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// cachedFile is an open local file. It reads the bytes that are in the
// page cache without the scheduler's system-call hand-off, and the others
// with the ordinary blocking read.
//
// A blocking read(2) enters the runtime's blocking-syscall state:
// when it lasts more than about 20 µs — a copy of a few hundred KiB out
// of the page cache does — sysmon takes the worker's P away and hands it
// off, keeps itself waking every 20 µs, and the worker must win a P back
// on return.
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
	fd     int
	path   string // for errors, as os.File's
	nowait bool
	// size is the file's size when it was opened, and read how much of it
	// Read has returned: once all of it has, the next Read says io.EOF
	// without a system call, one of a handful a small file costs. A file
	// that grows while it is scanned is scanned as it was when opened. A
	// size of 0 is not trusted (files in /proc and /sys say 0 and have
	// content): such a file is read to its end.
	size, read int64
}

// openRegular opens path for reading, without following a symlink at its
// end and without blocking on a FIFO put there since listing, and checks
// that it is a regular file. The descriptor is used directly, not through
// an os.File, whose open and close cost about 8 µs more on this project's
// test machine (an attempt to register the file with the network poller,
// which Linux refuses for regular files, and a cleanup registration): a
// scan of 20,000 small files paid that 20,000 times.
func openRegular(path string) (io.ReadCloser, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, openFlags|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, notRegular(fileType(st.Mode))
	}
	// 32-bit kernels split preadv2's offset in two words; the fast path
	// is for the 64-bit ones.
	return &cachedFile{fd: fd, path: path, nowait: bits.UintSize == 64, size: st.Size}, nil
}

// fileType is the fs.FileMode type bits of a stat mode.
func fileType(mode uint32) fs.FileMode {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

// currentOffset asks preadv2 for the file's current position, as read(2)
// uses and advances.
const currentOffset = -1

func (c *cachedFile) Read(p []byte) (int, error) {
	if c.size > 0 && c.fd >= 0 {
		if c.read >= c.size {
			return 0, io.EOF
		}
		if rest := c.size - c.read; int64(len(p)) > rest {
			p = p[:rest]
		}
	}
	if n, ok := c.readCached(p, currentOffset); ok {
		if n == 0 {
			return 0, io.EOF
		}
		c.read += int64(n)
		return n, nil
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := unix.Read(c.fd, p)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: c.path, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		c.read += int64(n)
		return n, nil
	}
}

// ReadAt serves the columnar and zip decoders' reads at offsets, as
// io.ReaderAt says: all of p, or an error.
func (c *cachedFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, &fs.PathError{Op: "readat", Path: c.path, Err: errors.New("negative offset")}
	}
	n, _ := c.readCached(p, off)
	for n < len(p) {
		// Not cached, or not all of it: the blocking pread.
		m, err := unix.Pread(c.fd, p[n:], off+int64(n))
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return n, &fs.PathError{Op: "read", Path: c.path, Err: err}
		case m == 0:
			return n, io.EOF
		}
		n += m
	}
	return n, nil
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
	r, _, errno := unix.RawSyscall6(unix.SYS_PREADV2, uintptr(c.fd), uintptr(unsafe.Pointer(&iov)), 1, uintptr(off), 0, unix.RWF_NOWAIT)
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

func (c *cachedFile) Close() error {
	if c.fd < 0 {
		return &fs.PathError{Op: "close", Path: c.path, Err: fs.ErrClosed}
	}
	err := unix.Close(c.fd)
	c.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: c.path, Err: err}
	}
	return nil
}

// entryStatter looks a directory's entries up relative to the directory's
// descriptor: lstat and access of a name, not of its full path, which the
// kernel would walk again component by component for each of them. With
// many small files the listing's path walks were about 5 % of a scan.
type entryStatter struct{ dirfd int }

// entryStatterFor returns dir's statter (dir is an open directory).
func entryStatterFor(dir *os.File) *entryStatter {
	rc, err := dir.SyscallConn()
	if err != nil {
		return nil
	}
	fd := -1
	if rc.Control(func(f uintptr) { fd = int(f) }) != nil || fd < 0 {
		return nil
	}
	return &entryStatter{dirfd: fd}
}

// lstat is os.Lstat(full) for the entry name.
func (s *entryStatter) lstat(name, full string) (fs.FileInfo, error) {
	st := &statInfo{name: name}
	for {
		err := unix.Fstatat(s.dirfd, name, &st.sys, unix.AT_SYMLINK_NOFOLLOW)
		if err == nil {
			return st, nil
		}
		if err != unix.EINTR {
			return nil, &fs.PathError{Op: "lstat", Path: full, Err: err}
		}
	}
}

// access is checkReadable(full) for the entry name.
func (s *entryStatter) access(name, full string) error {
	if err := unix.Faccessat(s.dirfd, name, unix.R_OK, unix.AT_EACCESS); err != nil {
		return &fs.PathError{Op: "access", Path: full, Err: err}
	}
	return nil
}

// statInfo is the fs.FileInfo of a stat(2) result, as os makes it, but
// with a *unix.Stat_t for Sys.
type statInfo struct {
	name string
	sys  unix.Stat_t
}

func (st *statInfo) Name() string       { return st.name }
func (st *statInfo) Size() int64        { return st.sys.Size }
func (st *statInfo) ModTime() time.Time { return time.Unix(st.sys.Mtim.Unix()) }
func (st *statInfo) IsDir() bool        { return st.Mode().IsDir() }
func (st *statInfo) Sys() any           { return &st.sys }

func (st *statInfo) Mode() fs.FileMode {
	m := fs.FileMode(st.sys.Mode & 0o777)
	if st.sys.Mode&unix.S_IFMT != unix.S_IFREG {
		m |= fileType(st.sys.Mode)
	}
	if st.sys.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if st.sys.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if st.sys.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
