package sources

// This file is the JSON decoder as it was before the fused member keys
// and the JSON Lines replay (json.go at 04019a5), kept as the reference that
// FuzzJSONMatchesReference and TestJSONMatchesReference hold the decoder
// to: every top-level name is prefixed "ref", and the AVX-512 block scans
// are replaced by the portable ones, whose answers are the same. A change
// meant to alter what the decoder emits is made here too; a speed-up
// never is.

import (
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

type refJsonGroup struct {
	field  string
	data   []byte
	starts []int32
	index  []uint32 // record indexes less the batch's base
	// The template's slots and the values' array indexes, as
	// Chunk.FieldSlots and Chunk.Positions.
	slots     []int
	positions []int64
}

// chunk sets ch to the group's values as a Records chunk of the batch
// whose base is indexBase; false if it has none.
func (g *refJsonGroup) chunk(ch *Chunk, indexBase int64) bool {
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
func (g *refJsonGroup) reset() int64 {
	g.data, g.starts, g.index, g.positions = g.data[:0], g.starts[:0], g.index[:0], g.positions[:0]
	return int64(cap(g.data) + 4*cap(g.starts) + 4*cap(g.index) + 8*cap(g.positions))
}

// refJsonNode is one path template. The nodes of an object form a trie, so
// that a value finds its template by following its key from its parent's
// node instead of hashing its whole path: the per-value map lookup was a
// quarter of the decode time.
type refJsonNode struct {
	tmpl string // the template: "$.cards[].number"
	name string // the member name as kept in paths (see refMaxName)
	seg  string // what the node adds to its parent's concrete path: ".name" or "['name']"
	raw  bool   // name has no '"', '\\' or newline: it is its own JSON text
	// quote holds a raw name shorter than 16 bytes and its closing quote
	// as two little-endian words, and mask the bytes of the words they
	// fill, so that a key is checked against the name by two loads and
	// compares instead of a memequal call (quoteLen is 0 for other names).
	quote    [2]uint64
	mask     [2]uint64
	quoteLen int
	// slots are the offsets in tmpl of the "[]" of its array steps (see
	// Chunk.FieldSlots); shared with the parent's when equal, never
	// appended to in place.
	slots []int
	elem  *refJsonNode
	// members[i] is the node of the i-th member of the object last seen at
	// this node: objects of one shape list their keys in the same order,
	// so a key is found by one comparison with the name of its rank.
	members []*refJsonNode
	// first is the first member of the object last seen at this node, and
	// next, at a member node, the member that followed it last time: the
	// key expected next, found one load away from the node just read.
	first, next *refJsonNode
	kids        map[string]*refJsonNode // member nodes by name
	group       *refJsonGroup           // the template's group, valid while gen is the scanner's
	gen         uint64
	// keyKeep is the key filter's verdict on this member's name, asked
	// during the object whose keyEpoch this is (see refJsonScanner.keepKey).
	keyEpoch uint64
	keyKeep  bool
}

// refMaxMemberRanks bounds refJsonNode.members; later members go to kids only.
const refMaxMemberRanks = 64

type refJsonFrame struct {
	node     *refJsonNode
	array    bool
	gotValue bool // array: an element was read; object: a member was read
	indexed  bool // the container's path has an array index: it differs from its template
	count    int  // array: elements begun; object: members begun
	// expect is, for an object, the member its next key most likely
	// names (see refJsonNode.next), and last the member of its last key.
	expect, last *refJsonNode
}

// errRefBadLine is the internal signal that a JSON Lines record is invalid.
var errRefBadLine = errors.New("bad line")

type refJsonScanner struct {
	ctx   context.Context
	r     io.Reader
	lim   *limits
	lines bool
	emit  func(*Chunk) error
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

	emitted   bool
	record    int64
	indexBase int64 // the batch's Chunk.IndexBase
	stack     []refJsonFrame
	// positions holds, for each open array, the index of its element
	// being read: the array indexes of the concrete path of whatever is
	// read now, a key included (a key's path is its object's).
	positions []int64
	path      []byte // scratch for building path segments
	tmpl      []byte // scratch for building templates
	str       []byte // a string or number that could not be a view of buf
	win       valueWindows
	ch        Chunk

	root       *refJsonNode
	nodes      int          // nodes in the trie under root
	cur        *refJsonNode // the node of the value about to be read
	curIndexed bool         // its path has an array index

	groups map[string]*refJsonGroup
	order  []*refJsonGroup
	gen    uint64 // groups of nodes stamped with another gen are gone
	// bytesLeft and valsLeft count down to the batch's flush (limits
	// batchBytes and batchVals), without a load of the limits per value.
	bytesLeft int
	valsLeft  int
	maxValue  int             // lim.maxValue, one load nearer
	free      []*refJsonGroup // emptied groups whose buffers can be reused

	badLines, firstBad int64
	goodLines          int64
	readErr            error // the stream's failure, reported once what came before is parsed
}

// refJsonKeyEpochs numbers the objects decoded with a key filter.
var refJsonKeyEpochs atomic.Uint64

// refDecodeJSONKeys is refDecodeJSON with a key filter (DecodeOptions.KeyFilter).
func refDecodeJSONKeys(ctx context.Context, r io.Reader, lines bool, lim *limits, keys func(string, []byte) bool, emit func(*Chunk) error) error {
	buf, put := getBuf(lim)
	defer put()
	s := refNewJSONScanner(lim)
	defer s.release()
	s.ctx, s.r, s.lines, s.buf = ctx, r, lines, buf
	if keys != nil {
		s.keys, s.keyEpoch = keys, refJsonKeyEpochs.Add(1)
	}
	s.emit = func(ch *Chunk) error { s.emitted = true; return emit(ch) }
	err := s.run()
	if err == nil || !refIsEmitOrCtx(err) {
		// Keep what came before a parse error.
		if ferr := s.flush(); ferr != nil {
			err = ferr
		}
	}
	var ee *refEmitError
	if errors.As(err, &ee) {
		return ee.err // emit's error, unchanged
	}
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) && pe.Msg == refNestingMsg {
			return objectError(s.emitted, ReasonJSONNestingOverLimit, err)
		}
		if errors.As(err, &pe) {
			return objectError(s.emitted, ReasonUnableToParse, err)
		}
		return err
	}
	if s.badLines > 0 {
		return objectError(s.emitted, ReasonUnableToParse, fmt.Errorf("json lines: %d of %d records are not valid JSON, the first on line %d", s.badLines, s.badLines+s.goodLines, s.firstBad+1))
	}
	return nil
}

