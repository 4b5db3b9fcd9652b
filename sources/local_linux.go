//go:build linux

package sources

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
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
	// ra is the scan's read-ahead (see readahead), nil for a file opened
	// outside a Local. advised is the end of what was advised of the
	// file. While the listing keeps the file for Open, queued is true and
	// queuedBytes is what was advised of it (ra's budget).
	ra                   *readahead
	advised, queuedBytes int64
	queued               bool
}

// openRegular opens name, relative to the directory dirfd (or
// unix.AT_FDCWD), for reading, without following a symlink at its end and
// without blocking on a FIFO put there since listing, and checks that it is
// a regular file; path, the file's full path, is for errors. The
// descriptor is used directly, not through an os.File, whose open and
// close cost about 8 µs more on this project's test machine (an attempt
// to register the file with the network poller, which Linux refuses for
// regular files, and a cleanup registration): a scan of 20,000 small
// files paid that 20,000 times.
func openRegular(dirfd int, name, path string) (io.ReadCloser, error) {
	fd, err := openAt(dirfd, name)
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
	return newCachedFile(fd, path, st.Size), nil
}

// openAt opens name relative to dirfd with openFlags (see openRegular).
//
// A name that fits (a directory entry's always does: NAME_MAX is 255) is
// made a C string on the stack: unix.Openat copies it to the heap, an
// allocation per file. The stack cannot move under the call, as under
// readCached's: the goroutine is in the system call.
func openAt(dirfd int, name string) (int, error) {
	var cname [256]byte
	if len(name) >= len(cname) || strings.IndexByte(name, 0) >= 0 {
		for {
			fd, err := unix.Openat(dirfd, name, openFlags|unix.O_CLOEXEC, 0)
			if err != unix.EINTR {
				return fd, err
			}
		}
	}
	copy(cname[:], name) // cname[len(name)] is the NUL
	for {
		fd, _, errno := unix.Syscall6(unix.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&cname[0])), uintptr(openFlags|unix.O_CLOEXEC|unix.O_LARGEFILE), 0, 0, 0)
		switch errno {
		case 0:
			return int(fd), nil
		case unix.EINTR:
			continue
		}
		return -1, errno
	}
}

// newCachedFile returns the open regular file fd of the given size.
func newCachedFile(fd int, path string, size int64) *cachedFile {
	// 32-bit kernels split preadv2's offset in two words; the fast path
	// is for the 64-bit ones.
	return &cachedFile{fd: fd, path: path, nowait: bits.UintSize == 64, size: size}
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
		if c.ra != nil {
			c.ra.reading(c)
		}
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
		if c.ra != nil {
			c.ra.reading(c)
		}
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
// nothing of p was cached, or the fast path is off. A read that finds p
// not cached, or a file system that cannot tell, turns the scan's
// read-ahead on.
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
	case unix.EINTR:
		return 0, false
	case unix.EAGAIN:
		if c.ra != nil {
			c.ra.waited()
		}
		return 0, false
	default:
		c.nowait = false
		if c.ra != nil {
			c.ra.waited()
		}
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

// maxDirHandles is how many listed directories stay open for Open at most,
// besides those an Open is using at the moment. The listing runs at most
// the scanner's queue (1,024 objects) ahead of the workers, so trees of
// many directories with a few tens of files or fewer each outrun it:
// their files are opened by full path, as they would be without handles.
const maxDirHandles = 32

// dirHandles keeps the directories whose files were listed open, so that
// Open opens a file relative to its directory (openat(2) of its name)
// rather than by its full path, which the kernel walks again component by
// component; and so that the listing looks its entries up the same way.
// With many small files, those path walks were some 4 % of a scan. It
// also keeps the regular files the listing opened itself (see entryInfo)
// until Open takes them.
//
// A handle is closed once its directory is listed and every file listed
// from it was opened, or when newer handles push it out of the
// maxDirHandles kept (a file never opened — the scan was cancelled, a
// filter dropped it — keeps its handle until then), and in both cases
// only when no Open is using it. Open finds a handle by the directory part
// of the object's Path, and opens by the full path when there is none.
type dirHandles struct {
	mu    sync.Mutex
	byDir map[string]*dirHandle
	kept  []*dirHandle // those in byDir, oldest first
	// opened holds the files the listing opened, by path, until Open
	// takes them (see dirHandles.entryInfo); nil before setup.
	opened *openedFiles
	// ra reads ahead the files opened, when the scan is cold (see
	// readahead); nil before setup.
	ra *readahead
}

// openedFiles are regular files the listing opened, by path. Its own
// allocation, so that a cleanup of the Local can close what was never
// taken.
type openedFiles struct {
	files map[string]openedFile
	max   int // how many it may hold
	// listed counts the regular files listed; swept is its value at the
	// last sweep (see room).
	listed, swept uint64
}

// openedFile is a file the listing opened, and the listed count then.
type openedFile struct {
	f      *cachedFile
	listed uint64
}

// maxOpenedFiles is how many files the listing keeps open for Open at
// most: as many as the scanner's queue holds (1,024 objects, four per
// worker with more than 256), and at most a quarter of the process's
// descriptor limit, so that the scan's own opens never run out. Files
// listed beyond it are looked up with fstatat and opened by Open.
const maxOpenedFiles = 1024

// setup prepares d for l's listings.
func (d *dirHandles) setup(l *Local) {
	most := maxOpenedFiles
	var lim unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &lim) == nil && lim.Cur/4 < uint64(most) {
		most = int(lim.Cur / 4)
	}
	o := &openedFiles{files: make(map[string]openedFile), max: most}
	d.opened = o
	d.ra = newReadahead()
	runtime.AddCleanup(l, (*openedFiles).closeAll, o)
}

