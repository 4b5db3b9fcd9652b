package sources

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"
)

// A decoder that reads at offsets (Parquet) knows, once it has read the
// footer, every byte range it will read and in what order. Read on demand
// from S3, each 1 MiB of them is a ranged GET after the last, each waiting
// a round trip (10–30 ms in-region) for its first byte while the decoder
// idles. prefetchReaderAt reads those ranges ahead of the decoder, several
// GETs at once.

const (
	// prefetchPieceBytes is the most one read ahead asks for: the size
	// of the Parquet decoder's own reads (parquetReadBuffer), so that one
	// of them is mostly one piece.
	prefetchPieceBytes = parquetReadBuffer
	// prefetchMergeGap is the largest hole between two ranges of a plan
	// that one piece reads through rather than making two reads of them:
	// a GET costs a round trip (10–30 ms, in which one S3 connection
	// moves 1–3 MB). 10 event tables of 15 MB in row groups of 5,000
	// rows, two small columns of eleven scanned, took 1,527 GETs and
	// 4.0 s merging adjacent ranges only (two workers, a local MinIO
	// behind a 20 ms round trip), 527 GETs and 2.1 s reading 75 MB
	// instead of 45 with 64 KiB, 177 GETs and 1.6 s reading 142 MB with
	// 256 KiB. Files whose row groups are large gain nothing either way.
	prefetchMergeGap = 64 << 10
	// prefetchMaxAhead bounds DecodeOptions.RangeReadsAhead.
	prefetchMaxAhead = 64
)

// byteRange is the bytes [off, end) of a file; empty when end <= off.
type byteRange struct{ off, end int64 }

// prefetchBufs recycles the buffers of pieces of prefetchPieceBytes
// across pieces and objects.
var prefetchBufs = sync.Pool{New: func() any { b := make([]byte, prefetchPieceBytes); return &b }}

// prefetchReaderAt is an io.ReaderAt over ra that reads the ranges of a
// plan, in the order the caller will read them, ahead of the caller: in
// pieces of at most piece bytes, ahead of them at most in flight or read
// and not yet consumed, so that memory is bounded by ahead × piece
// whatever the plan. Ranges at most gap bytes apart are read as one piece
// (the gap with them), a long range as several.
//
// ReadAt serves the bytes it finds in the pieces held, waiting for one in
// flight, and reads any others from ra itself: it returns what ra would,
// whatever the caller asks. A read outside the plan, or after the caller
// skipped part of it, is only slower. A piece's error is returned, as ra
// returned it, by the ReadAt that needs the bytes the piece lacks, and by
// no other. A piece is dropped once a read goes past its end or to a
// later piece, or when reach says the caller moved on to a later range.
//
// ra must be safe for concurrent use: up to ahead of its ReadAt calls run
// at once, in the prefetcher's goroutines. close waits for them (an
// io.ReaderAt cannot be cancelled: the context of the object's reads is
// what ends them early) and gives every buffer back (or to keep, see
// keepWith), so that nothing of the prefetcher outlives it. Once ctx is
// done no piece is started, and ReadAt returns ctx's error rather than
// start waiting for one. ReadAt, reach and close are for one goroutine at
// a time.
type prefetchReaderAt struct {
	ra io.ReaderAt
	// onDemand reads what no piece holds (ra when nil): called from
	// ReadAt's goroutine only, it need not be safe for concurrent use.
	onDemand io.ReaderAt
	// keep, when set (keepWith), is offered each piece read whole and
	// without an error as it is dropped, and owns the buffer if it
	// returns true. Called with mu held.
	keep  func(off int64, buf *[]byte, n int) bool
	ctx   context.Context
	plan  []byteRange
	piece int64
	gap   int64

	mu    sync.Mutex
	ready sync.Cond // a piece was read, or close
	work  sync.Cond // a piece was queued, or close

	// The next piece starts at nextOff, in plan[next].
	next    int
	nextOff int64

	slots    []prefetchPiece  // len ahead; those not free are live
	ring     []*prefetchPiece // the pieces held, in plan order from ring[head]
	head     int
	held     int // pieces in ring
	live     int // pieces not free: held, or read for nothing
	queued   int // pieces no fetcher has taken yet
	reading  int // pieces being read
	fetchers int
	wg       sync.WaitGroup // the fetchers
	closed   bool

	heldBytes, peakBytes int64 // buffers of live pieces (tests)
	// Bytes ReadAt served from pieces and read from ra itself (tests).
	served, direct int64
}

// prefetchPiece is one read of the plan.
type prefetchPiece struct {
	off, end    int64 // the bytes it reads
	first, last int   // the plan ranges it reads bytes of (or empty ones)
	buf         *[]byte
	n           int // bytes read
	err         error
	state       pieceState
	dropped     bool // no longer held: freed when its read returns
}

