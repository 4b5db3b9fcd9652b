package sources

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"sync"

	pq "github.com/parquet-go/parquet-go"
	pqencoding "github.com/parquet-go/parquet-go/encoding"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// Parquet is read with github.com/parquet-go/parquet-go rather than
// github.com/apache/arrow-go/v18, by measurement on this machine (1 Mi rows,
// a string column, a text column and an INT64 column, snappy, each value
// copied into a separated column buffer as below; 10 runs × 5):
//
//	parquet-go page API         1,350–1,640 MB/s   1.2 MB and 800 allocations per file
//	arrow-go file.ColumnChunkReader.ReadBatch   320–700 MB/s   127 MB and 3,500 allocations per file
//
// parquet-go decodes a page at a time and hands out a page's byte-array
// values as one buffer plus offsets, which is what a column scan wants;
// arrow-go's reader holds a whole column chunk in memory and allocates its
// buffers per read. parquet-go also builds in seconds where arrow-go/v18
// adds about two minutes to a cold build. Both read the levels we need to
// rebuild nested paths.

// parquetReadBuffer is how much of a column chunk is read at a time: on S3
// every ReadAt is a ranged GET, so reads must be large.
const parquetReadBuffer = 1 << 20

// pqKind is how a leaf column's values are turned into text to scan.
type pqKind uint8

const (
	pqSkip pqKind = iota // booleans, INT96, dates and times: nothing sensitive is written that way
	pqBytes
	pqInt32
	pqInt64
	pqFloat
	pqDouble
	pqFixed   // FIXED_LEN_BYTE_ARRAY scanned as its bytes
	pqDecimal // FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY decimal: a big-endian two's-complement integer
	pqUUID
)

// pqSeg is one step of a column's path: a member name (".name" or
// "['odd name']") or, when index is set, a list position "[i]".
type pqSeg struct {
	name  string
	index bool
}

// pqLeaf is what the decoder needs to know of one leaf column.
type pqLeaf struct {
	tmpl   string // the path with list positions as "[]": Chunk.Field
	levels int    // list positions in the path; Positions are kept when > 0
	slots  []int  // the offsets in tmpl of the levels' "[]" (Chunk.FieldSlots)
	maxRep int
	maxDef int
	kind   pqKind
	scale  int

	// An integer column (INT32 or INT64, no scale) with a digit filter
	// (DecodeOptions.IntegerDigits) keeps only the values whose number of
	// digits has its bit in keep.
	filter bool
	keep   uint32
	// signedStats: the chunk statistics order values as signed integers,
	// as they are formatted (not so for unsigned logical types).
	signedStats bool
}

// decodeParquet scans a Parquet file a column chunk at a time, row group
// after row group (see the format table's documentation in DecodeObject).
//
// Values: every BYTE_ARRAY value (strings, JSON, raw bytes), and the
// numbers a sensitive number may be stored as (INT32, INT64, decimals,
// FLOAT, DOUBLE), formatted as decimal text; BOOLEAN, INT96 and
// date/time columns are not read at all. Chunks: one per column chunk,
// or per batch of 256 KiB / 16Ki values of it; Field is the column's path
// template ("$.customer.cards[].number"), Index the 0-based row in the
// file, and, for a column under a list or map, FieldSlots and Positions
// give Chunk.Path(i), the concrete path ("$.customer.cards[1].number"),
// list positions rebuilt from the repetition levels; no path string is
// made unless a caller asks for one (making one per value cost a fifth of
// the decode time of a nested file). LIST and MAP annotated groups add no names of their
// own: a map's entries are "$.attrs[i].key" and "$.attrs[i].value".
//
// Memory is one page and one batch at a time, whatever the file size. A
// corrupt or truncated file stops with ReasonMalformedFile, what came
// before standing.
func decodeParquet(ctx context.Context, in *input, lim *limits, emit func(*Chunk) error) error {
	return decodeParquetWith(ctx, in, lim, emit, pqOptions{share: in.share, shareMinUses: pqShareMinUses})
}

// pqOptions are the decoder's ways of emitting the same values.
type pqOptions struct {
	// slow adds every value through the general loop (pageSlow), for the
	// differential tests of the fast ones.
	slow bool
	// share emits the values of flat dictionary-encoded byte-array pages
	// as chunks of distinct values with Chunk.Uses (see sharedBytes), for
	// a consumer that reports a value's matches once per use.
	share bool
	// shareMinUses: share only a dictionary whose column chunk has at
	// least this many entries per dictionary value (pqShareMinUses).
	shareMinUses int64
	// filePages reads every column chunk with parquet-go's FilePages,
	// never pqPages (the differential tests).
	filePages bool
	// handOver makes pqPages hand the column chunk over to FilePages at
	// its handOver-th data page (1-based; 0: never), as it does at a page
	// it does not decode (the tests of that path).
	handOver int
	// tail is how much of the file's end is read first (0:
	// parquetTailBytes); piece and gap are the reads ahead's (0:
	// prefetchPieceBytes and prefetchMergeGap; a gap < 0 merges only
	// adjacent ranges). The tests make them small.
	tail, piece, gap int64
	// prefetched, when set, is told how many bytes of the reads the
	// prefetcher served and how many it read on demand.
	prefetched func(served, direct int64)
}

