package sources

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// Local is a Source over one or more local roots, each a directory or a
// single file.
//
// Listing. List walks each root depth first and streams: it reads a
// directory in batches of entries (in directory order, unsorted, since
// sorting needs the whole directory in memory) and passes each regular file
// to fn before it descends into that directory's subdirectories, which it
// visits in name order. Only the subdirectory names of the directories on
// the current path are held in memory. Callers must not depend on the order.
//
// Keys. An object's Key is its path relative to its root with '/'
// separators; when the root is a file, the Key is the file's base name. Two
// roots may yield the same Key; Path, the absolute path, tells them apart.
// ETag is the hex FNV-64a hash of size, modification time (ns), device and
// inode: it changes when the file is rewritten or replaced, and is stable
// otherwise. It is not a content hash (that would mean reading every file
// twice).
//
// Symlinks. Below a root no symlink is ever followed, as find(1) and
// ripgrep do by default: following them can scan a file twice, scan files
// the user never pointed at (/etc/shadow via a link planted in a shared
// tree), or loop. Each symlink is still listed, with Skip set to
// StatusSkipped and a reason that says what it points at:
// ReasonSymlinkInsideRoot (its target lies inside the root and is listed
// under its own key, so nothing is lost), ReasonSymlinkOutsideRoot,
// ReasonSymlinkDangling or ReasonSymlinkLoop. A root given as a symlink is
// followed: the user named it.
//
// Other skips. A device, FIFO or socket is listed with ReasonSpecialFile
// and never opened (opening a FIFO blocks). A file that the process may not
// read is listed like any other, and Open says so: its error is a skip
// with ReasonPermissionDenied, so its result record is the one a skip set
// by the listing would give. (The listing used to ask the kernel with
// access(2) first: one more system call for every file, to learn what the
// open learns anyway.) A directory below a root that cannot be read is
// listed as one object whose Key ends in '/' with ReasonPermissionDenied,
// since the files under it cannot be listed; a root that cannot be read
// makes List return an error naming it.
//
// Open returns a reader that is also an io.ReaderAt, as random-access
// decoders (Parquet) need. It opens without following a final symlink and
// without blocking, and refuses anything but a regular file, so a file
// swapped for a FIFO or a symlink after listing is skipped rather than
// followed or waited on. On Linux the listing opens the regular files
// itself, as many as there is room for, and Open hands them over; it
// opens the others relative to their directory, which the listing keeps
// open for a while (see dirHandles).
//
// Local is safe for concurrent use.
type Local struct {
	roots []localRoot
	dirs  dirHandles
}

type localRoot struct {
	abs   string // absolute path as the user gave it (cleaned)
	real  string // abs with symlinks resolved, for the inside-the-root test
	isDir bool
}

// NewLocal returns a Source over roots. Each root must exist and be a
// directory or a regular file; otherwise the error names the root.
func NewLocal(roots ...string) (*Local, error) {
	if len(roots) == 0 {
		return nil, errors.New("local source: no root given")
	}
	l := &Local{}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("local source root %q: %w", r, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("local source root %q: %w", r, err)
		}
		if !fi.IsDir() && !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("local source root %q: not a directory or regular file (%s)", r, fi.Mode().Type())
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, fmt.Errorf("local source root %q: %w", r, err)
		}
		l.roots = append(l.roots, localRoot{abs: abs, real: real, isDir: fi.IsDir()})
	}
	l.dirs.setup(l)
	return l, nil
}

// List implements Source.
func (l *Local) List(ctx context.Context, fn func(Object) error) error {
	for _, r := range l.roots {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !r.isDir {
			fi, err := os.Stat(r.abs)
			if err != nil {
				// The root vanished after NewLocal: the object, not the run.
				if err := fn(Object{Key: filepath.Base(r.abs), Path: r.abs, Skip: statSkip(err)}); err != nil {
					return err
				}
				continue
			}
			if err := fn(l.fileObject(r.abs, filepath.Base(r.abs), fi)); err != nil {
				return err
			}
			continue
		}
		if err := l.walkDir(ctx, r, r.abs, "", fn); err != nil {
			return err
		}
	}
	return nil
}

