package detectors

// MaxIntegerDigits is the most digits an integer of a typed column can
// have (an unsigned 64-bit one): the highest bit IntegerDigits sets.
const MaxIntegerDigits = 20

// IntegerDigits says which integers of a typed numeric column can hold a
// match, given the column's keyword context field: bit n (1 ≤ n ≤
// MaxIntegerDigits) is set when an integer of n digits, written in decimal
// as one value of its own (an optional '-', the digits, nothing else), may
// be reported by some identifier of the engine. The other integers cannot
// be, whatever their digits, so a columnar decoder may leave them out
// unread — most ID, count and amount columns of a data lake.
//
// The answer is sound rather than tight: it rules a length out only when
// no identifier can match it. Such a value holds no letters and no
// keyword, so an identifier that needs a keyword gets it from field alone,
// as Scan would decide; grouped forms, prefixes, IBANs, IP addresses,
// e-mail addresses and the literal-anchored forms need characters it does
// not have. Custom identifiers and shapes matched by code are assumed to
// match any length.
func (e *Engine) IntegerDigits(field FieldContext) uint32 {
	const all = uint32(1)<<(MaxIntegerDigits+1) - 2
	if len(e.custom) > 0 {
		return all
	}
	var mask uint32
	for i := range e.numeric {
		r := &e.numeric[i]
		if !anyEmits(r.targets, field) {
			continue
		}
		if r.shape.Prefix != "" {
			if digitsOnly(r.shape.Prefix) {
				return all
			}
			continue
		}
		for _, l := range r.shape.Lengths {
			if l >= 1 && l <= MaxIntegerDigits {
				mask |= 1 << l
			}
		}
	}
	for _, r := range e.shapes {
		if r.anchored {
			for _, a := range r.spec.Shape.Anchors {
				if digitsOnly(a) {
					return all
				}
			}
			continue
		}
		if r.keywordFirst && !field.has(r.targets[0].kw.bit) && !r.targets[0].kw.hasDigitsOnly() {
			continue
		}
		if !anyEmits(r.targets, field) {
			continue
		}
		if r.at != nil {
			return all
		}
		for _, p := range r.pats {
			lo, hi, ok := p.integerDigits()
			if !ok {
				continue
			}
			for l := max(lo, 1); l <= min(hi, MaxIntegerDigits); l++ {
				mask |= 1 << l
			}
		}
	}
	return mask
}

// anyEmits reports whether one of ts can be reported for a value that has
// no keyword of its own, in a field with context field.
func anyEmits(ts []target, field FieldContext) bool {
	for i := range ts {
		t := &ts[i]
		switch t.rule {
		case kwOptional, kwAbsent:
			return true
		case kwRequired:
			if field.has(t.kw.bit) || t.kw.hasDigitsOnly() {
				return true
			}
		}
	}
	return false
}

// hasDigitsOnly reports whether some keyword of ks could occur inside an
// integer: then a keyword may come from the value itself.
func (ks *kwSet) hasDigitsOnly() bool {
	if ks == nil {
		return false
	}
	for _, w := range ks.words {
		if digitsOnly(w) {
			return true
		}
	}
	return false
}

// digitsOnly reports whether s is made of ASCII digits and '-' only.
func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '-' {
			return false
		}
	}
	return len(s) > 0
}

// integerDigits returns the range of digit counts of the integers (an
// optional '-' and ASCII digits, bounded by non-alphanumeric bytes) that p
// can match whole — a bounded match cannot take part of the digits — and
// false when it can match none. A hyphen, or a base64url class, that can
// come first may take the sign.
func (p pattern) integerDigits() (lo, hi int, ok bool) {
	for _, el := range p {
		mn, mx := int(el.min), int(el.max)
		first := lo == 0 // every element before may match nothing
		switch el.class {
		case pDigit, pUAlnum, pAlnum, pB64:
		case pKey:
			if first {
				mn = max(mn-1, 0) // the sign may be one of its characters
			}
		case pHyphen:
			if !first && mn > 0 {
				return 0, 0, false // a hyphen after a digit: not an integer
			}
			mn, mx = 0, 0
		case pLit:
			switch {
			case isDigit(el.lit):
			case el.lit == '-' && first:
				mn, mx = 0, 0
			default:
				return 0, 0, false
			}
		default:
			return 0, 0, false
		}
		lo += mn
		hi += mx
	}
	return lo, hi, hi > 0
}
