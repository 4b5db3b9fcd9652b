package detectors

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
)

// Shape is the form of an identifier made of digits, letters and fixed
// punctuation (Matcher "shape"). Shapes are data: a few compact patterns
// and a validator, run by one matcher.
//
// A keyword-required shape is looked for only near its keywords: one pass
// over the buffer finds every keyword of every keyword-required shape at
// once (see kwIndex), and only the characters around each hit are tried
// against the shapes that own it. A buffer without keywords costs such
// identifiers nothing beyond that one pass. A shape with Anchors is looked
// for at each occurrence of an anchor literal instead.
type Shape struct {
	// Patterns are the accepted forms, tried in order at each candidate
	// position; the first that matches, is bounded and validates wins.
	// One character class per byte:
	//
	//	9  a digit: ASCII or full-width (０-９)
	//	A  an ASCII uppercase letter
	//	a  an ASCII letter of either case
	//	X  an uppercase letter or a digit
	//	x  a letter of either case or a digit
	//	k  a base64url character: letter, digit, '_' or '-'
	//	b  a base64 character: letter, digit, '+', '/' or '='
	//	-  a hyphen: '-', full-width '－' or the long vowel mark 'ー'
	//	\  makes the next byte a literal
	//
	// Any other byte is a literal. A class may be followed by {n} or
	// {m,n}: repeated greedily, without backtracking (so a repeated class
	// must not also match what follows it).
	Patterns []string
	// At, instead of Patterns, matches the value starting at data[p]
	// itself and returns its end (0: no match). For forms that a pattern
	// cannot express (header lines, coordinate pairs).
	At func(data []byte, p int) int
	// AtMax, for an At shape, is its longest value in characters (0:
	// maxShapeValue). A keyword-required shape is tried this far before
	// each keyword: names and addresses, found around frequent keywords,
	// need not look 320 characters back.
	AtMax int
	// AtValueStart, for an At shape, tries it only where a value starts in
	// a field whose name holds its keyword, not at each word: an address
	// column's values are addresses, and trying every word of them cost a
	// default scan of the bench corpus 5 %.
	AtValueStart bool
	// AtDigit, for an At shape, says that each of its values holds an ASCII
	// digit: a keyword's window with none within reach is not walked.
	AtDigit bool
	// Anchors are literals that start every value: the value is looked for
	// only where one occurs, whatever the keyword rule.
	Anchors []string
	// Valid validates the value as the patterns normalise it: only its
	// class characters (no hyphens or literals), digits in ASCII, letters
	// of classes 'a' and 'x' in uppercase. nil: no check.
	Valid func(b []byte) bool
	// Examples are well-known example values (as written, or normalised
	// as for Valid), never reported.
	Examples []string
}

// Pattern character classes.
const (
	pLit uint8 = iota
	pDigit
	pUpper
	pAlpha
	pUAlnum
	pAlnum
	pKey
	pB64
	pHyphen
)

type pelem struct {
	class    uint8
	lit      byte
	min, max uint8
}

type pattern []pelem

func compilePattern(s string) (pattern, error) {
	p := make(pattern, 0, patternLen(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		el := pelem{min: 1, max: 1}
		switch c {
		case '9':
			el.class = pDigit
		case 'A':
			el.class = pUpper
		case 'a':
			el.class = pAlpha
		case 'X':
			el.class = pUAlnum
		case 'x':
			el.class = pAlnum
		case 'k':
			el.class = pKey
		case 'b':
			el.class = pB64
		case '-':
			el.class = pHyphen
		case '\\':
			if i+1 == len(s) {
				return nil, fmt.Errorf("pattern %q ends with an escape", s)
			}
			i++
			el.class, el.lit = pLit, s[i]
		case '{':
			return nil, fmt.Errorf("pattern %q: repetition without a class", s)
		default:
			el.class, el.lit = pLit, c
		}
		if i+1 < len(s) && s[i+1] == '{' && el.class != pLit {
			j := i + 2
			for j < len(s) && s[j] != '}' {
				j++
			}
			if j == len(s) {
				return nil, fmt.Errorf("pattern %q: unclosed {", s)
			}
			lo, hi, err := parseRep(s[i+2 : j])
			if err != nil {
				return nil, fmt.Errorf("pattern %q: %w", s, err)
			}
			el.min, el.max = lo, hi
			i = j
		}
		p = append(p, el)
	}
	if len(p) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	if n := p.maxChars(); n > maxShapeValue {
		return nil, fmt.Errorf("pattern %q: up to %d characters, at most %d are supported", s, n, maxShapeValue)
	}
	return p, nil
}

// patternLen returns the number of elements of pattern s, or more (a
// '{' that would be an error counts): compilePattern's capacity.
func patternLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			for i < len(s) && s[i] != '}' {
				i++
			}
			continue
		}
		n++
	}
	return n
}

