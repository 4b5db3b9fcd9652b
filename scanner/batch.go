package scanner

import (
	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/sources"
)

// A scan of a chunk has a fixed cost, about 250 ns on the bench machine
// whatever the chunk's size, and small objects come as many small chunks:
// a CSV file of five rows is a chunk per column, a JSON Lines file one per
// path. Consecutive small chunks whose fields have the same keyword context
// are therefore copied into one buffer, ValueSeparator between them, and
// scanned in one call; each match is then located in its own chunk, in the
// order it would have been reported. ValueSeparator is a hard boundary for
// the detectors, so a chunk's matches do not depend on its neighbours, and
// matches come in increasing offset order, that is chunk by chunk. That
// holds for custom identifiers too: their anchors (^, $, \A, \z) match at
// each value's start and end, and a value is the same in a batch.
const (
	// maxBatchedChunk is the largest chunk batched: a larger one pays the
	// fixed cost over enough bytes.
	maxBatchedChunk = 4 << 10
	// maxBatch bounds a batch's bytes.
	maxBatch = 32 << 10
)

// chunkBatch holds the copies of the chunks waiting to be scanned together.
type chunkBatch struct {
	fc    detectors.FieldContext
	data  []byte
	parts []batchPart
	// the parts' Starts, IndexDelta, FieldSlots and Positions, end to end
	// (each part keeps its own IndexBase: the parts' bases may be far apart)
	starts []int32
	index  []uint32
	slots  []int
	pos    []int64

	next int           // the part the next match is in or after
	view sources.Chunk // the chunk of the part matches are located in
	// scanning is set while the engine scans the batch: a panic then came
	// from the batch itself, which must not be scanned again.
	scanning bool
}

// batchPart is one chunk of a batch: its location fields, its data at
// data[base:end], and the ranges of the flat arrays that are its own.
type batchPart struct {
	kind                        sources.LocationKind
	field                       string
	column                      int64
	indexBase                   int64
	base, end                   int
	starts, index, slots, pos   int // ends of the part's ranges
	starts0, index0, slots0, p0 int // starts of the part's ranges
}

// batchable says whether ch can wait in a batch: a small Cells or Records
// chunk of the object itself (not of an archive member), that reports all
// it holds and whose paths are given by its field and positions.
func batchable(ch *sources.Chunk) bool {
	return (ch.Kind == sources.Cells || ch.Kind == sources.Records) && len(ch.Data) > 0 && len(ch.Data) <= maxBatchedChunk &&
		ch.Uses == nil && ch.Paths == nil && ch.Embedded == nil &&
		ch.ReportFrom == 0 && (ch.ReportTo == 0 || ch.ReportTo == len(ch.Data))
}

// batch adds ch, whose field has context fc, to the pending batch, scanning
// the batch first if ch cannot join it.
func (w *worker) batch(ch *sources.Chunk, fc detectors.FieldContext) {
	b := &w.pending
	if len(b.parts) > 0 && (fc != b.fc || len(b.data)+1+len(ch.Data) > maxBatch) {
		w.flushBatch()
	}
	if len(b.parts) == 0 {
		b.fc = fc
	} else {
		b.data = append(b.data, sources.ValueSeparator)
	}
	p := batchPart{kind: ch.Kind, field: ch.Field, column: ch.Column, indexBase: ch.IndexBase, base: len(b.data),
		starts0: len(b.starts), index0: len(b.index), slots0: len(b.slots), p0: len(b.pos)}
	b.data = append(b.data, ch.Data...)
	b.starts = append(b.starts, ch.Starts...)
	b.index = append(b.index, ch.IndexDelta...)
	b.slots = append(b.slots, ch.FieldSlots...)
	b.pos = append(b.pos, ch.Positions...)
	p.end, p.starts, p.index, p.slots, p.pos = len(b.data), len(b.starts), len(b.index), len(b.slots), len(b.pos)
	b.parts = append(b.parts, p)
}

// flushBatch scans the pending batch, if any, and empties it.
func (w *worker) flushBatch() {
	b := &w.pending
	if len(b.parts) == 0 {
		return
	}
	b.next = 0
	w.enterPart(0)
	b.scanning = true
	w.scan.Scan(b.data, b.fc, w.onBatched)
	w.dropBatch()
}

// dropBatch empties the pending batch, scanned or not (unscanned: the
// object was abandoned).
func (w *worker) dropBatch() {
	b := &w.pending
	w.chunk = nil
	b.view = sources.Chunk{}
	b.scanning = false
	clear(b.parts) // let the fields go
	b.data, b.parts, b.starts, b.index, b.slots, b.pos = b.data[:0], b.parts[:0], b.starts[:0], b.index[:0], b.slots[:0], b.pos[:0]
}

// flushAfterPanic scans what a decoder emitted before it panicked and is
// still batched, unless the panic came from scanning that very batch; a
// panic in this scan drops the batch. It runs in decode's recovery, where
// nothing else would catch it.
func (w *worker) flushAfterPanic() {
	if w.pending.scanning {
		w.dropBatch()
		return
	}
	defer func() {
		if recover() != nil {
			w.dropBatch()
		}
	}()
	w.flushBatch()
}

// enterPart makes part i the chunk that hit locates matches in.
func (w *worker) enterPart(i int) {
	b := &w.pending
	p := &b.parts[i]
	b.next = i
	b.view = sources.Chunk{Kind: p.kind, Data: b.data[p.base:p.end], Field: p.field, Column: p.column,
		Starts: b.starts[p.starts0:p.starts], IndexBase: p.indexBase, IndexDelta: b.index[p.index0:p.index],
		FieldSlots: b.slots[p.slots0:p.slots], Positions: b.pos[p.p0:p.pos]}
	if len(b.view.FieldSlots) == 0 {
		b.view.FieldSlots = nil
	}
	if len(b.view.Positions) == 0 {
		b.view.Positions = nil
	}
	w.chunk = &b.view
	w.value = 0
}

// batchedHit locates a match in the batch in its own chunk and reports it
// there as hit would have in a scan of that chunk alone.
func (w *worker) batchedHit(m detectors.Match) {
	b := &w.pending
	for b.next+1 < len(b.parts) && m.Start >= b.parts[b.next].end {
		w.enterPart(b.next + 1)
	}
	base := b.parts[b.next].base
	if m.Start < base || m.Start >= b.parts[b.next].end {
		return // on a separator between chunks: no chunk's match
	}
	m.Start -= base
	m.End -= base
	w.hit(m)
}
