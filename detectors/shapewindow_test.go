package detectors

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// shapeWindowRef is shapeWindow trying every position, the reference for
// its skipping of tokens.
func (s *Scanner) shapeWindowRef(data []byte, r *shapeRule, lo, hi int, field FieldContext) {
	s.clsAt = -1 // another buffer
	for q := lo; q < hi; {
		if r.canStart(data[q]) {
			if en := s.shapeAt(data, r, q, field); en > q {
				q = en
				continue
			}
		}
		q++
	}
}

// TestShapeWindowSkipsOnlyNonStarts: passing the rest of a token finds
// what trying every position finds, for every shape of the catalogue, on
// text dense in the forms shapes accept, whatever the window's bounds.
func TestShapeWindowSkipsOnlyNonStarts(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	// Samples of every identifier, cut and joined at random, with the
	// bytes that edge tokens.
	pieces := samplePieces("１２３４５６７８９０", "ー", "－", "_", "-", "+", "/", "=", ".", " ", "\x00", "A", "z", "9", "é")
	r := rand.New(rand.NewPCG(9, 10))
	a, b := e.NewScanner(), e.NewScanner()
	rounds := 400
	if testing.Short() {
		rounds = 80
	}
	for range rounds {
		data := joinPieces(r, pieces, 600)
		lo := r.IntN(len(data) / 2)
		hi := lo + r.IntN(len(data)-lo)
		for _, fc := range []FieldContext{{}, e.Field("ssn number id passport licence account")} {
			for _, rule := range e.shapes {
				a.matches, b.matches = a.matches[:0], b.matches[:0]
				a.shapeWindow(data, rule, lo, hi, fc)
				b.shapeWindowRef(data, rule, lo, hi, fc)
				if !slices.Equal(a.matches, b.matches) {
					t.Fatalf("%s on %q [%d, %d): shapeWindow found %v, trying every position %v", rule.spec.ID, data, lo, hi, a.matches, b.matches)
				}
			}
		}
	}
}

// walkedRules returns the indexes of e's pattern rules that the walk
// runs (neither literal-anchored nor anchored), and of those the BBAN
// rules.
func walkedRules(e *Engine) (all, bban []int) {
	for i, r := range e.shapes {
		if r.at == nil && !r.anchored {
			all = append(all, i)
			if r.spec.IBAN != "" {
				bban = append(bban, i)
			}
		}
	}
	return all, bban
}

// TestShapeWindowsAsShapeWindow: walking the whole buffer once for several
// pattern rules (a column named by their keywords) finds what a walk per
// rule finds, for every pattern rule of the catalogue at once and for the
// BBAN rules of an "iban" column, on text dense in their forms.
func TestShapeWindowsAsShapeWindow(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	pieces := samplePieces("DE89 3704 0044 0532 0130 00", "ES91 2100 0418 4502 0005 1332", "GB82 WEST 1234 5698 7654 32",
		"１２３４５６７８９０", "ー", "－", "_", "-", "+", "/", "=", ".", " ", "\x00", "\x00\x00\x00", "A", "z", "9", "é")
	all, bban := walkedRules(e)
	if len(bban) < 2 {
		t.Fatalf("only %d BBAN pattern rules", len(bban))
	}
	r := rand.New(rand.NewPCG(13, 14))
	a, b := e.NewScanner(), e.NewScanner()
	for round := range 300 {
		data := joinPieces(r, pieces, 800)
		rules := all
		if round%2 == 0 {
			rules = bban
		}
		for _, fc := range []FieldContext{{}, e.Field("iban account number ssn passport")} {
			a.matches, b.matches = a.matches[:0], b.matches[:0]
			a.shapeWindows(data, rules, fc)
			for _, ri := range rules {
				b.shapeWindow(data, e.shapes[ri], 0, len(data), fc)
			}
			a.sortMatches()
			b.sortMatches()
			if !slices.Equal(a.matches, b.matches) {
				t.Fatalf("%q: one walk found %v, a walk per rule %v", data, a.matches, b.matches)
			}
		}
	}
}

// samplePieces returns the positive and negative samples of every
// identifier of the catalogue, and extra.
func samplePieces(extra ...string) []string {
	var pieces []string
	for _, sp := range Catalogue() {
		for _, x := range sp.Samples {
			pieces = append(pieces, x.Text)
		}
		for _, x := range sp.NegativeSamples {
			pieces = append(pieces, x.Text)
		}
	}
	return append(pieces, extra...)
}

// joinPieces joins random pieces, a third of them cut at the front, into
// at least n bytes.
func joinPieces(r *rand.Rand, pieces []string, n int) []byte {
	var data []byte
	for len(data) < n {
		p := pieces[r.IntN(len(pieces))]
		if len(p) > 2 && r.IntN(3) == 0 {
			p = p[r.IntN(len(p)/2):]
		}
		data = append(data, p...)
	}
	return data
}