// listBatch is how many directory entries List reads at a time.
const listBatch = 1024

// walkDir lists the directory dir (whose key prefix is rel, "" for the
// root) and then its subdirectories.
func (l *Local) walkDir(ctx context.Context, r localRoot, dir, rel string, fn func(Object) error) error {
	f, err := os.Open(dir)
	if err != nil {
		if rel == "" {
			// The root itself: the whole listing is impossible.
			return fmt.Errorf("local source root %q: %w", r.abs, err)
		}
		return fn(Object{Key: rel + "/", Path: dir, Skip: statSkip(err)})
	}
	// h owns f from here: it closes it once the listing is over and Open
	// no longer needs it.
	h := l.dirs.add(dir, f)
	subdirs, err := l.listEntries(ctx, r, f, h, dir, rel, fn)
	l.dirs.listed(h)
	if err != nil || subdirs == nil {
		return err
	}
	slices.Sort(subdirs)
	for _, name := range subdirs {
		key := name
		if rel != "" {
			key = rel + "/" + name
		}
		if err := l.walkDir(ctx, r, filepath.Join(dir, name), key, fn); err != nil {
			return err
		}
	}
	return nil
}

// listEntries passes the files of the open directory f to fn and returns
// the names of its subdirectories: nil, with no error, when the directory
// could only be read in part (which fn was told).
func (l *Local) listEntries(ctx context.Context, r localRoot, f *os.File, h *dirHandle, dir, rel string, fn func(Object) error) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	subdirs := []string{}
	var stop error // ctx's or fn's
	rerr := l.dirs.readDir(h, f, dir, rel, func(e fs.DirEntry, full, key string) bool {
		if stop = ctx.Err(); stop != nil {
			return false
		}
		if e.IsDir() {
			subdirs = append(subdirs, e.Name())
			return true
		}
		if full == "" {
			full, key = entryPath(dir, rel, e.Name())
		}
		obj, ok := l.entryObject(r, full, key, e, h)
		if !ok {
			return true
		}
		stop = fn(obj)
		return stop == nil
	})
	if stop != nil {
		return nil, stop
	}
	if rerr != nil {
		// Part of the directory was listed; say so rather than lose the rest silently.
		return nil, fn(Object{Key: rel + "/", Path: dir, Skip: &ObjectError{Status: StatusPartial, Reason: ReasonUnreadable, Err: fmt.Errorf("read directory: %w", rerr)}})
	}
	return subdirs, nil
}

// visitEntry is called with each entry of a directory being listed, and
// the entry's path and key when the reader made them ("" when not); the
// listing stops when it returns false. e is valid only during the call.
type visitEntry func(e fs.DirEntry, full, key string) bool

