package sources

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"slices"
	"sync/atomic"
	"unicode/utf16"
	"unicode/utf8"
)

// JSONDecoder decodes JSON (Lines false) or JSON Lines (Lines true) into
// Records chunks.
//
// Values. Every string and number is scanned, and so is every object key
// (a key can be sensitive): strings unescaped ("\u0040" is scanned as "@",
// a lone surrogate as U+FFFD, invalid UTF-8 passed as bytes), numbers as
// their literal text; true, false and null are not. A key is a value of the
// object that holds it: its path is the object's path.
//
// Chunks. Values are batched (up to 256 KiB or 16Ki values) and grouped by
// path template, the path with array indexes removed; each chunk holds the
// values of one template in document order: Field is the template
// ("$.customers[].cards[].number"), the keyword context, Starts[i] the
// offset of value i, Index(i) its record index and Chunk.Path(i) its
// concrete JSONPath ("$.customers[3].cards[2].number", "$[3].ssn"; a name
// that is not an identifier is written $['first name']; a name longer than
// 240 bytes keeps its last 240, as Macie truncates). The paths are given
// by FieldSlots and Positions, not made as strings: making a string per
// value halved the decoder's speed, and a scan needs only the paths of the
// values it reports. A value split into windows (see below) comes with
// Paths instead.
//
// Records. For JSON the record index is always 0, as Macie reports it; an
// object holding several top-level values one after another is accepted.
// For JSON Lines each line is a record and the index is the 0-based line
// number, counting every line (blank ones too). A line that is not valid
// JSON (including a value that continues onto the next line) is counted
// and skipped from the point of error to its end; values before the error
// on that line are kept. If any line was bad, Decode returns an
// *ObjectError with StatusPartial and ReasonUnableToParse after the whole
// object was scanned (StatusSkipped if no line was good).
//
// Errors. Invalid JSON stops a JSON object with ReasonUnableToParse and
// nesting deeper than 256 with ReasonJSONNestingOverLimit, both wrapping a
// *ParseError; what came before is emitted first (StatusPartial, or
// StatusSkipped if nothing was). A value longer than 1 MiB is split into
// overlapping windows (see TextDecoder). Memory is bounded whatever the
// object.
type JSONDecoder struct {
	// Lines selects JSON Lines.
	Lines bool
}

// Decode implements Decoder.
func (d JSONDecoder) Decode(ctx context.Context, r io.Reader, _ Object, emit func(*Chunk) error) error {
	return decodeWith(ctx, r, emit, func(ctx context.Context, br *bufio.Reader, emit func(*Chunk) error) error {
		return decodeJSON(ctx, br, d.Lines, &defaultLimits, emit)
	})
}

type jsonGroup struct {
	field  string
	data   []byte
	starts []int32
	index  []uint32 // record indexes less the batch's base (jsonScanner.indexBase)
	// The template's slots and the values' array indexes, as
	// Chunk.FieldSlots and Chunk.Positions.
	slots     []int
	positions []int64
	// was is the template an emptied group last held, and freeAt its
	// index in jsonScanner.free.
	was    string
	freeAt int
}

// add files value v of the record whose index is indexBase+recDelta; its
// positions are the caller's to add.
func (g *jsonGroup) add(v []byte, recDelta uint32) {
	if len(g.starts) > 0 {
		g.data = append(g.data, ValueSeparator)
	}
	g.starts = append(g.starts, int32(len(g.data)))
	g.data = append(g.data, v...)
	g.index = append(g.index, recDelta)
}

// chunk sets ch to the group's values as a Records chunk, of the batch
// whose base is indexBase; false if it has none.
func (g *jsonGroup) chunk(ch *Chunk, indexBase int64) bool {
	if len(g.starts) == 0 {
		return false
	}
	*ch = Chunk{Kind: Records, Data: g.data, ReportTo: len(g.data), Field: g.field, Starts: g.starts, IndexBase: indexBase, IndexDelta: g.index}
	if len(g.positions) > 0 {
		ch.FieldSlots, ch.Positions = g.slots, g.positions
	}
	return true
}

// reset empties the group, keeping its buffers, and returns their size.
func (g *jsonGroup) reset() int64 {
	g.data, g.starts, g.index, g.positions = g.data[:0], g.starts[:0], g.index[:0], g.positions[:0]
	return int64(cap(g.data) + 4*cap(g.starts) + 4*cap(g.index) + 8*cap(g.positions))
}

// jsonNode is one path template. The nodes of an object form a trie, so
// that a value finds its template by following its key from its parent's
// node instead of hashing its whole path: the per-value map lookup was a
// quarter of the decode time.
type jsonNode struct {
	tmpl string // the template: "$.cards[].number"
	name string // the member name as kept in paths (see maxName)
	seg  string // what the node adds to its parent's concrete path: ".name" or "['name']"
	raw  bool   // name has no '"', '\\' or newline: it is its own JSON text
	// quote holds a raw name shorter than 16 bytes and its closing quote
	// as two little-endian words, and mask the bytes of the words they
	// fill, so that a key is checked against the name by two loads and
	// compares instead of a memequal call (quoteLen is 0 for other names).
	quote    [2]uint64
	mask     [2]uint64
	quoteLen int
	// fuse holds '"', a raw name of up to 21 bytes, '"' and ':' as three
	// little-endian words, fuseMask the bytes they fill, fuseLen their
	// count (0 for other names): the member's key as compact JSON writes
	// it, checked whole where the member is expected.
	fuse     [3]uint64
	fuseMask [3]uint64
	fuseLen  int
	// slots are the offsets in tmpl of the "[]" of its array steps (see
	// Chunk.FieldSlots); shared with the parent's when equal, never
	// appended to in place.
	slots []int
	elem  *jsonNode
	// members[i] is the node of the i-th member of the object last seen at
	// this node: objects of one shape list their keys in the same order,
	// so a key is found by one comparison with the name of its rank.
	members []*jsonNode
	// first is the first member of the object last seen at this node, and
	// next, at a member node, the member that followed it last time: the
	// key expected next, found one load away from the node just read.
	first, next *jsonNode
	kids        map[string]*jsonNode // member nodes by name
	group       *jsonGroup           // the template's group, valid while gen is the scanner's
	gen         uint64
	// keyKeep is the key filter's verdict on this member's name, asked
	// during the object whose keyEpoch this is (see jsonScanner.keepKey).
	keyEpoch uint64
	keyKeep  bool
}

// maxMemberRanks bounds jsonNode.members; later members go to kids only.
const maxMemberRanks = 64

