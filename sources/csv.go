package sources

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"runtime"
)

// CSVDecoder decodes comma- or tab-separated values into Cells chunks, one
// column at a time.
//
// Records are read in batches (up to 256 KiB of values or 16Ki values); for
// each batch it emits one chunk per column that has a non-empty value:
// Data is the column's values joined by ValueSeparator, Starts[i] the
// offset of value i, Index(i) its row, Column the 1-based column number and
// Field the column's name. Empty values are not emitted.
//
// Rows. The first record is the header: its values name the columns (a
// column past the header's end has the name ""), and they are scanned too,
// as row 1 of their columns. Index is the 1-based number of the record in
// the object, header included, so the first data row is 2; a record that
// spans several lines inside quotes counts once, and empty lines are not
// records.
//
// Dialect. The reader is hand-written (encoding/csv holds a whole record in
// memory and costs an allocation per record): RFC 4180 quoting with ""
// for a quote, "\n" or "\r\n" ending a record, and lenient like
// encoding/csv's LazyQuotes — a quote inside an unquoted field is a
// character, a quote in a quoted field not followed by a separator or line
// end is kept, an unterminated quote runs to the end. Records may be
// ragged. Values are passed as they are, quotes removed. So a CSV never
// fails to parse: malformed input is still scanned, only its cells may be
// mislocated. Comma '\t' (TSV) does no quote processing at all, as IANA's
// text/tab-separated-values has none and database exports escape with
// backslashes; quotes are then characters.
//
// Limits. A value longer than 1 MiB is split into overlapping windows (see
// TextDecoder) emitted as chunks of their own; a record of more than 16384
// fields stops the object with ReasonUnableToParse. Memory is bounded
// whatever the object.
type CSVDecoder struct {
	// Comma is the field separator: ',' for CSV, '\t' for TSV.
	Comma byte
}

// Decode implements Decoder.
func (d CSVDecoder) Decode(ctx context.Context, r io.Reader, _ Object, emit func(*Chunk) error) error {
	comma := d.Comma
	if comma == 0 {
		comma = ','
	}
	return decodeWith(ctx, r, emit, func(ctx context.Context, br *bufio.Reader, emit func(*Chunk) error) error {
		return decodeCSV(ctx, br, comma, &defaultLimits, emit)
	})
}

type csvColumn struct {
	name string
	// header is the name this column had in the object the reader
	// decoded last, kept across objects: headers repeat across the files
	// of a data set, and a name equal to it is taken without a copy.
	header string
	data   []byte
	starts []int32
	index  []uint32 // rows less csvReader.indexBase
}

var crByte, quoteByte = []byte{'\r'}, []byte{'"'}

type csvState uint8

const (
	csvFieldStart   csvState = iota
	csvUnquoted              // in an unquoted field
	csvQuoted                // in a quoted field
	csvQuoteInQuote          // saw '"' in a quoted field
	csvCR                    // saw '\r' outside quotes
)

type csvReader struct {
	lim     *limits
	comma   byte
	commas  uint64 // comma in every byte
	quotes  bool
	emit    func(*Chunk) error // c.emitTo, bound once per reader
	out     func(*Chunk) error // the caller's emit
	emitted bool

	cols       []*csvColumn
	col        int   // current field's column
	vstart     int   // start of the current value in cols[col].data
	rec        int64 // records completed
	indexBase  int64 // the batch's Chunk.IndexBase: a row number at or before its first
	nonEmpty   bool  // the current record has a byte other than its line end
	batchBytes int
	batchVals  int
	win        valueWindows
	ch         Chunk
	special    [256]bool
	offset     int64 // bytes consumed before buf

	sepTable   [64]byte // see csvSepTable
	sepTableOK bool     // sepTable serves comma

	headerBytes int // of the columns' headers, those past len(cols) too
}

func decodeCSV(ctx context.Context, r io.Reader, comma byte, lim *limits, emit func(*Chunk) error) error {
	buf, put := getBuf(lim)
	defer put()
	c := newCSVReader(lim)
	defer c.release()
	c.indexBase = 1 // the first record's row
	c.comma, c.quotes, c.commas = comma, comma != '\t', swarOnes*uint64(comma)
	c.out = emit
	c.special[comma], c.special['\n'], c.special['\r'] = true, true, true
	c.sepTable, c.sepTableOK = csvSepTable(comma)
	if c.quotes {
		c.special['"'] = true
	}
	state := csvFieldStart
	first := true
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, rerr := io.ReadFull(r, buf)
		data := buf[:n]
		if first && n > 0 {
			first = false
			if len(data) >= 3 && string(data[:3]) == string(utf8BOM) {
				data = data[3:]
				c.offset = 3
			}
		}
		var err error
		if state, err = c.parse(data, state); err != nil {
			return err
		}
		c.offset += int64(len(data))
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			if state == csvFieldStart && c.col > 0 {
				// "a,<EOF>": the last, empty field was never begun.
				if err := c.beginField(); err != nil {
					return err
				}
				state = csvUnquoted
			}
			if state != csvFieldStart {
				if err := c.endRecord(); err != nil {
					return err
				}
			}
			return c.flush()
		}
		if rerr != nil {
			if err := c.flush(); err != nil {
				return err
			}
			return rerr
		}
	}
}