func parseRep(s string) (uint8, uint8, error) {
	a, b := s, s
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			a, b = s[:i], s[i+1:]
		}
	}
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || lo < 1 || hi < lo || hi > 255 {
		return 0, 0, fmt.Errorf("bad repetition {%s}", s)
	}
	return uint8(lo), uint8(hi), nil
}

// maxShapeValue bounds a shape value's length in characters (and the
// normalised value's in bytes).
const maxShapeValue = 320

func (p pattern) maxChars() int {
	n := 0
	for _, e := range p {
		n += int(e.max)
	}
	return n
}

// inClass reports whether c (an ASCII byte or a UTF-8 lead byte) belongs to
// a single-byte class.
func inClass(class uint8, c byte) bool {
	switch class {
	case pDigit:
		return isDigit(c)
	case pUpper:
		return isUpper(c)
	case pAlpha:
		return isAlpha(c)
	case pUAlnum:
		return isUpper(c) || isDigit(c)
	case pAlnum:
		return isAlnum(c)
	case pKey:
		return isAlnum(c) || c == '_' || c == '-'
	case pB64:
		return isAlnum(c) || c == '+' || c == '/' || c == '='
	}
	return false
}

// match tries p at data[at:]. It returns the end of the value and appends
// the normalised value to norm; ok is false if p does not match there.
func (p pattern) match(data []byte, at int, norm []byte) (end int, out []byte, ok bool) {
	i := at
	n := len(data)
	for _, el := range p {
		cnt := 0
		for cnt < int(el.max) && i < n {
			c := data[i]
			switch el.class {
			case pLit:
				if c == el.lit {
					i++
					break
				}
				// A literal digit matches its full-width form too.
				if d, w := digitAt(data, i); w == 3 && d == el.lit {
					i += w
					break
				}
				goto next
			case pHyphen:
				w := hyphenAt(data, i)
				if w == 0 {
					goto next
				}
				i += w
			case pDigit:
				d, w := digitAt(data, i)
				if w == 0 {
					goto next
				}
				norm = append(norm, d)
				i += w
			case pUAlnum, pAlnum:
				if d, w := digitAt(data, i); w == 3 {
					norm = append(norm, d)
					i += w
					break
				}
				if !inClass(el.class, c) {
					goto next
				}
				norm = append(norm, toUpper(c))
				i++
			case pAlpha:
				if !isAlpha(c) {
					goto next
				}
				norm = append(norm, toUpper(c))
				i++
			default:
				if !inClass(el.class, c) {
					goto next
				}
				norm = append(norm, c)
				i++
			}
			cnt++
		}
	next:
		if cnt < int(el.min) {
			return 0, norm, false
		}
	}
	return i, norm, true
}

func toUpper(c byte) byte {
	if isLower(c) {
		return c - 'a' + 'A'
	}
	return c
}

// first returns whether c can start a value of p.
func (p pattern) first(c byte) bool {
	el := p[0]
	switch el.class {
	case pLit:
		return c == el.lit || (isDigit(el.lit) && c == fwLead)
	case pHyphen:
		return c == '-' || c == fwLead || c == 0xE3
	case pDigit, pUAlnum, pAlnum:
		return inClass(el.class, c) || c == fwLead
	}
	return inClass(el.class, c)
}

