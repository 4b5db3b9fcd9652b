package testcorpus

import "strings"

// Planting the further identifier types (identifiers_values.go) in free
// text. Every such line counts as having a keyword and as needing quiet, so
// the text writer keeps it apart from every other keyword or keyword-less
// plant: a value is then near its own phrase's keyword and no other.

// idPositive plants a value of spec in a phrase.
func (g *fileGen) idPositive(spec *idSpec) (plant, bool) {
	if !g.room(spec.typ) {
		return plant{}, false
	}
	v, ok := g.fresh(spec.safeGen(spec.gen))
	if !ok {
		return plant{}, false
	}
	ph := pick(g.r, spec.phrases)
	return plant{
		text: ph.before + v + ph.after, typ: spec.typ, value: v, off: len(ph.before),
		keyword: true, needsQuiet: true, endsLine: spec.endsLine,
	}, true
}

// idNegative plants a hard negative of spec: in one of spec's phrases, or
// in a phrase without any keyword when the negative is the keyword missing.
func (g *fileGen) idNegative(spec *idSpec, n *idNeg) (plant, bool) {
	if !g.room(n.kind) {
		return plant{}, false
	}
	v, ok := g.fresh(spec.safeGen(n.gen))
	if !ok {
		return plant{}, false
	}
	phrases := spec.phrases
	if n.quiet {
		phrases = quietPhrases
	}
	ph := pick(g.r, phrases)
	return plant{
		text: ph.before + v + ph.after, neg: n.kind, value: v, off: len(ph.before),
		keyword: true, needsQuiet: true, endsLine: spec.endsLine,
	}, true
}

// idSlot fills a cell of a column named for spec's type: with chance pPos
// a value of spec, with chance pNeg one of its negatives that keep the
// shape (a keyword-less negative makes no sense under a keyword name), the
// value alone; otherwise nothing.
func (g *fileGen) idSlot(b []byte, spec *idSpec) ([]byte, plant) {
	u := float64(g.r.u64()>>11) * (1.0 / (1 << 53))
	var p plant
	ok := false
	switch {
	case u < g.pPos:
		p, ok = g.idPositive(spec)
	case u < g.pPos+g.pNeg:
		var keyed []*idNeg
		for i := range spec.negs {
			if !spec.negs[i].quiet {
				keyed = append(keyed, &spec.negs[i])
			}
		}
		if len(keyed) > 0 {
			p, ok = g.idNegative(spec, pick(g.r, keyed))
		}
	}
	if !ok {
		return b, plant{}
	}
	p.text, p.off = p.value, len(b)
	return append(b, p.value...), p
}

// idSpecOf returns the free-text type typ's spec.
func idSpecOf(typ string) *idSpec {
	for i := range idSpecs {
		if idSpecs[i].typ == typ {
			return &idSpecs[i]
		}
	}
	panic("testcorpus: no free-text type " + typ)
}

// idNegatives lists every (type, negative) pair once, for uniform choice.
var idNegatives = func() [][2]int {
	var out [][2]int
	for i := range idSpecs {
		for j := range idSpecs[i].negs {
			out = append(out, [2]int{i, j})
		}
	}
	return out
}()

// safeGen wraps a generator of spec in safe, unless spec's values are a
// Luhn-valid digit run on purpose (their generators check the rest).
func (spec *idSpec) safeGen(gen func(r *rng) string) func(r *rng) string {
	if spec.cardShaped {
		return gen
	}
	return safe(gen)
}

// safe redraws gen's values until no digit run or grouping in them, read
// with full-width digits as digits, could be taken for a card number: a
// 13-digit corporate number may carry an issuer prefix and pass Luhn. Runs
// of 13-19 digits must fail Luhn whatever their prefix, since issuer
// tables differ (UnionPay, Maestro, Diners) and the rule is the detector's.
func safe(gen func(r *rng) string) func(r *rng) string {
	return func(r *rng) string {
		for {
			v := gen(r)
			if a := asciiDigits(v); numbersSafe(a) && noLuhnRun(a) && noLuhnGroups(a) {
				return v
			}
		}
	}
}

// noLuhnRun reports whether no maximal run of 13-19 digits in s passes Luhn.
func noLuhnRun(s string) bool {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if n := j - i; n >= 13 && n <= 19 && luhnValid(s[i:j]) {
			return false
		}
		i = j
	}
	return true
}

// noLuhnGroups reports whether no run of digit groups joined by single
// spaces or dashes, taken whole or in part, has 13-19 digits passing Luhn,
// whatever its prefix: "5041 1431 4175 2269" at the end of a grouped IBAN
// reads as a Maestro card to a detector whose issuer table has Maestro.
func noLuhnGroups(s string) bool {
	return groupWindowsSafe(s, func(digits string, grouped bool) bool { return grouped && luhnValid(digits) })
}

// asciiDigits turns full-width digits (０-９) into ASCII ones.
func asciiDigits(s string) string {
	if strings.IndexFunc(s, func(c rune) bool { return c >= '０' && c <= '９' }) < 0 {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if c >= '０' && c <= '９' {
			c = c - '０' + '0'
		}
		b.WriteRune(c)
	}
	return b.String()
}