type jsonFrame struct {
	node     *jsonNode
	array    bool
	gotValue bool // array: an element was read; object: a member was read
	indexed  bool // the container's path has an array index: it differs from its template
	count    int  // array: elements begun; object: members begun
	// expect is, for an object, the member its next key most likely
	// names (see jsonNode.next), and last the member of its last key.
	expect, last *jsonNode
}

// errBadLine is the internal signal that a JSON Lines record is invalid.
var errBadLine = errors.New("bad line")

type jsonScanner struct {
	ctx   context.Context
	r     io.Reader
	lim   *limits
	lines bool
	emit  func(*Chunk) error // s.emitTo, bound once per scanner
	out   func(*Chunk) error // the caller's emit
	// keys is DecodeOptions.KeyFilter (nil: every key is scanned), asked
	// once per member node and object: keyEpoch tells this object's
	// verdicts from those a pooled trie keeps from earlier objects.
	keys     func(field string, key []byte) bool
	keyEpoch uint64

	buf    []byte
	pos, n int
	eof    bool
	base   int64 // stream offset of buf[0]
	line   int64 // 0-based line of buf[pos] (JSON Lines only)

	emitted bool
	record  int64
	// indexBase is the batch's Chunk.IndexBase, a record at or before its
	// first, and recDelta the record's index less it, as the groups keep it.
	indexBase int64
	recDelta  uint32
	stack     []jsonFrame
	// positions holds, for each open array, the index of its element
	// being read: the array indexes of the concrete path of whatever is
	// read now, a key included (a key's path is its object's).
	positions []int64
	path      []byte // scratch for building path segments
	tmpl      []byte // scratch for building templates
	str       []byte // a string or number that could not be a view of buf
	win       valueWindows
	ch        Chunk
	rep       jsonRecorder // see json_replay.go

	root       *jsonNode
	nodes      int       // nodes in the trie under root
	cur        *jsonNode // the node of the value about to be read
	curIndexed bool      // its path has an array index

	groups map[string]*jsonGroup
	order  []*jsonGroup
	gen    uint64 // groups of nodes stamped with another gen are gone
	// bytesLeft and valsLeft count down to the batch's flush (limits
	// batchBytes and batchVals), without a load of the limits per value.
	bytesLeft int
	valsLeft  int
	maxValue  int          // lim.maxValue, one load nearer
	free      []*jsonGroup // emptied groups whose buffers can be reused
	// spare indexes free by the template each group last held, across
	// objects: a pooled scanner gives a template back the buffers grown
	// to its size. Handed out in any order, a note's buffer went to a
	// quantity and the note's grew again, for every object of a scan.
	spare map[string]*jsonGroup

	badLines, firstBad int64
	goodLines          int64
	err                error // sniffJSON's result
	readErr            error // the stream's failure, reported once what came before is parsed
}

func decodeJSON(ctx context.Context, r io.Reader, lines bool, lim *limits, emit func(*Chunk) error) error {
	return decodeJSONKeys(ctx, r, lines, lim, nil, emit)
}

// jsonKeyEpochs numbers the objects decoded with a key filter.
var jsonKeyEpochs atomic.Uint64

// decodeJSONKeys is decodeJSON with a key filter (DecodeOptions.KeyFilter).
func decodeJSONKeys(ctx context.Context, r io.Reader, lines bool, lim *limits, keys func(string, []byte) bool, emit func(*Chunk) error) error {
	buf, put := getBuf(lim)
	defer put()
	s := newJSONScanner(lim)
	defer s.release()
	s.ctx, s.r, s.lines, s.buf = ctx, r, lines, buf
	if keys != nil {
		s.keys, s.keyEpoch = keys, jsonKeyEpochs.Add(1)
	}
	s.out = emit
	err := s.run()
	if err == nil || !isEmitOrCtx(err) {
		// Keep what came before a parse error.
		if ferr := s.flush(); ferr != nil {
			err = ferr
		}
	}
	if err != nil {
		// errors.AsType, not errors.As: As's targets escape, allocations
		// for every object.
		if ee, ok := errors.AsType[*emitError](err); ok {
			return ee.err // emit's error, unchanged
		}
		if pe, ok := errors.AsType[*ParseError](err); ok {
			if pe.Msg == nestingMsg {
				return objectError(s.emitted, ReasonJSONNestingOverLimit, err)
			}
			return objectError(s.emitted, ReasonUnableToParse, err)
		}
		return err
	}
	if s.badLines > 0 {
		return objectError(s.emitted, ReasonUnableToParse, fmt.Errorf("json lines: %d of %d records are not valid JSON, the first on line %d", s.badLines, s.badLines+s.goodLines, s.firstBad+1))
	}
	return nil
}

// emitError wraps an error returned by emit, so that it passes through the
// decoder unchanged and is told apart from parse errors.
type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }
func (e *emitError) Unwrap() error { return e.err }

func isEmitOrCtx(err error) bool {
	_, ee := errors.AsType[*emitError](err)
	return ee || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

const nestingMsg = "nesting deeper than the limit"

func (s *jsonScanner) syntax(msg string) error {
	pe := &ParseError{Format: "json", Offset: s.base + int64(s.pos), Msg: msg}
	if s.lines {
		pe.Format, pe.Line = "jsonl", s.line+1
	}
	return pe
}

// fill reads more input; it returns false at the end of the stream.
func (s *jsonScanner) fill() (bool, error) {
	if s.eof {
		return false, s.readErr
	}
	if err := s.ctx.Err(); err != nil {
		return false, err
	}
	s.rep.on = false // its offsets would move
	s.base += int64(s.pos)
	s.n = copy(s.buf, s.buf[s.pos:s.n])
	s.pos = 0
	m, err := io.ReadFull(s.r, s.buf[s.n:])
	if s.base == 0 && s.n == 0 && m >= 3 && string(s.buf[:3]) == string(utf8BOM) {
		copy(s.buf, s.buf[3:m])
		m -= 3
		s.base = 3
	}
	s.n += m
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		s.eof = true
	} else if err != nil {
		// Parse what was read before the stream failed; the next fill
		// reports the failure.
		s.eof, s.readErr = true, err
		if s.pos == s.n {
			return false, err
		}
	}
	return s.pos < s.n, nil
}

// peek returns the next byte without consuming it; ok is false at the end.
func (s *jsonScanner) peek() (byte, bool, error) {
	if s.pos >= s.n {
		ok, err := s.fill()
		if !ok {
			return 0, false, err
		}
	}
	return s.buf[s.pos], true, nil
}

