package detectors

import (
	"fmt"
	"slices"
)

// Explanation is one candidate value the engine considered: which
// identifier it was tried for, where it is, and why it was not reported.
type Explanation struct {
	Identifier int    // index into Engine.Identifiers
	ID         string // the identifier's ID
	Start, End int    // byte offsets in the explained data, End exclusive
	// Reason is "" for a reported match, otherwise why the candidate was
	// dropped: "checksum failed", "no keyword within 30 characters",
	// "keyword within 30 characters (this identifier needs none)",
	// "allow-listed" or "known example value".
	Reason string
}

// Explain scans data like Scan and returns every candidate it considered,
// matched or rejected, in increasing Start order, for `piiscan identifiers
// test`. Keyword-required shapes are tried over the whole of data rather
// than only near keywords, so that a value missing its keyword is shown as
// such. Candidates that fail their shape (wrong length or characters) are
// not listed. field is the column name or JSON path the data is a value
// of ("" for none), as Field takes it. It allocates; it is for interactive
// use, not for scans.
func (e *Engine) Explain(data []byte, field string) []Explanation {
	s := e.NewScanner()
	var out []Explanation
	s.explain = &out
	s.explainField, s.explainData = field, data
	s.Scan(data, e.Field(field), func(m Match) {
		out = append(out, Explanation{Identifier: m.Identifier, Start: m.Start, End: m.End})
	})
	for i := range out {
		out[i].ID = e.ids[out[i].Identifier].ID
	}
	slices.SortStableFunc(out, func(a, b Explanation) int {
		return compareMatches(Match{a.Identifier, a.Start, a.End}, Match{b.Identifier, b.Start, b.End})
	})
	return slices.CompactFunc(out, func(a, b Explanation) bool { return a == b })
}

// explainReject records, when explaining, that value [st, en) was dropped
// for every target in ts.
func (s *Scanner) explainReject(ts []target, st, en int, reason string) {
	if s.explain == nil {
		return
	}
	for i := range ts {
		*s.explain = append(*s.explain, Explanation{Identifier: ts[i].id, Start: st, End: en, Reason: reason})
	}
}

// explainKeyword records a keyword-rule rejection of target t.
func (s *Scanner) explainKeyword(t *target, st, en int) {
	if s.explain == nil {
		return
	}
	reason := fmt.Sprintf(reasonNoKeyword, t.prox)
	if t.rule == kwAbsent {
		reason = fmt.Sprintf(reasonKeywordAt, t.prox)
	} else if thing := s.keywordThing(t, st, en); thing != "" {
		reason = fmt.Sprintf(reasonKeywordThing, t.kw.things.keyword, thing)
	}
	*s.explain = append(*s.explain, Explanation{Identifier: t.id, Start: st, End: en, Reason: reason})
}

// keywordThing returns, for a keyword-required target whose keyword set
// has FieldThings, the thing whose keyword the field name or the text
// near value [st, en) holds ("product" for "product_name"), or "".
func (s *Scanner) keywordThing(t *target, st, en int) string {
	ft := t.kw.things
	if ft == nil {
		return ""
	}
	if q, ok := fieldQualifier(s.explainField, ft.keyword); ok && ft.isThing(q) {
		return string(q)
	}
	text := s.explainData
	lo, hi := backChars(text, st, t.prox+t.kw.maxLen), fwdChars(text, en, t.prox+t.kw.maxLen)
	thing := ""
	t.kw.findIn(text, lo, hi, func(ks, ke int) bool {
		if (ke <= st || ks >= en) && ft.qualifies(text, ks, ke) {
			q, _ := lastWord(text[max(0, ks-maxThingLen-3):ks])
			thing = string(q)
			return true
		}
		return false
	})
	return thing
}