// firstSet returns the bytes that can start a value of p (those first
// accepts), a bit per byte: built from the class's ranges, not by asking
// first about each of the 256 bytes (that was a fifth of a compile).
func (p pattern) firstSet() [4]uint64 {
	var s [4]uint64
	set := func(c byte) { s[c>>6] |= 1 << (c & 63) }
	span := func(lo, hi byte) {
		for c := lo; c <= hi; c++ {
			set(c)
		}
	}
	el := p[0]
	switch el.class {
	case pLit:
		set(el.lit)
		if isDigit(el.lit) {
			set(fwLead)
		}
		return s
	case pHyphen:
		set('-')
		set(fwLead)
		set(0xE3)
		return s
	case pDigit, pUAlnum, pAlnum:
		set(fwLead)
	}
	switch el.class {
	case pDigit:
		span('0', '9')
	case pUpper:
		span('A', 'Z')
	case pAlpha:
		span('A', 'Z')
		span('a', 'z')
	case pUAlnum:
		span('0', '9')
		span('A', 'Z')
	case pAlnum, pKey, pB64:
		span('0', '9')
		span('A', 'Z')
		span('a', 'z')
		switch el.class {
		case pKey:
			set('_')
			set('-')
		case pB64:
			set('+')
			set('/')
			set('=')
		}
	}
	return s
}

// continues reports whether byte c (at data[q]) would extend a value whose
// edge element is el: a value must not be part of a longer token.
func continues(el pelem, data []byte, q int) bool {
	c := data[q]
	if isAlnum(c) {
		return true
	}
	switch el.class {
	case pKey:
		return c == '_' || c == '-'
	case pB64:
		return c == '+' || c == '/' || c == '='
	}
	return false
}

// startBounded reports whether a value of p may start at data[at]: the byte
// before is not part of the same token. A value starting with a digit may
// not continue a number ("12-" or "3." before it), nor a full-width one.
func (p pattern) startBounded(data []byte, at int) bool {
	if at == 0 {
		return true
	}
	el := p[0]
	if el.class == pLit {
		return !isAlnum(data[at-1]) || !isAlnum(el.lit)
	}
	if continues(el, data, at-1) || fwDigitBefore(data, at) {
		return false
	}
	if el.class == pDigit && at >= 2 {
		c := data[at-1]
		return !((c == '-' || c == '.' || c == '/' || c == ',') && isDigit(data[at-2]))
	}
	return true
}

// endBounded is startBounded's mirror for a value ending before data[end].
func (p pattern) endBounded(data []byte, end int) bool {
	if end >= len(data) {
		return true
	}
	el := p[len(p)-1]
	if el.class == pLit {
		return !isAlnum(data[end]) || !isAlnum(el.lit)
	}
	if continues(el, data, end) {
		return false
	}
	if _, w := digitAt(data, end); w > 0 {
		return false
	}
	if el.class == pDigit && end+1 < len(data) {
		c := data[end]
		return !((c == '-' || c == '.' || c == '/' || c == ',') && isDigit(data[end+1]))
	}
	return true
}

// shapeRule is one compiled shape and the identifiers it feeds.
type shapeRule struct {
	spec         *Spec
	pats         []pattern
	pre          []prefixFilter // per pattern: its first bytes' classes
	at           func(data []byte, p int) int
	valid        func([]byte) bool
	examples     map[string]struct{}
	firstSet     [4]uint64 // bytes that can start a value
	maxChars     int       // longest value, in characters
	targets      []target
	keywordFirst bool // found through the keyword pass (every target needs a keyword)
	anchored     bool // values start at an anchor found by the keyword pass
	valueStart   bool // Shape.AtValueStart
	digit        bool // Shape.AtDigit
}

func (r *shapeRule) canStart(c byte) bool { return r.firstSet[c>>6]&(1<<(c&63)) != 0 }

