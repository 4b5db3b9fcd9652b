//go:build linux

package sources

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// readahead has the kernel read the files queued for the workers into the
// page cache while the workers scan the ones before them, once the scan
// has found files that are not cached: a cold scan then overlaps reading
// with matching, where each file's first read would otherwise wait for the
// disk. The kernel's own read-ahead works within a file; it cannot know
// which file comes next.
//
// It costs nothing while the files are cached. A read that finds its
// pages missing (RWF_NOWAIT's EAGAIN, see cachedFile) makes the scan cold
// for the next raColdFiles files the workers take. While cold, the first
// raWindow bytes of the files the listing opened are advised
// (posix_fadvise POSIX_FADV_WILLNEED, which starts the reads and returns)
// in the order the workers will take them, each time a worker takes one,
// as far ahead as raBudget bytes allow: the listing runs up to a thousand
// files ahead, and what is read ahead must stay in the page cache of a
// small machine until it is scanned. A worker reading a file longer than
// a window advises the next window ahead of its position (devices read
// ahead 128 KiB by default).
//
// The fields but cold are guarded by the dirHandles' mutex.
type readahead struct {
	// cold counts the files the workers may still take before the scan
	// counts as cached again, since the last read that waited.
	cold atomic.Int64
	// next holds the files the listing opened and no worker has taken, in
	// the order they were listed, from head on; those before head were
	// advised or taken.
	next []*cachedFile
	head int
	// queued is how many bytes were advised in files that no worker has
	// taken yet.
	queued int64
	// advise is posix_fadvise(WILLNEED); tests record the calls.
	advise func(fd int, off, n int64)
}

const (
	// raWindow is how much of a file one piece of advice reads: 8 MiB, a
	// few tens of milliseconds of scanning.
	raWindow = 8 << 20
	// raBudget bounds what was advised in files no worker has taken yet.
	raBudget = 64 << 20
	// raColdFiles is how many files the workers take after a read that
	// waited before advice stops: a cold scan stays so, as each file read
	// ahead too late waits again, while one page the kernel dropped from
	// a cached tree costs at most that many calls, of 2–4 µs each.
	raColdFiles = 1024
)

func newReadahead() *readahead {
	return &readahead{advise: func(fd int, off, n int64) {
		// Advice: an error (a file system that cannot read ahead) changes
		// nothing but the speed.
		_ = unix.Fadvise(fd, off, n, unix.FADV_WILLNEED)
	}}
}

// waited records a read that found its pages not cached. Any goroutine.
func (r *readahead) waited() { r.cold.Store(raColdFiles) }

// listed queues f, which the listing has just opened and kept for Open,
// and advises what the budget allows when the scan is cold (lock held).
func (r *readahead) listed(f *cachedFile) {
	f.queued = true
	r.next = append(r.next, f)
	if r.cold.Load() > 0 {
		r.adviseNext()
	}
}

// taken says f leaves the listing's keeping: a worker takes it, or it is
// closed unread (lock held). What was advised of it leaves the budget,
// and the files after it are advised as far as the budget allows.
func (r *readahead) taken(f *cachedFile) {
	if !f.queued {
		return
	}
	f.queued = false
	r.queued -= f.queuedBytes
	f.queuedBytes = 0
	if r.cold.Load() > 0 {
		r.cold.Add(-1)
		r.adviseNext()
	} else {
		r.drop()
	}
}

// adviseNext advises the first window of the queued files, in order, until
// the budget is spent (lock held).
func (r *readahead) adviseNext() {
	for ; r.head < len(r.next); r.head++ {
		f := r.next[r.head]
		if !f.queued {
			continue // taken before its turn
		}
		n := min(f.size, raWindow)
		if r.queued+n > raBudget {
			break
		}
		if n > 0 {
			r.advise(f.fd, 0, n)
		}
		f.advised, f.queuedBytes = n, n
		r.queued += n
	}
	r.compact()
}

// drop forgets the files at the front that were taken: while the scan is
// cached, next only keeps its order for when it turns cold (lock held).
func (r *readahead) drop() {
	for r.head < len(r.next) && !r.next[r.head].queued {
		r.head++
	}
	r.compact()
}

// compact lets go of the files before head once they are half of next.
func (r *readahead) compact() {
	if r.head == len(r.next) {
		clear(r.next)
		r.next, r.head = r.next[:0], 0
		return
	}
	if r.head > len(r.next)/2 {
		n := copy(r.next, r.next[r.head:])
		clear(r.next[n:])
		r.next, r.head = r.next[:n], 0
	}
}

// reading advises the window ahead of a worker's position in f, when the
// scan is cold and f is longer than what was advised of it. f's reader
// only.
func (r *readahead) reading(f *cachedFile) {
	if f.advised >= f.size || f.read+raWindow/2 < f.advised || r.cold.Load() <= 0 {
		return
	}
	from := max(f.advised, f.read)
	n := min(f.size-from, raWindow)
	r.advise(f.fd, from, n)
	f.advised = from + n
}
