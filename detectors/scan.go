package detectors

import (
	"bytes"
	"cmp"
	"slices"
)

// Match is one detection: an identifier (an index into Engine.Identifiers)
// and the byte offsets of the value in the scanned buffer, End exclusive.
type Match struct {
	Identifier int
	Start, End int
}

// Scanner scans buffers with an Engine's identifiers, reusing its scratch
// space between calls. It is not safe for concurrent use; make one per
// goroutine with Engine.NewScanner.
type Scanner struct {
	e       *Engine
	matches []Match

	// Numeric token scratch, kept here rather than on the stack so that a
	// digit run costs no zeroing.
	groups [maxGroups]group
	seps   [maxGroups]byte
	digits [64]byte
	lower  []byte

	customRun []int // indexes of the custom patterns to run on this buffer
	leadAt    []int // leadCandidates' scratch
	leadWins  []int // leadWindows' scratch

	mergeBuf []Match // sortMatches' second buffer
	runs     []int   // sortMatches' run boundaries

	norm       []byte   // a shape value, normalised for its validator
	shapeDone  []int    // per shape rule: offset up to which it has been tried
	whole      []int    // shape rules tried over the whole buffer (shapeWindows)
	wholeRules []int32  // wholeBufferShapes' list
	wholeNext  []int    // per rule of whole: where it may next start
	wholeMask  []uint64 // per rule of whole: the patterns to try at a position

	// shapeWindows' flat list of the patterns of wholePatRules, and the
	// bytes that can start any of them.
	wholePats     []wholePat
	wholePatRules []int
	wholeFirst    [4]uint64
	// filterAt's memos of first- and second-word verdicts, when the
	// patterns allow them; wholeHas2 are the patterns with a second word.
	wholeMemo, wholeMemo2 [1 << wholeMemoBits]memoEntry
	wholeMemoOn           bool
	wholeHas2             uint64

	// cls are the classes of data[clsAt:clsAt+8] (prefix filters), shared
	// by every rule and pattern tried at one position; clsAt is -1 when
	// a scan starts. cls2 are those of the next eight bytes, valid when
	// cls2At is clsAt (computing cls resets cls2At).
	cls           wordClasses
	cls2          wordClasses
	clsAt, cls2At int

	explain *[]Explanation // non-nil while explaining: rejections are recorded
	// While explaining: the field name and the data explained, to say
	// which keyword a rejection missed.
	explainField string
	explainData  []byte

	// bounds are the text bounds of the scanned data's ends (see
	// ScanText): for custom identifiers' anchors.
	bounds int
	// text says that data is a window of a text (ScanText), where no
	// value separators bound windows of custom patterns.
	text bool

	// quickRuns: the numeric pass decides short digit runs from byte
	// classes (digitCursor.quickSkip). On where the classes are cheap
	// (numQuick); tests turn it on and off to compare.
	quickRuns bool
	// tokenFilter: numericToken drops tokens no numeric form fits (see
	// there); tests turn it off to compare.
	tokenFilter bool
	// literalSkip: one pass over the buffer tells the literal searches
	// where to start (literalAnchorsFrom); tests turn it off to compare.
	literalSkip bool
}

type group struct{ s, e int }

// NewScanner returns a Scanner for e.
func (e *Engine) NewScanner() *Scanner {
	return &Scanner{
		e: e, matches: make([]Match, 0, 64), lower: make([]byte, 0, 64), customRun: make([]int, 0, len(e.custom)),
		norm: make([]byte, 0, maxShapeValue), shapeDone: make([]int, len(e.shapes)),
		quickRuns: numQuick, tokenFilter: true, literalSkip: true, clsAt: -1, cls2At: -1,
	}
}

// Scan reports every match in data, in increasing Start order (then End,
// then Identifier), calling fn synchronously; fn must not keep data. It does
// not allocate in steady state, except that custom data identifiers cost the
// regex engine's per-call allocations.
//
// Byte 0 (NUL) is a hard boundary: no match and no keyword window crosses
// it. Newlines are not boundaries. field is the keyword context of every
// value in data (see Engine.Field); its zero value means none.
func (s *Scanner) Scan(data []byte, field FieldContext, fn func(Match)) {
	s.bounds, s.text = boundStart|boundEnd, false
	s.collect(data, field)
	s.sortMatches()
	s.report(data, fn)
}

