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
	pos                 uint64    // top bit of each byte position covered (0: no filter)
	digit, upper, lower uint64    // positions accepting ASCII digits, upper-, lowercase letters
	lit                 [3]uint64 // further bytes accepted, byte j for position j
	litPos              [3]uint64 // positions lit[i] applies to
}

// newPrefixFilter derives p's filter.
func newPrefixFilter(p pattern) prefixFilter {
	var f prefixFilter
	j := 0
	for _, el := range p {
		for c := 0; c < int(el.min) && j < 8; c++ {
			if !f.set(j, el) {
				return f
			}
			j++
		}
		if el.min != el.max || j == 8 {
			break
		}
	}
	return f
}

// set makes position j accept what el accepts in ASCII text; false (and
// position j not covered) if that needs more literal bytes than lit holds.
func (f *prefixFilter) set(j int, el pelem) bool {
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

// rejects reports whether no value of the filter's pattern can start at the
// eight bytes whose classes are c.
func (f *prefixFilter) rejects(c *wordClasses) bool {
	ok := c.digit&f.digit | c.upper&f.upper | c.lower&f.lower
	for i := range f.lit {
		if f.litPos[i] != 0 {
			ok |= zeroBytes(c.w^f.lit[i]) & f.litPos[i]
		}
	}
	fail := f.pos &^ ok & c.ascii
	wide := f.pos &^ c.ascii
	// Positions before the first non-ASCII byte (all of them, if none).
	return fail&((wide&-wide)-1) != 0
}

// zeroBytes returns the top bit of each zero byte of x, exactly (no carry
// between bytes).
func zeroBytes(x uint64) uint64 {
	const low7 = ^uint64(msb)
	return ^((x&low7 + low7) | x) & msb
}