// refEmitError wraps an error returned by emit, so that it passes through the
// decoder unchanged and is told apart from parse errors.
type refEmitError struct{ err error }

func (e *refEmitError) Error() string { return e.err.Error() }
func (e *refEmitError) Unwrap() error { return e.err }

func refIsEmitOrCtx(err error) bool {
	var ee *refEmitError
	return errors.As(err, &ee) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

const refNestingMsg = "nesting deeper than the limit"

func (s *refJsonScanner) syntax(msg string) error {
	pe := &ParseError{Format: "json", Offset: s.base + int64(s.pos), Msg: msg}
	if s.lines {
		pe.Format, pe.Line = "jsonl", s.line+1
	}
	return pe
}

// fill reads more input; it returns false at the end of the stream.
func (s *refJsonScanner) fill() (bool, error) {
	if s.eof {
		return false, s.readErr
	}
	if err := s.ctx.Err(); err != nil {
		return false, err
	}
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
func (s *refJsonScanner) peek() (byte, bool, error) {
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
func (s *refJsonScanner) peekAt(i int) (byte, bool) {
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
func (s *refJsonScanner) skipSpace() (byte, bool, error) {
	if s.pos < s.n {
		if b := s.buf[s.pos]; b > ' ' {
			return b, true, nil // compact JSON: no space at all
		}
	}
	return s.skipSpaceSlow()
}

func (s *refJsonScanner) skipSpaceSlow() (byte, bool, error) {
	for {
		for s.pos < s.n {
			switch b := s.buf[s.pos]; b {
			case ' ', '\t', '\r':
				s.pos++
			case '\n':
				if s.lines {
					if len(s.stack) > 0 {
						return 0, false, errRefBadLine
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
func (s *refJsonScanner) run() error {
	s.bytesLeft, s.valsLeft, s.maxValue = s.lim.batchBytes, s.lim.batchVals, s.lim.maxValue
	if s.root == nil {
		s.root, s.nodes = &refJsonNode{tmpl: "$"}, 1
	}
	for {
		b, ok, err := s.skipSpace()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		s.record = 0
		if s.lines {
			s.record = s.line
		}
		if s.record-s.indexBase > s.lim.indexSpan {
			if err := s.flush(); err != nil {
				return err
			}
			s.indexBase = s.record
		}
		s.cur, s.curIndexed = s.root, false
		s.positions = s.positions[:0]
		err = s.value(b)
		if err == nil && s.lines {
			// Only white space may follow a record on its line.
			err = s.endOfLine()
		}
		if err == nil {
			if s.lines {
				s.goodLines++
			}
			continue
		}
		if !s.lines || refIsEmitOrCtx(err) {
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

func (s *refJsonScanner) endOfLine() error {
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
func (s *refJsonScanner) skipBadLine() error {
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
func (s *refJsonScanner) value(b byte) error {
	pos, buf := s.pos, s.buf[:s.n]
	cur, curIndexed := s.cur, s.curIndexed
	var top *refJsonFrame
	if n := len(s.stack); n > 0 {
		top = &s.stack[n-1]
	}
values:
	for {
		// Parse the value that starts with b; a string or a number is v,
		// filed below.
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
			i := refNoBlock(buf[pos:])
			if uint(i) >= uint(len(buf)-pos) || i == 64 {
				i = refStringRunSWAR(buf[pos:])
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
				return s.syntax(refNestingMsg)
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
				s.stack = append(s.stack, refJsonFrame{})
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
			j := pos + refNoBlock(buf[pos:]) // exact as stringRun64's is
			if j <= pos || j >= len(buf) || j == pos+64 {
				for j = pos + 1; j < len(buf) && refNumberByte[buf[j]]; j++ {
				}
			}
			if c := buf[j-1]; j < len(buf) && j-pos <= s.maxValue && c != '-' && c != '+' && refDelimiter[buf[j]] {
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
			word, w := refLiteralWords[b&31], 4
			if b == 'f' {
				w = 5
			}
			if pos+w < len(buf) && binary.LittleEndian.Uint32(buf[pos:]) == word && (w == 4 || buf[pos+4] == 'e') && refDelimiter[buf[pos+w]] {
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
				g.index = append(g.index, uint32(s.record-s.indexBase))
				if curIndexed {
					g.positions = refAppendPositions(g.positions, s.positions)
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
			ok, err := true, error(nil)
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
			closer := byte('}')
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
			var key []byte
			m := top.expect
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
			// The next expectation is read before the call below, which
			// would make it wait on reloads.
			top.last, top.expect = m, m.next
			cur, curIndexed = m, top.indexed
			// The key is filed at the object's path; the common case is
			// written out, as for a value above, and so is keepKey's.
			keep := true
			if s.keys != nil {
				if m.keyEpoch == s.keyEpoch && len(key) <= refMaxName {
					keep = m.keyKeep
				} else {
					keep = s.keepKey(m, top.node, key)
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
				g.index = append(g.index, uint32(s.record-s.indexBase))
				if top.indexed {
					g.positions = refAppendPositions(g.positions, s.positions)
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
func (s *refJsonScanner) pop() *refJsonFrame {
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
// time this object showed m. A longer name than refMaxName shares its node
// with other names and is always kept.
func (s *refJsonScanner) keepKey(m, parent *refJsonNode, key []byte) bool {
	if len(key) > refMaxName {
		return true
	}
	if m.keyEpoch != s.keyEpoch {
		m.keyEpoch, m.keyKeep = s.keyEpoch, s.keys(parent.tmpl, key)
	}
	return m.keyKeep
}

// refMaxName is the longest member name kept in a path, as Macie truncates.
const refMaxName = 240

// memberNode returns the node of the member named key of the object top,
// the member of rank top.count.
func (s *refJsonScanner) memberNode(top *refJsonFrame, key []byte) *refJsonNode {
	name := key
	if len(name) > refMaxName {
		name = name[runeStart(name, len(name)-refMaxName):]
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
			n.kids = make(map[string]*refJsonNode)
		}
		n.kids[m.name] = m
	}
	if rank < refMaxMemberRanks {
		for len(n.members) <= rank {
			n.members = append(n.members, nil)
		}
		n.members[rank] = m
	}
	return m
}

// elemNode returns the node of the elements of the array top.
func (s *refJsonScanner) elemNode(top *refJsonFrame) *refJsonNode {
	if e := top.node.elem; e != nil {
		return e
	}
	s.makeRoom()
	n := top.node
	n.elem = s.newElem(n)
	return n.elem
}

// newElem makes the node of the elements of array parent.
func (s *refJsonScanner) newElem(parent *refJsonNode) *refJsonNode {
	s.nodes++
	return &refJsonNode{tmpl: parent.tmpl + "[]", slots: append(slices.Clip(parent.slots), len(parent.tmpl))}
}

// newNode makes the node of member name under parent.
func (s *refJsonScanner) newNode(parent *refJsonNode, name []byte) *refJsonNode {
	s.nodes++
	if refIsIdent(name) {
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
	n := &refJsonNode{tmpl: tmpl, name: string(name), seg: tmpl[len(parent.tmpl):], raw: raw, slots: parent.slots}
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
	return n
}

// makeRoom bounds the trie: past its limit (a document whose keys are
// data, say), it starts a new one holding only the open containers.
func (s *refJsonScanner) makeRoom() {
	if s.nodes < max(4*s.lim.maxGroups, 2*s.lim.maxDepth+2) {
		return
	}
	s.root, s.nodes = &refJsonNode{tmpl: "$"}, 1
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
			p.kids = map[string]*refJsonNode{n.name: n}
			f.node = n
		}
	}
}

func refIsIdent(b []byte) bool {
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

func (s *refJsonScanner) literal(word string) error {
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

// delimited checks that a scalar is followed by a refDelimiter.
func (s *refJsonScanner) delimited() error {
	b, ok, err := s.peek()
	if err != nil || !ok {
		return err
	}
	if refDelimiter[b] {
		return nil
	}
	return s.syntax("invalid character after a value")
}

// refLiteralWords holds the first four bytes of null, true and false as
// little-endian words, indexed by the low five bits of their first byte.
var refLiteralWords = [32]uint32{'n' & 31: 0x6c6c756e, 't' & 31: 0x65757274, 'f' & 31: 0x736c6166}

var refDelimiter = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, ',': true, ']': true, '}': true}

var refNumberByte = [256]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true, '-': true, '+': true, '.': true, 'e': true, 'E': true}

// readNumber reads a number's literal text: a view of the read buffer when
// it lies there whole, else s.str. The grammar is checked loosely: what
// matters is the text scanned.
func (s *refJsonScanner) readNumber() ([]byte, error) {
	buf := s.buf[s.pos:s.n]
	i := 0
	for i < len(buf) && refNumberByte[buf[i]] {
		i++
	}
	if i < len(buf) && i <= s.lim.maxValue {
		s.pos += i
		if c := buf[i-1]; c == '-' || c == '+' {
			return nil, s.syntax("invalid number")
		}
		if !refDelimiter[buf[i]] {
			return nil, s.syntax("invalid character after a value")
		}
		return buf[:i:i], nil
	}
	s.str = s.str[:0]
	for {
		for s.pos < s.n && refNumberByte[s.buf[s.pos]] {
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

// refStringStop marks the bytes that end a run of plain string bytes.
var refStringStop = [256]bool{'"': true, '\\': true, '\n': true}

const (
	refSwarOnes = 0x0101010101010101
	refSwarHigh = 0x8080808080808080
)

// refStringRunSWAR returns the index of the first '"', '\\' or '\n' in b,
// or len(b): eight bytes at a time for the first 32 bytes (most strings
// are short), then with the runtime's vectorised bytes.IndexByte, a
// window at a time so that a string with many escapes is not searched to
// its end once per escape. It is stringRun without AVX-512.
func refStringRunSWAR(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if i >= 32 {
			return i + refStringRunLong(b[i:])
		}
		x := binary.LittleEndian.Uint64(b[i:])
		q, bs, nl := x^(refSwarOnes*'"'), x^(refSwarOnes*'\\'), x^(refSwarOnes*'\n')
		// A byte of q, bs or nl is zero where x has that byte; the lowest
		// flagged byte is exact (borrows only run upwards).
		m := ((q - refSwarOnes) &^ q) | ((bs - refSwarOnes) &^ bs) | ((nl - refSwarOnes) &^ nl)
		if m &= refSwarHigh; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) && !refStringStop[b[i]] {
		i++
	}
	return i
}

// refStringRunWindow is how far refStringRunLong looks for a quote at a time.
const refStringRunWindow = 512

func refStringRunLong(b []byte) int {
	for i := 0; i < len(b); i += refStringRunWindow {
		w := b[i:min(i+refStringRunWindow, len(b))]
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
func (s *refJsonScanner) readString(key bool) ([]byte, error) {
	buf := s.buf[s.pos:s.n]
	i := refNoBlock(buf) // see value
	if uint(i) >= uint(len(buf)) || i == 64 {
		i = refStringRunSWAR(buf)
	}
	if i < len(buf) && buf[i] == '"' && i <= s.lim.maxValue {
		s.pos += i + 1
		return buf[:i:i], nil
	}
	return s.readStringSlow(key)
}

func (s *refJsonScanner) readStringSlow(key bool) ([]byte, error) {
	s.str = s.str[:0]
	for {
		run := s.buf[s.pos:s.n]
		i := refNoBlock(run) // see value
		if uint(i) >= uint(len(run)) || i == 64 {
			i = refStringRunSWAR(run)
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
				return nil, errRefBadLine
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

func (s *refJsonScanner) escape() error {
	// The common escapes, whole in the buffer: no peek per byte.
	if s.pos+5 <= s.n {
		if b := s.buf[s.pos]; b == 'u' {
			if r, ok := refHexRune(s.buf[s.pos+1 : s.pos+5]); ok && !utf16.IsSurrogate(r) {
				s.pos += 5
				s.str = utf8.AppendRune(s.str, r)
				return nil
			}
		} else if c := refSimpleEscape[b]; c != 0 {
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
					s.str = utf8.AppendRune(s.str, refReplaceSurrogate(r2))
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

// refSimpleEscape maps the byte after a backslash to what it stands for,
// for the escapes other than \u.
var refSimpleEscape = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// refHexRune decodes four hex digits.
func refHexRune(h []byte) (rune, bool) {
	var r rune
	for _, b := range h[:4] {
		d := refHexValue[b]
		if d == 0xff {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

var refHexValue = func() (t [256]byte) {
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

func refReplaceSurrogate(r rune) rune {
	if utf16.IsSurrogate(r) {
		return utf8.RuneError
	}
	return r
}

func (s *refJsonScanner) hex4() (rune, error) {
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
func (s *refJsonScanner) checkLong(key bool) error {
	if len(s.str) <= s.lim.maxValue {
		return nil
	}
	node, path := s.valuePlace(key)
	s.ch = Chunk{Kind: Records, Field: node.tmpl}
	err := s.win.overflow(&s.str, 0, s.lim, &s.ch, s.record, path, s.emit)
	if err != nil {
		return &refEmitError{err}
	}
	return nil
}

// valuePlace says where the value being read goes, for a value split into
// windows: its node and its concrete path, made as a string (such a value
// is at least a MiB long). A key's place is its object's.
func (s *refJsonScanner) valuePlace(key bool) (node *refJsonNode, path string) {
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
func (s *refJsonScanner) addValue(v []byte, key bool, node *refJsonNode, indexed bool) error {
	if s.win.active {
		node, path := s.valuePlace(key)
		s.ch = Chunk{Kind: Records, Field: node.tmpl}
		err := s.win.finish(v, &s.ch, s.record, path, s.emit)
		if err != nil {
			return &refEmitError{err}
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
	g.index = append(g.index, uint32(s.record-s.indexBase))
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
func (s *refJsonScanner) groupOf(node *refJsonNode) (*refJsonGroup, error) {
	g := s.groups[node.tmpl]
	if g == nil {
		if len(s.groups) >= s.lim.maxGroups {
			if err := s.flush(); err != nil {
				return nil, err
			}
			s.recycleGroups()
		}
		g = s.newGroup()
		g.field, g.slots = node.tmpl, node.slots
		s.groups[g.field] = g
		s.order = append(s.order, g)
	}
	node.group, node.gen = g, s.gen
	return g, nil
}

// flush emits one chunk per template of the batch.
func (s *refJsonScanner) flush() error {
	var capacity int64
	for _, g := range s.order {
		if g.chunk(&s.ch, s.indexBase) {
			if err := s.emit(&s.ch); err != nil {
				return &refEmitError{err}
			}
		}
		capacity += g.reset()
	}
	if capacity > s.lim.releaseCap {
		clear(s.groups)
		s.order = s.order[:0]
		s.free = s.free[:0]
		s.gen++
	}
	s.ch = Chunk{}
	s.bytesLeft, s.valsLeft = s.lim.batchBytes, s.lim.batchVals
	s.indexBase = s.record
	return nil
}

// refJsonScanners recycles scanners with their batch buffers and template
// trie across objects: growing them afresh costed about two bytes
// allocated per byte decoded. It is a bounded free list, not a sync.Pool:
// a pool is emptied by every other garbage collection, and in a scan
// that allocates (paths, results) the buffers were then grown again for
// most objects (growslice was 4% of BenchmarkScanCorpus). A flush drops
// a scanner's buffers once they pass releaseCap, so the list holds about
// cap(refJsonScanners) times that at most.
var refJsonScanners = make(chan *refJsonScanner, 2*runtime.GOMAXPROCS(0))

func refNewJSONScanner(lim *limits) *refJsonScanner {
	if lim != &defaultLimits {
		return &refJsonScanner{lim: lim, groups: map[string]*refJsonGroup{}}
	}
	var s *refJsonScanner
	select {
	case s = <-refJsonScanners:
	default:
		s = &refJsonScanner{groups: map[string]*refJsonGroup{}}
	}
	s.lim = lim
	return s
}

// refKeptNodes is the largest template trie a pooled scanner keeps for the
// next object (objects of one schema share it); a larger one, from keys
// that are data, is not worth its memory.
const refKeptNodes = 1024

// release resets s for another object and pools it.
func (s *refJsonScanner) release() {
	if s.lim != &defaultLimits {
		return
	}
	s.recycleGroups()
	root, nodes := s.root, s.nodes
	if nodes > refKeptNodes {
		root, nodes = nil, 0 // run makes a new one
	}
	*s = refJsonScanner{
		groups: s.groups, free: s.free, stack: s.stack[:0], str: s.str[:0],
		positions: s.positions[:0], path: s.path[:0], tmpl: s.tmpl[:0], root: root, nodes: nodes, gen: s.gen,
	}
	select {
	case refJsonScanners <- s:
	default: // the list is full: let s go
	}
}

// recycleGroups empties the group table, keeping the groups' buffers.
func (s *refJsonScanner) recycleGroups() {
	for _, g := range s.order {
		g.reset()
		*g = refJsonGroup{data: g.data, starts: g.starts, index: g.index, positions: g.positions}
		s.free = append(s.free, g)
	}
	clear(s.groups)
	s.order = s.order[:0]
	s.gen++
}

func (s *refJsonScanner) newGroup() *refJsonGroup {
	if n := len(s.free); n > 0 {
		g := s.free[n-1]
		s.free = s.free[:n-1]
		return g
	}
	return &refJsonGroup{}
}

// refAppendPositions appends a value's array indexes; the short ones, most of
// them, without a memmove call.
func refAppendPositions(dst, p []int64) []int64 {
	switch len(p) {
	case 1:
		return append(dst, p[0])
	case 2:
		return append(dst, p[0], p[1])
	}
	return append(dst, p...)
}

// refNoBlock stands for stringRun64 and numberRun64 without AVX-512: it
// declines every block.
func refNoBlock([]byte) int { return -1 }