func compileShape(sp *Spec) (*shapeRule, error) {
	sh := sp.Shape
	if sh == nil {
		return nil, fmt.Errorf("shape matcher without a Shape")
	}
	if (len(sh.Patterns) == 0) == (sh.At == nil) {
		return nil, fmt.Errorf("a shape needs either Patterns or At")
	}
	r := &shapeRule{spec: sp, at: sh.At, valid: sh.Valid}
	if len(sh.Patterns) > 0 {
		r.pats = make([]pattern, 0, len(sh.Patterns))
		r.pre = make([]prefixFilter, 0, len(sh.Patterns))
	}
	for _, s := range sh.Patterns {
		p, err := compilePattern(s)
		if err != nil {
			return nil, err
		}
		r.pats = append(r.pats, p)
		r.pre = append(r.pre, newPrefixFilter(p))
		r.maxChars = max(r.maxChars, p.maxChars())
		for w, bits := range r.pre[len(r.pre)-1].first {
			r.firstSet[w] |= bits
		}
	}
	if sh.At != nil {
		r.maxChars = maxShapeValue
		if sh.AtMax > 0 {
			r.maxChars = min(sh.AtMax, maxShapeValue)
		}
		r.firstSet = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
		r.valueStart, r.digit = sh.AtValueStart, sh.AtDigit
	}
	if len(sh.Examples) > 0 {
		r.examples = make(map[string]struct{}, len(sh.Examples))
		for _, x := range sh.Examples {
			r.examples[x] = struct{}{}
		}
	}
	return r, nil
}

// Rejection reasons, as Explain reports them.
const (
	reasonChecksum  = "checksum failed"
	reasonExample   = "known example value"
	reasonAllowed   = "allow-listed"
	reasonKeywordAt = "keyword within %d characters (this identifier needs none)"
	reasonNoKeyword = "no keyword within %d characters"
	// A keyword there names a thing, not what the identifier finds.
	reasonKeywordThing = "the keyword %q names a thing here: %s"
	reasonIgnore       = "contains an ignore word"
)

// shapeWindow tries rule r at every position in [lo, hi) and returns the
// offset up to which positions have been tried (values may end after hi).
//
// No value of any shape starts between two ASCII letters or digits (a
// value is not part of a longer token: see startBounded, and At shapes
// check the same), so after a letter or digit the rest of its token is
// passed at once, eight bytes a step: words, hashes and numbers cost one
// try each instead of one per byte.
func (s *Scanner) shapeWindow(data []byte, r *shapeRule, lo, hi int, field FieldContext) int {
	s.clsAt = -1 // data may be another buffer than the last call's
	q := lo
	for q < hi {
		c := data[q]
		if r.canStart(c) {
			if en := s.shapeAt(data, r, q, field); en > q {
				q = en
				continue
			}
		}
		if isAlnum(c) {
			q = alnumEnd(data, q+1)
		} else {
			q++
		}
	}
	return q
}

// shapeWindows is shapeWindow(data, r, 0, len(data), field) for each
// pattern rule r of rules (indexes into the engine's shapes), in one walk:
// a column named by a keyword ("iban" names five BBAN shapes) is walked
// once, each token passed and each position classified once for all.
//
// It tries each rule where shapeWindow would: shapeWindow visits every
// position that is not a letter or digit after a letter or digit, except
// inside a value it emitted, and resumes at the value's end, which is such
// a position too (endBounded: a pattern value is not followed by a letter
// or digit unless it ends with a byte that is neither). The walk visits
// them all, and tries a rule only from the end of its last value on. The
// matches are the same, found in another order (Scan sorts them); Explain,
// whose list keeps the order found, keeps shapeWindow.
//
// At each position it runs the prefix filters of every pattern of every
// rule in one loop over a flat list, and calls a rule only with the
// patterns that pass (shapeAtPats), as shapeAt would have filtered them:
// in a column of printed IBANs the five BBAN rules' ten patterns, called
// rule by rule, cost as much as the rest of the column's scan.
func (s *Scanner) shapeWindows(data []byte, rules []int, field FieldContext) {
	shapes := s.e.shapes
	s.clsAt = -1
	pats, first := s.wholePatterns(rules)
	if pats == nil {
		s.shapeWindowsEach(data, rules, field)
		return
	}
	next := s.wholeNext[:0]
	for range rules {
		next = append(next, 0)
	}
	s.wholeNext = next
	mask := s.wholeMask[:0]
	for range rules {
		mask = append(mask, 0)
	}
	s.wholeMask = mask
	n := len(data)
	for q := 0; q < n; {
		c := data[q]
		if first[c>>6]&(1<<(c&63)) != 0 {
			if pass := s.filterAt(data, q, pats); pass != 0 {
				ruleMasks(pats, pass, mask)
				for k, m := range mask {
					if m != 0 {
						mask[k] = 0
						if next[k] <= q {
							if en := s.shapeAtPats(data, shapes[rules[k]], q, m, field); en > q {
								next[k] = en
							}
						}
					}
				}
			}
		}
		if isAlnum(c) {
			q = alnumEnd(data, q+1)
		} else {
			q++
		}
	}
}