type pieceState uint8

const (
	pieceFree pieceState = iota
	pieceQueued
	pieceReading
	pieceRead
)

// newPrefetchReaderAt starts reading plan over ra, ahead pieces at a time
// (at least 1, at most prefetchMaxAhead) of at most piece bytes, ranges up
// to gap bytes apart read as one. plan must not change.
func newPrefetchReaderAt(ctx context.Context, ra io.ReaderAt, plan []byteRange, ahead int, piece, gap int64) *prefetchReaderAt {
	ahead = min(max(ahead, 1), prefetchMaxAhead)
	p := &prefetchReaderAt{ra: ra, ctx: ctx, plan: plan, piece: max(piece, 1), gap: max(gap, 0),
		slots: make([]prefetchPiece, ahead), ring: make([]*prefetchPiece, ahead)}
	p.ready.L, p.work.L = &p.mu, &p.mu
	if len(plan) > 0 {
		p.nextOff = plan[0].off
	}
	p.mu.Lock()
	p.fill()
	p.mu.Unlock()
	return p
}

// ReadAt reads len(b) bytes at off: from the pieces held where they have
// them, else from ra.
func (p *prefetchReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n := 0
	p.mu.Lock()
	for len(b) > 0 && !p.closed {
		i := p.find(off)
		if i < 0 {
			break
		}
		if i > 0 {
			for range i {
				p.dropFront() // the reads went past them
			}
			// Or no piece would follow them when the reads leave each
			// piece before its end (a zip's headers).
			p.fill()
		}
		pc := p.ring[p.head]
		if pc.state != pieceRead {
			if err := p.ctx.Err(); err != nil {
				p.mu.Unlock()
				return n, err
			}
			p.ready.Wait()
			continue // the ring may have changed meanwhile
		}
		if off >= pc.off+int64(pc.n) {
			if pc.err == nil {
				break // a short read without an error: ra's to answer
			}
			err := pc.err
			p.mu.Unlock()
			return n, err
		}
		c := copy(b, (*pc.buf)[off-pc.off:pc.n])
		p.served += int64(c)
		n += c
		off += int64(c)
		b = b[c:]
		if off >= pc.end {
			p.dropFront()
			p.fill()
		}
	}
	p.mu.Unlock()
	if len(b) == 0 {
		return n, nil
	}
	ra := p.onDemand
	if ra == nil {
		ra = p.ra
	}
	m, err := ra.ReadAt(b, off)
	p.mu.Lock()
	p.direct += int64(m)
	p.mu.Unlock()
	return n + m, err
}

// reach says that the caller is about to read plan[k]: the pieces of the
// ranges before it are dropped and, if the reads ahead are behind it, they
// skip to it.
func (p *prefetchReaderAt) reach(k int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || k < 0 || k >= len(p.plan) {
		return
	}
	for p.held > 0 && p.ring[p.head].last < k {
		p.dropFront()
	}
	if p.held == 0 && p.next < k {
		p.next, p.nextOff = k, p.plan[k].off
	}
	p.fill()
}

// close drops every piece, waits for the reads in flight and gives their
// buffers back (or to keep). ReadAt after close reads from ra.
func (p *prefetchReaderAt) close() {
	p.mu.Lock()
	p.closed = true
	for p.held > 0 {
		p.dropFront()
	}
	p.work.Broadcast()
	p.ready.Broadcast()
	p.mu.Unlock()
	p.wg.Wait()
}

// find returns the position after head of the first piece held that has
// the byte at off, or -1.
func (p *prefetchReaderAt) find(off int64) int {
	for i := range p.held {
		if pc := p.ring[(p.head+i)%len(p.ring)]; off >= pc.off && off < pc.end {
			return i
		}
	}
	return -1
}

// dropFront drops the first piece held: freed now, or by its fetcher once
// its read returns.
func (p *prefetchReaderAt) dropFront() {
	pc := p.ring[p.head]
	p.ring[p.head] = nil
	p.head = (p.head + 1) % len(p.ring)
	p.held--
	switch pc.state {
	case pieceReading:
		pc.dropped = true
	case pieceQueued:
		p.queued--
		p.free(pc)
	default:
		p.free(pc)
	}
}

// keepWith has the pieces dropped from now on offered to keep.
func (p *prefetchReaderAt) keepWith(keep func(off int64, buf *[]byte, n int) bool) {
	p.mu.Lock()
	p.keep = keep
	p.mu.Unlock()
}

