package sources

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
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
// Chunks. Values are batched (up to 1 MiB or 64Ki values) and grouped by
// path template, the path with array indexes removed; each chunk holds the
// values of one template in document order: Field is the template
// ("$.customers[].cards[].number"), the keyword context, Starts[i] the
// offset of value i, Index[i] its record index and Paths[i] its concrete
// JSONPath ("$.customers[3].cards[2].number", "$[3].ssn"; a name that is
// not an identifier is written $['first name']; a name longer than 240
// bytes keeps its last 240, as Macie truncates). Paths is nil when every
// path equals Field. Path strings are never reused after emit returns, so a
// caller may keep them.
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
	starts []int
	index  []int64
	paths  []string
	plain  bool // every path so far equals field
}

type jsonFrame struct {
	array    bool
	index    int
	pathLen  int // len(path) of the container itself
	tmplLen  int
	gotValue bool // array: an element was read; object: a member was read
}

// errBadLine is the internal signal that a JSON Lines record is invalid.
var errBadLine = errors.New("bad line")

type jsonScanner struct {
	ctx   context.Context
	r     io.Reader
	lim   *limits
	lines bool
	emit  func(*Chunk) error

	buf    []byte
	pos, n int
	eof    bool
	base   int64 // stream offset of buf[0]
	line   int64 // 0-based line of buf[pos] (JSON Lines only)

	emitted bool
	record  int64
	stack   []jsonFrame
	path    []byte // concrete path of the current position
	tmpl    []byte // template of the current position
	str     []byte // the string or number being read
	win     valueWindows
	ch      Chunk

	groups     map[string]*jsonGroup
	order      []*jsonGroup
	batchBytes int
	batchVals  int
	cache      [256]*jsonGroup // see lookupGroup
	free       []*jsonGroup    // emptied groups whose buffers can be reused
	arena      []byte
	lastPath   string // the last string pathString made, in arena

	badLines, firstBad int64
	goodLines          int64
	err                error // sniffJSON's result
	readErr            error // the stream's failure, reported once what came before is parsed
}

func decodeJSON(ctx context.Context, r io.Reader, lines bool, lim *limits, emit func(*Chunk) error) error {
	buf, put := getBuf(lim)
	defer put()
	s := newJSONScanner(lim)
	defer s.release()
	s.ctx, s.r, s.lines, s.buf = ctx, r, lines, buf
	s.emit = func(ch *Chunk) error { s.emitted = true; return emit(ch) }
	err := s.run()
	if err == nil || !isEmitOrCtx(err) {
		// Keep what came before a parse error.
		if ferr := s.flush(); ferr != nil {
			err = ferr
		}
	}
	var ee *emitError
	if errors.As(err, &ee) {
		return ee.err // emit's error, unchanged
	}
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) && pe.Msg == nestingMsg {
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

// emitError wraps an error returned by emit, so that it passes through the
// decoder unchanged and is told apart from parse errors.
type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }
func (e *emitError) Unwrap() error { return e.err }