// readDirEntries passes the entries of f to visit, listBatch at a time,
// until visit returns false or f ends, and returns the error that ended
// the reading otherwise.
func readDirEntries(f *os.File, visit visitEntry) error {
	for {
		entries, err := f.ReadDir(listBatch)
		for _, e := range entries {
			if !visit(e, "", "") {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// entryPath returns the path and the key of the entry name of the
// directory dir, whose key prefix is rel: filepath.Join(dir, name), and
// rel + "/" + name or, at the root, name. With '/' separators dir is
// clean and ends with rel, a component boundary before it (walkDir joins
// both from the same names), so the key is the path's tail: one string
// for both rather than two, per file listed. With '/' separators neither
// is name itself, which may be a view of a buffer (see
// dirHandles.readDir).
func entryPath(dir, rel, name string) (full, key string) {
	if filepath.Separator != '/' {
		key = name
		if rel != "" {
			key = rel + "/" + name
		}
		return filepath.Join(dir, name), key
	}
	sep := "/"
	if dir == "/" {
		sep = ""
	}
	full = dir + sep + name
	if rel == "" {
		return full, full[len(full)-len(name):]
	}
	if k := len(dir) - len(rel); k > 0 && dir[k-1] == '/' && dir[k:] == rel {
		return full, full[k:]
	}
	return full, rel + "/" + name
}

// entryObject turns a non-directory entry into an Object; ok is false when
// the entry vanished between ReadDir and Lstat. Only a regular file's
// Object has no Skip.
func (l *Local) entryObject(r localRoot, full, key string, e fs.DirEntry, h *dirHandle) (Object, bool) {
	fi, err := l.dirs.entryInfo(h, e, full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Object{}, false
		}
		return Object{Key: key, Path: full, Skip: statSkip(err)}, true
	}
	obj := Object{Key: key, Path: full, Size: fi.Size(), LastModified: fi.ModTime(), ETag: etag(fi)}
	switch mode := fi.Mode(); {
	case mode&fs.ModeSymlink != 0:
		obj.Skip = l.symlinkSkip(r, full)
	case !mode.IsRegular():
		obj.Skip = &ObjectError{Status: StatusSkipped, Reason: ReasonSpecialFile, Err: fmt.Errorf("file type %s", mode.Type())}
	}
	return obj, true
}

func (l *Local) fileObject(full, key string, fi fs.FileInfo) Object {
	return Object{Key: key, Path: full, Size: fi.Size(), LastModified: fi.ModTime(), ETag: etag(fi)}
}

// symlinkSkip says why the symlink at full is not followed.
func (l *Local) symlinkSkip(r localRoot, full string) *ObjectError {
	skip := func(reason string, err error) *ObjectError {
		return &ObjectError{Status: StatusSkipped, Reason: reason, Err: err}
	}
	if _, err := os.Stat(full); err != nil {
		switch {
		case errors.Is(err, syscall.ELOOP):
			return skip(ReasonSymlinkLoop, errors.New("symlink loop"))
		case errors.Is(err, fs.ErrNotExist):
			return skip(ReasonSymlinkDangling, errors.New("symlink target does not exist"))
		default:
			return statSkip(err)
		}
	}
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return skip(ReasonSymlinkLoop, errors.New("symlink cannot be resolved"))
	}
	if within(r.real, target) {
		return skip(ReasonSymlinkInsideRoot, errors.New("symlink not followed; its target is listed under its own key"))
	}
	return skip(ReasonSymlinkOutsideRoot, errors.New("symlink not followed; its target is outside the scan root"))
}

// within reports whether p is root or below it; both are clean absolute paths.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// statSkip maps a file-system error to a skip.
func statSkip(err error) *ObjectError {
	reason := ReasonUnreadable
	switch {
	case errors.Is(err, fs.ErrPermission):
		reason = ReasonPermissionDenied
	case errors.Is(err, fs.ErrNotExist):
		reason = ReasonObjectNoLongerAvailable
	}
	return &ObjectError{Status: StatusSkipped, Reason: reason, Err: stripPath(err)}
}

// stripPath keeps the operation and cause of a *PathError but not the path,
// which the result record already carries.
func stripPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

func etag(fi fs.FileInfo) string {
	h := fnv.New64a()
	var b [8 * 4]byte
	put := func(i int, v uint64) {
		for j := 0; j < 8; j++ {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	dev, ino := fileID(fi)
	put(0, uint64(fi.Size()))
	put(1, uint64(fi.ModTime().UnixNano()))
	put(2, dev)
	put(3, ino)
	h.Write(b[:])
	return strconv.FormatUint(h.Sum64(), 16)
}

// Open implements Source. obj must come from this source's List.
func (l *Local) Open(ctx context.Context, obj Object) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if obj.Skip != nil {
		return nil, obj.Skip
	}
	rc, err := l.dirs.openFile(obj.Path)
	if err == nil {
		return rc, nil
	}
	// errors.AsType, not errors.As: As's target escapes, an allocation
	// for every Open.
	if oe, ok := errors.AsType[*ObjectError](err); ok {
		return nil, oe
	}
	if errors.Is(err, syscall.ELOOP) {
		return nil, &ObjectError{Status: StatusSkipped, Reason: ReasonSymlinkLoop, Err: errors.New("became a symlink after listing")}
	}
	return nil, statSkip(err)
}

// notRegular is the skip of a file that is no longer a regular file when
// it is opened.
func notRegular(mode fs.FileMode) *ObjectError {
	return &ObjectError{Status: StatusSkipped, Reason: ReasonSpecialFile, Err: fmt.Errorf("file type %s", mode.Type())}
}