// ruleMasks adds the patterns of pass (bits of pats) to mask, per rule a
// bit per pattern.
func ruleMasks(pats []wholePat, pass uint64, mask []uint64) {
	for pass != 0 {
		p := &pats[bits.TrailingZeros64(pass)]
		pass &= pass - 1
		mask[p.rule] |= 1 << p.pat
	}
}

// filterAt returns the patterns of pats (a bit per pattern) that can start
// at data[q] and that their prefix filters do not turn away there: those
// shapeAt would run. Mostly none: the walk then has nothing more to do at q.
func (s *Scanner) filterAt(data []byte, q int, pats []wholePat) uint64 {
	c := data[q]
	if q+8 > len(data) {
		var pass uint64
		for i := range pats {
			if pats[i].f.canStart(c) {
				pass |= 1 << i
			}
		}
		return pass
	}
	// classesOf(load64(data[q:])), in registers: a wordClasses on the
	// stack cost more than the filters.
	w := load64(data[q:])
	ascii := ^w & msb
	x := w &^ msb
	digit := rangeMask(x, '0', '9') & ascii
	upper := rangeMask(x, 'A', 'Z') & ascii
	lower := rangeMask(x, 'a', 'z') & ascii
	var pass uint64
	if s.wholeMemoOn {
		// The first word's verdicts depend only on the bytes' classes
		// (wholePatterns checked): look them up by the word with every
		// digit, upper- and lowercase letter made one.
		key := w&^((digit|upper|lower)>>7*0xFF) | digit>>7*'0' | upper>>7*'A' | lower>>7*'a'
		m := &s.wholeMemo[key*0x9E3779B97F4A7C15>>(64-wholeMemoBits)]
		if m.val&memoValid != 0 && m.key == key {
			pass = m.val &^ memoValid
		} else {
			pass = firstWordPass(pats, c, w, ascii, digit, upper, lower)
			m.key, m.val = key, pass|memoValid
		}
	} else {
		pass = firstWordPass(pats, c, w, ascii, digit, upper, lower)
	}
	// The second words, read when the first is ASCII (their patterns'
	// first words cover all eight bytes: positions do not shift).
	if pass&s.wholeHas2 != 0 && ascii == msb && q+16 <= len(data) {
		w := load64(data[q+8:])
		ascii := ^w & msb
		x := w &^ msb
		digit := rangeMask(x, '0', '9') & ascii
		upper := rangeMask(x, 'A', 'Z') & ascii
		lower := rangeMask(x, 'a', 'z') & ascii
		var ok uint64
		if s.wholeMemoOn {
			key := w&^((digit|upper|lower)>>7*0xFF) | digit>>7*'0' | upper>>7*'A' | lower>>7*'a'
			m := &s.wholeMemo2[key*0x9E3779B97F4A7C15>>(64-wholeMemoBits)]
			if m.val&memoValid != 0 && m.key == key {
				ok = m.val &^ memoValid
			} else {
				ok = secondWordPass(pats, s.wholeHas2, w, ascii, digit, upper, lower)
				m.key, m.val = key, ok|memoValid
			}
		} else {
			ok = secondWordPass(pats, pass&s.wholeHas2, w, ascii, digit, upper, lower)
		}
		pass &^= s.wholeHas2 &^ ok
	}
	return pass
}