func isEmitOrCtx(err error) bool {
	var ee *emitError
	return errors.As(err, &ee) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
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

// skipSpace consumes white space. In JSON Lines, a newline at the top level
// ends the record, and one inside a value makes the line bad.
func (s *jsonScanner) skipSpace() (byte, bool, error) {
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
	s.path, s.tmpl = s.path[:1], s.tmpl[:1]
	s.win = valueWindows{}
	for {
		b, ok, err := s.peek()
		if err != nil || !ok {
			return err
		}
		s.pos++
		if b == '\n' {
			s.line++
			return nil
		}
	}
}

// value parses one complete top-level value starting with byte b.
func (s *jsonScanner) value(b byte) error {
	for {
		// Parse the value that starts with b.
		switch {
		case b == '{' || b == '[':
			if len(s.stack) >= s.lim.maxDepth {
				return s.syntax(nestingMsg)
			}
			s.pos++
			s.stack = append(s.stack, jsonFrame{array: b == '[', pathLen: len(s.path), tmplLen: len(s.tmpl)})
		case b == '"':
			s.pos++
			if err := s.readString(); err != nil {
				return err
			}
			if err := s.addValue(); err != nil {
				return err
			}
		case b == '-' || (b >= '0' && b <= '9'):
			if err := s.readNumber(); err != nil {
				return err
			}
			if err := s.addValue(); err != nil {
				return err
			}
		case b == 't':
			if err := s.literal("true"); err != nil {
				return err
			}
		case b == 'f':
			if err := s.literal("false"); err != nil {
				return err
			}
		case b == 'n':
			if err := s.literal("null"); err != nil {
				return err
			}
		default:
			return s.syntax("invalid character where a value was expected")
		}
		// Find the start of the next value, closing containers on the way.
		var err error
		var more bool
		if b, more, err = s.next(); err != nil || !more {
			return err
		}
	}
}

// next moves past separators and closing brackets to the byte that starts
// the next value of the current top-level value; more is false when that
// top-level value is complete.
func (s *jsonScanner) next() (byte, bool, error) {
	for len(s.stack) > 0 {
		top := &s.stack[len(s.stack)-1]
		b, ok, err := s.skipSpace()
		if err != nil {
			return 0, false, err
		}
		if !ok {
			return 0, false, s.syntax("unexpected end of input")
		}
		closer := byte('}')
		if top.array {
			closer = ']'
		}
		if top.gotValue {
			// After a value: a comma, or the end of the container.
			if b == closer {
				s.pos++
				s.pop()
				continue
			}
			if b != ',' {
				return 0, false, s.syntax("invalid character after a value")
			}
			s.pos++
			if b, ok, err = s.skipSpace(); err != nil {
				return 0, false, err
			}
			if !ok {
				return 0, false, s.syntax("unexpected end of input")
			}
		} else if b == closer {
			s.pos++ // empty container
			s.pop()
			continue
		}
		top.gotValue = true
		if top.array {
			s.path = strconv.AppendInt(append(s.path[:top.pathLen], '['), int64(top.index), 10)
			s.path = append(s.path, ']')
			s.tmpl = append(s.tmpl[:top.tmplLen], '[', ']')
			top.index++
			return b, true, nil
		}
		// An object member: key, colon, then the value.
		if b != '"' {
			return 0, false, s.syntax("invalid character where a key was expected")
		}
		s.pos++
		s.path, s.tmpl = s.path[:top.pathLen], s.tmpl[:top.tmplLen]
		if err := s.readString(); err != nil {
			return 0, false, err
		}
		if err := s.addValue(); err != nil { // the key, at the object's path
			return 0, false, err
		}
		s.appendName()
		if b, ok, err = s.skipSpace(); err != nil {
			return 0, false, err
		}
		if !ok || b != ':' {
			return 0, false, s.syntax("missing ':' after a key")
		}
		s.pos++
		if b, ok, err = s.skipSpace(); err != nil {
			return 0, false, err
		}
		if !ok {
			return 0, false, s.syntax("unexpected end of input")
		}
		return b, true, nil
	}
	return 0, false, nil
}

func (s *jsonScanner) pop() {
	top := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.path, s.tmpl = s.path[:top.pathLen], s.tmpl[:top.tmplLen]
}

// maxName is the longest member name kept in a path, as Macie truncates.
const maxName = 240

// appendName adds the key in s.str to the path and template.
func (s *jsonScanner) appendName() {
	name := s.str
	if len(name) > maxName {
		name = name[runeStart(name, len(name)-maxName):]
	}
	if isIdent(name) {
		s.path = append(append(s.path, '.'), name...)
		s.tmpl = append(append(s.tmpl, '.'), name...)
		return
	}
	for _, p := range []*[]byte{&s.path, &s.tmpl} {
		*p = append(*p, '[', '\'')
		for _, c := range name {
			if c == '\'' || c == '\\' {
				*p = append(*p, '\\')
			}
			*p = append(*p, c)
		}
		*p = append(*p, '\'', ']')
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
	switch b {
	case ' ', '\t', '\r', '\n', ',', ']', '}':
		return nil
	}
	return s.syntax("invalid character after a value")
}

var numberByte = [256]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true, '-': true, '+': true, '.': true, 'e': true, 'E': true}

// readNumber reads a number's literal text into s.str. The grammar is
// checked loosely: what matters is the text scanned.
func (s *jsonScanner) readNumber() error {
	s.str = s.str[:0]
	for {
		for s.pos < s.n && numberByte[s.buf[s.pos]] {
			s.str = append(s.str, s.buf[s.pos])
			s.pos++
			if len(s.str) > s.lim.maxValue {
				return s.syntax("number too long")
			}
		}
		if s.pos < s.n {
			break
		}
		ok, err := s.fill()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
	}
	if s.str[len(s.str)-1] == '-' || s.str[len(s.str)-1] == '+' {
		return s.syntax("invalid number")
	}
	return s.delimited()
}

// stringStop marks the bytes that end a run of plain string bytes.
var stringStop = [256]bool{'"': true, '\\': true, '\n': true}

// readString reads a string (after its opening quote) into s.str,
// unescaped. A string longer than maxValue is emitted in windows as it is
// read.
func (s *jsonScanner) readString() error {
	s.str = s.str[:0]
	for {
		i := s.pos
		for i < s.n && !stringStop[s.buf[i]] {
			i++
		}
		s.str = append(s.str, s.buf[s.pos:i]...)
		s.pos = i
		if err := s.checkLong(); err != nil {
			return err
		}
		if s.pos == s.n {
			ok, err := s.fill()
			if err != nil {
				return err
			}
			if !ok {
				return s.syntax("unexpected end of input in a string")
			}
			continue
		}
		switch s.buf[s.pos] {
		case '"':
			s.pos++
			return nil
		case '\n':
			if s.lines {
				return errBadLine
			}
			s.str = append(s.str, '\n')
			s.pos++
		case '\\':
			s.pos++
			if err := s.escape(); err != nil {
				return err
			}
		}
	}
}

func (s *jsonScanner) escape() error {
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
			if b, ok, _ := s.peek(); ok && b == '\\' {
				save := s.pos
				s.pos++
				if b, ok, _ := s.peek(); ok && b == 'u' {
					s.pos++
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
				s.pos = save
			}
			r = utf8.RuneError
		}
		s.str = utf8.AppendRune(s.str, r)
	default:
		return s.syntax("invalid escape in a string")
	}
	return nil
}

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
func (s *jsonScanner) checkLong() error {
	if len(s.str) <= s.lim.maxValue {
		return nil
	}
	s.ch = Chunk{Kind: Records, Field: s.template()}
	err := s.win.overflow(&s.str, 0, s.lim, &s.ch, s.record, s.pathString(), s.emit)
	if err != nil {
		return &emitError{err}
	}
	return nil
}