// peekAt returns the byte i bytes past the next one (i < 8) without
// consuming anything, filling the buffer as needed (a fill keeps the
// bytes from s.pos on); ok is false past the end of the input. A read
// error is left for the next fill to report.
func (s *jsonScanner) peekAt(i int) (byte, bool) {
	for s.n-s.pos <= i {
		if s.eof {
			return 0, false
		}
		// Short of the end, a fill reads to the buffer's end or sets
		// s.eof: the loop ends.
		if _, err := s.fill(); err != nil {
			return 0, false
		}
	}
	return s.buf[s.pos+i], true
}

// skipSpace consumes white space. In JSON Lines, a newline at the top level
// ends the record, and one inside a value makes the line bad.
func (s *jsonScanner) skipSpace() (byte, bool, error) {
	if s.pos < s.n {
		if b := s.buf[s.pos]; b > ' ' {
			return b, true, nil // compact JSON: no space at all
		}
	}
	return s.skipSpaceSlow()
}

func (s *jsonScanner) skipSpaceSlow() (byte, bool, error) {
	for {
		for s.pos < s.n {
			switch b := s.buf[s.pos]; b {
			case ' ', '\t', '\r':
				s.pos++
			case '\n':
				if s.lines {
					if len(s.stack) > 0 {
						return 0, false, errBadLine
					}
					s.line++
				}
				s.pos++
			default:
				return b, true, nil
			}
		}
		ok, err := s.fill()
		if !ok {
			return 0, false, err
		}
	}
}

// run parses the whole stream.
func (s *jsonScanner) run() error {
	s.bytesLeft, s.valsLeft, s.maxValue = s.lim.batchBytes, s.lim.batchVals, s.lim.maxValue
	if s.root == nil {
		s.root, s.nodes = &jsonNode{tmpl: "$"}, 1
	}
	s.resetReplay()
	for {
		b, ok, err := s.skipSpace()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		rec := int64(0)
		if s.lines {
			rec = s.line
		}
		if err := s.setRecord(rec); err != nil {
			return err
		}
		s.cur, s.curIndexed = s.root, false
		s.positions = s.positions[:0]
		if s.lines && s.tryReplay() {
			continue
		}
		if s.lines {
			// replay may have gone on to later records, with s.record.
			b = s.buf[s.pos]
		}
		err = s.value(b)
		if err == nil && s.lines {
			// Only white space may follow a record on its line.
			err = s.endOfLine()
		}
		if err == nil {
			if s.lines {
				if s.rep.on && s.pos < s.n && s.buf[s.pos] == '\n' {
					s.finishRecord(s.pos)
				}
				s.goodLines++
			}
			continue
		}
		s.rep.on = false
		if !s.lines || isEmitOrCtx(err) {
			return err
		}
		var re *readError
		if errors.As(err, &re) {
			return err
		}
		if err := s.skipBadLine(); err != nil {
			return err
		}
	}
}

func (s *jsonScanner) endOfLine() error {
	for {
		b, ok, err := s.peek()
		if err != nil || !ok {
			return err
		}
		switch b {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			return nil
		default:
			return s.syntax("more than one value on a line")
		}
	}
}

// skipBadLine counts the current line as bad and consumes it.
func (s *jsonScanner) skipBadLine() error {
	if s.badLines == 0 {
		s.firstBad = s.line
	}
	s.badLines++
	s.stack = s.stack[:0]
	s.positions = s.positions[:0]
	s.win = valueWindows{}
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.n], '\n'); i >= 0 {
			s.pos += i + 1
			s.line++
			return nil
		}
		s.pos = s.n
		ok, err := s.fill()
		if err != nil || !ok {
			return err
		}
	}
}