// closeAll closes the files no Open took (the Local is gone).
func (o *openedFiles) closeAll() {
	for path, e := range o.files {
		e.f.Close()
		delete(o.files, path)
	}
}

// dirHandle is one listed directory, open.
type dirHandle struct {
	dir string
	f   *os.File
	fd  int // f's descriptor, valid until f is closed (see dirHandles.release)
	// Under dirHandles.mu:
	listing bool // the listing is still reading it
	pending int  // files listed from it for Open to open, not yet opened
	using   int  // Opens in progress relative to fd
	kept    bool // in byDir
	// st is the listing's stat of its latest entry (see entryInfo), and
	// ent the entry (see readDir): the listing reads one entry at a time,
	// and each made per entry was an allocation per file.
	st  statInfo
	ent rawEntry
}

// direntBufs recycles the buffers readDir reads directory entries into,
// of os's size.
var direntBufs = sync.Pool{New: func() any { return new([8192]byte) }}

// readDir passes the entries of h's directory f to visit, with their
// paths and keys made (see entryPath), until visit returns false or the
// directory ends, and returns the error that ended the reading otherwise.
//
// It reads getdents64(2) records itself, as os.File.ReadDir does, but
// makes no string of an entry's name besides its path (the name and the
// key are the path's tail) and no DirEntry per entry: ReadDir's were two
// allocations per file listed. A directory's name is made, for walkDir.
// An entry of unknown type (DT_UNKNOWN, from a file system without
// d_type) is looked up, as ReadDir does; one gone since is left out.
func (d *dirHandles) readDir(h *dirHandle, f *os.File, dir, rel string, visit visitEntry) error {
	if h.fd < 0 {
		return readDirEntries(f, visit)
	}
	buf := direntBufs.Get().(*[8192]byte)
	defer direntBufs.Put(buf)
	e := &h.ent
	defer func() { *e = rawEntry{} }()
	for {
		n, err := unix.Getdents(h.fd, buf[:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("readdirent", err)
		}
		if n <= 0 {
			return nil
		}
		for b := buf[:n]; len(b) > 0; {
			name, ino, dtype, rest, ok := nextDirent(b)
			if !ok {
				return os.NewSyscallError("readdirent", unix.EIO)
			}
			b = rest
			if ino == 0 || len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue // deleted (d_ino 0), as os skips, or . and ..
			}
			typ, ok := direntMode(h.fd, name, dtype)
			if !ok {
				continue
			}
			var full, key string
			if typ.IsDir() {
				*e = rawEntry{name: string(name), dir: dir, typ: typ}
			} else {
				// name is a view of buf: entryPath makes no string of it
				// but the path's.
				full, key = entryPath(dir, rel, unsafe.String(&name[0], len(name)))
				*e = rawEntry{name: full[len(full)-len(name):], dir: dir, typ: typ}
			}
			if !visit(e, full, key) {
				return nil
			}
		}
	}
}

// nextDirent splits the first struct linux_dirent64 off b: its name
// (up to its NUL), d_ino and d_type, and the records after it; ok is
// false when b does not start with a whole record.
func nextDirent(b []byte) (name []byte, ino uint64, dtype byte, rest []byte, ok bool) {
	const nameOff = 19 // of d_name, after d_ino, d_off, d_reclen and d_type
	if len(b) <= nameOff {
		return nil, 0, 0, b, false
	}
	reclen := int(binary.NativeEndian.Uint16(b[16:18]))
	if reclen <= nameOff || reclen > len(b) {
		return nil, 0, 0, b, false
	}
	name = b[nameOff:reclen]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return name, binary.NativeEndian.Uint64(b[0:8]), b[18], b[reclen:], true
}