// template returns the current template as a string, allocating it only
// the first time it is seen.
func (s *jsonScanner) template() string {
	if g := s.groups[string(s.tmpl)]; g != nil {
		return g.field
	}
	return string(s.tmpl)
}

// pathString returns the current concrete path as a string. The keys of
// one object share its path, so the last path made is reused when it
// repeats; other paths with an array index are unique within a JSON
// document, so a map to intern them costs more (measured: a third of the
// decode time) than it saves.
func (s *jsonScanner) pathString() string {
	if s.lastPath != "" && string(s.path) == s.lastPath {
		return s.lastPath
	}
	// The arena is append-only and never reused after a flush, so strings
	// pointing into it stay valid and unchanged for as long as anyone holds
	// them: one allocation per batch instead of one per path.
	if cap(s.arena)-len(s.arena) < len(s.path) {
		s.arena = make([]byte, 0, max(64<<10, len(s.path)))
	}
	start := len(s.arena)
	s.arena = append(s.arena, s.path...)
	s.lastPath = unsafe.String(&s.arena[start], len(s.path))
	return s.lastPath
}

// addValue files the string or number in s.str under the current path.
func (s *jsonScanner) addValue() error {
	if s.win.active {
		s.ch = Chunk{Kind: Records, Field: s.template()}
		err := s.win.finish(s.str, &s.ch, s.record, s.pathString(), s.emit)
		if err != nil {
			return &emitError{err}
		}
		return nil
	}
	if len(s.str) == 0 {
		return nil
	}
	g := s.lookupGroup()
	if g == nil {
		if len(s.groups) >= s.lim.maxGroups {
			if err := s.flush(); err != nil {
				return err
			}
			s.recycleGroups()
		}
		g = s.newGroup()
		g.field, g.plain = string(s.tmpl), true
		s.groups[g.field] = g
		s.cache[tmplSlot(s.tmpl)] = g
		s.order = append(s.order, g)
	}
	if len(g.starts) > 0 {
		g.data = append(g.data, ValueSeparator)
	}
	g.starts = append(g.starts, len(g.data))
	g.data = append(g.data, s.str...)
	g.index = append(g.index, s.record)
	if len(s.path) == len(s.tmpl) { // no array index in the path: it is the template
		g.paths = append(g.paths, g.field)
	} else {
		g.paths = append(g.paths, s.pathString())
		g.plain = false
	}
	s.batchBytes += len(s.str) + 1
	s.batchVals++
	if s.batchBytes >= s.lim.batchBytes || s.batchVals >= s.lim.batchVals {
		return s.flush()
	}
	return nil
}