// value parses one complete top-level value starting with byte b; s.cur
// is its node.
//
// The read position and buffer are kept in locals, pos and buf
// (s.buf[:s.n]), not in s: s.pos was reloaded after every store of a
// value (the compiler cannot tell the groups' buffers from s), and each
// token's parse waited on its round trips through memory. s.pos is
// stored before any call that reads or moves it (sync) and both are
// reloaded after it. So are s.cur and s.curIndexed (cur, curIndexed),
// stored before a call that may split a value into windows (valuePlace
// reads them), and the innermost frame, top, nil at the top level.
func (s *jsonScanner) value(b byte) error {
	pos, buf := s.pos, s.buf[:s.n]
	cur, curIndexed := s.cur, s.curIndexed
	var top *jsonFrame
	if n := len(s.stack); n > 0 {
		top = &s.stack[n-1]
	}
values:
	for {
		// Parse the value that starts with b; a string or a number is v,
		// filed below.
		if s.rep.on && b != '{' && b != '[' {
			s.recScalar(pos, cur, curIndexed)
		}
		var v []byte
		at := -1 // v's offset in buf when it is a view of it
		scalar := false
		switch {
		case b == '"':
			pos++
			// readString's fast path, written out (it is too big to be
			// inlined, and strings are most values).
			// stringRun64's answer is exact only for a stop byte it
			// found in both the string's bytes and its block.
			i := stringRun64(buf[pos:])
			if uint(i) >= uint(len(buf)-pos) || i == 64 {
				i = stringRun(buf[pos:])
			}
			if pos+i < len(buf) && buf[pos+i] == '"' && i <= s.maxValue {
				at, v = pos, buf[pos:pos+i:pos+i]
				pos += i + 1
			} else {
				s.pos, s.cur, s.curIndexed = pos, cur, curIndexed
				var err error
				if v, err = s.readStringSlow(false); err != nil {
					return err
				}
				pos, buf = s.pos, s.buf[:s.n]
			}
			scalar = true
		case b == '{' || b == '[':
			if len(s.stack) >= s.lim.maxDepth {
				s.pos = pos
				return s.syntax(nestingMsg)
			}
			pos++
			// The frame is written field by field in place: built aside
			// and appended, its byte fields were stored one by one and
			// read back as one wide word, a store-forwarding stall that
			// cost 7% of the decode.
			n := len(s.stack)
			indexed := false
			if top != nil {
				indexed = top.indexed || top.array
			}
			if n < cap(s.stack) {
				s.stack = s.stack[:n+1]
			} else {
				s.stack = append(s.stack, jsonFrame{})
			}
			f := &s.stack[n]
			f.node, f.array, f.gotValue, f.indexed, f.count, f.expect, f.last = cur, b == '[', false, indexed, 0, nil, nil
			if f.array {
				s.positions = append(s.positions, 0) // set as each element begins
			} else {
				f.expect = cur.first
			}
			top = f
		case b == '-' || (b >= '0' && b <= '9'):
			// readNumber's fast path, written out.
			j := pos + numberRun64(buf[pos:]) // exact as stringRun64's is
			if j <= pos || j >= len(buf) || j == pos+64 {
				for j = pos + 1; j < len(buf) && numberByte[buf[j]]; j++ {
				}
			}
			if c := buf[j-1]; j < len(buf) && j-pos <= s.maxValue && c != '-' && c != '+' && delimiter[buf[j]] {
				at, v = pos, buf[pos:j:j]
				pos = j
			} else {
				s.pos = pos
				var err error
				if v, err = s.readNumber(); err != nil {
					return err
				}
				pos, buf = s.pos, s.buf[:s.n]
			}
			scalar = true
		case b == 'n' || b == 't' || b == 'f':
			// A literal whole in the buffer is one word compare; the rest
			// (one split by the buffer's end, a bad one) is literal's.
			word, w := literalWords[b&31], 4
			if b == 'f' {
				w = 5
			}
			if pos+w < len(buf) && binary.LittleEndian.Uint32(buf[pos:]) == word && (w == 4 || buf[pos+4] == 'e') && delimiter[buf[pos+w]] {
				pos += w
				break
			}
			s.pos = pos
			var err error
			switch b {
			case 'n':
				err = s.literal("null")
			case 't':
				err = s.literal("true")
			default:
				err = s.literal("false")
			}
			if err != nil {
				return err
			}
			pos, buf = s.pos, s.buf[:s.n]
		default:
			s.pos = pos
			return s.syntax("invalid character where a value was expected")
		}
		if s.rep.on && b != '{' && b != '[' {
			s.rep.gapFrom = pos
		}
		if scalar {
			// addValue's common case, written out: the call was about 5%
			// of the decode. The rest (a window, a new group) is its.
			node := cur
			if g := node.group; g != nil && node.gen == s.gen && !s.win.active && len(v) > 0 {
				if len(g.starts) > 0 {
					g.data = append(g.data, ValueSeparator)
				}
				off := len(g.data)
				g.starts = append(g.starts, int32(off))
				if len(v) <= 32 && at >= 0 && cap(buf)-at >= 32 && cap(g.data)-off >= 32 {
					// A short value is copied as four words from the read
					// buffer, whatever its length: no memmove call, and no
					// loop whose exit varies with the length, mispredicted.
					// The bytes past it are overwritten or past len(g.data).
					d, w := g.data[off:off+32], buf[at:at+32]
					binary.LittleEndian.PutUint64(d, binary.LittleEndian.Uint64(w))
					binary.LittleEndian.PutUint64(d[8:], binary.LittleEndian.Uint64(w[8:]))
					binary.LittleEndian.PutUint64(d[16:], binary.LittleEndian.Uint64(w[16:]))
					binary.LittleEndian.PutUint64(d[24:], binary.LittleEndian.Uint64(w[24:]))
					g.data = g.data[:off+len(v)]
				} else {
					g.data = append(g.data, v...)
				}
				g.index = append(g.index, s.recDelta)
				if curIndexed {
					g.positions = appendPositions(g.positions, s.positions)
				}
				s.bytesLeft -= len(v) + 1
				s.valsLeft--
				if s.bytesLeft <= 0 || s.valsLeft <= 0 {
					if err := s.flush(); err != nil {
						return err
					}
				}
			} else {
				s.cur, s.curIndexed = cur, curIndexed
				if err := s.addValue(v, false, node, curIndexed); err != nil {
					return err
				}
			}
		}
		// Find the start of the next value, closing containers on the way,
		// and set s.cur to that value's node. This is written here rather
		// than as a call per value returning three results: that call was
		// about 5% of the decode.
		for top != nil {
			// The member expected next, in compact JSON: its key, its
			// colon and the first byte of its value, checked by three
			// masked word compares (with the comma before it, if a member
			// came before) instead of a token at a time.
			var (
				key    []byte
				m      *jsonNode
				fused  bool
				ok     = true
				err    error
				closer byte
			)
			if m = top.expect; m != nil && m.fuseLen > 0 {
				at := pos
				if top.gotValue {
					at++ // past the comma
				}
				// The value's first byte is read too: at+fuseLen may be
				// at+24.
				if at+24 < len(buf) && (at == pos || buf[pos] == ',') && buf[at+m.fuseLen] > ' ' {
					w := buf[at : at+24]
					if (binary.LittleEndian.Uint64(w)&m.fuseMask[0]^m.fuse[0])|(binary.LittleEndian.Uint64(w[8:])&m.fuseMask[1]^m.fuse[1])|(binary.LittleEndian.Uint64(w[16:])&m.fuseMask[2]^m.fuse[2]) == 0 {
						key = w[1 : m.fuseLen-2 : m.fuseLen-2]
						pos = at + m.fuseLen
						top.gotValue, fused = true, true
						top.count++
						goto member
					}
				}
			}
			if pos < len(buf) && buf[pos] > ' ' {
				b = buf[pos] // compact JSON: no space to skip
			} else {
				s.pos = pos
				if b, ok, err = s.skipSpaceSlow(); err != nil {
					return err
				}
				pos, buf = s.pos, s.buf[:s.n]
			}
			if !ok {
				return s.syntax("unexpected end of input")
			}
			closer = '}'
			if top.array {
				closer = ']'
			}
			if top.gotValue {
				// After a value: a comma, or the end of the container.
				if b == closer {
					pos++
					top = s.pop()
					continue
				}
				if b != ',' {
					s.pos = pos
					return s.syntax("invalid character after a value")
				}
				pos++
				if pos < len(buf) && buf[pos] > ' ' {
					b = buf[pos]
				} else {
					s.pos = pos
					if b, ok, err = s.skipSpaceSlow(); err != nil {
						return err
					}
					pos, buf = s.pos, s.buf[:s.n]
				}
				if !ok {
					return s.syntax("unexpected end of input")
				}
			} else if b == closer {
				pos++ // empty container
				top = s.pop()
				continue
			}
			top.gotValue = true
			if top.array {
				cur, curIndexed = s.elemNode(top), true
				s.positions[len(s.positions)-1] = int64(top.count)
				top.count++
				continue values
			}
			// An object member: key, colon, then the value.
			if b != '"' {
				s.pos = pos
				return s.syntax("invalid character where a key was expected")
			}
			pos++
			// Objects of one shape list their keys in the same order: the key
			// most likely names the member that followed the previous one
			// last time (top.expect), and is checked in place against its
			// name, without scanning the string.
			if m != nil {
				if m.quoteLen > 0 && pos+16 <= len(buf) {
					if binary.LittleEndian.Uint64(buf[pos:])&m.mask[0] == m.quote[0] && binary.LittleEndian.Uint64(buf[pos+8:])&m.mask[1] == m.quote[1] {
						end := pos + m.quoteLen - 1
						key, pos = buf[pos:end], end+1
						top.count++
					} else {
						m = nil
					}
				} else if m.raw && len(m.name) <= s.maxValue {
					if end := pos + len(m.name); end < len(buf) && buf[end] == '"' && string(buf[pos:end]) == m.name {
						key, pos = buf[pos:end], end+1
						top.count++
					} else {
						m = nil
					}
				} else {
					m = nil
				}
			}
			if m == nil {
				s.pos = pos
				var err error
				if key, err = s.readString(true); err != nil {
					return err
				}
				pos, buf = s.pos, s.buf[:s.n]
				m = s.memberNode(top, key)
				if top.last == nil {
					top.node.first = m
				} else {
					top.last.next = m
				}
			}
		member:
			// The next expectation is read before the call below, which
			// would make it wait on reloads.
			top.last, top.expect = m, m.next
			cur, curIndexed = m, top.indexed
			// The key is filed at the object's path; the common case is
			// written out, as for a value above, and so is keepKey's.
			keep := true
			if s.keys != nil {
				if m.keyEpoch == s.keyEpoch && len(key) <= maxName {
					keep = m.keyKeep
				} else {
					keep = s.keepKey(m, top.node, key)
				}
			}
			if keep && s.rep.on && len(key) > 0 {
				if len(key) > s.maxValue {
					s.rep.on = false // split into windows: not replayed
				} else {
					s.recKey(top.node, key, top.indexed)
				}
			}
			if !keep {
				// A key the scanner finds nothing in, seen before in this
				// object: JSON Lines repeat every key in every record.
			} else if g := top.node.group; g != nil && top.node.gen == s.gen && !s.win.active && len(key) > 0 {
				if len(g.starts) > 0 {
					g.data = append(g.data, ValueSeparator)
				}
				off := len(g.data)
				g.starts = append(g.starts, int32(off))
				if m.quoteLen > 0 && cap(g.data)-off >= 16 {
					// A short raw name is the key: two word stores.
					d := g.data[off : off+16]
					binary.LittleEndian.PutUint64(d, m.quote[0])
					binary.LittleEndian.PutUint64(d[8:], m.quote[1])
					g.data = g.data[:off+len(key)]
				} else {
					g.data = append(g.data, key...)
				}
				g.index = append(g.index, s.recDelta)
				if top.indexed {
					g.positions = appendPositions(g.positions, s.positions)
				}
				s.bytesLeft -= len(key) + 1
				s.valsLeft--
				if s.bytesLeft <= 0 || s.valsLeft <= 0 {
					if err := s.flush(); err != nil {
						return err
					}
				}
			} else if err := s.addValue(key, true, top.node, top.indexed); err != nil {
				return err
			}
			if fused {
				b = buf[pos]
				continue values
			}
			if pos+1 < len(buf) && buf[pos] == ':' && buf[pos+1] > ' ' {
				pos++ // compact JSON: no space around the colon
				b = buf[pos]
				continue values
			}
			s.pos = pos
			if b, ok, err = s.skipSpace(); err != nil {
				return err
			}
			if !ok || b != ':' {
				return s.syntax("missing ':' after a key")
			}
			s.pos++
			if b, ok, err = s.skipSpace(); err != nil {
				return err
			}
			if !ok {
				return s.syntax("unexpected end of input")
			}
			pos, buf = s.pos, s.buf[:s.n]
			continue values
		}
		s.pos = pos
		return nil
	}
}

