package detectors

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// numericCandidatesRef and tryShapeRef are the numeric shapes' tries as
// they were before numericCandidates tested firstLens itself and tryShape
// checked a form's groups before copying its digits: the reference.
func (s *Scanner) numericCandidatesRef(data []byte, ng, limit int, field FieldContext) int {
	rules := s.e.numeric
	gi := 0
	for gi < limit {
		last := -1
		for r := range rules {
			if lg := s.tryShapeRef(data, &rules[r], gi, ng, field); lg > last {
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

func (s *Scanner) tryShapeRef(data []byte, rule *numericRule, gi, ng int, field FieldContext) int {
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
	if glen := g.e - g.s; containsInt(sh.Lengths, glen) && s.boundedEnd(data, gi, ng) {
		if !sh.Valid(data[g.s:g.e]) {
			s.explainReject(rule.targets, st, g.e, reasonChecksum)
		} else if s.emit(rule.targets, data, st, g.e, field) {
			return gi
		}
	}
	for _, form := range sh.Groups {
		k := len(form)
		if k < 2 || gi+k > ng {
			continue
		}
		sep := s.seps[gi]
		if strings.IndexByte(sh.Separators, sep) < 0 {
			continue
		}
		if lg := gi + k - 1; (gi > 0 && s.seps[gi-1] == sep) || (lg < ng-1 && s.seps[lg] == sep) {
			continue
		}
		ok := true
		d := s.digits[:0]
		for j := 0; j < k; j++ {
			gj := s.groups[gi+j]
			if gj.e-gj.s != form[j] || (j > 0 && s.seps[gi+j-1] != sep) || len(d)+form[j] > len(s.digits) {
				ok = false
				break
			}
			d = append(d, data[gj.s:gj.e]...)
		}
		lg := gi + k - 1
		if !ok || !s.boundedEnd(data, lg, ng) {
			continue
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

// TestNumericCandidatesAsReference: every numeric shape of the catalogue
// finds, in tokens of digit groups of the lengths its forms use, joined by
// ' ' and '-' and edged by letters now and then, what the reference finds,
// with and without the keywords of the field.
func TestNumericCandidatesAsReference(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	s := e.NewScanner()
	lens := []int{1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20}
	r := rand.New(rand.NewPCG(25, 26))
	found := 0
	for round := range 20000 {
		var data []byte
		if r.IntN(4) == 0 {
			data = append(data, "xX +("[r.IntN(5)])
		}
		// Group lengths at random, or a form of a shape's with a group
		// or two at random around it.
		var glens []int
		for range r.IntN(3) {
			glens = append(glens, lens[r.IntN(len(lens))])
		}
		sep := " -"[r.IntN(2)]
		if sh := e.numeric[r.IntN(len(e.numeric))].shape; r.IntN(4) != 0 && len(sh.Groups) > 0 {
			glens = append(glens, sh.Groups[r.IntN(len(sh.Groups))]...)
			sep = sh.Separators[r.IntN(len(sh.Separators))]
		} else {
			glens = append(glens, lens[r.IntN(len(lens))])
		}
		for range r.IntN(3) {
			glens = append(glens, lens[r.IntN(len(lens))])
		}
		for g, l := range glens {
			if g > 0 {
				if r.IntN(6) == 0 {
					data = append(data, " -"[r.IntN(2)])
				} else {
					data = append(data, sep)
				}
			}
			for range l {
				data = append(data, byte('0'+r.IntN(10)))
			}
		}
		if r.IntN(4) == 0 {
			data = append(data, "aZ. \x00"[r.IntN(5)])
			if r.IntN(2) == 0 {
				data = append(data, '7')
			}
		}
		start := 0
		for !isDigit(data[start]) {
			start++
		}
		field := FieldContext{}
		if round%2 == 0 {
			field = e.Field("ssn card number credit tax id account")
		}
		// Parse the token as numericToken does.
		p, n := start, 0
		for {
			gs := p
			for p < len(data) && isDigit(data[p]) {
				p++
			}
			s.groups[n] = group{gs, p}
			n++
			if p+1 < len(data) && (data[p] == ' ' || data[p] == '-') && isDigit(data[p+1]) {
				s.seps[n-1] = data[p]
				p++
				continue
			}
			break
		}
		s.matches = s.matches[:0]
		got := s.numericCandidates(data, n, n, field)
		gotM := slices.Clone(s.matches)
		s.matches = s.matches[:0]
		want := s.numericCandidatesRef(data, n, n, field)
		if got != want || !slices.Equal(gotM, s.matches) {
			t.Fatalf("%q: numericCandidates = %d %v, the reference %d %v", data, got, gotM, want, s.matches)
		}
		found += len(gotM)
	}
	if found < 200 {
		t.Fatalf("only %d matches: the test compares too few", found)
	}
}