// secondWordPass returns the patterns of set (bits of pats) whose filter's
// second word does not reject the eight bytes w, of the classes given.
func secondWordPass(pats []wholePat, set, w, ascii, digit, upper, lower uint64) uint64 {
	var pass uint64
	for set != 0 {
		i := bits.TrailingZeros64(set)
		set &= set - 1
		w1 := &pats[i].f.words[1]
		ok := digit&w1.digit | upper&w1.upper | lower&w1.lower
		for i := range w1.lits {
			ok |= zeroBytes(w^w1.lit[i]) & w1.litPos[i]
		}
		wide := w1.pos &^ ascii
		if w1.pos&^ok&ascii&((wide&-wide)-1) == 0 {
			pass |= 1 << i
		}
	}
	return pass
}

// firstWordPass returns a bit per pattern of pats (at most 63) that can
// start with byte c and whose filter's first word does not reject the
// eight bytes w, of the classes given (top bit per byte).
func firstWordPass(pats []wholePat, c byte, w, ascii, digit, upper, lower uint64) uint64 {
	var pass uint64
	for i := range pats {
		f := pats[i].f
		if !f.canStart(c) {
			continue
		}
		// f.words[0].rejects, inlined.
		w0 := &f.words[0]
		ok := digit&w0.digit | upper&w0.upper | lower&w0.lower
		for i := range w0.lits {
			ok |= zeroBytes(w^w0.lit[i]) & w0.litPos[i]
		}
		wide := w0.pos &^ ascii
		if w0.pos&^ok&ascii&((wide&-wide)-1) == 0 {
			pass |= 1 << i
		}
	}
	return pass
}

// wholeMemoBits sizes filterAt's memo of first-word verdicts.
const wholeMemoBits = 6

// memoValid marks a memo entry in use (the verdicts take 63 bits).
const memoValid = 1 << 63

type memoEntry struct{ key, val uint64 }

// classClosed reports whether f's verdicts are the same for any two bytes
// of one class (digit, uppercase, lowercase letter): it accepts all of a
// class's bytes or none as a first byte, and compares no letter or digit
// literally.
func classClosed(f *prefixFilter) bool {
	for _, r := range [][2]byte{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}} {
		for c := r[0]; c <= r[1]; c++ {
			if f.canStart(c) != f.canStart(r[0]) {
				return false
			}
		}
	}
	for k := range f.words {
		w := &f.words[k]
		for i := range w.lits {
			for j := range 8 {
				if w.litPos[i]&(0x80<<(8*j)) != 0 && isAlnum(byte(w.lit[i]>>(8*j))) {
					return false
				}
			}
		}
	}
	return true
}

// wholePat is one pattern of a rule of shapeWindows' walk.
type wholePat struct {
	f    *prefixFilter
	rule int // index into the walk's rules
	pat  int // index into the rule's patterns
}

// wholePatterns returns the patterns of rules as shapeWindows runs them,
// and the bytes that can start any; nil if there are more than 63 (the
// bits of filterAt's verdicts). The list, and filterAt's memo, are kept
// for the next buffer of the same rules.
func (s *Scanner) wholePatterns(rules []int) ([]wholePat, *[4]uint64) {
	if s.wholePats != nil && slices.Equal(rules, s.wholePatRules) {
		return s.wholePats, &s.wholeFirst
	}
	pats := s.wholePats[:0]
	s.wholeFirst = [4]uint64{}
	memo := true
	has2 := uint64(0)
	for k, ri := range rules {
		r := s.e.shapes[ri]
		for i := range r.pats {
			if r.pre[i].words[1].pos != 0 && len(pats) < 64 {
				has2 |= 1 << len(pats)
			}
			pats = append(pats, wholePat{f: &r.pre[i], rule: k, pat: i})
			memo = memo && classClosed(&r.pre[i])
		}
		for w := range s.wholeFirst {
			s.wholeFirst[w] |= r.firstSet[w]
		}
	}
	if len(pats) > 63 {
		s.wholePats, s.wholePatRules = nil, s.wholePatRules[:0]
		return nil, nil
	}
	if pats == nil {
		pats = []wholePat{}
	}
	s.wholePats, s.wholePatRules = pats, append(s.wholePatRules[:0], rules...)
	s.wholeMemoOn, s.wholeMemo, s.wholeMemo2, s.wholeHas2 = memo, [1 << wholeMemoBits]memoEntry{}, [1 << wholeMemoBits]memoEntry{}, has2
	return pats, &s.wholeFirst
}