// pqMaxFooter bounds a footer's length: a table of thousands of columns
// in thousands of row groups has a footer of tens of megabytes.
const pqMaxFooter = 256 << 20

// parquetTailBytes is how much of a Parquet file's end is read first:
// the footer's length and magic, and on most files the whole footer, in
// one read where parquet-go makes two (on S3, one ranged GET fewer), and
// a small file's column chunks with it.
const parquetTailBytes = 64 << 10

// parquetTail serves from memory the reads, or the parts of reads, that
// fall within a file's tail or its head, and passes the others on.
type parquetTail struct {
	io.ReaderAt
	off  int64 // where tail starts in the file; it ends at the file's end
	tail []byte
	// head is the file's first bytes, peeked to detect its format:
	// parquet-go checks the magic number at offset 0 (on S3, a GET of 4
	// bytes), and the first column chunk starts there.
	head []byte
}

func (t *parquetTail) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return t.ReaderAt.ReadAt(p, off)
	}
	n := 0
	if off < int64(len(t.head)) {
		n = copy(p, t.head[off:])
		p, off = p[n:], off+int64(n)
	}
	if len(p) == 0 {
		return n, nil
	}
	if end := off + int64(len(p)); end > t.off && off < t.off+int64(len(t.tail)) {
		if off < t.off {
			m, err := t.ReaderAt.ReadAt(p[:t.off-off], off)
			n += m
			if m < int(t.off-off) {
				return n, err
			}
			p, off = p[m:], t.off
		}
		c := copy(p, t.tail[off-t.off:])
		if n += c; c < len(p) {
			return n, io.EOF // the tail ends at the file's end
		}
		return n, nil
	}
	m, err := t.ReaderAt.ReadAt(p, off)
	return n + m, err
}

// readParquetTail reads the last want bytes of a Parquet file of size
// bytes (and the whole footer, if longer) and checks that the footer
// length found there fits in the file: parquet-go allocates that length,
// up to 4 GiB, before it reads the footer.
func readParquetTail(ra io.ReaderAt, size, want int64) (*parquetTail, error) {
	const minSize = 12 // "PAR1", then the footer's length and "PAR1"
	if size < minSize {
		return nil, &malformedError{fmt.Errorf("parquet: a file of %d bytes is too short", size)}
	}
	t := &parquetTail{ReaderAt: ra, off: size - min(size, max(want, 8))}
	t.tail = make([]byte, size-t.off)
	if n, err := ra.ReadAt(t.tail, t.off); n < len(t.tail) {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, &readError{fmt.Errorf("parquet: read the footer: %w", err)}
	}
	end := t.tail[len(t.tail)-8:]
	if magic := string(end[4:]); magic != "PAR1" && magic != "PARE" {
		return nil, &malformedError{errors.New("parquet: no Parquet magic number at the end of the file")}
	}
	magic := string(end[4:])
	n := int64(binary.LittleEndian.Uint32(end))
	if n > size-minSize {
		return nil, &malformedError{fmt.Errorf("parquet: a footer of %d bytes in a file of %d", n, size)}
	}
	if n > pqMaxFooter {
		return nil, &malformedError{fmt.Errorf("parquet: a footer of %d bytes, over the %d-byte limit", n, pqMaxFooter)}
	}
	if n+8 > int64(len(t.tail)) {
		// A footer longer than the tail: read whole, once, for parquet-go too.
		t.off = size - 8 - n
		t.tail = make([]byte, n+8)
		if got, err := ra.ReadAt(t.tail, t.off); got < len(t.tail) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, &readError{fmt.Errorf("parquet: read the footer: %w", err)}
		}
	}
	if magic == "PAR1" { // "PARE": an encrypted footer, which parquet-go refuses
		if _, err := checkThrift(t.tail[len(t.tail)-8-int(n) : len(t.tail)-8]); err != nil {
			return nil, &malformedError{fmt.Errorf("parquet: footer: %w", err)}
		}
	}
	return t, nil
}