// direntMode is the fs.FileMode type of the entry name of the directory
// dirfd, from its d_type or, when that is DT_UNKNOWN, a lookup; ok is
// false when the entry is gone. An entry that cannot be looked up is
// ModeIrregular: entryInfo looks it up again and says what failed.
func direntMode(dirfd int, name []byte, dtype byte) (typ fs.FileMode, ok bool) {
	if typ, known := direntType(dtype); known {
		return typ, true
	}
	var st unix.Stat_t
	for {
		err := unix.Fstatat(dirfd, string(name), &st, unix.AT_SYMLINK_NOFOLLOW)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.ENOENT:
			return 0, false
		case err != nil:
			return fs.ModeIrregular, true
		case st.Mode&unix.S_IFMT == unix.S_IFREG:
			return 0, true
		}
		return fileType(st.Mode), true
	}
}

// direntType is the fs.FileMode type of a d_type; known is false for
// DT_UNKNOWN (and any other value).
func direntType(t byte) (typ fs.FileMode, known bool) {
	switch t {
	case unix.DT_REG:
		return 0, true
	case unix.DT_DIR:
		return fs.ModeDir, true
	case unix.DT_LNK:
		return fs.ModeSymlink, true
	case unix.DT_FIFO:
		return fs.ModeNamedPipe, true
	case unix.DT_SOCK:
		return fs.ModeSocket, true
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case unix.DT_BLK:
		return fs.ModeDevice, true
	}
	return 0, false
}

// rawEntry is the fs.DirEntry of the entry readDir passes on.
type rawEntry struct {
	name, dir string
	typ       fs.FileMode
}

func (e *rawEntry) Name() string               { return e.name }
func (e *rawEntry) IsDir() bool                { return e.typ.IsDir() }
func (e *rawEntry) Type() fs.FileMode          { return e.typ }
func (e *rawEntry) Info() (fs.FileInfo, error) { return os.Lstat(filepath.Join(e.dir, e.name)) }
func (e *rawEntry) String() string             { return fs.FormatDirEntry(e) }

// add takes f, the open directory dir, and returns its handle. It never
// fails: a directory whose descriptor cannot be had is listed and its files
// opened by full path.
func (d *dirHandles) add(dir string, f *os.File) *dirHandle {
	h := &dirHandle{dir: dir, f: f, fd: -1, listing: true}
	rc, err := f.SyscallConn()
	if err != nil {
		return h
	}
	if rc.Control(func(fd uintptr) { h.fd = int(fd) }) != nil || h.fd < 0 {
		h.fd = -1
		return h
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.byDir == nil {
		d.byDir = make(map[string]*dirHandle)
	}
	if old := d.byDir[dir]; old != nil {
		// Listed again (overlapping roots, a second List): the newer
		// handle serves its files from now on.
		d.forget(old)
	}
	h.kept = true
	d.byDir[dir] = h
	d.kept = append(d.kept, h)
	if len(d.kept) > maxDirHandles {
		d.forget(d.kept[0])
	}
	return h
}

// expect counts a file listed from h, which Open will be asked for.
func (d *dirHandles) expect(h *dirHandle) {
	if h.fd < 0 {
		return
	}
	d.mu.Lock()
	h.pending++
	d.mu.Unlock()
}

// listed says the listing of h is over.
func (d *dirHandles) listed(h *dirHandle) {
	if h.fd < 0 {
		h.f.Close()
		return
	}
	d.mu.Lock()
	h.listing = false
	d.release(h)
	d.mu.Unlock()
}

// forget drops h from the handles kept, and closes it if nothing else
// needs it (d.mu held).
func (d *dirHandles) forget(h *dirHandle) {
	d.drop(h)
	d.release(h)
}

// drop takes h out of byDir and kept (d.mu held).
func (d *dirHandles) drop(h *dirHandle) {
	if !h.kept {
		return
	}
	h.kept = false
	if d.byDir[h.dir] == h {
		delete(d.byDir, h.dir)
	}
	if i := slices.Index(d.kept, h); i >= 0 {
		d.kept = slices.Delete(d.kept, i, i+1)
	}
}

// release closes h when nothing needs it any more (d.mu held): the
// listing is over, no Open is using it, and either it is no longer kept
// or all its listed files were opened.
func (d *dirHandles) release(h *dirHandle) {
	if h.listing || h.using > 0 || h.f == nil || h.kept && h.pending > 0 {
		return
	}
	d.drop(h)
	h.f.Close()
	h.f = nil
	h.fd = -1
}

// openFile opens the listed file at path (see openRegular), relative to
// its directory's handle when there is one.
func (d *dirHandles) openFile(path string) (io.ReadCloser, error) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return openRegular(unix.AT_FDCWD, path, path)
	}
	dir := path[:i]
	if i == 0 {
		dir = "/"
	}
	d.mu.Lock()
	if f := d.opened.take(path); f != nil {
		d.ra.taken(f)
		d.mu.Unlock()
		return f, nil
	}
	h := d.byDir[dir]
	if h != nil {
		h.using++
	}
	d.mu.Unlock()
	if h == nil {
		return d.withReadahead(openRegular(unix.AT_FDCWD, path, path))
	}
	rc, err := d.withReadahead(openRegular(h.fd, path[i+1:], path))
	d.mu.Lock()
	h.using--
	if h.pending > 0 {
		h.pending--
	}
	d.release(h)
	d.mu.Unlock()
	return rc, err
}