// free gives pc's buffer back, or to keep, and makes its slot free.
func (p *prefetchReaderAt) free(pc *prefetchPiece) {
	p.heldBytes -= int64(cap(*pc.buf))
	kept := p.keep != nil && pc.state == pieceRead && pc.err == nil && int64(pc.n) == pc.end-pc.off &&
		p.keep(pc.off, pc.buf, pc.n)
	if !kept && cap(*pc.buf) == prefetchPieceBytes {
		prefetchBufs.Put(pc.buf)
	}
	*pc = prefetchPiece{}
	p.live--
}

// fill queues pieces while fewer than ahead are live, and starts a
// fetcher for each that no fetcher is free for.
func (p *prefetchReaderAt) fill() {
	for !p.closed && p.live < len(p.slots) && p.ctx.Err() == nil {
		var pc *prefetchPiece
		for i := range p.slots {
			if p.slots[i].state == pieceFree {
				pc = &p.slots[i]
				break
			}
		}
		if !p.cut(pc) {
			return
		}
		if p.piece == prefetchPieceBytes {
			pc.buf = prefetchBufs.Get().(*[]byte)
		} else {
			b := make([]byte, p.piece) // tests' pieces
			pc.buf = &b
		}
		p.heldBytes += int64(cap(*pc.buf))
		p.peakBytes = max(p.peakBytes, p.heldBytes)
		pc.state = pieceQueued
		p.live++
		p.queued++
		p.ring[(p.head+p.held)%len(p.ring)] = pc
		p.held++
		if p.fetchers < p.queued+p.reading {
			p.fetchers++
			p.wg.Add(1)
			go p.fetch()
		} else {
			p.work.Signal()
		}
	}
}

// cut makes pc the next piece of the plan, if there is one left: up to
// piece bytes from where the last one ended, and, if that ends its range,
// of the ranges after it that start in the piece or at most gap bytes
// past its end.
func (p *prefetchReaderAt) cut(pc *prefetchPiece) bool {
	for p.next < len(p.plan) && (p.nextOff >= p.plan[p.next].end || p.nextOff < 0) {
		if p.next++; p.next < len(p.plan) {
			p.nextOff = p.plan[p.next].off
		}
	}
	if p.next >= len(p.plan) {
		return false
	}
	r := p.plan[p.next]
	pc.off, pc.first, pc.last = p.nextOff, p.next, p.next
	pc.end = r.end
	if r.end-pc.off > p.piece { // both >= 0: no overflow
		pc.end = pc.off + p.piece
		p.nextOff = pc.end
		return true
	}
	limit := addSat(pc.off, p.piece)
	for p.next++; p.next < len(p.plan); p.next++ {
		q := p.plan[p.next]
		if q.end <= q.off || q.off < 0 {
			pc.last = p.next // nothing to read
			continue
		}
		if q.off < pc.off || q.off > addSat(pc.end, p.gap) || q.off >= limit {
			break
		}
		pc.last = p.next
		if q.end > limit {
			pc.end = limit
			p.nextOff = limit
			return true
		}
		pc.end = max(pc.end, q.end)
	}
	if p.next < len(p.plan) {
		p.nextOff = p.plan[p.next].off
	}
	return true
}

// fetch reads queued pieces, the first in plan order first, until close.
func (p *prefetchReaderAt) fetch() {
	defer p.wg.Done()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		var pc *prefetchPiece
		for !p.closed {
			if pc = p.firstQueued(); pc != nil {
				break
			}
			p.work.Wait()
		}
		if p.closed {
			p.fetchers--
			return
		}
		pc.state = pieceReading
		p.queued--
		p.reading++
		buf := (*pc.buf)[:pc.end-pc.off]
		p.mu.Unlock()
		n, err := p.readPiece(buf, pc.off)
		p.mu.Lock()
		p.reading--
		if n == len(buf) {
			err = nil // io.ReaderAt may say io.EOF with the last byte
		}
		pc.n, pc.err, pc.state = n, err, pieceRead
		if pc.dropped {
			p.free(pc)
			p.fill()
		}
		p.ready.Broadcast()
	}
}

func (p *prefetchReaderAt) firstQueued() *prefetchPiece {
	for i := range p.held {
		if pc := p.ring[(p.head+i)%len(p.ring)]; pc.state == pieceQueued {
			return pc
		}
	}
	return nil
}

// readPiece reads one piece from ra. A panic in ra is the piece's error:
// it would otherwise take the process down from a goroutine no decoder's
// recovery covers.
func (p *prefetchReaderAt) readPiece(b []byte, off int64) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, fmt.Errorf("read %d bytes at %d: panic: %v", len(b), off, r)
		}
	}()
	return p.ra.ReadAt(b, off)
}

// addSat is a+b for b >= 0, at most math.MaxInt64.
func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