// flush emits one chunk per template of the batch.
func (s *jsonScanner) flush() error {
	var capacity int64
	for _, g := range s.order {
		if len(g.starts) > 0 {
			s.ch = Chunk{Kind: Records, Data: g.data, ReportTo: len(g.data), Field: g.field, Starts: g.starts, Index: g.index}
			if !g.plain {
				s.ch.Paths = g.paths
			}
			if err := s.emit(&s.ch); err != nil {
				return &emitError{err}
			}
		}
		clear(g.paths) // drop references to this batch's arena
		g.data, g.starts, g.index, g.paths, g.plain = g.data[:0], g.starts[:0], g.index[:0], g.paths[:0], true
		capacity += int64(cap(g.data) + 8*cap(g.starts) + 8*cap(g.index) + 16*cap(g.paths))
	}
	if capacity > s.lim.releaseCap {
		clear(s.cache[:])
		clear(s.groups)
		s.order = s.order[:0]
		s.free = s.free[:0]
	}
	s.ch = Chunk{}
	s.arena, s.lastPath = nil, ""
	s.batchBytes, s.batchVals = 0, 0
	return nil
}

// jsonScanners recycles scanners with their batch buffers across objects:
// growing them afresh costed about two bytes allocated per byte decoded.
var jsonScanners = sync.Pool{New: func() any { return &jsonScanner{groups: map[string]*jsonGroup{}} }}

func newJSONScanner(lim *limits) *jsonScanner {
	if lim != &defaultLimits {
		return &jsonScanner{lim: lim, groups: map[string]*jsonGroup{}, path: []byte{'$'}, tmpl: []byte{'$'}}
	}
	s := jsonScanners.Get().(*jsonScanner)
	s.lim = lim
	s.path, s.tmpl = append(s.path[:0], '$'), append(s.tmpl[:0], '$')
	return s
}

// release resets s for another object and pools it.
func (s *jsonScanner) release() {
	if s.lim != &defaultLimits {
		return
	}
	s.recycleGroups()
	*s = jsonScanner{
		groups: s.groups, free: s.free, stack: s.stack[:0], str: s.str[:0],
		path: append(s.path[:0], '$'), tmpl: append(s.tmpl[:0], '$'),
	}
	jsonScanners.Put(s)
}

// lookupGroup returns the group of the current template, or nil. A small
// direct-mapped cache in front of the map saves hashing the whole template
// for every value (the map lookup was a quarter of the decode time).
func (s *jsonScanner) lookupGroup() *jsonGroup {
	slot := tmplSlot(s.tmpl)
	if g := s.cache[slot]; g != nil && g.field == string(s.tmpl) {
		return g
	}
	g := s.groups[string(s.tmpl)]
	if g != nil {
		s.cache[slot] = g
	}
	return g
}

// tmplSlot picks a cache slot from a template's length and a few of its
// bytes (the end, where templates of one document differ most).
func tmplSlot(t []byte) uint8 {
	h := uint64(len(t))
	n := min(len(t), 8)
	for _, c := range t[len(t)-n:] {
		h = h<<8 | uint64(c)
	}
	if len(t) > 16 {
		h ^= uint64(t[len(t)/2])<<56 | uint64(t[len(t)/3])<<48
	}
	return uint8((h * 0x9E3779B97F4A7C15) >> 56)
}

// recycleGroups empties the group table, keeping the groups' buffers.
func (s *jsonScanner) recycleGroups() {
	clear(s.cache[:])
	for _, g := range s.order {
		clear(g.paths)
		*g = jsonGroup{data: g.data[:0], starts: g.starts[:0], index: g.index[:0], paths: g.paths[:0]}
		s.free = append(s.free, g)
	}
	clear(s.groups)
	s.order = s.order[:0]
}

func (s *jsonScanner) newGroup() *jsonGroup {
	if n := len(s.free); n > 0 {
		g := s.free[n-1]
		s.free = s.free[:n-1]
		return g
	}
	return &jsonGroup{}
}
