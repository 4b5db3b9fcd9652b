package detectors

import "math/bits"

// IBANs (Matcher "iban", or Spec.IBAN next to a BBAN shape). Every
// country's IBAN starts with its two-letter code and two check digits, so
// candidates come from the digit-run pass: a run of at least two digits
// right after two uppercase letters that start a token. The country code
// picks the identifier and the length; the value is then read contiguous or
// in groups of four separated by single spaces (the printed form), and
// checkIBAN validates the country's BBAN structure and ISO 7064 MOD 97-10.

type ibanRule struct {
	length  int // IBAN length for the country, from its registry structure
	targets []target
}

// ibanLength returns the IBAN length of country a b (from the SWIFT
// registry structure checkIBAN uses), or 0 if the registry has none.
func ibanLength(a, b byte) int {
	f := ibanBBANFormat(a, b)
	if f == "" {
		return 0
	}
	n, total := 0, 4
	for i := 0; i < len(f); i++ {
		switch c := f[i]; {
		case isDigit(c):
			n = n*10 + int(c-'0')
		case c == '!':
			total += n
			n = 0
		}
	}
	return total
}

func ibanSlot(a, b byte) int { return int(a-'A')*26 + int(b-'A') }

// tryIBAN checks for an IBAN starting at data[st] (two uppercase letters,
// then a digit run of at least two) and returns the end of an emitted
// value, or 0.
func (s *Scanner) tryIBAN(data []byte, st int, field FieldContext) int {
	if st > 0 && isAlnum(data[st-1]) {
		return 0
	}
	r := s.e.iban[ibanSlot(data[st], data[st+1])]
	if r == nil {
		return 0
	}
	n := len(data)
	isChar := func(c byte) bool { return isUpper(c) || isDigit(c) }
	norm := s.norm[:0]
	// The run of uppercase letters and digits, up to one past the
	// country's length, eight bytes a step.
	p, hi := st, min(n, st+r.length+1)
	for p+8 <= hi {
		w := load64(data[p:])
		x := w &^ msb
		if m := ^((rangeMask(x, '0', '9') | rangeMask(x, 'A', 'Z')) & ^w) & msb; m != 0 {
			hi = p + bits.TrailingZeros64(m)>>3
			break
		}
		p += 8
	}
	for p < hi && isChar(data[p]) {
		p++
	}
	end := 0
	var value []byte // the electronic format, for checkIBAN
	switch {
	case p-st == r.length && (p == n || !isAlnum(data[p])):
		value, end = data[st:p], p // as written: no copy
	case p-st == 4 && p+1 < n && data[p] == ' ':
		norm = append(norm, data[st:p]...)
		for len(norm) < r.length {
			if p >= n || data[p] != ' ' {
				return 0
			}
			p++
			g := p
			for p < n && isChar(data[p]) && p-g <= 4 {
				p++
			}
			gl := p - g
			if gl == 0 || gl > 4 || len(norm)+gl > r.length || (gl < 4 && len(norm)+gl != r.length) {
				return 0
			}
			norm = append(norm, data[g:p]...)
		}
		// The value must end the run of groups: a further group means a
		// longer number or a different grouping.
		if p < n && (isAlnum(data[p]) || (data[p] == ' ' && p+1 < n && isDigit(data[p+1]))) {
			return 0
		}
		end = p
		value = norm
		s.norm = norm[:0]
	default:
		return 0
	}
	if !checkIBAN(value) {
		s.explainReject(r.targets, st, end, reasonChecksum)
		return 0
	}
	if s.emit(r.targets, data, st, end, field) {
		return end
	}
	return 0
}
