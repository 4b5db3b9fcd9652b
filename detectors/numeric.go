package detectors

import (
	"math/bits"
)

// maxGroups bounds how many digit groups of one token are examined at once;
// longer tokens (tables of small numbers) are processed in overlapping
// windows.
const maxGroups = 48

// maxFormGroups is the most groups any Numeric form may have.
const maxFormGroups = 8

// scanNumeric finds digit tokens — digit groups joined by single ' ' or '-'
// — and tries every numeric shape at every group of each token. This loop is
// the hot path for digit-heavy data (CSV amounts, dates, IDs), so a token
// too short to hold any identifier is dropped after one pass over it.
func (s *Scanner) scanNumeric(data []byte, field FieldContext) {
	minDigits := s.e.minDigits
	hasIBAN := s.e.hasIBAN
	hasIP := len(s.e.ip) > 0
	n := len(data)
	digits := newDigitCursor(data, s.quickRuns)
	var forms tokenForms
	if s.tokenFilter {
		forms = tokenForms{minForm: s.e.minForm, contig: s.e.contigLens}
	}
	i := 0
	for i < n {
		if i = digits.next(i); i >= n {
			return
		}
		if s.quickRuns {
			r, full := digits.quickSkip(i, minDigits, hasIBAN, hasIP, forms)
			if !full {
				i = r
				continue
			}
			i = r
		}
		// A digit run right after a letter (hex digests, UUIDs, "v2",
		// "ORD2024") starts no numeric identifier, IPv4 address or, unless
		// the letters are an IBAN's country, IBAN: skip the whole
		// alphanumeric token at once instead of run by run.
		if i > 0 && isAlpha(data[i-1]) && !(hasIBAN && i >= 2 && isUpper(data[i-1]) && isUpper(data[i-2])) {
			i = alnumEnd(data, i)
			continue
		}
		// Fast path: most digit runs (parts of dates, times, amounts, hex
		// digests) are short and not joined to another group; drop them
		// without a call.
		j := digits.runEnd(i + 1)
		// IBANs: two uppercase letters (the country) before the check digits.
		if hasIBAN && i >= 2 && j-i >= 2 && isUpper(data[i-1]) && isUpper(data[i-2]) {
			if en := s.tryIBAN(data, i-2, field); en > 0 {
				i = en
				continue
			}
		}
		if hasIP && j-i <= 3 && j+1 < n && data[j] == '.' && isDigit(data[j+1]) {
			if en := ipv4At(data, i); en > 0 {
				s.emit(s.e.ip, data, i, en, field)
				i = en
				continue
			}
		}
		if j-i < minDigits && (j+1 >= n || (data[j] != ' ' && data[j] != '-') || !isDigit(data[j+1])) {
			i = j
			continue
		}
		i = s.numericToken(data, i, minDigits, field)
	}
}

// numericToken parses the token starting at data[start] (a digit), tries
// the numeric shapes on it, and returns where scanning resumes.
func (s *Scanner) numericToken(data []byte, start, minDigits int, field FieldContext) int {
	n := len(data)
	p := start
	ng := 0
	total := 0
	more := false
	for {
		gs := p
		for p < n && isDigit(data[p]) {
			p++
		}
		s.groups[ng] = group{gs, p}
		ng++
		total += p - gs
		if p+1 < n && (data[p] == ' ' || data[p] == '-') && isDigit(data[p+1]) {
			if ng == maxGroups {
				more = true
				break
			}
			s.seps[ng-1] = data[p]
			p++
			continue
		}
		break
	}
	if total < minDigits {
		return p
	}
	if s.tokenFilter && !more && ng < s.e.minForm && !s.contiguousCandidate(ng) {
		// Too few groups for any grouped form, and no group of a
		// contiguous length: no value ("ORD-2024-825818", long plain
		// numbers). A column of such IDs spent most of its time trying
		// every shape at every group.
		return p
	}
	limit := ng
	if more {
		limit = maxGroups - maxFormGroups
	}
	next := s.numericCandidates(data, ng, limit, field)
	if more {
		return s.groups[max(next, limit)].s
	}
	return p
}

// contiguousCandidate reports whether any of the token's ng groups has a
// length some numeric shape accepts contiguous.
func (s *Scanner) contiguousCandidate(ng int) bool {
	for _, g := range s.groups[:ng] {
		if s.e.contigLens&lenBit(g.e-g.s) != 0 {
			return true
		}
	}
	return false
}