// withReadahead gives a file Open opened itself the scan's read-ahead.
func (d *dirHandles) withReadahead(rc io.ReadCloser, err error) (io.ReadCloser, error) {
	if c, ok := rc.(*cachedFile); ok {
		c.ra = d.ra
	}
	return rc, err
}

// entryInfo is os.Lstat(full) of the entry e of h's directory, looked up
// by its name relative to the directory.
//
// A regular file is opened instead, when there is room in d.opened: the
// listing needs its size and times, the fstat(2) of the open file gives
// them, and Open takes the file from d.opened rather than opening it
// again and checking it again. Per file that is one system call fewer
// (openat and fstat, where fstatat, openat and fstat were), with the same
// guarantees as Open's own (see openRegular). A file that cannot be
// opened here (no permission, replaced since the directory was read, no
// descriptor to spare) is looked up with fstatat as any other entry, and
// Open opens it and says why it cannot be read.
//
// The FileInfo is h's, valid until the next entryInfo of h: the caller
// reads what it needs of it at once.
func (d *dirHandles) entryInfo(h *dirHandle, e fs.DirEntry, full string) (fs.FileInfo, error) {
	if h.fd < 0 {
		return e.Info()
	}
	name := e.Name()
	if e.Type().IsRegular() && d.room() {
		if st := d.openEntry(h, name, full); st != nil {
			return st, nil
		}
	}
	st := &h.st
	*st = statInfo{name: name}
	for {
		err := unix.Fstatat(h.fd, name, &st.sys, unix.AT_SYMLINK_NOFOLLOW)
		if err == nil {
			break
		}
		if err != unix.EINTR {
			return nil, &fs.PathError{Op: "lstat", Path: full, Err: err}
		}
	}
	if st.sys.Mode&unix.S_IFMT == unix.S_IFREG {
		d.expect(h)
	}
	return st, nil
}

// room counts a regular file listed and reports whether d.opened has
// room for it.
//
// Files listed and never opened (a cancelled scan, objects a filter
// dropped) would fill it up for good: when it is full, files listed more
// than twice its size before are closed (Open would open them again),
// since the listing runs only a queue's length ahead of the workers. This
// sweep runs at most once per max files listed.
func (d *dirHandles) room() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	o := d.opened
	if o == nil {
		return false
	}
	o.listed++
	if len(o.files) >= o.max && o.listed-o.swept >= uint64(o.max) {
		o.swept = o.listed
		for path, e := range o.files {
			if o.listed-e.listed > 2*uint64(o.max) {
				d.ra.taken(e.f)
				e.f.Close()
				delete(o.files, path)
			}
		}
	}
	return len(o.files) < o.max
}

// openEntry opens the entry name of h's directory, as openRegular does,
// and returns its stat (h.st); nil when it cannot be opened or kept. A
// file that is no longer a regular file is closed and its stat returned:
// its Object says what it is.
func (d *dirHandles) openEntry(h *dirHandle, name, full string) *statInfo {
	fd, err := openAt(h.fd, name)
	if err != nil {
		return nil
	}
	st := &h.st
	*st = statInfo{name: name}
	if err := unix.Fstat(fd, &st.sys); err != nil {
		unix.Close(fd)
		return nil
	}
	if st.sys.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return st
	}
	f := newCachedFile(fd, full, st.sys.Size)
	f.ra = d.ra
	d.mu.Lock()
	kept := d.opened.put(full, f, d.ra)
	d.mu.Unlock()
	if !kept {
		// Full (another listing filled it): Open opens it.
		f.Close()
		d.expect(h)
	}
	return st
}

// put keeps f for Open and queues it for ra (d.mu held); false when
// there is no room. A file kept for the same path by an earlier listing is
// closed: the newer one serves its Open.
func (o *openedFiles) put(path string, f *cachedFile, ra *readahead) bool {
	if old, ok := o.files[path]; ok {
		ra.taken(old.f)
		old.f.Close()
		delete(o.files, path)
	}
	if len(o.files) >= o.max {
		return false
	}
	o.files[path] = openedFile{f: f, listed: o.listed}
	ra.listed(f)
	return true
}

// take returns the file kept for path and forgets it, or nil (d.mu held).
func (o *openedFiles) take(path string) *cachedFile {
	if o == nil {
		return nil
	}
	e, ok := o.files[path]
	if !ok {
		return nil
	}
	delete(o.files, path)
	return e.f
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