// pop closes the innermost container and returns the new innermost one,
// nil at the top level.
func (s *jsonScanner) pop() *jsonFrame {
	n := len(s.stack) - 1
	if s.stack[n].array {
		s.positions = s.positions[:len(s.positions)-1]
	}
	s.stack = s.stack[:n]
	if n == 0 {
		return nil
	}
	return &s.stack[n-1]
}

// keepKey reports whether key, the name of member m of an object at node
// parent, is to be filed for scanning: as the key filter said the first
// time this object showed m. A longer name than maxName shares its node
// with other names and is always kept.
func (s *jsonScanner) keepKey(m, parent *jsonNode, key []byte) bool {
	if len(key) > maxName {
		return true
	}
	if m.keyEpoch != s.keyEpoch {
		m.keyEpoch, m.keyKeep = s.keyEpoch, s.keys(parent.tmpl, key)
	}
	return m.keyKeep
}

// maxName is the longest member name kept in a path, as Macie truncates.
const maxName = 240

// memberNode returns the node of the member named key of the object top,
// the member of rank top.count.
func (s *jsonScanner) memberNode(top *jsonFrame, key []byte) *jsonNode {
	name := key
	if len(name) > maxName {
		name = name[runeStart(name, len(name)-maxName):]
	}
	rank := top.count
	top.count++
	n := top.node
	if rank < len(n.members) {
		if m := n.members[rank]; m != nil && m.name == string(name) {
			return m
		}
	}
	m := n.kids[string(name)]
	if m == nil {
		s.makeRoom()
		n = top.node // makeRoom may have rebuilt the trie
		m = s.newNode(n, name)
		if n.kids == nil {
			n.kids = make(map[string]*jsonNode)
		}
		n.kids[m.name] = m
	}
	if rank < maxMemberRanks {
		for len(n.members) <= rank {
			n.members = append(n.members, nil)
		}
		n.members[rank] = m
	}
	return m
}

// elemNode returns the node of the elements of the array top.
func (s *jsonScanner) elemNode(top *jsonFrame) *jsonNode {
	if e := top.node.elem; e != nil {
		return e
	}
	s.makeRoom()
	n := top.node
	n.elem = s.newElem(n)
	return n.elem
}

// newElem makes the node of the elements of array parent.
func (s *jsonScanner) newElem(parent *jsonNode) *jsonNode {
	s.nodes++
	return &jsonNode{tmpl: parent.tmpl + "[]", slots: append(slices.Clip(parent.slots), len(parent.tmpl))}
}