// shapeWindowsEach is shapeWindows trying each rule with shapeAt, for rules
// of more patterns than filterAt holds.
func (s *Scanner) shapeWindowsEach(data []byte, rules []int, field FieldContext) {
	shapes := s.e.shapes
	next := s.wholeNext[:0]
	for range rules {
		next = append(next, 0)
	}
	s.wholeNext = next
	for q := 0; q < len(data); {
		c := data[q]
		for k, ri := range rules {
			if r := shapes[ri]; next[k] <= q && r.canStart(c) {
				if en := s.shapeAt(data, r, q, field); en > q {
					next[k] = en
				}
			}
		}
		if isAlnum(c) {
			q = alnumEnd(data, q+1)
		} else {
			q++
		}
	}
}

// shapeAt tries rule r's forms at data[q]; it returns the end of an emitted
// value, or 0.
func (s *Scanner) shapeAt(data []byte, r *shapeRule, q int, field FieldContext) int {
	if r.at != nil {
		if q > 0 && isAlnum(data[q-1]) && isAlnum(data[q]) {
			return 0
		}
		en := r.at(data, q)
		if en <= q {
			return 0
		}
		if s.emit(r.targets, data, q, en, field) {
			return en
		}
		return 0
	}
	for i := range r.pats {
		if f := &r.pre[i]; !f.canStart(data[q]) || s.prefixRejects(f, data, q) {
			continue
		}
		if en := s.patternAt(data, r, i, q, field); en > 0 {
			return en
		}
	}
	return 0
}

// shapeAtPats is shapeAt for a pattern rule trying only the patterns in
// mask (bit i: pattern i), which the caller has filtered.
func (s *Scanner) shapeAtPats(data []byte, r *shapeRule, q int, mask uint64, field FieldContext) int {
	for mask != 0 {
		i := bits.TrailingZeros64(mask)
		mask &= mask - 1
		if en := s.patternAt(data, r, i, q, field); en > 0 {
			return en
		}
	}
	return 0
}

// patternAt tries pattern i of rule r at data[q]; it returns the end of an
// emitted value, or 0.
func (s *Scanner) patternAt(data []byte, r *shapeRule, i, q int, field FieldContext) int {
	p := r.pats[i]
	if !p.startBounded(data, q) {
		return 0
	}
	en, norm, ok := p.match(data, q, s.norm[:0])
	s.norm = norm[:0]
	if !ok || en == q || !p.endBounded(data, en) {
		return 0
	}
	if r.valid != nil && !r.valid(norm) {
		s.explainReject(r.targets, q, en, reasonChecksum)
		return 0
	}
	if r.examples != nil {
		_, ok := r.examples[string(norm)]
		if _, raw := r.examples[string(data[q:en])]; ok || raw {
			s.explainReject(r.targets, q, en, reasonExample)
			return 0
		}
	}
	if s.emit(r.targets, data, q, en, field) {
		return en
	}
	return 0
}