// ScanText is Scan for a window of a longer text (a Lines chunk): data[0]
// starts the text only if atStart, and data's end ends it only if atEnd.
// Only custom identifiers' text anchors (^, $, \A, \z without (?m)) depend
// on it; NUL-separated values inside data are texts of their own.
func (s *Scanner) ScanText(data []byte, field FieldContext, atStart, atEnd bool, fn func(Match)) {
	s.bounds, s.text = 0, true
	if atStart {
		s.bounds |= boundStart
	}
	if atEnd {
		s.bounds |= boundEnd
	}
	s.collect(data, field)
	s.sortMatches()
	s.report(data, fn)
}

// collect runs every pass over data, leaving their matches in s.matches in
// the order the passes found them.
func (s *Scanner) collect(data []byte, field FieldContext) {
	e := s.e
	s.matches = s.matches[:0]
	if len(e.numeric) > 0 || e.hasIBAN || len(e.ip) > 0 {
		s.scanNumeric(data, field)
	}
	if len(e.ip) > 0 {
		s.scanIPv6(data, field)
	}
	if len(e.shapes) > 0 {
		s.scanShapes(data, field)
	}
	if len(e.email) > 0 {
		s.scanEmail(data, field)
	}
	var from literalFrom
	if s.literalSkip && e.literalPasses >= 2 {
		from = literalAnchorsFrom(data)
	}
	if len(e.awsID) > 0 {
		s.scanAWSKeyIDs(data, field, from)
	}
	if len(e.pem) > 0 {
		s.scanPEM(data, field, from[litPEM])
	}
	if len(e.jwt) > 0 {
		s.scanJWT(data, field, from[litJWT])
	}
	if len(e.custom) > 0 {
		s.scanCustom(data, field, s.bounds)
	}
}

// report calls fn with each of the sorted s.matches that is not a repeat,
// does not yield to another identifier and is not allowed.
func (s *Scanner) report(data []byte, fn func(Match)) {
	e := s.e
	prev := Match{Identifier: -1}
	for i, m := range s.matches {
		if m == prev {
			continue // found twice, e.g. by two keyword anchors
		}
		prev = m
		if m.Identifier < len(e.yields) && len(e.yields[m.Identifier]) > 0 && s.yielded(i) {
			continue
		}
		if len(e.allow) > 0 && s.allowed(data[m.Start:m.End]) {
			s.explainReject([]target{{id: m.Identifier}}, m.Start, m.End, reasonAllowed)
			continue
		}
		fn(m)
	}
}

// yielded reports whether match i gives way to another identifier's match
// of the same value (Spec.YieldsTo). Same-span matches are adjacent.
func (s *Scanner) yielded(i int) bool {
	m := s.matches[i]
	ys := s.e.yields[m.Identifier]
	for _, d := range [2]int{-1, 1} {
		for j := i + d; j >= 0 && j < len(s.matches); j += d {
			o := s.matches[j]
			if o.Start != m.Start || o.End != m.End {
				break
			}
			if slices.Contains(ys, o.Identifier) {
				return true
			}
		}
	}
	return false
}

// maxMergeRuns bounds the sorted runs sortMatches merges; more runs than
// this are sorted from scratch.
const maxMergeRuns = 32

// sortMatches orders s.matches by compareMatches. Each pass appends its
// matches mostly in increasing order, so s.matches is a concatenation of a
// few sorted runs: merging them costs a fraction of a general sort (which
// was 6.5 % of the engine's time). The order is total, so the result is the
// one a sort gives.
func (s *Scanner) sortMatches() {
	m := s.matches
	if len(m) < 2 {
		return
	}
	runs := append(s.runs[:0], 0)
	for i := 1; i < len(m); i++ {
		if matchLess(m[i], m[i-1]) {
			if len(runs) == maxMergeRuns {
				s.runs = runs
				slices.SortFunc(m, compareMatches)
				return
			}
			runs = append(runs, i)
		}
	}
	if len(runs) == 1 {
		s.runs = runs
		return
	}
	runs = append(runs, len(m))
	src, dst := m, slices.Grow(s.mergeBuf[:0], len(m))[:len(m)]
	// Merge neighbouring runs pairwise until one is left, alternating
	// between the two buffers.
	for len(runs) > 2 {
		w := 0
		for r := 0; r+1 < len(runs); r += 2 {
			lo := runs[r]
			if r+2 < len(runs) {
				mergeMatches(dst[lo:runs[r+2]], src[lo:runs[r+1]], src[runs[r+1]:runs[r+2]])
			} else {
				copy(dst[lo:], src[lo:runs[r+1]])
			}
			runs[w] = lo
			w++
		}
		runs[w] = len(m)
		runs = runs[:w+1]
		src, dst = dst, src
	}
	// The merged matches may be in the second buffer: swap the two.
	s.matches, s.mergeBuf = src, dst[:0]
	s.runs = runs
}