// newNode makes the node of member name under parent.
func (s *jsonScanner) newNode(parent *jsonNode, name []byte) *jsonNode {
	s.nodes++
	if isIdent(name) {
		s.path = append(append(s.path[:0], '.'), name...)
	} else {
		s.path = append(s.path[:0], '[', '\'')
		for _, c := range name {
			if c == '\'' || c == '\\' {
				s.path = append(s.path, '\\')
			}
			s.path = append(s.path, c)
		}
		s.path = append(s.path, '\'', ']')
	}
	s.tmpl = append(append(s.tmpl[:0], parent.tmpl...), s.path...)
	tmpl := string(s.tmpl)
	raw := bytes.IndexByte(name, '"') < 0 && bytes.IndexByte(name, '\\') < 0 && bytes.IndexByte(name, '\n') < 0
	n := &jsonNode{tmpl: tmpl, name: string(name), seg: tmpl[len(parent.tmpl):], raw: raw, slots: parent.slots}
	if raw && len(name) < 16 && len(name) <= s.lim.maxValue {
		var q [16]byte
		copy(q[:], name)
		q[len(name)] = '"'
		n.quoteLen = len(name) + 1
		for i := range n.quoteLen {
			n.mask[i/8] |= 0xff << (8 * (i % 8))
		}
		n.quote[0], n.quote[1] = binary.LittleEndian.Uint64(q[:8]), binary.LittleEndian.Uint64(q[8:])
	}
	if raw && len(name)+3 <= 24 && len(name) <= s.lim.maxValue {
		var q [24]byte
		q[0] = '"'
		copy(q[1:], name)
		q[len(name)+1], q[len(name)+2] = '"', ':'
		n.fuseLen = len(name) + 3
		for i := range n.fuseLen {
			n.fuseMask[i/8] |= 0xff << (8 * (i % 8))
		}
		for i := range 3 {
			n.fuse[i] = binary.LittleEndian.Uint64(q[8*i:])
		}
	}
	return n
}

// makeRoom bounds the trie: past its limit (a document whose keys are
// data, say), it starts a new one holding only the open containers.
func (s *jsonScanner) makeRoom() {
	if s.nodes < max(4*s.lim.maxGroups, 2*s.lim.maxDepth+2) {
		return
	}
	s.root, s.nodes = &jsonNode{tmpl: "$"}, 1
	s.resetReplay() // its steps hold nodes of the old trie
	for i := range s.stack {
		f := &s.stack[i]
		f.expect, f.last = nil, nil // nodes of the old trie
		switch {
		case i == 0:
			f.node = s.root
		case s.stack[i-1].array:
			p := s.stack[i-1].node
			p.elem = s.newElem(p)
			f.node = p.elem
		default:
			p := s.stack[i-1].node
			n := s.newNode(p, []byte(f.node.name))
			p.kids = map[string]*jsonNode{n.name: n}
			f.node = n
		}
	}
}

func isIdent(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		if !(c == '_' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z') || (i > 0 && c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

func (s *jsonScanner) literal(word string) error {
	if s.n-s.pos >= len(word) && string(s.buf[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return s.delimited()
	}
	for i := 0; i < len(word); i++ {
		b, ok, err := s.peek()
		if err != nil {
			return err
		}
		if !ok || b != word[i] {
			return s.syntax("invalid literal")
		}
		s.pos++
	}
	return s.delimited()
}

// delimited checks that a scalar is followed by a delimiter.
func (s *jsonScanner) delimited() error {
	b, ok, err := s.peek()
	if err != nil || !ok {
		return err
	}
	if delimiter[b] {
		return nil
	}
	return s.syntax("invalid character after a value")
}

// literalWords holds the first four bytes of null, true and false as
// little-endian words, indexed by the low five bits of their first byte.
var literalWords = [32]uint32{'n' & 31: 0x6c6c756e, 't' & 31: 0x65757274, 'f' & 31: 0x736c6166}

var delimiter = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, ',': true, ']': true, '}': true}

var numberByte = [256]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true, '-': true, '+': true, '.': true, 'e': true, 'E': true}

// readNumber reads a number's literal text: a view of the read buffer when
// it lies there whole, else s.str. The grammar is checked loosely: what
// matters is the text scanned.
func (s *jsonScanner) readNumber() ([]byte, error) {
	buf := s.buf[s.pos:s.n]
	i := 0
	for i < len(buf) && numberByte[buf[i]] {
		i++
	}
	if i < len(buf) && i <= s.lim.maxValue {
		s.pos += i
		if c := buf[i-1]; c == '-' || c == '+' {
			return nil, s.syntax("invalid number")
		}
		if !delimiter[buf[i]] {
			return nil, s.syntax("invalid character after a value")
		}
		return buf[:i:i], nil
	}
	s.str = s.str[:0]
	for {
		for s.pos < s.n && numberByte[s.buf[s.pos]] {
			s.str = append(s.str, s.buf[s.pos])
			s.pos++
			if len(s.str) > s.lim.maxValue {
				return nil, s.syntax("number too long")
			}
		}
		if s.pos < s.n {
			break
		}
		ok, err := s.fill()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
	}
	if s.str[len(s.str)-1] == '-' || s.str[len(s.str)-1] == '+' {
		return nil, s.syntax("invalid number")
	}
	return s.str, s.delimited()
}

// stringStop marks the bytes that end a run of plain string bytes.
var stringStop = [256]bool{'"': true, '\\': true, '\n': true}

const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// stringRunSWAR returns the index of the first '"', '\\' or '\n' in b,
// or len(b): eight bytes at a time for the first 32 bytes (most strings
// are short), then with the runtime's vectorised bytes.IndexByte, a
// window at a time so that a string with many escapes is not searched to
// its end once per escape. It is stringRun without AVX-512.
func stringRunSWAR(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if i >= 32 {
			return i + stringRunLong(b[i:])
		}
		x := binary.LittleEndian.Uint64(b[i:])
		q, bs, nl := x^(swarOnes*'"'), x^(swarOnes*'\\'), x^(swarOnes*'\n')
		// A byte of q, bs or nl is zero where x has that byte; the lowest
		// flagged byte is exact (borrows only run upwards).
		m := ((q - swarOnes) &^ q) | ((bs - swarOnes) &^ bs) | ((nl - swarOnes) &^ nl)
		if m &= swarHigh; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) && !stringStop[b[i]] {
		i++
	}
	return i
}

// stringRunWindow is how far stringRunLong looks for a quote at a time.
const stringRunWindow = 512

func stringRunLong(b []byte) int {
	for i := 0; i < len(b); i += stringRunWindow {
		w := b[i:min(i+stringRunWindow, len(b))]
		end := bytes.IndexByte(w, '"')
		if end < 0 {
			end = len(w)
		}
		if j := bytes.IndexByte(w[:end], '\\'); j >= 0 {
			end = j
		}
		if j := bytes.IndexByte(w[:end], '\n'); j >= 0 {
			end = j
		}
		if end < len(w) {
			return i + end
		}
	}
	return len(b)
}