// scanShapes runs the shape rules: anchored ones at their anchors and
// keyword-first ones around keyword hits, both from the one keyword pass
// (keyword-first ones everywhere when the field name carries a keyword, or
// when explaining), the rest everywhere.
func (s *Scanner) scanShapes(data []byte, field FieldContext) {
	e := s.e
	if cap(s.shapeDone) < len(e.shapes) {
		s.shapeDone = make([]int, len(e.shapes))
	}
	s.shapeDone = s.shapeDone[:len(e.shapes)]
	clear(s.shapeDone)
	s.clsAt = -1 // new data
	whole := s.whole[:0]
	for _, i := range s.wholeBufferShapes(field) {
		r := e.shapes[i]
		switch {
		case r.at == nil && s.explain == nil:
			whole = append(whole, int(i))
		case r.valueStart && field.names(r):
			s.shapeValueStarts(data, r, field)
		default:
			s.shapeWindow(data, r, 0, len(data), field)
		}
		s.shapeDone[i] = len(data)
	}
	s.whole = whole
	if len(whole) == 1 {
		s.shapeWindow(data, e.shapes[whole[0]], 0, len(data), field)
	} else if len(whole) > 1 {
		s.shapeWindows(data, whole, field)
	}
	if e.kwIdx == nil {
		return
	}
	x := e.kwIdx
	e.kwIdx.scan(data, func(ks, ke int, wi uint16) {
		for _, o := range x.ownersOf(wi) {
			r := e.shapes[o]
			if x.anchor[wi] {
				if ks >= s.shapeDone[o] {
					if en := s.shapeAt(data, r, ks, field); en > ks {
						s.shapeDone[o] = en
					}
				}
				continue
			}
			if s.shapeDone[o] >= len(data) {
				continue
			}
			t := &r.targets[0]
			lo := max(s.shapeDone[o], backChars(data, ks, t.prox+r.maxChars))
			hi := min(fwdChars(data, ke, t.prox)+1, len(data))
			if lo >= hi {
				continue
			}
			if r.digit {
				if reach := fwdChars(data, hi, r.maxChars); nextDigitSWAR(data[:reach], lo) == reach {
					s.shapeDone[o] = hi // no value starting before hi reaches a digit
					continue
				}
			}
			s.shapeDone[o] = s.shapeWindow(data, r, lo, hi, field)
		}
	})
}

// names reports whether the field's name holds the keyword of r, a
// keyword-first rule.
func (f FieldContext) names(r *shapeRule) bool {
	b := r.targets[0].kw.bit
	return r.keywordFirst && b >= 0 && f.bits[b>>6]&(1<<(b&63)) != 0
}

// shapeValueStarts tries the At shape r where each value of data starts,
// after its leading spaces (Shape.AtValueStart).
func (s *Scanner) shapeValueStarts(data []byte, r *shapeRule, field FieldContext) {
	for q := 0; q < len(data); {
		for q < len(data) && data[q] == ' ' {
			q++
		}
		if q < len(data) && data[q] != valueSep {
			s.shapeAt(data, r, q, field)
		}
		k := bytes.IndexByte(data[q:], valueSep)
		if k < 0 {
			return
		}
		q += k + 1
	}
}

// indexShapes lists the shape rules that scanShapes runs over whole
// buffers, so that a scan picks them by its field's bits instead of
// reading every rule: with several hundred rules that walk was a third of
// the CPU time of a scan of many small JSON files, whose values come in
// chunks of a few hundred bytes.
func (e *Engine) indexShapes() {
	e.shapeFree, e.shapeByBit = nil, [maxFieldBits][]int32{}
	for i, r := range e.shapes {
		switch {
		case r.anchored:
		case !r.keywordFirst:
			e.shapeFree = append(e.shapeFree, int32(i))
		case r.targets[0].kw.bit >= 0:
			b := r.targets[0].kw.bit
			e.shapeByBit[b] = append(e.shapeByBit[b], int32(i))
		}
	}
}

// wholeBufferShapes returns, in rule order, the indexes of the shape rules
// that run over the whole of a buffer in field: those that need no keyword
// and the keyword-first ones whose keyword the field's name holds; with an
// explanation asked for, every rule not anchored.
func (s *Scanner) wholeBufferShapes(field FieldContext) []int32 {
	e := s.e
	list := append(s.wholeRules[:0], e.shapeFree...)
	if s.explain != nil {
		list = list[:0]
		for i, r := range e.shapes {
			if !r.anchored {
				list = append(list, int32(i))
			}
		}
	} else {
		for w, word := range field.bits {
			for word != 0 {
				b := w*64 + bits.TrailingZeros64(word)
				word &= word - 1
				list = append(list, e.shapeByBit[b]...)
			}
		}
		if len(list) > len(e.shapeFree) {
			slices.Sort(list)
		}
	}
	s.wholeRules = list
	return list
}