// mergeMatches merges sorted a and b into dst (len(a)+len(b) long).
func mergeMatches(dst, a, b []Match) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if matchLess(b[j], a[i]) {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// matchLess reports whether a orders before b (compareMatches(a, b) < 0).
func matchLess(a, b Match) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.End != b.End {
		return a.End < b.End
	}
	return a.Identifier < b.Identifier
}

func compareMatches(a, b Match) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.End, b.End); c != 0 {
		return c
	}
	return cmp.Compare(a.Identifier, b.Identifier)
}

// emit records value data[st:en] for each target whose keyword rule it
// satisfies, and reports whether any did.
func (s *Scanner) emit(ts []target, data []byte, st, en int, field FieldContext) bool {
	hit := false
	var lastKw *kwSet
	var lastProx int
	var lastHas bool
	for i := range ts {
		t := &ts[i]
		if t.rule != kwOptional {
			// Twins share a keyword set: search the text once.
			has := lastHas
			if t.kw != lastKw || t.prox != lastProx {
				// A value that is a whole NUL-bounded cell has no text
				// around it to search: no keyword window crosses a NUL.
				has = field.has(t.kw.bit) || (!wholeCell(data, st, en) && t.kw.near(data, st, en, t.prox))
				lastKw, lastProx, lastHas = t.kw, t.prox, has
			}
			if has != (t.rule == kwRequired) {
				s.explainKeyword(t, st, en)
				continue
			}
		}
		s.matches = append(s.matches, Match{Identifier: t.id, Start: st, End: en})
		hit = true
	}
	return hit
}

// wholeCell reports whether data[st:en] is bounded by NULs (or the buffer's
// ends) on both sides: a CSV cell or JSON value that is all value, where a
// keyword window (kwSet.near), which never crosses a NUL, is empty.
func wholeCell(data []byte, st, en int) bool {
	return (st == 0 || data[st-1] == 0) && (en == len(data) || data[en] == 0)
}

// ---- e-mail addresses ----

func (s *Scanner) scanEmail(data []byte, field FieldContext) {
	i := 0
	for i < len(data) {
		k := bytes.IndexByte(data[i:], '@')
		if k < 0 {
			return
		}
		at := i + k
		if st, en, ok := emailAround(data, at); ok && s.emit(s.e.email, data, st, en, field) {
			i = en
			continue
		}
		i = at + 1
	}
}

// ---- AWS credentials ----

var awsKeyIDFinders = [...]literalFinder{newLiteralFinder("AKIA"), newLiteralFinder("ASIA")}

// scanAWSKeyIDs finds AWS access key IDs; from says where each anchor's
// search may start (see literalFrom).
func (s *Scanner) scanAWSKeyIDs(data []byte, field FieldContext, from literalFrom) {
	for f := range awsKeyIDFinders {
		i := from[litAKIA+f]
		for i < len(data) {
			at := awsKeyIDFinders[f].index(data, i)
			if at < 0 {
				break
			}
			if en, ok := awsKeyIDAt(data, at); ok {
				s.emit(s.e.awsID, data, at, en, field)
				i = en
				continue
			}
			i = at + 1
		}
	}
}

// awsSecretAt matches a 40-character secret access key starting at
// data[p] (a whole token of secret-key characters); the AWS_CREDENTIALS
// shape runs it only near the secret-key keywords.
func awsSecretAt(data []byte, p int) int {
	if p > 0 && isSecretKeyChar(data[p-1]) {
		return 0
	}
	e := p
	for e < len(data) && isSecretKeyChar(data[e]) && e-p <= awsSecretKeyLen {
		e++
	}
	if e-p != awsSecretKeyLen || (e < len(data) && isSecretKeyChar(data[e])) || !awsSecretKeyAt(data, p, e) {
		return 0
	}
	return e
}