// readString reads a string after its opening quote; key says whether it
// is an object key. It returns the string unescaped: a view of the read
// buffer when the string lies there whole with no escape, else s.str. A
// string longer than maxValue is emitted in windows as it is read.
func (s *jsonScanner) readString(key bool) ([]byte, error) {
	buf := s.buf[s.pos:s.n]
	i := stringRun64(buf) // see value
	if uint(i) >= uint(len(buf)) || i == 64 {
		i = stringRun(buf)
	}
	if i < len(buf) && buf[i] == '"' && i <= s.lim.maxValue {
		s.pos += i + 1
		return buf[:i:i], nil
	}
	return s.readStringSlow(key)
}

func (s *jsonScanner) readStringSlow(key bool) ([]byte, error) {
	s.str = s.str[:0]
	for {
		run := s.buf[s.pos:s.n]
		i := stringRun64(run) // see value
		if uint(i) >= uint(len(run)) || i == 64 {
			i = stringRun(run)
		}
		i += s.pos
		s.str = append(s.str, s.buf[s.pos:i]...)
		s.pos = i
		if err := s.checkLong(key); err != nil {
			return nil, err
		}
		if s.pos == s.n {
			ok, err := s.fill()
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, s.syntax("unexpected end of input in a string")
			}
			continue
		}
		switch s.buf[s.pos] {
		case '"':
			s.pos++
			return s.str, nil
		case '\n':
			if s.lines {
				return nil, errBadLine
			}
			s.str = append(s.str, '\n')
			s.pos++
		case '\\':
			s.pos++
			if err := s.escape(); err != nil {
				return nil, err
			}
		}
	}
}

func (s *jsonScanner) escape() error {
	// The common escapes, whole in the buffer: no peek per byte.
	if s.pos+5 <= s.n {
		if b := s.buf[s.pos]; b == 'u' {
			if r, ok := hexRune(s.buf[s.pos+1 : s.pos+5]); ok && !utf16.IsSurrogate(r) {
				s.pos += 5
				s.str = utf8.AppendRune(s.str, r)
				return nil
			}
		} else if c := simpleEscape[b]; c != 0 {
			s.pos++
			s.str = append(s.str, c)
			return nil
		}
	}
	b, ok, err := s.peek()
	if err != nil {
		return err
	}
	if !ok {
		return s.syntax("unexpected end of input in a string")
	}
	s.pos++
	switch b {
	case '"', '\\', '/':
		s.str = append(s.str, b)
	case 'b':
		s.str = append(s.str, '\b')
	case 'f':
		s.str = append(s.str, '\f')
	case 'n':
		s.str = append(s.str, '\n')
	case 'r':
		s.str = append(s.str, '\r')
	case 't':
		s.str = append(s.str, '\t')
	case 'u':
		r, err := s.hex4()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			// A pair is \uD8xx\uDCxx; anything else is a lone surrogate.
			// The two bytes looked ahead at are consumed only once they
			// are known to be a \u: a fill between them moves the
			// buffer, and a position saved before it, restored after,
			// lost the bytes in between.
			if b, ok := s.peekAt(0); ok && b == '\\' {
				if b, ok := s.peekAt(1); ok && b == 'u' {
					s.pos += 2
					r2, err := s.hex4()
					if err != nil {
						return err
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						s.str = utf8.AppendRune(s.str, dec)
						return nil
					}
					s.str = utf8.AppendRune(s.str, utf8.RuneError)
					s.str = utf8.AppendRune(s.str, replaceSurrogate(r2))
					return nil
				}
			}
			r = utf8.RuneError
		}
		s.str = utf8.AppendRune(s.str, r)
	default:
		return s.syntax("invalid escape in a string")
	}
	return nil
}

