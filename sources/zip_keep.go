package sources

import (
	"cmp"
	"io"
	"slices"
	"sort"
	"sync/atomic"
)

// The headers' pass over a zip read from S3 (zipHeaderPlan) reads through
// local headers that lie close together, and so through the small files
// between them: for an archive of many small files it reads nearly all of
// it, which the files' pass then read again (a zip of 3,000 files, 21 MB:
// 43 MB fetched). The pieces that pass read are kept instead, within
// zipKeepBudget, for the files' pass to read from, each given back once
// that pass has moved past it. An archive larger than the budget has its
// first zipKeepBytes read once, the rest twice, as before.

// zipKeepBytes bounds the pieces kept by all the zips decoded at once:
// the buffers of 63 pieces of prefetchPieceBytes, about what the reads
// ahead of 8 workers hold.
const zipKeepBytes = 64 << 20

// zipKeepBudget is what the zips being decoded have kept; tests swap it.
var zipKeepBudget = &byteBudget{limit: zipKeepBytes}

// byteBudget counts bytes held against a limit, safe for concurrent use.
type byteBudget struct {
	limit      int64
	used, peak atomic.Int64 // peak: for tests
}

// take reserves n bytes if that stays within the limit.
func (b *byteBudget) take(n int64) bool {
	for {
		u := b.used.Load()
		if u+n > b.limit {
			return false
		}
		if b.used.CompareAndSwap(u, u+n) {
			for p := b.peak.Load(); u+n > p && !b.peak.CompareAndSwap(p, u+n); p = b.peak.Load() {
			}
			return true
		}
	}
}

func (b *byteBudget) give(n int64) { b.used.Add(-n) }

// keptPieces holds pieces of an archive read ahead, whole and without an
// error, for later reads: add collects them (prefetchReaderAt.keep), sort
// puts them in archive order, and then read serves from them, trim takes
// them out of a plan and release gives them back. add is called with the
// prefetcher's mutex held, the rest once the prefetcher is closed, all
// from one goroutine at a time.
type keptPieces struct {
	budget *byteBudget
	pieces []keptPiece // in archive order from head on, once sorted
	head   int
}

// keptPiece is the bytes [off, off+n) of the archive, in (*buf)[:n];
// cost is what it holds of the budget.
type keptPiece struct {
	off  int64
	buf  *[]byte
	n    int
	cost int64
}

func (pc *keptPiece) end() int64 { return pc.off + int64(pc.n) }

// keptPieceBytes is what a piece costs beside its bytes: its entry in
// keptPieces, and a small buffer's header.
const keptPieceBytes = 64

// add keeps a piece if the budget has room. A piece of one header alone
// is not kept: the files' pass reads that file's data with a GET anyway.
// One that fills less than half of its buffer (the last of a run of
// small files, or all of a small archive) is copied to a buffer of its
// size, so that the budget counts the bytes kept.
func (k *keptPieces) add(off int64, buf *[]byte, n int) bool {
	if n <= zipHeaderBytes {
		return false
	}
	owned := 2*n >= cap(*buf)
	cost := int64(n) + keptPieceBytes
	if owned {
		cost = int64(cap(*buf)) + keptPieceBytes
	}
	if !k.budget.take(cost) {
		return false
	}
	if !owned {
		b := make([]byte, n)
		copy(b, (*buf)[:n])
		buf = &b
	}
	k.pieces = append(k.pieces, keptPiece{off: off, buf: buf, n: n, cost: cost})
	return owned
}

// sort puts the pieces in archive order. One that overlaps the piece
// before it (headers out of order, or shared by two entries) is given
// back: read keeps to one piece per byte.
func (k *keptPieces) sort() {
	slices.SortFunc(k.pieces, func(a, b keptPiece) int { return cmp.Compare(a.off, b.off) })
	out := k.pieces[:0]
	for _, pc := range k.pieces {
		if len(out) > 0 && pc.off < out[len(out)-1].end() {
			k.free(pc)
			continue
		}
		out = append(out, pc)
	}
	clear(k.pieces[len(out):])
	k.pieces = out
}

// find returns the index of the piece holding the byte at off, or -1.
func (k *keptPieces) find(off int64) int {
	i := k.head + sort.Search(len(k.pieces)-k.head, func(i int) bool { return k.pieces[k.head+i].end() > off })
	if i < len(k.pieces) && k.pieces[i].off <= off {
		return i
	}
	return -1
}

// read copies into b what the pieces hold of the bytes from off on, up to
// the first byte they lack, and returns how many it copied.
func (k *keptPieces) read(b []byte, off int64) int {
	n := 0
	for len(b) > 0 {
		i := k.find(off)
		if i < 0 {
			break
		}
		pc := &k.pieces[i]
		c := copy(b, (*pc.buf)[off-pc.off:pc.n])
		n += c
		off += int64(c)
		b = b[c:]
	}
	return n
}

// trim returns r less the bytes the pieces hold at its start and its
// end: what is left to read ahead of r. Bytes they hold within it are
// read again.
func (k *keptPieces) trim(r byteRange) byteRange {
	for i := k.find(r.off); i >= 0 && r.off < r.end; i = k.find(r.off) {
		r.off = k.pieces[i].end()
	}
	for i := k.find(r.end - 1); i >= 0 && r.off < r.end; i = k.find(r.end - 1) {
		r.end = k.pieces[i].off
	}
	if r.end < r.off {
		r.end = r.off
	}
	return r
}

// release gives back the pieces that end at or before off.
func (k *keptPieces) release(off int64) {
	for k.head < len(k.pieces) && k.pieces[k.head].end() <= off {
		k.free(k.pieces[k.head])
		k.pieces[k.head] = keptPiece{}
		k.head++
	}
}

// close gives back every piece.
func (k *keptPieces) close() {
	for _, pc := range k.pieces[k.head:] {
		k.free(pc)
	}
	k.pieces, k.head = nil, 0
}

func (k *keptPieces) free(pc keptPiece) {
	k.budget.give(pc.cost)
	if cap(*pc.buf) == prefetchPieceBytes {
		prefetchBufs.Put(pc.buf)
	}
}

// keptReaderAt reads from the kept pieces what they hold, the rest from
// next.
type keptReaderAt struct {
	kept *keptPieces
	next io.ReaderAt
}

func (r *keptReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n := r.kept.read(b, off)
	if n == len(b) {
		return n, nil
	}
	m, err := r.next.ReadAt(b[n:], off+int64(n))
	return n + m, err
}