// decodeParquetWith is decodeParquet with opts.
func decodeParquetWith(ctx context.Context, in *input, lim *limits, emit func(*Chunk) error, opts pqOptions) (err error) {
	var head []byte
	direct := in.readsAt()
	if direct {
		// What was peeked of the file; spooling would read on.
		head, _ = in.br.Peek(in.br.Buffered())
	}
	ra, size, done, err := randomAccess(ctx, in)
	if err != nil {
		return err
	}
	defer done()
	defer func() {
		// The reader trusts offsets and lengths read from the file; a
		// hostile file must not take the process down.
		if r := recover(); r != nil {
			msg := "parquet reader failed on corrupt input"
			if re, ok := r.(runtime.Error); ok {
				msg += ": " + re.Error() // bounds and nil errors carry no content
			}
			err = &malformedError{errors.New(msg)}
		}
	}()
	tailBytes := opts.tail
	if tailBytes == 0 {
		tailBytes = parquetTailBytes
	}
	t, err := readParquetTail(ra, size, tailBytes)
	if err != nil {
		return err
	}
	t.head = head
	pf, err := pq.OpenFile(t, size, pq.SkipPageIndex(true), pq.SkipBloomFilters(true), pq.ReadBufferSize(parquetReadBuffer))
	if err != nil {
		return &malformedError{fmt.Errorf("parquet: %w", err)}
	}
	leaves := parquetLeaves(pf.Root())
	if in.ints != nil {
		for i := range leaves {
			if l := &leaves[i]; (l.kind == pqInt32 || l.kind == pqInt64) && l.scale == 0 {
				l.filter, l.keep = true, in.ints(l.tmpl)
			}
		}
	}
	var pre *prefetchReaderAt
	if in.readsAhead > 0 && direct {
		// Every read from here on is the column chunks', known from the
		// footer: read them ahead, between the head and the tail.
		if plan := parquetPlan(pf, leaves, int64(len(t.head)), t.off); len(plan) > 0 {
			gap := opts.gap
			switch {
			case gap == 0:
				gap = prefetchMergeGap
			case gap < 0:
				gap = 0
			}
			piece := opts.piece
			if piece == 0 {
				piece = prefetchPieceBytes
			}
			pre = newPrefetchReaderAt(ctx, t.ReaderAt, plan, in.readsAhead, piece, gap)
			defer func() {
				pre.close()
				if opts.prefetched != nil {
					opts.prefetched(pre.served, pre.direct)
				}
			}()
			t.ReaderAt = pre
		}
	}
	d := pqDecoders.Get().(*pqDecoder)
	defer d.release()
	d.lim, d.emit, d.slow, d.share, d.ra = lim, emit, opts.slow, opts.share, t
	d.filePagesOnly, d.pages.handOver, d.shareMinUses = opts.filePages, opts.handOver, opts.shareMinUses
	k := 0 // the plan's range of the chunk
	return keptChunks(pf, leaves, func(cc pq.ColumnChunk, meta *pqformat.ColumnChunk, leaf *pqLeaf, rowStart int64) error {
		if pre != nil {
			pre.reach(k)
		}
		k++
		return d.columnChunk(ctx, cc, meta, leaf, rowStart)
	})
}

// keptChunks calls fn with each column chunk the decoder reads, in the
// order it reads them: row group after row group, the chunks of the
// columns it scans whose statistics do not rule them out (mayKeep), with
// the chunk's metadata (nil if the footer lacks it) and its row group's
// first row. It stops at fn's first error.
func keptChunks(pf *pq.File, leaves []pqLeaf, fn func(cc pq.ColumnChunk, meta *pqformat.ColumnChunk, leaf *pqLeaf, rowStart int64) error) error {
	var rowStart int64
	metaGroups := pf.Metadata().RowGroups
	for g, rg := range pf.RowGroups() {
		var metaCols []pqformat.ColumnChunk
		if g < len(metaGroups) {
			metaCols = metaGroups[g].Columns
		}
		for c, cc := range rg.ColumnChunks() {
			if c >= len(leaves) {
				return &malformedError{errors.New("parquet: more column chunks than leaf columns")}
			}
			if leaves[c].kind == pqSkip || !leaves[c].mayKeep(cc) {
				continue
			}
			var meta *pqformat.ColumnChunk
			if c < len(metaCols) {
				meta = &metaCols[c]
			}
			if err := fn(cc, meta, &leaves[c], rowStart); err != nil {
				return err
			}
		}
		rowStart += rg.NumRows()
	}
	return nil
}

// parquetPlan is the bytes of each column chunk the decoder reads, in the
// order it reads them (keptChunks), as pqPages reads them: from chunkStart,
// the chunk's total compressed size, clamped to [from, to), the part of
// the file not already in memory. A chunk whose metadata gives no bytes
// there has an empty range.
func parquetPlan(pf *pq.File, leaves []pqLeaf, from, to int64) []byteRange {
	var plan []byteRange
	_ = keptChunks(pf, leaves, func(_ pq.ColumnChunk, meta *pqformat.ColumnChunk, _ *pqLeaf, _ int64) error {
		var r byteRange
		if meta != nil {
			r = chunkRange(&meta.MetaData, from, to)
		}
		plan = append(plan, r)
		return nil
	})
	return plan
}

// chunkRange is the part in [from, to) of a column chunk's bytes; empty
// where a hostile footer's offsets or sizes are negative or out of the
// file.
func chunkRange(md *pqformat.ColumnMetaData, from, to int64) byteRange {
	start, n := chunkStart(md), md.TotalCompressedSize
	if start < 0 || n <= 0 || start >= to {
		return byteRange{}
	}
	end := to
	if n < to-start {
		end = start + n
	}
	if start = max(start, from); start >= end {
		return byteRange{}
	}
	return byteRange{start, end}
}