func (c *csvReader) column() *csvColumn { return c.cols[c.col] }

// beginField starts a value in column c.col.
func (c *csvReader) beginField() error {
	if c.col >= len(c.cols) {
		if c.col >= c.lim.maxColumns {
			return objectError(c.emitted, ReasonUnableToParse, &ParseError{Format: "csv", Offset: c.offset, Msg: fmt.Sprintf("a record has more than %d fields", c.lim.maxColumns)})
		}
		if len(c.cols) < cap(c.cols) && c.cols[:len(c.cols)+1][len(c.cols)] != nil {
			c.cols = c.cols[:len(c.cols)+1] // a column object kept from an earlier object
		} else {
			c.cols = append(c.cols, &csvColumn{})
		}
	}
	col := c.column()
	if len(col.starts) > 0 {
		col.data = append(col.data, ValueSeparator)
	}
	c.vstart = len(col.data)
	return nil
}

func (c *csvReader) appendValue(b []byte) error {
	col := c.column()
	col.data = append(col.data, b...)
	c.nonEmpty = true
	if len(col.data)-c.vstart > c.lim.maxValue {
		c.cellChunk(col)
		return c.win.overflow(&col.data, c.vstart, c.lim, &c.ch, c.rec+1, "", c.emit)
	}
	return nil
}

func (c *csvReader) cellChunk(col *csvColumn) {
	c.ch = Chunk{Kind: Cells, Column: int64(c.col + 1), Field: col.name}
}

// endField closes the value in progress.
func (c *csvReader) endField() error {
	col := c.column()
	v := col.data[c.vstart:]
	switch {
	case c.win.active:
		c.cellChunk(col)
		if err := c.win.finish(v, &c.ch, c.rec+1, "", c.emit); err != nil {
			return err
		}
		fallthrough
	case len(v) == 0:
		end := c.vstart
		if len(col.starts) > 0 {
			end-- // the separator before it
		}
		col.data = col.data[:end]
	default:
		col.starts = append(col.starts, int32(c.vstart))
		col.index = append(col.index, uint32(c.rec+1-c.indexBase))
		c.batchBytes += len(v) + 1
		c.batchVals++
	}
	return nil
}

func (c *csvReader) endRecord() error {
	if err := c.endField(); err != nil {
		return err
	}
	return c.nextRecord()
}

// nextRecord counts the record just ended, if it was one, and moves to
// the next.
func (c *csvReader) nextRecord() error {
	c.col = 0
	if !c.nonEmpty {
		return nil // an empty line is not a record
	}
	c.nonEmpty = false
	c.rec++
	if c.rec == 1 {
		for _, col := range c.cols {
			if n := len(col.starts); n > 0 && c.indexBase+int64(col.index[n-1]) == 1 {
				v := col.data[col.starts[n-1]:]
				if len(v) > 1024 {
					v = v[:runeStart(v, 1024)]
				}
				if col.header != string(v) { // no copy made to compare
					c.headerBytes += len(v) - len(col.header)
					col.header = string(v)
				}
				col.name = col.header
			}
		}
	}
	// The next record's row must be within indexSpan of the batch's base:
	// records without a value (",,\n") fill no batch, so 2^32 of them
	// could pass before one is flushed.
	if c.batchBytes >= c.lim.batchBytes || c.batchVals >= c.lim.batchVals || c.rec+1-c.indexBase > c.lim.indexSpan {
		return c.flush()
	}
	return nil
}

// flush emits one chunk per column of the batch; it is called between
// records only.
func (c *csvReader) flush() error {
	var capacity int64
	for i, col := range c.cols {
		if len(col.starts) > 0 {
			c.ch = Chunk{Kind: Cells, Data: col.data, ReportTo: len(col.data), Column: int64(i + 1), Field: col.name,
				Starts: col.starts, IndexBase: c.indexBase, IndexDelta: col.index}
			if err := c.emit(&c.ch); err != nil {
				return err
			}
		}
		col.data, col.starts, col.index = col.data[:0], col.starts[:0], col.index[:0]
		capacity += int64(cap(col.data) + 4*cap(col.starts) + 4*cap(col.index))
	}
	if capacity > c.lim.releaseCap {
		// Many wide columns each kept a large buffer: let them go rather
		// than hold their sum.
		for _, col := range c.cols {
			col.data, col.starts, col.index = nil, nil, nil
		}
	}
	c.ch = Chunk{}
	c.batchBytes, c.batchVals = 0, 0
	c.indexBase = c.rec + 1 // flushed between records: the next one's row
	return nil
}