// ---- PEM private keys ----

var pemBeginFinder = newLiteralFinder("-----BEGIN ")

var (
	pemBegin = []byte("-----BEGIN ")
	pemEnd   = []byte("-----END ")
	pemDash  = []byte("-----")
)

// pemSearchLimit bounds how far after a BEGIN line its END line is looked
// for; without one, the BEGIN line alone is the match.
const pemSearchLimit = 16 << 10

// scanPEM finds PEM private key blocks whose BEGIN line starts at or
// after from.
func (s *Scanner) scanPEM(data []byte, field FieldContext, from int) {
	i := from
	for i < len(data) {
		at := pemBeginFinder.index(data, i)
		if at < 0 {
			return
		}
		i = at + len(pemBegin)
		ls := at + len(pemBegin)
		j := bytes.Index(data[ls:min(len(data), ls+64)], pemDash)
		if j < 0 {
			continue
		}
		label := data[ls : ls+j]
		beginEnd := ls + j + len(pemDash)
		for r := range s.e.pem {
			rule := &s.e.pem[r]
			if !bytes.Equal(label, rule.label) {
				continue
			}
			en := pemBlockEnd(data, beginEnd, label)
			s.emit(rule.targets, data, at, en, field)
			i = en
			break
		}
	}
}

// pemBlockEnd returns the end of the "-----END <label>-----" line that closes
// a block whose BEGIN line ends at from, or from itself when there is none
// within pemSearchLimit bytes, before a NUL or before the next BEGIN line.
//
// One search for "-----" finds both lines in order: text with a BEGIN line
// every few kilobytes and its END line a few lines on spent 3 % of its
// scan searching 16 KiB for the next BEGIN line before the END line.
func pemBlockEnd(data []byte, from int, label []byte) int {
	limit := min(len(data), from+pemSearchLimit)
	if k := bytes.IndexByte(data[from:limit], 0); k >= 0 {
		limit = from + k
	}
	for p := from; p < limit; {
		k := bytes.Index(data[p:limit], pemDash)
		if k < 0 {
			break
		}
		q := p + k
		if bytes.HasPrefix(data[q:limit], pemBegin) {
			break // the next block
		}
		if bytes.HasPrefix(data[q:limit], pemEnd) {
			x := q + len(pemEnd)
			if bytes.HasPrefix(data[x:limit], label) && bytes.HasPrefix(data[x+len(label):limit], pemDash) {
				en := x + len(label) + len(pemDash)
				// A BEGIN line that starts inside this END line ends
				// the search before it.
				if bytes.Contains(data[q+1:min(limit, en+len(pemBegin)-1)], pemBegin) {
					break
				}
				return en
			}
		}
		p = q + 1
	}
	return from
}

// ---- JSON Web Tokens ----

var (
	jwtAnchor       = []byte("eyJ")
	jwtAnchorFinder = newLiteralFinder("eyJ")
)

// scanJWT finds JSON Web Tokens starting at or after from.
func (s *Scanner) scanJWT(data []byte, field FieldContext, from int) {
	i := from
	for i < len(data) {
		at := jwtAnchorFinder.index(data, i)
		if at < 0 {
			return
		}
		en, next := jwtAt(data, at)
		if en > 0 && s.emit(s.e.jwt, data, at, en, field) {
			i = en
			continue
		}
		i = next
	}
}

// jwtAt checks for a JWT starting at data[at] ("eyJ"). It returns the end of
// the token (0 if there is none) and where to resume searching.
func jwtAt(data []byte, at int) (end, next int) {
	n := len(data)
	if at > 0 && isB64url(data[at-1]) {
		return 0, at + 1
	}
	h := b64urlEnd(data, at)
	if h >= n || data[h] != '.' {
		return 0, h
	}
	ps := h + 1
	if !bytes.HasPrefix(data[ps:], jwtAnchor) {
		return 0, ps
	}
	pe := b64urlEnd(data, ps)
	if pe >= n || data[pe] != '.' || (pe-ps)%4 == 1 {
		return 0, pe
	}
	ss := pe + 1
	se := b64urlEnd(data, ss)
	ok, algNone := jwtHeaderAlgRun(data[at:h])
	if !ok || (se == ss && !algNone) || (se-ss)%4 == 1 {
		return 0, ps
	}
	return se, se
}