// parquetLeaves lists the leaf columns in column order with their paths.
func parquetLeaves(root *pq.Column) []pqLeaf {
	var leaves []pqLeaf
	var walk func(c *pq.Column, segs []pqSeg, named bool)
	walk = func(c *pq.Column, segs []pqSeg, named bool) {
		segs = segs[:len(segs):len(segs)] // appends below never share memory
		if named {
			segs = append(segs, pqSeg{name: string(appendPathName(nil, c.Name()))})
		}
		if c.Repeated() {
			segs = append(segs, pqSeg{index: true})
		}
		if c.Leaf() {
			leaves = append(leaves, newParquetLeaf(c, segs))
			return
		}
		kids := c.Columns()
		if lt := c.Type().LogicalType(); lt != nil && len(kids) == 1 && kids[0].Repeated() {
			switch lt.Value.(type) {
			case *pqformat.ListType:
				// <list> { repeated group list { element } }: neither
				// "list" nor "element" is part of the path.
				rep := kids[0]
				if !rep.Leaf() && len(rep.Columns()) == 1 {
					walk(rep.Columns()[0], append(segs, pqSeg{index: true}), false)
					return
				}
				walk(rep, segs, false)
				return
			case *pqformat.MapType:
				walk(kids[0], segs, false) // key_value: "[i].key", "[i].value"
				return
			}
		}
		for _, k := range kids {
			walk(k, segs, true)
		}
	}
	for _, k := range root.Columns() {
		walk(k, []pqSeg{{name: "$"}}, true)
	}
	return leaves
}

func newParquetLeaf(c *pq.Column, segs []pqSeg) pqLeaf {
	l := pqLeaf{maxRep: c.MaxRepetitionLevel(), maxDef: c.MaxDefinitionLevel()}
	var tmpl []byte
	for _, s := range segs {
		if s.index {
			l.slots = append(l.slots, len(tmpl))
			tmpl = append(tmpl, "[]"...)
			l.levels++
		} else {
			tmpl = append(tmpl, s.name...)
		}
	}
	l.tmpl = string(tmpl)
	if l.levels != l.maxRep {
		l.levels, l.slots = 0, nil // a schema we do not understand: locate by template only
	}
	typ := c.Type()
	var logical any
	if lt := typ.LogicalType(); lt != nil {
		logical = lt.Value
	}
	switch v := logical.(type) {
	case *pqformat.DateType, *pqformat.TimeType, *pqformat.TimestampType:
		return l // dates and times: scanning them as integers only finds false card numbers
	case *pqformat.DecimalType:
		if v.Scale < 0 || v.Scale > maxDecimalScale {
			break // not a decimal any writer makes: scanned as what it is stored as
		}
		l.scale = int(v.Scale)
		switch typ.Kind() {
		case pq.Int32:
			l.kind = pqInt32
		case pq.Int64:
			l.kind = pqInt64
		default:
			l.kind = pqDecimal
		}
		return l
	case *pqformat.UUIDType:
		l.kind = pqUUID
		return l
	}
	if it, ok := logical.(*pqformat.IntType); (ok && it.IsSigned) || (logical == nil && typ.ConvertedType() == nil) {
		l.signedStats = true
	}
	switch typ.Kind() {
	case pq.ByteArray:
		l.kind = pqBytes
	case pq.Int32:
		l.kind = pqInt32
	case pq.Int64:
		l.kind = pqInt64
	case pq.Float:
		l.kind = pqFloat
	case pq.Double:
		l.kind = pqDouble
	case pq.FixedLenByteArray:
		l.kind = pqFixed
	}
	return l
}

// mayKeep reports whether column chunk cc of leaf l may hold a value the
// decoder keeps: false for a filtered integer column whose statistics put
// every value's number of digits outside l.keep, which is then not read.
func (l *pqLeaf) mayKeep(cc pq.ColumnChunk) bool {
	if !l.filter || !l.signedStats {
		return true
	}
	fc, ok := cc.(*pq.FileColumnChunk)
	if !ok {
		return true
	}
	lo, hi, ok := fc.Bounds()
	if !ok || lo.IsNull() || hi.IsNull() {
		return true
	}
	var mn, mx int64
	if l.kind == pqInt32 {
		mn, mx = int64(lo.Int32()), int64(hi.Int32())
	} else {
		mn, mx = lo.Int64(), hi.Int64()
	}
	if mn > mx {
		return true // statistics we do not understand
	}
	// The digit counts of [mn, mx]: from the smaller magnitude to the larger
	// one, or from 1 when the range spans zero.
	a, b := decimalDigits(absInt64(mn)), decimalDigits(absInt64(mx))
	if a > b {
		a, b = b, a
	}
	if mn <= 0 && mx >= 0 {
		a = 1
	}
	span := uint32(1)<<(b+1) - uint32(1)<<a
	return l.keep&span != 0
}

// keeps reports whether the filtered integer column keeps v.
func (l *pqLeaf) keeps(v int64) bool {
	return l.keep&(1<<decimalDigits(absInt64(v))) != 0
}