// fieldRun returns the index of the first comma, '\n' or '\r' in b, or
// len(b), eight bytes at a time (see stringRun).
func (c *csvReader) fieldRun(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		sep, nl, cr := x^c.commas, x^(swarOnes*'\n'), x^(swarOnes*'\r')
		m := ((sep - swarOnes) &^ sep) | ((nl - swarOnes) &^ nl) | ((cr - swarOnes) &^ cr)
		if m &= swarHigh; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) && b[i] != c.comma && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return i
}

// sepBlock returns the first 64-byte block of data at or after i, at i
// or 64, 128… bytes on, that holds a comma, '\n' or '\r', as its start
// and its mask of them (bit k for data[base+k]); or, when data ends before
// such a block, the start of that shorter tail and mask 0.
func (c *csvReader) sepBlock(data []byte, i int) (base int, mask uint64) {
	for len(data)-i >= 64 {
		var m uint64
		if c.sepTableOK {
			m = csvSepBitsTable((*[64]byte)(data[i:i+64]), &c.sepTable)
		} else {
			m = csvSepBits((*[64]byte)(data[i:i+64]), c.comma)
		}
		if m != 0 {
			return i, m
		}
		i += 64
	}
	return i, 0
}

// csvSepTable returns, for csvSepBitsTable, four copies of a 16-byte
// table that holds comma, '\n' and '\r' at their low four bits and at the
// other places a byte whose low four bits differ from the place's; ok is
// false when comma cannot be placed so (its low bits those of '\n' or
// '\r', or its high bit set).
func csvSepTable(comma byte) (t [64]byte, ok bool) {
	if comma >= 0x80 || (comma&15 == '\n'&15 && comma != '\n') || (comma&15 == '\r'&15 && comma != '\r') {
		return t, false
	}
	for k := range t {
		t[k] = 0xFF
		if k&15 == 15 {
			t[k] = 0
		}
	}
	for k := 0; k < 64; k += 16 {
		t[k+'\n'&15], t[k+'\r'&15], t[k+int(comma&15)] = '\n', '\r', comma
	}
	return t, true
}

// appendShort is append(dst, v...) without a call to memmove for a value
// of at most 16 bytes, most of them: two 8-byte loads and stores, reading
// past v within its capacity and writing past it within dst's.
func appendShort(dst, v []byte) []byte {
	n := len(dst)
	if len(v) > 16 || cap(v) < 16 || cap(dst)-n < 16 {
		return append(dst, v...)
	}
	src, d := v[:16], dst[n:n+16]
	binary.LittleEndian.PutUint64(d, binary.LittleEndian.Uint64(src))
	binary.LittleEndian.PutUint64(d[8:], binary.LittleEndian.Uint64(src[8:]))
	return dst[:n+len(v)]
}

// wholeFields files the fields starting at data[i] for as long as they
// are the common case — whole in data, ending with a comma or "\n", in a
// column seen before, unquoted or quoted without a quote inside — and
// returns where the states of parse must take over (at a field start).
func (c *csvReader) wholeFields(data []byte, i int) (int, error) {
	rowDelta := uint32(c.rec + 1 - c.indexBase)
	maxValue := c.lim.maxValue
	// With vector compares, mask holds the separators of data[i:base+64]
	// (bit k for data[base+k]); each field takes and clears its lowest
	// bit, and a block is read at i when none is left: fields are short
	// (a tenth of a CSV's bytes are separators), so one block serves
	// several.
	base, mask := 0, uint64(0)
	for i < len(data) && c.col < len(c.cols) {
		start, end, next := i, 0, 0
		if data[i] == '"' && c.quotes {
			k := bytes.IndexByte(data[i+1:], '"')
			if k < 0 {
				return i, nil
			}
			start, end = i+1, i+1+k
			next = end + 1
			// Past the quotes and the separator after them (a shift
			// of 64 or more clears all).
			mask &= ^uint64(0) << uint(next+1-base)
		} else {
			if csvVector {
				if mask == 0 {
					base, mask = c.sepBlock(data, i)
				}
				if mask != 0 {
					end = base + bits.TrailingZeros64(mask)
					mask &= mask - 1
				} else {
					end = base + c.fieldRun(data[base:]) // the tail of data
				}
			} else {
				end = i + c.fieldRun(data[i:])
			}
			next = end
		}
		if next >= len(data) || end-start > maxValue {
			return i, nil
		}
		d := data[next]
		if d != c.comma && d != '\n' {
			return i, nil
		}
		if v := data[start:end]; len(v) > 0 {
			col := c.cols[c.col]
			if len(col.starts) > 0 {
				col.data = append(col.data, ValueSeparator)
			}
			col.starts = append(col.starts, int32(len(col.data)))
			if csvVector && len(v) > 16 {
				col.data = appendShort64(col.data, v)
			} else {
				col.data = appendShort(col.data, v)
			}
			col.index = append(col.index, rowDelta)
			c.batchBytes += len(v) + 1
			c.batchVals++
			c.nonEmpty = true
		} else if next > end {
			c.nonEmpty = true // "" is an empty value, not an empty line
		}
		i = next + 1
		if d == c.comma {
			c.nonEmpty = true
			c.col++
			continue
		}
		if err := c.nextRecord(); err != nil {
			return i, err
		}
		rowDelta = uint32(c.rec + 1 - c.indexBase)
	}
	return i, nil
}

