package detectors

// prefixFilter holds what the first bytes of a pattern's value must be, as
// byte classes, so that shapeAt can turn most positions away with a few
// operations on one eight-byte word instead of running the pattern. In a
// column named by a keyword ("iban", "account_number") every keyword-first
// shape runs at every token: the five BBAN shapes at each group of a
// printed IBAN, where their patterns fail within a few bytes, cost as much
// as the rest of the column's scan.
//
// It is exact: in ASCII text each element of a pattern consumes one byte
// per repetition (only full-width digits and hyphens, which start with a
// byte >= 0x80, are wider), so up to the first element whose repetition
// count varies, position j of the value is element j's byte. A byte outside
// its position's class rejects the position unless a non-ASCII byte comes
// before it (from there on, positions may shift).
type prefixFilter struct {
	first [4]uint64 // bytes that can start a value (pattern.first)
	// words[0] covers the value's first eight bytes, words[1] the next
	// eight (only when words[0] covers all eight): a pattern whose fixed
	// part is longer than a word ("9999 9999 99 9999999999") is told from a
	// printed IBAN's groups only by its ninth byte or later.
	words [2]prefixWord
}

// prefixWord is what eight bytes of a value must be.
type prefixWord struct {
	pos                 uint64    // top bit of each byte position covered (0: no filter)
	digit, upper, lower uint64    // positions accepting ASCII digits, upper-, lowercase letters
	lit                 [3]uint64 // further bytes accepted, byte j for position j
	litPos              [3]uint64 // positions lit[i] applies to
	lits                int       // how many of lit are used
}

func (f *prefixFilter) canStart(c byte) bool { return f.first[c>>6]&(1<<(c&63)) != 0 }

// newPrefixFilter derives p's filter.
func newPrefixFilter(p pattern) prefixFilter {
	f := prefixFilter{first: p.firstSet()}
	j := 0
	for _, el := range p {
		for c := 0; c < int(el.min) && j < 16; c++ {
			if !f.words[j/8].set(j%8, el) {
				return f
			}
			j++
		}
		if el.min != el.max || j == 16 {
			break
		}
	}
	if f.words[0].pos != msb {
		// The second word is read only after a whole first one.
		f.words[1] = prefixWord{}
	}
	return f
}

// set makes position j accept what el accepts in ASCII text; false (and
// position j not covered) if that needs more literal bytes than lit holds.
func (f *prefixWord) set(j int, el pelem) bool {
	top := uint64(0x80) << (8 * j)
	var lits []byte
	var digit, upper, lower bool
	switch el.class {
	case pLit:
		if el.lit < 0x80 {
			lits = []byte{el.lit}
		}
		// A non-ASCII literal byte accepts no ASCII byte.
	case pHyphen:
		lits = []byte{'-'}
	case pDigit:
		digit = true
	case pUpper:
		upper = true
	case pAlpha:
		upper, lower = true, true
	case pUAlnum:
		digit, upper = true, true
	case pAlnum:
		digit, upper, lower = true, true, true
	case pKey:
		digit, upper, lower = true, true, true
		lits = []byte{'_', '-'}
	case pB64:
		digit, upper, lower = true, true, true
		lits = []byte{'+', '/', '='}
	default:
		return false
	}
	if len(lits) > len(f.lit) {
		return false
	}
	f.pos |= top
	if digit {
		f.digit |= top
	}
	if upper {
		f.upper |= top
	}
	if lower {
		f.lower |= top
	}
	for i, c := range lits {
		f.lit[i] |= uint64(c) << (8 * j)
		f.litPos[i] |= top
	}
	f.lits = max(f.lits, len(lits))
	return true
}

// wordClasses are the classes of eight bytes that prefix filters test, top
// bit per byte.
type wordClasses struct {
	w                          uint64
	ascii, digit, upper, lower uint64
}

func classesOf(w uint64) wordClasses {
	ascii := ^w & msb
	x := w &^ msb
	return wordClasses{
		w:     w,
		ascii: ascii,
		digit: rangeMask(x, '0', '9') & ascii,
		upper: rangeMask(x, 'A', 'Z') & ascii,
		lower: rangeMask(x, 'a', 'z') & ascii,
	}
}

// rejects reports whether no value can have the eight bytes whose classes
// are c at the word's positions; wide reports a non-ASCII byte at a
// covered position (from there on, positions may shift).
func (f *prefixWord) rejects(c *wordClasses) (reject, wide bool) {
	ok := c.digit&f.digit | c.upper&f.upper | c.lower&f.lower
	for i := range f.lits {
		ok |= zeroBytes(c.w^f.lit[i]) & f.litPos[i]
	}
	fail := f.pos &^ ok & c.ascii
	w := f.pos &^ c.ascii
	// Positions before the first non-ASCII byte (all of them, if none).
	return fail&((w&-w)-1) != 0, w != 0
}

// prefixRejects reports whether f rules out a value of its pattern
// starting at data[q]. The classes of the bytes at q are computed once for
// every rule and pattern tried there (s.cls, s.cls2).
func (s *Scanner) prefixRejects(f *prefixFilter, data []byte, q int) bool {
	if q+8 > len(data) {
		return false
	}
	if s.clsAt != q {
		s.cls, s.clsAt, s.cls2At = classesOf(load64(data[q:])), q, -1
	}
	reject, wide := f.words[0].rejects(&s.cls)
	if reject || wide || f.words[1].pos == 0 || q+16 > len(data) {
		return reject
	}
	if s.cls2At != q {
		s.cls2, s.cls2At = classesOf(load64(data[q+8:])), q
	}
	reject, _ = f.words[1].rejects(&s.cls2)
	return reject
}

// zeroBytes returns the top bit of each zero byte of x, exactly (no carry
// between bytes).
func zeroBytes(x uint64) uint64 {
	const low7 = ^uint64(msb)
	return ^((x&low7 + low7) | x) & msb
}