// absInt64 is |v| as an unsigned number (|MinInt64| included).
func absInt64(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

var powersOf10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// decimalDigits is the number of decimal digits of u (1 for 0), from its
// bit length: 1233/4096 ≈ log10(2).
func decimalDigits(u uint64) int {
	t := (bits.Len64(u) * 1233) >> 12
	if t < len(powersOf10) && u >= powersOf10[t] {
		t++
	}
	return max(t, 1)
}

// appendPathName appends ".name", or "['name']" when name is not an
// identifier, as the JSON decoder writes member names.
func appendPathName(b []byte, name string) []byte {
	if len(name) > maxName {
		name = name[runeStart([]byte(name), len(name)-maxName):]
	}
	if isIdent([]byte(name)) {
		return append(append(b, '.'), name...)
	}
	b = append(b, '[', '\'')
	for i := 0; i < len(name); i++ {
		if c := name[i]; c == '\'' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, name[i])
	}
	return append(b, '\'', ']')
}

// pqDecoder batches one column chunk's values.
type pqDecoder struct {
	lim  *limits
	emit func(*Chunk) error

	leaf      *pqLeaf
	data      []byte
	starts    []int32
	index     []uint32 // rows less indexBase
	indexBase int64    // the batch's Chunk.IndexBase (see inSpan)
	positions []int64  // leaf.levels list positions per value (Chunk.Positions)
	idx       []int64  // current list position per repetition level (1-based levels)
	win       valueWindows
	ch        Chunk
	big       big.Int
	scratch   []byte
	slow      bool // never take the fast paths (tests)

	ra            io.ReaderAt
	pages         pqPages // reads the column chunks (ownPages)
	filePagesOnly bool    // never use pages (tests)
	shareMinUses  int64   // pqOptions.shareMinUses
	chunkValues   int64   // the column chunk's entries, nulls included

	// Sharing dictionary values (pqOptions.share, sharedBytes): sharing
	// says the batch is one of distinct values, whose uses are uses; slot
	// maps a dictionary key to its value in the batch (-1: none yet), and
	// slotKeys lists the keys set, to reset them at a flush; dict tells
	// the dictionary the slots are of.
	share    bool
	sharing  bool
	uses     []int32
	slot     []int32
	slotKeys []int32
	dict     pqDictID
}

// pqDecoders recycles decoders with their batch buffers across objects,
// as csvReaders does: growing them afresh cost 10 MB allocated and a
// quarter of the CPU time (zeroing) per 8 MB file.
var pqDecoders = sync.Pool{New: func() any { return &pqDecoder{} }}

// release resets d and pools it, unless its buffers grew past releaseCap.
func (d *pqDecoder) release() {
	if int64(cap(d.data)+4*cap(d.starts)+4*cap(d.index)+8*cap(d.positions)+4*cap(d.uses)+4*cap(d.slot)+4*cap(d.slotKeys)+d.pages.footprint()) > d.lim.releaseCap {
		return
	}
	d.resetSlots() // a decode that panicked may have left some set
	pages := d.pages.reset()
	*d = pqDecoder{data: d.data[:0], starts: d.starts[:0], index: d.index[:0], positions: d.positions[:0], idx: d.idx[:0], scratch: d.scratch[:0],
		uses: d.uses[:0], slot: d.slot, slotKeys: d.slotKeys[:0], pages: pages}
	pqDecoders.Put(d)
}

func (d *pqDecoder) columnChunk(ctx context.Context, cc pq.ColumnChunk, meta *pqformat.ColumnChunk, leaf *pqLeaf, rowStart int64) error {
	d.leaf, d.chunkValues = leaf, cc.NumValues()
	if cap(d.idx) < leaf.maxRep+1 {
		d.idx = make([]int64, leaf.maxRep+1)
	}
	d.idx = d.idx[:leaf.maxRep+1]
	if col, ok := ownPages(cc, meta, leaf); ok && !d.filePagesOnly {
		return d.ownColumnChunk(ctx, cc, col, meta, rowStart)
	}
	if err := d.pagesSound(cc, meta); err != nil {
		return err
	}
	pages := cc.Pages()
	defer pages.Close()
	return d.filePages(ctx, pages, rowStart-1)
}

// filePages adds the values of pages; row is the row of the last entry seen.
func (d *pqDecoder) filePages(ctx context.Context, pages pq.Pages, row int64) error {
	leaf := d.leaf
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			if ferr := d.flush(); ferr != nil {
				return ferr
			}
			return &malformedError{fmt.Errorf("parquet: column %s: %w", leaf.tmpl, err)}
		}
		row, err = d.page(p, row)
		pq.Release(p)
		if err != nil {
			return d.faulted(err)
		}
	}
	return d.flush()
}

// faulted returns err, a page's failure, after emitting the values of the
// batch before the fault when the page was malformed: what came before
// stands.
func (d *pqDecoder) faulted(err error) error {
	var me *malformedError
	if errors.As(err, &me) {
		if ferr := d.flush(); ferr != nil {
			return ferr
		}
	}
	return err
}