// parse consumes data from state and returns the state at its end.
func (c *csvReader) parse(data []byte, state csvState) (csvState, error) {
	i := 0
	for i < len(data) {
		switch state {
		case csvFieldStart:
			var err error
			if i, err = c.wholeFields(data, i); err != nil || i == len(data) {
				return state, err
			}
			if err := c.beginField(); err != nil {
				return state, err
			}
			if c.quotes && data[i] == '"' {
				c.nonEmpty = true
				state = csvQuoted
				i++
			} else {
				state = csvUnquoted
			}
		case csvUnquoted:
			j := i
			for j < len(data) && (!c.special[data[j]] || data[j] == '"') {
				j++
			}
			if j > i {
				if err := c.appendValue(data[i:j]); err != nil {
					return state, err
				}
			}
			i = j
			if i == len(data) {
				break
			}
			switch data[i] {
			case c.comma:
				c.nonEmpty = true
				if err := c.endField(); err != nil {
					return state, err
				}
				c.col++
				state = csvFieldStart
			case '\n':
				if err := c.endRecord(); err != nil {
					return state, err
				}
				state = csvFieldStart
			case '\r':
				state = csvCR
			}
			i++
		case csvCR:
			if data[i] == '\n' {
				if err := c.endRecord(); err != nil {
					return state, err
				}
				state = csvFieldStart
				i++
			} else {
				if err := c.appendValue(crByte); err != nil {
					return state, err
				}
				state = csvUnquoted
			}
		case csvQuoted:
			j := i
			for j < len(data) && data[j] != '"' {
				j++
			}
			if j > i {
				if err := c.appendValue(data[i:j]); err != nil {
					return state, err
				}
			}
			i = j
			if i < len(data) {
				state = csvQuoteInQuote
				i++
			}
		case csvQuoteInQuote:
			switch data[i] {
			case '"':
				if err := c.appendValue(data[i : i+1]); err != nil {
					return state, err
				}
				state = csvQuoted
				i++
			case c.comma, '\n', '\r':
				state = csvUnquoted // the field ended; let csvUnquoted end it
			default:
				// Lazy: a lone quote inside a quoted field is kept.
				if err := c.appendValue(quoteByte); err != nil {
					return state, err
				}
				state = csvQuoted
			}
		}
	}
	return state, nil
}

// csvReaders recycles readers with their column buffers across objects,
// in a bounded free list as jsonScanners does.
var csvReaders = make(chan *csvReader, 2*runtime.GOMAXPROCS(0))

func newCSVReader(lim *limits) *csvReader {
	var c *csvReader
	if lim == &defaultLimits {
		select {
		case c = <-csvReaders:
		default:
		}
	}
	if c == nil {
		c = &csvReader{}
		c.emit = c.emitTo
	}
	c.lim = lim
	return c
}

// emitTo passes ch to the caller's emit and notes that a chunk was
// emitted.
func (c *csvReader) emitTo(ch *Chunk) error {
	c.emitted = true
	return c.out(ch)
}

// keptHeaderBytes bounds the column names a pooled reader keeps for the
// next object (see csvColumn.header): a wide header of long names is not
// worth holding.
const keptHeaderBytes = 64 << 10

// release resets c for another object and pools it.
func (c *csvReader) release() {
	if c.lim != &defaultLimits {
		return
	}
	cols := c.cols
	for _, col := range cols {
		*col = csvColumn{header: col.header, data: col.data[:0], starts: col.starts[:0], index: col.index[:0]}
	}
	headerBytes := c.headerBytes
	if headerBytes > keptHeaderBytes {
		// Columns past len(cols), kept from wider objects, too.
		for _, col := range cols[:cap(cols)] {
			if col != nil {
				col.header = ""
			}
		}
		headerBytes = 0
	}
	*c = csvReader{cols: cols[:0], headerBytes: headerBytes, emit: c.emit}
	select {
	case csvReaders <- c:
	default: // the list is full: let c go
	}
}