// simpleEscape maps the byte after a backslash to what it stands for,
// for the escapes other than \u.
var simpleEscape = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// hexRune decodes four hex digits.
func hexRune(h []byte) (rune, bool) {
	var r rune
	for _, b := range h[:4] {
		d := hexValue[b]
		if d == 0xff {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := range 10 {
		t['0'+i] = byte(i)
	}
	for i := range 6 {
		t['a'+i], t['A'+i] = byte(10+i), byte(10+i)
	}
	return t
}()

func replaceSurrogate(r rune) rune {
	if utf16.IsSurrogate(r) {
		return utf8.RuneError
	}
	return r
}

func (s *jsonScanner) hex4() (rune, error) {
	var r rune
	for range 4 {
		b, ok, err := s.peek()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, s.syntax("unexpected end of input in a string")
		}
		s.pos++
		switch {
		case b >= '0' && b <= '9':
			b -= '0'
		case b >= 'a' && b <= 'f':
			b -= 'a' - 10
		case b >= 'A' && b <= 'F':
			b -= 'A' - 10
		default:
			return 0, s.syntax("invalid \\u escape")
		}
		r = r<<4 | rune(b)
	}
	return r, nil
}

// checkLong emits a window of the string being read once it is too long.
func (s *jsonScanner) checkLong(key bool) error {
	if len(s.str) <= s.lim.maxValue {
		return nil
	}
	node, path := s.valuePlace(key)
	s.ch = Chunk{Kind: Records, Field: node.tmpl}
	err := s.win.overflow(&s.str, 0, s.lim, &s.ch, s.record, path, s.emit)
	if err != nil {
		return &emitError{err}
	}
	return nil
}

// valuePlace says where the value being read goes, for a value split into
// windows: its node and its concrete path, made as a string (such a value
// is at least a MiB long). A key's place is its object's.
func (s *jsonScanner) valuePlace(key bool) (node *jsonNode, path string) {
	last := len(s.stack) - 1
	var indexed bool
	switch {
	case key:
		node, indexed = s.stack[last].node, s.stack[last].indexed
	case last < 0:
		node = s.cur
	default:
		node, indexed = s.cur, s.stack[last].indexed || s.stack[last].array
	}
	if !indexed {
		return node, node.tmpl
	}
	one := Chunk{Field: node.tmpl, FieldSlots: node.slots, Positions: s.positions}
	return node, one.Path(0)
}

// addValue files v, a string or number (or, if key, an object key), under
// node; indexed says whether its concrete path differs from the template.
func (s *jsonScanner) addValue(v []byte, key bool, node *jsonNode, indexed bool) error {
	if s.win.active {
		node, path := s.valuePlace(key)
		s.ch = Chunk{Kind: Records, Field: node.tmpl}
		err := s.win.finish(v, &s.ch, s.record, path, s.emit)
		if err != nil {
			return &emitError{err}
		}
		return nil
	}
	if len(v) == 0 {
		return nil
	}
	g := node.group
	if g == nil || node.gen != s.gen {
		var err error
		if g, err = s.groupOf(node); err != nil {
			return err
		}
	}
	// g.add, written out: a call per value costs.
	if len(g.starts) > 0 {
		g.data = append(g.data, ValueSeparator)
	}
	g.starts = append(g.starts, int32(len(g.data)))
	g.data = append(g.data, v...)
	g.index = append(g.index, s.recDelta)
	if indexed {
		// One index per open array, one per slot of the template.
		if len(s.positions) == 1 {
			g.positions = append(g.positions, s.positions[0]) // no memmove call
		} else {
			g.positions = append(g.positions, s.positions...)
		}
	}
	s.bytesLeft -= len(v) + 1
	s.valsLeft--
	if s.bytesLeft <= 0 || s.valsLeft <= 0 {
		return s.flush()
	}
	return nil
}

// groupOf finds or makes the group of node's template in this batch.
func (s *jsonScanner) groupOf(node *jsonNode) (*jsonGroup, error) {
	g := s.groups[node.tmpl]
	if g == nil {
		if len(s.groups) >= s.lim.maxGroups {
			if err := s.flush(); err != nil {
				return nil, err
			}
			s.recycleGroups()
		}
		g = s.newGroup(node.tmpl)
		g.field, g.slots = node.tmpl, node.slots
		s.groups[g.field] = g
		s.order = append(s.order, g)
	}
	node.group, node.gen = g, s.gen
	return g, nil
}

// setRecord makes rec the record being read, flushing the batch first if
// rec lies more than indexSpan past its base: lines without a value (blank,
// "{}") fill no batch, so 2^32 of them could pass before one is flushed.
func (s *jsonScanner) setRecord(rec int64) error {
	if rec-s.indexBase > s.lim.indexSpan {
		if err := s.flush(); err != nil {
			return err
		}
		s.indexBase = rec
	}
	s.record, s.recDelta = rec, uint32(rec-s.indexBase)
	return nil
}

// flush emits one chunk per template of the batch.
func (s *jsonScanner) flush() error {
	var capacity int64
	for _, g := range s.order {
		if g.chunk(&s.ch, s.indexBase) {
			if err := s.emit(&s.ch); err != nil {
				return &emitError{err}
			}
		}
		capacity += g.reset()
	}
	if capacity > s.lim.releaseCap {
		clear(s.groups)
		clear(s.spare)
		// order and free keep their arrays (order across objects too):
		// clear them so that they do not hold the groups' buffers.
		clear(s.order)
		clear(s.free)
		s.order = s.order[:0]
		s.free = s.free[:0]
		s.gen++
	}
	s.ch = Chunk{}
	s.bytesLeft, s.valsLeft = s.lim.batchBytes, s.lim.batchVals
	s.indexBase, s.recDelta = s.record, 0 // no later value is of an earlier record
	return nil
}

// jsonScanners recycles scanners with their batch buffers and template
// trie across objects: growing them afresh costed about two bytes
// allocated per byte decoded. It is a bounded free list, not a sync.Pool:
// a pool is emptied by every other garbage collection, and in a scan
// that allocates (paths, results) the buffers were then grown again for
// most objects (growslice was 4% of BenchmarkScanCorpus). A flush drops
// a scanner's buffers once they pass releaseCap, so the list holds about
// cap(jsonScanners) times that at most.
var jsonScanners = make(chan *jsonScanner, 2*runtime.GOMAXPROCS(0))

func newJSONScanner(lim *limits) *jsonScanner {
	var s *jsonScanner
	if lim == &defaultLimits {
		select {
		case s = <-jsonScanners:
		default:
		}
	}
	if s == nil {
		s = &jsonScanner{groups: map[string]*jsonGroup{}}
		s.emit = s.emitTo
	}
	s.lim = lim
	return s
}

// emitTo passes ch to the caller's emit and notes that a chunk was
// emitted.
func (s *jsonScanner) emitTo(ch *Chunk) error {
	s.emitted = true
	return s.out(ch)
}

// keptNodes is the largest template trie a pooled scanner keeps for the
// next object (objects of one schema share it); a larger one, from keys
// that are data, is not worth its memory.
const keptNodes = 1024

// release resets s for another object and pools it.
func (s *jsonScanner) release() {
	if s.lim != &defaultLimits {
		return
	}
	s.recycleGroups()
	if s.spare == nil {
		s.spare = map[string]*jsonGroup{}
	}
	for _, g := range s.free {
		s.spare[g.was] = g
	}
	root, nodes := s.root, s.nodes
	if nodes > keptNodes {
		root, nodes = nil, 0 // run makes a new one
	}
	*s = jsonScanner{
		groups: s.groups, order: s.order[:0], free: s.free, spare: s.spare, stack: s.stack[:0], str: s.str[:0], rep: s.rep,
		positions: s.positions[:0], path: s.path[:0], tmpl: s.tmpl[:0], root: root, nodes: nodes, gen: s.gen, emit: s.emit,
	}
	select {
	case jsonScanners <- s:
	default: // the list is full: let s go
	}
}

// recycleGroups empties the group table, keeping the groups' buffers.
func (s *jsonScanner) recycleGroups() {
	for _, g := range s.order {
		g.reset()
		*g = jsonGroup{data: g.data, starts: g.starts, index: g.index, positions: g.positions, was: g.field, freeAt: len(s.free)}
		s.free = append(s.free, g)
	}
	clear(s.groups)
	s.order = s.order[:0]
	s.gen++
}

// newGroup returns an empty group for template tmpl: the one that held
// it in an earlier object if it is free, else the last one freed, else
// a new one. Within an object (spare is filled by release) the choice
// does not depend on the template: a scanner's first object is decoded
// as by one that is not pooled.
func (s *jsonScanner) newGroup(tmpl string) *jsonGroup {
	if g := s.spare[tmpl]; g != nil {
		return s.takeFree(g.freeAt)
	}
	if n := len(s.free); n > 0 {
		return s.takeFree(n - 1)
	}
	return &jsonGroup{}
}

// takeFree removes free[i], moving the last free group into its place.
func (s *jsonScanner) takeFree(i int) *jsonGroup {
	n := len(s.free) - 1
	g, last := s.free[i], s.free[n]
	s.free[i], last.freeAt = last, i
	s.free[n] = nil
	s.free = s.free[:n]
	if s.spare[g.was] == g {
		delete(s.spare, g.was)
	}
	return g
}

// appendPositions appends a value's array indexes; the short ones, most of
// them, without a memmove call.
func appendPositions(dst, p []int64) []int64 {
	switch len(p) {
	case 1:
		return append(dst, p[0])
	case 2:
		return append(dst, p[0], p[1])
	}
	return append(dst, p...)
}