// page adds one page's values; row is the row of the last entry seen.
func (d *pqDecoder) page(p pq.Page, row int64) (int64, error) {
	// The values: the page's own, or its dictionary's looked up by index.
	vals := p.Data()
	var keys []int32
	if dict := p.Dictionary(); dict != nil {
		keys = vals.Int32()
		vals = dict.Page().Data()
	}
	src := pqValues{kind: d.leaf.kind}
	src.load(&vals)
	return d.values(&src, keys, p.RepetitionLevels(), p.DefinitionLevels(), int(p.NumValues()), row)
}

// values adds a page's n entries: src's values (looked up by keys when
// keys is not nil), with their levels.
func (d *pqDecoder) values(src *pqValues, keys []int32, rep, def []byte, n int, row int64) (int64, error) {
	leaf := d.leaf
	if (rep != nil && len(rep) < n) || (def != nil && len(def) < n) {
		return row, &malformedError{fmt.Errorf("parquet: column %s: fewer levels than values", leaf.tmpl)}
	}
	// A page's entries add at most n rows after row, which the fast paths
	// index from the batch's base without checking each: a page whose rows
	// could leave the span (see inSpan) starts a new batch. A page of more
	// entries than the span (a test's limits only: a page holds fewer than
	// 2^31) goes to pageSlow, which then checks every value.
	fits := int64(n) <= d.lim.indexSpan
	if fits && !(d.inSpan(row) && d.inSpan(row+int64(n))) {
		if err := d.rebase(row); err != nil {
			return row, err
		}
	}
	// A batch is all shared values or none: switching flushes it, which
	// keeps the values in row order.
	share := fits && d.share && keys != nil && rep == nil && leaf.maxRep == 0 && leaf.maxDef <= 0xff && (src.kind == pqBytes || src.kind == pqFixed) &&
		int64(src.n)*d.shareMinUses <= d.chunkValues
	if share != d.sharing {
		if err := d.flush(); err != nil {
			return row, err
		}
		d.sharing = share
	}
	base := d.indexBase // the fast paths count rows from it (see parquet_flat.go)
	if share {
		rel, err := d.sharedBytes(src, keys, def, n, row-base)
		return base + rel, err
	}
	if fits && rep == nil && leaf.maxRep == 0 && leaf.maxDef <= 0xff && !d.slow {
		switch {
		case src.kind == pqBytes || src.kind == pqFixed:
			rel, err := d.flatBytes(src, keys, def, n, row-base)
			return base + rel, err
		case (src.kind == pqInt32 || src.kind == pqInt64) && leaf.scale == 0:
			rel, err := d.flatInts(src, keys, def, n, row-base)
			return base + rel, err
		}
	}
	return d.pageSlow(src, keys, rep, def, n, row)
}

// pageSlow adds a page's values one call to add at a time: any kind,
// repetition levels and all.
func (d *pqDecoder) pageSlow(src *pqValues, keys []int32, rep, def []byte, n int, row int64) (int64, error) {
	leaf := d.leaf
	check := int64(n) > d.lim.indexSpan // else values made the page's rows fit
	vi := 0
	for e := 0; e < n; e++ {
		if rep == nil || rep[e] == 0 {
			row++
			if len(d.idx) > 1 { // idx[0] stays 0; a flat column has nothing to clear, and no memclr call per row
				clear(d.idx[1:])
			}
		} else if r := int(rep[e]); r < len(d.idx) {
			d.idx[r]++
			clear(d.idx[r+1:])
		}
		if def != nil && int(def[e]) != leaf.maxDef {
			continue // a null, or an empty or null list
		}
		k := vi
		vi++
		if keys != nil {
			if k >= len(keys) {
				return row, d.fewerValues()
			}
			k = int(keys[k])
		}
		if k < 0 || k >= src.n {
			return row, d.indexOutOfRange()
		}
		if check && !d.inSpan(row) {
			if err := d.rebase(row); err != nil {
				return row, err
			}
		}
		if err := d.add(src, k, row); err != nil {
			return row, err
		}
	}
	return row, nil
}

// pqValues is a page's (or dictionary's) values of one kind.
type pqValues struct {
	kind    pqKind
	n       int
	bytes   []byte
	offsets []uint32
	gap     uint32 // value k is bytes[offsets[k] : offsets[k+1]-gap]
	size    int
	i32     []int32
	i64     []int64
	f32     []float32
	f64     []float64
}

func (v *pqValues) load(vals interface {
	Kind() pqencoding.Kind
	ByteArray() ([]byte, []uint32)
	Int32() []int32
	Int64() []int64
	Float() []float32
	Double() []float64
	FixedLenByteArray() ([]byte, int)
}) {
	switch v.kind {
	case pqBytes:
		v.bytes, v.offsets = vals.ByteArray()
		v.n = max(len(v.offsets)-1, 0)
	case pqInt32:
		v.i32 = vals.Int32()
		v.n = len(v.i32)
	case pqInt64:
		v.i64 = vals.Int64()
		v.n = len(v.i64)
	case pqFloat:
		v.f32 = vals.Float()
		v.n = len(v.f32)
	case pqDouble:
		v.f64 = vals.Double()
		v.n = len(v.f64)
	case pqFixed, pqUUID, pqDecimal:
		if vals.Kind() == pqencoding.ByteArray { // a BYTE_ARRAY decimal
			v.bytes, v.offsets = vals.ByteArray()
			v.n = max(len(v.offsets)-1, 0)
			break
		}
		v.bytes, v.size = vals.FixedLenByteArray()
		if v.size > 0 {
			v.n = len(v.bytes) / v.size
		}
	}
}