// numericCandidates tries every numeric shape at groups [0, limit) of the
// token in s.groups[:ng], leftmost first; after a match it resumes after the
// match. It returns the first group not yet examined or covered.
func (s *Scanner) numericCandidates(data []byte, ng, limit int, field FieldContext) int {
	rules := s.e.numeric
	gi := 0
	for gi < limit {
		last := -1
		first := lenBit(s.groups[gi].e - s.groups[gi].s)
		for r := range rules {
			if rules[r].firstLens&first == 0 {
				continue // tryShape's first test, without the call
			}
			if lg := s.tryShape(data, &rules[r], gi, ng, field); lg > last {
				last = lg
			}
		}
		if last >= 0 {
			gi = last + 1
		} else {
			gi++
		}
	}
	return gi
}

// tryShape tries rule's shape at group gi and emits a match; it returns the
// index of the match's last group, or -1.
func (s *Scanner) tryShape(data []byte, rule *numericRule, gi, ng int, field FieldContext) int {
	sh := rule.shape
	g := s.groups[gi]
	if rule.firstLens&lenBit(g.e-g.s) == 0 {
		return -1
	}
	st := g.s
	if gi == 0 {
		if sh.Prefix != "" {
			pl := len(sh.Prefix)
			if st < pl || string(data[st-pl:st]) != sh.Prefix || (st > pl && isAlnum(data[st-pl-1])) {
				return -1
			}
			st -= pl
		} else if st > 0 && isAlpha(data[st-1]) {
			return -1
		}
	} else if sh.Prefix != "" {
		return -1
	}
	// Contiguous form.
	if glen := g.e - g.s; containsInt(sh.Lengths, glen) && s.boundedEnd(data, gi, ng) {
		if !sh.Valid(data[g.s:g.e]) {
			s.explainReject(rule.targets, st, g.e, reasonChecksum)
		} else if s.emit(rule.targets, data, st, g.e, field) {
			return gi
		}
	}
	// Grouped forms.
	for _, form := range sh.Groups {
		k := len(form)
		if k < 2 || gi+k > ng {
			continue
		}
		sep := s.seps[gi]
		if !containsByte(sh.Separators, sep) {
			continue
		}
		// A grouped form must be a whole run of groups joined by its
		// separator: the middle of a longer run is another identifier
		// (an IBAN "DE36 5001 0517 9341 6612 94" holds a Luhn-valid
		// 4-4-4-4 one time in ten) or a table of numbers, not a card.
		if lg := gi + k - 1; (gi > 0 && s.seps[gi-1] == sep) || (lg < ng-1 && s.seps[lg] == sep) {
			continue
		}
		// The groups' lengths and separators first, the digits copied
		// only for a form that fits.
		ok := true
		total := 0
		for j := 0; j < k; j++ {
			gj := s.groups[gi+j]
			total += form[j]
			if gj.e-gj.s != form[j] || (j > 0 && s.seps[gi+j-1] != sep) || total > len(s.digits) {
				ok = false
				break
			}
		}
		lg := gi + k - 1
		if !ok || !s.boundedEnd(data, lg, ng) {
			continue
		}
		d := s.digits[:total]
		n := 0
		for j := 0; j < k; j++ {
			gj := s.groups[gi+j]
			n += copy(d[n:], data[gj.s:gj.e])
		}
		if !sh.Valid(d) {
			s.explainReject(rule.targets, st, s.groups[lg].e, reasonChecksum)
			continue
		}
		if s.emit(rule.targets, data, st, s.groups[lg].e, field) {
			return lg
		}
	}
	return -1
}

// boundedEnd reports whether a value ending with group gi is not followed by
// a letter (a digit cannot follow: groups are maximal).
func (s *Scanner) boundedEnd(data []byte, gi, ng int) bool {
	if gi < ng-1 {
		return true // followed by a separator
	}
	e := s.groups[gi].e
	return e >= len(data) || !isAlpha(data[e])
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

// alnumEndSWAR is alnumEnd eight bytes at a time.
func alnumEndSWAR(data []byte, i int) int {
	n := len(data)
	for i+8 <= n {
		w := load64(data[i:])
		x7 := w &^ msb
		alnum := (rangeMask(x7|0x2020202020202020, 'a', 'z') | digitMask(w)) & ^w & msb
		if m := ^alnum & msb; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < n && isAlnum(data[i]) {
		i++
	}
	return i
}