// TestFilterAtAsPrefixRejects: the walk's one loop over every pattern's
// prefix filter (filterAt, with its memo of verdicts or without) picks at
// each position exactly the patterns that shapeAt's own test (canStart,
// then prefixRejects) lets through, for the BBAN rules of an "iban" column
// and random sets of the catalogue's pattern rules, on text of the bytes
// patterns care about with values of the patterns planted in it.
func TestFilterAtAsPrefixRejects(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	all, bban := walkedRules(e)
	r := rand.New(rand.NewPCG(15, 16))
	// The BBAN rules keep their scanner, and its memo, from round to round.
	sBBAN, sRandom := e.NewScanner(), e.NewScanner()
	passed, memo, direct := 0, 0, 0
	for round := range 400 {
		rules, s := bban, sBBAN
		if round%4 != 0 {
			s = sRandom
			rules = nil
			n := 0
			for _, k := range r.Perm(len(all))[:1+r.IntN(12)] {
				if n += len(e.shapes[all[k]].pats); n > 63 {
					break
				}
				rules = append(rules, all[k])
			}
			slices.Sort(rules)
		}
		pats, _ := s.wholePatterns(rules)
		if pats == nil {
			t.Fatalf("no flat list of the patterns of rules %v", rules)
		}
		if s.wholeMemoOn {
			memo++
		} else {
			direct++
		}
		mask := make([]uint64, len(rules))
		data := prefixData(r, 100)
		for range 3 {
			ri := rules[r.IntN(len(rules))]
			p := e.shapes[ri].pats[r.IntN(len(e.shapes[ri].pats))]
			k := r.IntN(len(data))
			data = append(data[:k], append(valueOf(r, p), data[k:]...)...)
		}
		for q := range data {
			clear(mask)
			ruleMasks(pats, s.filterAt(data, q, pats), mask)
			s.clsAt = -1
			for k, ri := range rules {
				rule := e.shapes[ri]
				var want uint64
				for i := range rule.pats {
					if f := &rule.pre[i]; f.canStart(data[q]) && !s.prefixRejects(f, data, q) {
						want |= 1 << i
					}
				}
				if mask[k] != want {
					t.Fatalf("%s at %d of %q (memo %v): filterAt lets patterns %b through, shapeAt's filters %b", rule.spec.ID, q, data, s.wholeMemoOn, mask[k], want)
				}
				passed += bits.OnesCount64(want)
			}
		}
	}
	if passed == 0 || memo < 50 || direct < 50 {
		t.Fatalf("%d patterns passed a filter, %d rounds with the memo, %d without: the test proves little", passed, memo, direct)
	}
}

// TestFilterAtSyntheticPatterns: filterAt with patterns the catalogue does
// not have (literal letters and digits in either word, at the first byte,
// hyphens, repetitions) picks what canStart and prefixRejects pick, with
// its memos on exactly when classClosed allows them: a memo keyed by
// classes would confuse a literal '1' with any digit.
func TestFilterAtSyntheticPatterns(t *testing.T) {
	sets := [][]string{
		{"99999999\\A9999", "99999999 99"},
		{"9999999\\19", "AAAA9999"},
		{"\\19999999999", "99999999"},
		{"9999 9999 99 9999999999", "99999999-99", "a{2,4}9999"},
		{"99999999999\\Z99", "9999 9999 9999 9999"},
	}
	r := rand.New(rand.NewPCG(37, 38))
	for _, set := range sets {
		var pats []wholePat
		var ps []pattern
		memo := true
		var has2 uint64
		for i, src := range set {
			p, err := compilePattern(src)
			if err != nil {
				t.Fatal(err)
			}
			f := newPrefixFilter(p)
			ps = append(ps, p)
			pats = append(pats, wholePat{f: &f, rule: i, pat: 0})
			memo = memo && classClosed(&f)
			if f.words[1].pos != 0 {
				has2 |= 1 << i
			}
		}
		s := &Scanner{clsAt: -1, cls2At: -1, wholeMemoOn: memo, wholeHas2: has2}
		mask := make([]uint64, len(set))
		for range 200 {
			// Values, each with one of its characters changed now and
			// then, so that the memos see the same classes of bytes
			// again and again, with other letters and digits.
			var data []byte
			for len(data) < 80 {
				v := valueOf(r, ps[r.IntN(len(ps))])
				if r.IntN(2) == 0 {
					j := r.IntN(len(v))
					v[j] = "0123456789ABZaz"[r.IntN(15)]
				}
				data = append(append(data, v...), " \x00-"[r.IntN(3)])
			}
			for q := range data {
				clear(mask)
				ruleMasks(pats, s.filterAt(data, q, pats), mask)
				s.clsAt = -1
				for i, p := range pats {
					want := p.f.canStart(data[q]) && !s.prefixRejects(p.f, data, q)
					if got := mask[i] != 0; got != want {
						t.Fatalf("patterns %q (memo %v), %q at %d of %q: filterAt %v, shapeAt's filters %v", set, memo, set[i], q, data, got, want)
					}
				}
			}
		}
	}
}