// raw returns value k as bytes for the byte kinds.
func (v *pqValues) raw(k int) []byte {
	if v.offsets != nil {
		a, b := v.offsets[k], v.offsets[k+1]-v.gap
		if a > b || int(b) > len(v.bytes) {
			return nil
		}
		return v.bytes[a:b]
	}
	return v.bytes[k*v.size : (k+1)*v.size]
}

// add appends value k of src, of row row, to the batch.
func (d *pqDecoder) add(src *pqValues, k int, row int64) error {
	leaf := d.leaf
	if src.kind == pqBytes || src.kind == pqFixed || src.kind == pqDecimal && len(src.raw(k)) > maxDecimalBytes {
		v := src.raw(k)
		if len(v) == 0 {
			return nil
		}
		if len(v) > d.lim.maxValue {
			return d.long(v, row)
		}
		d.begin(row)
		d.data = append(d.data, v...)
	} else {
		if leaf.filter {
			var v int64
			if src.kind == pqInt32 {
				v = int64(src.i32[k])
			} else {
				v = src.i64[k]
			}
			if !leaf.keeps(v) {
				return nil
			}
		}
		d.begin(row)
		switch src.kind {
		case pqInt32:
			d.data = appendScaled(d.data, int64(src.i32[k]), leaf.scale)
		case pqInt64:
			d.data = appendScaled(d.data, src.i64[k], leaf.scale)
		case pqFloat:
			d.data = strconv.AppendFloat(d.data, float64(src.f32[k]), 'f', -1, 32)
		case pqDouble:
			d.data = strconv.AppendFloat(d.data, src.f64[k], 'f', -1, 64)
		case pqUUID:
			d.data = appendUUID(d.data, src.raw(k))
		case pqDecimal:
			d.data = d.appendDecimal(d.data, src.raw(k), leaf.scale)
		}
	}
	if len(d.starts) >= d.lim.batchVals || len(d.data) >= d.lim.batchBytes {
		return d.flush()
	}
	return nil
}

// begin starts a value of row, which is inSpan, in the batch.
func (d *pqDecoder) begin(row int64) {
	if len(d.starts) > 0 {
		d.data = append(d.data, ValueSeparator)
	}
	d.starts = append(d.starts, int32(len(d.data)))
	d.index = append(d.index, uint32(row-d.indexBase))
	if l := d.leaf.levels; l > 0 {
		d.positions = append(d.positions, d.idx[1:l+1]...)
	}
}

// inSpan says whether row can be indexed in the batch: at most indexSpan
// past its base, and not before it (rows start again with each column
// chunk, whose values a batch never mixes with another's).
func (d *pqDecoder) inSpan(row int64) bool {
	return uint64(row-d.indexBase) <= uint64(d.lim.indexSpan)
}

// rebase flushes the batch and makes row its base, for a row not inSpan:
// a column chunk's nulls fill no batch, so 2^32 rows of them could pass
// before one is flushed.
func (d *pqDecoder) rebase(row int64) error {
	err := d.flush()
	d.indexBase = row
	return err
}

// path makes the current concrete path as a string, for a value split
// into windows (such a value is at least a MiB long).
func (d *pqDecoder) path() string {
	one := Chunk{Field: d.leaf.tmpl, FieldSlots: d.leaf.slots, Positions: d.idx[1 : d.leaf.levels+1]}
	return one.Path(0)
}

// long emits a value longer than maxValue in overlapping windows.
func (d *pqDecoder) long(v []byte, row int64) error {
	if err := d.flush(); err != nil {
		return err
	}
	p := ""
	if d.leaf.levels > 0 {
		p = d.path()
	}
	return emitLong(v, d.lim, d.leaf.tmpl, p, row, &d.scratch, &d.win, &d.ch, d.emit)
}

// emitLong emits one Records value longer than lim.maxValue as
// overlapping single-value windows (see valueWindows); path "" means the
// value's path is field.
func emitLong(v []byte, lim *limits, field, path string, index int64, scratch *[]byte, win *valueWindows, ch *Chunk, emit func(*Chunk) error) error {
	buf := (*scratch)[:0]
	for len(v) > 0 {
		// Grow the window just past maxValue, so that overflow cuts it.
		n := min(len(v), max(1, lim.maxValue+1-len(buf)))
		buf = append(buf, v[:n]...)
		v = v[n:]
		*ch = Chunk{Kind: Records, Field: field}
		if err := win.overflow(&buf, 0, lim, ch, index, path, emit); err != nil {
			return err
		}
	}
	*ch = Chunk{Kind: Records, Field: field}
	err := win.finish(buf, ch, index, path, emit)
	*scratch = buf[:0]
	return err
}

// flush emits the batch as one chunk.
func (d *pqDecoder) flush() error {
	if len(d.starts) == 0 {
		return nil
	}
	d.ch = Chunk{Kind: Records, Data: d.data, ReportTo: len(d.data), Field: d.leaf.tmpl, Starts: d.starts, IndexBase: d.indexBase, IndexDelta: d.index}
	if d.leaf.levels > 0 {
		d.ch.FieldSlots, d.ch.Positions = d.leaf.slots, d.positions
	}
	if d.sharing {
		d.ch.Uses = d.uses
	}
	err := d.emit(&d.ch)
	d.data, d.starts, d.index, d.positions = d.data[:0], d.starts[:0], d.index[:0], d.positions[:0]
	d.uses = d.uses[:0]
	d.resetSlots()
	d.ch = Chunk{}
	return err
}

// appendScaled formats v as a decimal with scale digits after the point
// (scale 0: an integer), without allocating.
func appendScaled(b []byte, v int64, scale int) []byte {
	if scale <= 0 {
		return strconv.AppendInt(b, v, 10)
	}
	start := len(b)
	return placePoint(strconv.AppendInt(b, v, 10), start, scale)
}

// maxDecimalScale and maxDecimalBytes bound the decimals formatted as
// numbers: 76 digits, decimal256, the widest that Arrow, Spark and the
// databases have. A wider scale or value is not a decimal any writer
// makes, and formatting a hostile one (a scale of 2^31, a megabyte-long
// integer) would stall the scan: Parquet and Avro scan such values as the
// integers or bytes they are stored as.
const (
	maxDecimalScale = 76
	maxDecimalBytes = 32
)

// placePoint turns the integer text at b[start:] into a decimal with
// scale digits after the point, padding "5" with scale 2 to "0.05".
func placePoint(b []byte, start, scale int) []byte {
	if scale <= 0 {
		return b
	}
	if start < len(b) && b[start] == '-' {
		start++
	}
	pad := max(0, scale+1-(len(b)-start)) // "5" with scale 2: "005"
	n := len(b)
	b = slices.Grow(b, pad+1)[:n+pad+1]
	copy(b[start+pad:], b[start:n])
	for i := start; i < start+pad; i++ {
		b[i] = '0'
	}
	point := n + pad - scale
	copy(b[point+1:], b[point:n+pad])
	b[point] = '.'
	return b
}

// appendDecimal formats a big-endian two's-complement integer with scale.
// Up to 16 bytes (DECIMAL(38, s), the widest most writers use) it works in
// 128 bits and allocates nothing; wider ones go through big.Int.
func (d *pqDecoder) appendDecimal(b []byte, be []byte, scale int) []byte {
	if len(be) == 0 {
		return append(b, '0')
	}
	if len(be) <= 8 {
		var v int64
		if be[0]&0x80 != 0 {
			v = -1
		}
		for _, c := range be {
			v = v<<8 | int64(c)
		}
		return appendScaled(b, v, scale)
	}
	start := len(b)
	if len(be) <= 16 {
		var hi, lo uint64
		if be[0]&0x80 != 0 {
			hi, lo = ^uint64(0), ^uint64(0)
		}
		for _, c := range be {
			hi = hi<<8 | lo>>56
			lo = lo<<8 | uint64(c)
		}
		return placePoint(appendInt128(b, hi, lo), start, scale)
	}
	d.big.SetBytes(be)
	if be[0]&0x80 != 0 {
		var m big.Int
		m.Lsh(big.NewInt(1), uint(8*len(be)))
		d.big.Sub(&d.big, &m)
	}
	return placePoint(d.big.Append(b, 10), start, scale)
}

// appendInt128 appends the two's-complement 128-bit integer hi:lo in
// decimal, without allocating.
func appendInt128(b []byte, hi, lo uint64) []byte {
	if hi>>63 != 0 {
		b = append(b, '-')
		var borrow uint64
		lo, borrow = bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, borrow)
	}
	var buf [40]byte // 2^128 has 39 digits
	i := len(buf)
	const e19 = 10_000_000_000_000_000_000
	for hi != 0 {
		// Divide by 10^19 (hi first, then the remainder with lo) and
		// write the remainder's 19 digits, leading zeros included.
		var r uint64
		hi, r = hi/e19, hi%e19
		lo, r = bits.Div64(r, lo, e19)
		for range 19 {
			i--
			buf[i] = byte('0' + r%10)
			r /= 10
		}
	}
	if i == len(buf) {
		return strconv.AppendUint(b, lo, 10)
	}
	if lo != 0 {
		return append(strconv.AppendUint(b, lo, 10), buf[i:]...)
	}
	for buf[i] == '0' { // the top chunk's leading zeros; the value is > 0 here
		i++
	}
	return append(b, buf[i:]...)
}

func appendUUID(b, u []byte) []byte {
	const hex = "0123456789abcdef"
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return b
}
