package detectors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/bits"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	re2 "github.com/wasilibs/go-re2"
	"github.com/wasilibs/go-re2/experimental"
)

// CustomDataIdentifier is a user-defined identifier, in the shape of Macie's
// CreateCustomDataIdentifier request.
type CustomDataIdentifier struct {
	Name                 string          `json:"name"`
	Regex                string          `json:"regex"`
	Keywords             []string        `json:"keywords"`
	IgnoreWords          []string        `json:"ignoreWords"`
	MaximumMatchDistance int             `json:"maximumMatchDistance"`
	SeverityLevels       []SeverityLevel `json:"severityLevels"`
	Description          string          `json:"description"`
}

// ParseCustomDataIdentifiers reads CreateCustomDataIdentifier request
// JSON: one request, or an array of them. A field that Macie's request
// does not have is an error naming it, so that a misspelt "regex" is not
// read as an empty pattern; clientToken and tags are Macie's and are
// ignored.
func ParseCustomDataIdentifiers(data []byte) ([]CustomDataIdentifier, error) {
	type request struct {
		CustomDataIdentifier
		ClientToken string            `json:"clientToken"`
		Tags        map[string]string `json:"tags"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var reqs []request
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		if err := dec.Decode(&reqs); err != nil {
			return nil, err
		}
	} else {
		var one request
		if err := dec.Decode(&one); err != nil {
			return nil, err
		}
		reqs = append(reqs, one)
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	out := make([]CustomDataIdentifier, len(reqs))
	for i := range reqs {
		out[i] = reqs[i].CustomDataIdentifier
	}
	return out, nil
}

// SeverityLevel is one step of a custom identifier's severity rule, as in
// Macie: from OccurrencesThreshold occurrences on, Severity ("LOW",
// "MEDIUM" or "HIGH").
type SeverityLevel struct {
	OccurrencesThreshold int    `json:"occurrencesThreshold"`
	Severity             string `json:"severity"`
}

// AllowList drops matches it allows, in the shape of Macie's CreateAllowList
// request.
type AllowList struct {
	Name     string            `json:"name"`
	Criteria AllowListCriteria `json:"criteria"`
}

// AllowListCriteria is either a regex (RE2; it allows a match whose whole
// text it matches) or a list of words (each allows a match whose whole text
// equals it, ignoring case). Words are loaded by the caller from the S3
// words list object or a local file.
type AllowListCriteria struct {
	Regex string   `json:"regex"`
	Words []string `json:"-"`
}

// Macie's limits for custom data identifiers and allow lists.
const (
	maxRegexLen            = 512
	maxKeywords            = 50
	minKeywordLen          = 3
	maxKeywordLen          = 90
	maxIgnoreWords         = 10
	minIgnoreWordLen       = 4
	maxIgnoreWordLen       = 90
	defaultMatchDistance   = 50
	maxMatchDistance       = 300
	maxNameLen             = 128
	maxAllowListWords      = 100000
	maxAllowListWordLength = 90
)

type customRule struct {
	customPattern
	t           target
	ignoreWords [][]byte // case-sensitive; a match containing one is dropped
}

// customPattern is a user's regex compiled for scanning buffers of
// NUL-separated values (see the package doc). re finds the matches over the whole
// buffer, except for a pattern with anchors: re is then the pattern with its
// anchors made empty, which finds every place a match can be, and the
// anchors are checked per value, by the form of the pattern where it allows
// it (form) or by running confirm on each value that holds a candidate.
type customPattern struct {
	re   *re2.Regexp
	expr string // the NUL-excluding pattern re was compiled from
	form anchorForm
	// confirm[b] is the pattern as it applies to one value whose text
	// bounds are b (boundStart, boundEnd): a text anchor that b lacks
	// cannot match. Set for anchorOther only.
	confirm [4]*re2.Regexp
	// lead, for an anchorNone pattern that starts with \b or \B and then a
	// literal, is the pattern without those assertions: RE2 finds its
	// literal start with a memchr-like search, which an assertion in front
	// turns off (~10x slower). Its matches are candidates; re runs on
	// windows around them, bounded where no match can cross: line breaks
	// if no match can contain one (lines), else value separators.
	lead *re2.Regexp
	// lines: no match can contain a line break, which then bounds lead
	// windows, and is where an anchorWhole or anchorStart pattern's (?m)
	// anchors match.
	lines bool
	// The next four are for an anchorNone pattern whose windows are lines,
	// or values when it has no lead; one at most is set, and then lead is
	// not compiled. In text, which has no values, a pattern with value
	// windows runs over the whole buffer.
	//
	// leadLit is the longest case-sensitive literal that every match
	// contains, anywhere in it: the windows that hold it, found with
	// bytes.Index (vector code, where RE2's literal search is a byte
	// loop), are run.
	leadLit []byte
	// digitRun, without leadLit or leadFold, is the length (minDigitRun or
	// more) of a run of ASCII digits every match contains, found with
	// vector compares.
	digitRun int
	// leadFold, without leadLit, is a literal of three or more bytes that
	// every match contains ignoring case, lowercased, whose letters fold
	// only to ASCII ((?i)acct, not (?i)ssn: RE2 folds s to U+017F), found
	// eight bytes at a time.
	leadFold []byte
	// classSeq, without any of the above, is a run of byte classes that
	// every match contains ([A-Z]{2}\d{6}; see usableClassSeq).
	classSeq *classSeq
}

// windowed says whether the pattern runs on windows around candidates
// (leadWindows) rather than over the whole buffer.
func (p *customPattern) windowed() bool {
	return p.lead != nil || p.leadLit != nil || p.digitRun > 0 || p.leadFold != nil || p.classSeq != nil
}

// minDigitRun is the shortest digit run worth finding candidates by:
// shorter ones are in too many values of most data (dates, amounts,
// phone numbers), where windows cost more than one run over the buffer
// (on the benchmark buffers, \b\d{9}\b ran 1.6-3x faster on windows,
// \d{7} and \b\d{7,}\b 0.7-0.9x, a pattern with \d{8} 0.5x,
// [A-Z]{2}\d{6} and \b\d{5}\b 0.65-1x).
const minDigitRun = 9

// leadWindowGap is how close two candidate windows must be to be run as
// one: one RE2 call over the bytes between costs less than a second call.
const leadWindowGap = 512

// anchorForm is what a pattern's anchors allow the scan to decide without
// running the pattern on each value.
type anchorForm uint8

const (
	anchorNone anchorForm = iota
	// anchorWhole: \A X \z (^X$ without (?m)), X without anchors. re is X,
	// leftmost-longest: the value matches if and only if re's match at the
	// value's start spans the whole value. With lines, (?m)^X$: the same
	// for each line.
	anchorWhole
	// anchorStart: \A X, X without anchors: the match, if any, is re's
	// (leftmost-first, as the pattern's) match at the value's start. With
	// lines, (?m)^X: the same for each line.
	anchorStart
	// anchorOther: any other use of anchors; confirm decides.
	anchorOther
)

// valueSep separates values in a scanned buffer (sources.ValueSeparator).
const valueSep = 0

// Text bounds of a value: whether it starts and whether it ends a text.
// Every NUL-separated value does both; a window of a longer text (a Lines
// chunk) starts the text only at the object's start and ends it only at
// its end.
const (
	boundStart = 1 << iota
	boundEnd
)

type allowRule struct {
	words map[string]struct{} // lowercased
	re    *re2.Regexp         // anchored: whole match
}

func (e *Engine) addCustom(c *CustomDataIdentifier) error {
	where := fmt.Sprintf("custom data identifier %q", c.Name)
	if c.Name == "" || utf8.RuneCountInString(c.Name) > maxNameLen {
		return fmt.Errorf("%s: name must have 1 to %d characters", where, maxNameLen)
	}
	pat, err := compileUserRegex(c.Regex)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	t := target{id: len(e.ids), prox: c.MaximumMatchDistance}
	if len(c.Keywords) > maxKeywords {
		return fmt.Errorf("%s: %d keywords, at most %d are allowed", where, len(c.Keywords), maxKeywords)
	}
	for _, k := range c.Keywords {
		if n := utf8.RuneCountInString(k); n < minKeywordLen || n > maxKeywordLen {
			return fmt.Errorf("%s: keyword %q has %d characters, keywords need %d to %d", where, k, n, minKeywordLen, maxKeywordLen)
		}
	}
	if len(c.Keywords) > 0 {
		// A set with a FieldContext bit: as Macie does for structured
		// data, a keyword in the column name or the JSON path counts.
		if t.kw, err = e.setFor(c.Keywords); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		t.rule = kwRequired
	}
	switch {
	case c.MaximumMatchDistance == 0:
		t.prox = defaultMatchDistance
	case c.MaximumMatchDistance < 1 || c.MaximumMatchDistance > maxMatchDistance:
		return fmt.Errorf("%s: maximumMatchDistance %d is outside 1..%d", where, c.MaximumMatchDistance, maxMatchDistance)
	}
	if len(c.IgnoreWords) > maxIgnoreWords {
		return fmt.Errorf("%s: %d ignore words, at most %d are allowed", where, len(c.IgnoreWords), maxIgnoreWords)
	}
	var ignore [][]byte
	for _, w := range c.IgnoreWords {
		if n := utf8.RuneCountInString(w); n < minIgnoreWordLen || n > maxIgnoreWordLen {
			return fmt.Errorf("%s: ignore word %q has %d characters, ignore words need %d to %d", where, w, n, minIgnoreWordLen, maxIgnoreWordLen)
		}
		ignore = append(ignore, []byte(w))
	}
	sev, err := customSeverity(c.SeverityLevels)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	e.ids = append(e.ids, Identifier{ID: c.Name, Category: CategoryCustom, Custom: true, severity: sev})
	e.custom = append(e.custom, customRule{customPattern: pat, t: t, ignoreWords: ignore})
	return nil
}

// customSetMin is the number of custom patterns run over the whole buffer
// from which one RE2 set pass, which says which patterns occur at all, is
// worth it: most custom patterns match nothing in most buffers. Measured on
// whole scans of the benchmark corpus with five patterns: with one over the
// whole buffer, the same with and without; with two, 1.3x faster with.
const customSetMin = 2

// compileCustomSet builds the set prefilter over all custom patterns when
// customSetMin of them run over the whole buffer. The set pass is then
// paid anyway, and covering the patterns run on windows too lets them skip
// the buffers they have no match in: with ten patterns, four of them over
// the whole buffer, a set over those four only made a scan 1.25x slower.
// With fewer, patterns run on windows find their candidates at several
// times RE2's speed, and a set pass costs more than it saves (four
// patterns, all on windows: 5x faster without, BenchmarkScanCustomNoSet;
// 1.1-1.2x on whole scans).
func (e *Engine) compileCustomSet() error {
	whole := 0
	for i := range e.custom {
		if c := &e.custom[i]; c.form != anchorNone || !c.windowed() {
			whole++
		}
	}
	if whole < customSetMin {
		return nil
	}
	exprs := make([]string, len(e.custom))
	for i := range e.custom {
		exprs[i] = e.custom[i].expr
	}
	set, err := experimental.CompileSet(exprs)
	if err != nil {
		return fmt.Errorf("custom data identifiers: combine patterns: %w", err)
	}
	e.customSet = set
	return nil
}

// customSeverity turns Macie severityLevels into a rule. Macie: at most one
// level per severity, thresholds ascending from LOW to HIGH; with none, a
// finding is MEDIUM from one occurrence.
func customSeverity(levels []SeverityLevel) ([]SeverityThreshold, error) {
	if len(levels) == 0 {
		return []SeverityThreshold{{Occurrences: 1, Severity: SeverityMedium}}, nil
	}
	if len(levels) > 3 {
		return nil, fmt.Errorf("%d severity levels, at most 3 (one each for LOW, MEDIUM, HIGH)", len(levels))
	}
	var out []SeverityThreshold
	for _, l := range levels {
		var sev Severity
		switch l.Severity {
		case "LOW":
			sev = SeverityLow
		case "MEDIUM":
			sev = SeverityMedium
		case "HIGH":
			sev = SeverityHigh
		default:
			return nil, fmt.Errorf("severity %q is not LOW, MEDIUM or HIGH", l.Severity)
		}
		if l.OccurrencesThreshold < 1 {
			return nil, fmt.Errorf("severity %s: occurrencesThreshold %d is below 1", l.Severity, l.OccurrencesThreshold)
		}
		out = append(out, SeverityThreshold{Occurrences: l.OccurrencesThreshold, Severity: sev})
	}
	// Sort by severity; thresholds must then ascend.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Severity < out[j-1].Severity; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	for i := 1; i < len(out); i++ {
		if out[i].Severity == out[i-1].Severity {
			return nil, fmt.Errorf("severity %s given twice", out[i].Severity)
		}
		if out[i].Occurrences <= out[i-1].Occurrences {
			return nil, fmt.Errorf("occurrencesThreshold of %s (%d) must be above that of %s (%d)",
				out[i].Severity, out[i].Occurrences, out[i-1].Severity, out[i-1].Occurrences)
		}
	}
	return out, nil
}

func (e *Engine) addAllowList(a *AllowList) error {
	where := fmt.Sprintf("allow list %q", a.Name)
	hasRe, hasWords := a.Criteria.Regex != "", len(a.Criteria.Words) > 0
	if hasRe == hasWords {
		return fmt.Errorf("%s: criteria need exactly one of a regex or a words list", where)
	}
	var r allowRule
	if hasRe {
		if _, err := checkUserRegex(a.Criteria.Regex); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		// Anchored: an allow list regex allows a match only if it matches
		// the match's whole text.
		re, err := re2.Compile(`^(?:` + a.Criteria.Regex + `)$`)
		if err != nil {
			return fmt.Errorf("%s: regex: %w", where, err)
		}
		r.re = re
	} else {
		if len(a.Criteria.Words) > maxAllowListWords {
			return fmt.Errorf("%s: %d words, at most %d are allowed", where, len(a.Criteria.Words), maxAllowListWords)
		}
		r.words = make(map[string]struct{}, len(a.Criteria.Words))
		for _, w := range a.Criteria.Words {
			if w == "" || utf8.RuneCountInString(w) > maxAllowListWordLength {
				return fmt.Errorf("%s: a word has %d characters, words need 1 to %d", where, utf8.RuneCountInString(w), maxAllowListWordLength)
			}
			r.words[strings.ToLower(w)] = struct{}{}
		}
	}
	e.allow = append(e.allow, r)
	return nil
}

// allowed reports whether any allow list allows match text t.
func (s *Scanner) allowed(t []byte) bool {
	for i := range s.e.allow {
		a := &s.e.allow[i]
		if a.words != nil {
			var ok bool
			if l := s.lowerASCII(t); l != nil {
				_, ok = a.words[string(l)] // no allocation: map lookups do not copy the key
			} else {
				_, ok = a.words[strings.ToLower(string(t))]
			}
			if ok {
				return true
			}
		}
		if a.re != nil && a.re.Match(t) {
			return true
		}
	}
	return false
}

// lowerASCII lowercases ASCII t into scratch space valid until the next
// call; it returns nil for non-ASCII text, which needs Unicode case mapping.
func (s *Scanner) lowerASCII(t []byte) []byte {
	s.lower = s.lower[:0]
	for _, c := range t {
		if c >= utf8.RuneSelf {
			return nil
		}
		s.lower = append(s.lower, toLower(c))
	}
	return s.lower
}

// scanCustom runs each custom regex once over the whole buffer (the regex
// engine's per-call cost dominates small inputs, so never per value, except
// on values that hold a candidate of an anchorOther pattern), then
// applies anchors, ignore words and keywords to each match. bounds are the
// text bounds of data's first and last values (boundStart, boundEnd).
func (s *Scanner) scanCustom(data []byte, field FieldContext, bounds int) {
	custom := s.e.custom
	run := s.customRun[:0]
	all := true
	if set := s.e.customSet; set != nil {
		// On an evaluation error (RE2's memory budget) run every pattern.
		if idx, err := set.FindAllWithError(data, len(custom)); err == nil {
			run = append(run, idx...)
			all = false
		}
	}
	if all {
		for i := range custom {
			run = append(run, i)
		}
	}
	slices.Sort(run)
	s.customRun = run
	for _, i := range run {
		c := &custom[i]
		switch c.form {
		case anchorNone:
			if c.windowed() {
				s.leadWindows(c, data, field)
				continue
			}
			for _, loc := range c.re.FindAllIndex(data, -1) {
				s.customMatch(c, data, loc[0], loc[1], field)
			}
		case anchorWhole, anchorStart:
			// A candidate is the match if it starts its value (and, for
			// anchorWhole, ends it) and the value has those text bounds.
			need := boundStart
			if c.form == anchorWhole {
				need |= boundEnd
			}
			for _, loc := range c.re.FindAllIndex(data, -1) {
				st, en := loc[0], loc[1]
				// With (?m) anchors (lines), a line break is a bound too,
				// and the window's edges always are: a Lines chunk starts
				// on a line.
				b := 0
				if st == 0 && (c.lines || bounds&boundStart != 0) || st > 0 && (data[st-1] == valueSep || c.lines && data[st-1] == '\n') {
					b |= boundStart
				}
				if en == len(data) && (c.lines || bounds&boundEnd != 0) || en < len(data) && (data[en] == valueSep || c.lines && data[en] == '\n') {
					b |= boundEnd
				}
				if b&need == need {
					s.customMatch(c, data, st, en, field)
				}
			}
		default:
			s.confirmValues(c, data, field, bounds)
		}
	}
}

// leadWindows runs a pattern with a lead (see customPattern) on the lines
// or values of data that hold a candidate, merging windows less than
// leadWindowGap apart. A window's edges are places no match crosses, so
// the pattern finds in it what it finds there in the whole of data (its
// \b sees a non-word byte, or the window's edge, on both sides). When the
// windows would cost about what one run over data does (windowCallBytes
// for each call, and their bytes), it runs over data.
func (s *Scanner) leadWindows(c *customRule, data []byte, field FieldContext) {
	wins := s.leadWins[:0] // start, end pairs
	cost := 0
	var cands []int
	ok := false // value windows in text: the whole buffer is one value
	if c.lines || c.lead != nil || !s.text {
		cands, ok = s.leadCandidates(c, data)
	}
	nextNL, nextSep := -1, -1
	for i := 0; ok && i < len(cands); i++ {
		st := cands[i]
		we := -1
		if len(wins) > 0 {
			we = wins[len(wins)-1]
		}
		if st < we {
			continue
		}
		// The window's end: the first boundary at or after st, looked for
		// again only once passed, so that the searches stay linear.
		if nextSep < st {
			nextSep = len(data)
			if k := bytes.IndexByte(data[st:], valueSep); k >= 0 {
				nextSep = st + k
			}
		}
		end := nextSep
		if c.lines {
			if nextNL < st {
				nextNL = len(data)
				if k := bytes.IndexByte(data[st:], '\n'); k >= 0 {
					nextNL = st + k
				}
			}
			end = min(end, nextNL)
		}
		if we >= 0 && st-we <= leadWindowGap {
			cost += end - we
			wins[len(wins)-1] = end
			continue
		}
		// The window's start: just after the last boundary before st.
		from := max(we, 0)
		start := from + bytes.LastIndexByte(data[from:st], valueSep) + 1
		if c.lines {
			start = max(start, from+bytes.LastIndexByte(data[from:st], '\n')+1)
		}
		wins = append(wins, start, end)
		cost += end - start + windowCallBytes
		// Windows over half the bytes, of the buffer or (past the first
		// 64 KiB) of what was laid out so far: one run over data.
		ok = cost < len(data)/2 && (end < 64<<10 || cost < end/2)
	}
	s.leadWins = wins
	if !ok {
		wins = append(wins[:0], 0, len(data))
	}
	for i := 0; i < len(wins); i += 2 {
		ws, we := wins[i], wins[i+1]
		for _, m := range c.re.FindAllIndex(data[ws:we], -1) {
			s.customMatch(c, data, ws+m[0], ws+m[1], field)
		}
	}
}

// windowCallBytes is what a call of RE2 on a window costs besides its
// bytes, in bytes scanned in the same time (~0.3 us at ~300 MB/s).
const windowCallBytes = 512

// leadCandidates returns where c's lead matches in data, in increasing
// order, in scratch space valid until the next call; not ok when the
// candidates are so dense that running the pattern over all of data costs
// less (see maxLeadDensity).
func (s *Scanner) leadCandidates(c *customRule, data []byte) (cands []int, ok bool) {
	out := s.leadAt[:0]
	switch {
	case c.digitRun > 0:
		out, ok = digitRuns(data, c.digitRun, out, leadSlack)
	case c.leadFold != nil:
		out, ok = foldOccurrences(data, c.leadFold, out, leadSlack)
	case c.classSeq != nil:
		out, ok = c.classSeq.occurrences(data, out, leadSlack)
	case c.leadLit != nil:
		out, ok = literalOccurrences(data, c.leadLit, out, leadSlack)
	default:
		for _, loc := range c.lead.FindAllIndex(data, -1) {
			out = append(out, loc[0])
		}
		ok = true
	}
	s.leadAt = out
	return out, ok
}

// literalOccurrences appends to out each offset where lit occurs in data,
// found with bytes.Index; not ok, and stopped, as digitRuns.
func literalOccurrences(data, lit []byte, out []int, limit int) ([]int, bool) {
	for p := 0; ; {
		k := bytes.Index(data[p:], lit)
		if k < 0 {
			return out, true
		}
		if len(out) >= limit+(p+k)/maxLeadDensity {
			return out, false
		}
		out = append(out, p+k)
		p += k + 1
	}
}

// Candidates are too dense to be worth windows when, at some offset, more
// than leadSlack plus one per maxLeadDensity bytes of it came before: the
// search stops there, early in a dense buffer.
const (
	maxLeadDensity = 64
	leadSlack      = 64
)

// digitRuns appends to out the start of each run of k or more ASCII digits
// in data, 64 bytes at a time (digitBits64); not ok, and stopped, when the
// runs before an offset outnumber limit plus one per maxLeadDensity bytes
// of it.
func digitRuns(data []byte, k int, out []int, limit int) ([]int, bool) {
	run, start := 0, 0 // the digit run reaching the current block's start
	var tail [64]byte
	for base := 0; base < len(data); base += 64 {
		var d uint64
		if base+64 <= len(data) {
			d = digitBits64((*[64]byte)(data[base : base+64]))
		} else {
			tail = [64]byte{}
			copy(tail[:], data[base:])
			d = digitBits64(&tail)
		}
		for at := 0; at < 64; {
			if d == 0 {
				run = 0
				break
			}
			if z := bits.TrailingZeros64(d); z > 0 {
				run = 0
				d >>= z
				at += z
			}
			n := bits.TrailingZeros64(^d) // digits from at on in this block
			if run == 0 {
				start = base + at
			}
			if run < k && run+n >= k {
				if len(out) >= limit+start/maxLeadDensity {
					return out, false
				}
				out = append(out, start)
			}
			run += n
			d >>= n // (n == 64: Go's shift gives 0)
			at += n
			if at < 64 {
				run = 0
			}
		}
	}
	return out, true
}

// foldOccurrences appends to out each offset where lit (lowercase ASCII)
// occurs in data ignoring ASCII case, testing its first two bytes eight
// positions at a time; not ok, and stopped, as digitRuns.
func foldOccurrences(data, lit []byte, out []int, limit int) ([]int, bool) {
	n := len(lit)
	last := len(data) - n // the last offset an occurrence can start at
	fold := func(c byte) uint64 {
		if c >= 'a' && c <= 'z' {
			return 0x20 * lsb
		}
		return 0
	}
	m0, m1 := fold(lit[0]), fold(lit[1])
	t0, t1 := uint64(lit[0])*lsb, uint64(lit[1])*lsb
	// zero marks the bytes of v that are 0 with their top bit, exactly.
	const low7 = 0x7f * lsb
	zero := func(v uint64) uint64 { return ^((v&low7 + low7) | v | low7) }
	found := func(p int) bool {
		if !equalFoldLower(data[p:p+n], lit) {
			return true
		}
		if len(out) >= limit+p/maxLeadDensity {
			return false
		}
		out = append(out, p)
		return true
	}
	i := 0
	for ; i <= last && i+9 <= len(data); i += 8 {
		hits := zero((load64(data[i:])|m0)^t0) & zero((load64(data[i+1:])|m1)^t1)
		for ; hits != 0; hits &= hits - 1 {
			if p := i + bits.TrailingZeros64(hits)/8; p <= last && !found(p) {
				return out, false
			}
		}
	}
	for ; i <= last; i++ {
		if !found(i) {
			return out, false
		}
	}
	return out, true
}

// equalFoldLower says whether b equals lit (lowercase ASCII) ignoring
// ASCII case.
func equalFoldLower(b, lit []byte) bool {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[i] {
			return false
		}
	}
	return true
}

// requiredFoldLiteral returns, lowercased, the longest case-insensitive
// literal that every match of re contains and whose runes fold only to
// ASCII, or nil.
func requiredFoldLiteral(re *syntax.Regexp) []byte {
	return requiredBy(re, func(lit *syntax.Regexp) []byte {
		if lit.Flags&syntax.FoldCase == 0 {
			return nil
		}
		out := make([]byte, 0, len(lit.Rune))
		for _, r := range lit.Rune {
			for f := unicode.SimpleFold(r); ; f = unicode.SimpleFold(f) {
				if f >= utf8.RuneSelf {
					return nil
				}
				if f == r {
					break
				}
			}
			out = append(out, byte(unicode.ToLower(r)))
		}
		return out
	})
}

// requiredBy returns the longest of what leaf makes of the literals every
// match of re contains (through groups, repeats of at least one and
// concatenations), or nil.
func requiredBy(re *syntax.Regexp, leaf func(lit *syntax.Regexp) []byte) []byte {
	switch re.Op {
	case syntax.OpLiteral:
		return leaf(re)
	case syntax.OpCapture, syntax.OpPlus:
		return requiredBy(re.Sub[0], leaf)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredBy(re.Sub[0], leaf)
		}
	case syntax.OpConcat:
		var best []byte
		for _, sub := range re.Sub {
			if l := requiredBy(sub, leaf); len(l) > len(best) {
				best = l
			}
		}
		return best
	}
	return nil
}

// requiredDigitRun returns the length of the longest run of ASCII digits
// that every match of re contains, as far as a concatenation of digit
// items shows it (\d{9}, [0-9]{3}\d{2}, 12\d{4}), or 0.
func requiredDigitRun(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpCapture:
		return requiredDigitRun(re.Sub[0])
	case syntax.OpConcat:
		best, cur := 0, 0
		for _, sub := range re.Sub {
			if n, ok := digitItem(sub); ok {
				cur += n
			} else {
				cur = 0
				best = max(best, requiredDigitRun(sub))
			}
			best = max(best, cur)
		}
		return best
	}
	if n, ok := digitItem(re); ok {
		return n
	}
	return 0
}

// digitItem says whether re matches only ASCII digits, and at least how
// many.
func digitItem(re *syntax.Regexp) (minLen int, ok bool) {
	isDigits := func(r *syntax.Regexp) bool {
		switch r.Op {
		case syntax.OpCharClass:
			return len(r.Rune) == 2 && r.Rune[0] >= '0' && r.Rune[1] <= '9'
		case syntax.OpLiteral:
			return r.Flags&syntax.FoldCase == 0 && !slices.ContainsFunc(r.Rune, func(c rune) bool { return c < '0' || c > '9' })
		}
		return false
	}
	switch re.Op {
	case syntax.OpCharClass:
		return 1, isDigits(re)
	case syntax.OpLiteral:
		return len(re.Rune), isDigits(re)
	case syntax.OpCapture:
		return digitItem(re.Sub[0])
	case syntax.OpPlus, syntax.OpRepeat:
		n, ok := digitItem(re.Sub[0])
		if re.Op == syntax.OpRepeat {
			n *= re.Min
		}
		return n, ok
	}
	return 0, false
}

// confirmValues runs an anchorOther pattern on each value of data that
// holds a candidate, with the value's text bounds.
func (s *Scanner) confirmValues(c *customRule, data []byte, field FieldContext, bounds int) {
	done := -1 // the end of the last value run; candidates up to it are in it
	for _, loc := range c.re.FindAllIndex(data, -1) {
		st := loc[0]
		if st <= done {
			continue
		}
		// The value around st (an empty candidate on a separator is at the
		// end of the value before it).
		from := done + 1
		vs := from + bytes.LastIndexByte(data[from:st], valueSep) + 1
		ve := len(data)
		if k := bytes.IndexByte(data[st:], valueSep); k >= 0 {
			ve = st + k
		}
		done = ve
		b := boundStart | boundEnd
		if vs == 0 {
			b &^= boundStart &^ bounds
		}
		if ve == len(data) {
			b &^= boundEnd &^ bounds
		}
		for _, m := range c.confirm[b].FindAllIndex(data[vs:ve], -1) {
			s.customMatch(c, data, vs+m[0], vs+m[1], field)
		}
	}
}

// customMatch applies ignore words and keywords to a custom pattern's
// match [st, en) and records it if it stands.
func (s *Scanner) customMatch(c *customRule, data []byte, st, en int, field FieldContext) {
	if st == en {
		return
	}
	for _, w := range c.ignoreWords {
		if bytes.Contains(data[st:en], w) {
			s.explainReject([]target{c.t}, st, en, reasonIgnore)
			return
		}
	}
	if c.t.kw != nil && !field.has(c.t.kw.bit) && !c.t.kw.precedes(data, st, en, c.t.prox) {
		s.explainKeyword(&c.t, st, en)
		return
	}
	s.matches = append(s.matches, Match{Identifier: c.t.id, Start: st, End: en})
}

// compileUserRegex validates a user's pattern and compiles it with RE2,
// rewritten so that no match can contain a NUL (the value separator), in
// the forms its anchors need (see customPattern).
func compileUserRegex(pattern string) (customPattern, error) {
	var p customPattern
	tree, err := checkUserRegex(pattern)
	if err != nil {
		return p, err
	}
	p.form, p.lines = anchorFormOf(tree)
	if p.form == anchorNone {
		tree = excludeNUL(tree)
		p.expr = tree.String()
		if p.re, err = re2.Compile(p.expr); err != nil {
			return p, fmt.Errorf("regex: %w", err)
		}
		p.lines = !canMatchNewline(tree)
		lead, _ := literalLead(tree)
		// A pattern whose matches can hold a line break has value windows:
		// in text, where values are whole chunks, a lead (a literal and
		// what follows) is rarer than a literal, and found by RE2 without
		// the \b. A pattern with neither runs over text, and on the
		// values that hold a candidate elsewhere.
		if p.lines || lead == nil {
			// Rarest first: a literal (one byte, such as '-', is in most
			// lines), a literal ignoring case, a run of digits, a run of
			// classes.
			if lit := requiredLiteral(tree); len(lit) >= 2 {
				p.leadLit = lit
			} else if lit := requiredFoldLiteral(tree); len(lit) >= 3 {
				p.leadFold = lit
			} else if k := requiredDigitRun(tree); k >= minDigitRun {
				p.digitRun = k
			} else if seq := requiredClassSeq(tree); seq != nil {
				p.classSeq = newClassSeq(seq)
			}
		}
		if lead != nil && !p.windowed() {
			if p.lead, err = re2.Compile(lead.String()); err != nil {
				return p, fmt.Errorf("regex: %w", err)
			}
		}
		return p, nil
	}
	// parsed reparses the checked pattern: the rewrites change the tree.
	parsed := func() *syntax.Regexp {
		t, _ := syntax.Parse(pattern, syntax.Perl)
		return excludeNUL(t)
	}
	p.expr = mapAnchors(parsed(), func(syntax.Op) syntax.Op { return syntax.OpEmptyMatch }).String()
	if p.re, err = re2.Compile(p.expr); err != nil {
		return p, fmt.Errorf("regex: %w", err)
	}
	if p.form == anchorWhole {
		p.re.Longest()
	}
	if p.form != anchorOther {
		return p, nil
	}
	var exprs [len(p.confirm)]string
	for b := range p.confirm {
		exprs[b] = mapAnchors(parsed(), func(op syntax.Op) syntax.Op {
			switch {
			case op == syntax.OpBeginText && b&boundStart == 0, op == syntax.OpEndText && b&boundEnd == 0:
				return syntax.OpNoMatch
			}
			return op
		}).String()
		// Patterns without \A or \z (or without one of them) share forms.
		if k := slices.Index(exprs[:b], exprs[b]); k >= 0 {
			p.confirm[b] = p.confirm[k]
		} else if p.confirm[b], err = re2.Compile(exprs[b]); err != nil {
			return p, fmt.Errorf("regex: %w", err)
		}
	}
	return p, nil
}

// isAnchor says whether op is one of the anchors ^ $ \A \z.
func isAnchor(op syntax.Op) bool {
	return op == syntax.OpBeginLine || op == syntax.OpEndLine || op == syntax.OpBeginText || op == syntax.OpEndText
}

// hasAnchor says whether re has an anchor anywhere.
func hasAnchor(re *syntax.Regexp) bool {
	if isAnchor(re.Op) {
		return true
	}
	return slices.ContainsFunc(re.Sub, hasAnchor)
}

// anchorFormOf classifies a parsed pattern's anchors (see anchorForm).
// lines says that the anchors are (?m) ones, ^ and $ at line breaks, in a
// pattern that cannot match a line break: then anchorWhole and
// anchorStart apply to each line as they do to each value.
func anchorFormOf(re *syntax.Regexp) (form anchorForm, lines bool) {
	if !hasAnchor(re) {
		return anchorNone, false
	}
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return anchorOther, false
	}
	begin, end := syntax.OpBeginText, syntax.OpEndText
	if re.Sub[0].Op == syntax.OpBeginLine && !canMatchNewline(re) {
		begin, end, lines = syntax.OpBeginLine, syntax.OpEndLine, true
	}
	if re.Sub[0].Op != begin {
		return anchorOther, false
	}
	last := re.Sub[len(re.Sub)-1]
	switch {
	case last.Op == end && !slices.ContainsFunc(re.Sub[1:len(re.Sub)-1], hasAnchor):
		return anchorWhole, lines
	case !slices.ContainsFunc(re.Sub[1:], hasAnchor):
		return anchorStart, lines
	}
	return anchorOther, false
}

// literalLead returns re without the \b and \B it starts with, and the
// literal that follows them, when that is a literal of two or more bytes;
// else nil. It shares re's nodes.
func literalLead(re *syntax.Regexp) (lead, lit *syntax.Regexp) {
	if re.Op != syntax.OpConcat {
		return nil, nil
	}
	i := 0
	for i < len(re.Sub) && (re.Sub[i].Op == syntax.OpWordBoundary || re.Sub[i].Op == syntax.OpNoWordBoundary) {
		i++
	}
	if i == 0 || i == len(re.Sub) || re.Sub[i].Op != syntax.OpLiteral || len(string(re.Sub[i].Rune)) < 2 {
		return nil, nil
	}
	if i == len(re.Sub)-1 {
		return re.Sub[i], re.Sub[i]
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: re.Sub[i:]}, re.Sub[i]
}

// requiredLiteral returns the longest case-sensitive literal that every
// match of re contains, or nil.
func requiredLiteral(re *syntax.Regexp) []byte {
	return requiredBy(re, func(lit *syntax.Regexp) []byte {
		if foldsCase(lit) {
			return nil
		}
		return []byte(string(lit.Rune))
	})
}

// foldsCase says whether literal lit matches more than its own bytes: it
// ignores case and has a rune with another case.
func foldsCase(lit *syntax.Regexp) bool {
	if lit.Flags&syntax.FoldCase == 0 {
		return false
	}
	return slices.ContainsFunc(lit.Rune, func(r rune) bool { return unicode.SimpleFold(r) != r })
}

// canMatchNewline says whether some match of re can contain '\n'.
func canMatchNewline(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar:
		return true
	case syntax.OpLiteral:
		if slices.Contains(re.Rune, '\n') {
			return true
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return true
			}
		}
	}
	return slices.ContainsFunc(re.Sub, canMatchNewline)
}

// mapAnchors replaces the op of every anchor in re by f's.
func mapAnchors(re *syntax.Regexp, f func(syntax.Op) syntax.Op) *syntax.Regexp {
	if isAnchor(re.Op) {
		re.Op = f(re.Op)
		re.Flags &^= syntax.WasDollar
	}
	for _, sub := range re.Sub {
		mapAnchors(sub, f)
	}
	return re
}

// checkUserRegex checks a user's pattern against Macie's limits and RE2's
// syntax, naming any unsupported feature, and returns it parsed.
func checkUserRegex(pattern string) (*syntax.Regexp, error) {
	if pattern == "" {
		return nil, fmt.Errorf("regex is empty")
	}
	if n := utf8.RuneCountInString(pattern); n > maxRegexLen {
		return nil, fmt.Errorf("regex has %d characters, at most %d are allowed", n, maxRegexLen)
	}
	if feat := unsupportedFeature(pattern); feat != "" {
		return nil, fmt.Errorf("regex uses %s, which RE2 does not support (RE2 guarantees linear-time matching); rewrite the pattern without it", feat)
	}
	tree, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("regex does not parse as RE2 syntax: %w", err)
	}
	return tree, nil
}

// unsupportedFeature names the first Perl/PCRE feature in pattern that RE2
// rejects, or returns "".
func unsupportedFeature(p string) string {
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' && i+1 < len(p) {
			n := p[i+1]
			switch {
			case !inClass && n >= '1' && n <= '9':
				return `a backreference (\` + string(n) + `)`
			case !inClass && (n == 'k' || n == 'g'):
				return `a named backreference (\` + string(n) + `)`
			case n == 'Z':
				return `\Z (use \z)`
			case n == 'G':
				return `\G`
			case (n == 'p' || n == 'P' || n == 'x') && strings.HasPrefix(p[i+2:], "{"):
				// \p{Greek}, \x{263a}: skip to the closing brace, which
				// a following quantifier must not be read with.
				if k := strings.IndexByte(p[i+2:], '}'); k >= 0 {
					i += 2 + k
					continue
				}
			}
			i++
			continue
		}
		if inClass {
			if c == ']' {
				inClass = false
			}
			continue
		}
		switch c {
		case '[':
			inClass = true
			// A ']' right after '[' or '[^' is a literal.
			if strings.HasPrefix(p[i+1:], "^]") {
				i += 2
			} else if strings.HasPrefix(p[i+1:], "]") {
				i++
			}
		case '(':
			rest := p[i+1:]
			switch {
			case strings.HasPrefix(rest, "?="):
				return "a lookahead (?=...)"
			case strings.HasPrefix(rest, "?!"):
				return "a negative lookahead (?!...)"
			case strings.HasPrefix(rest, "?<="):
				return "a lookbehind (?<=...)"
			case strings.HasPrefix(rest, "?<!"):
				return "a negative lookbehind (?<!...)"
			case strings.HasPrefix(rest, "?>"):
				return "an atomic group (?>...)"
			case strings.HasPrefix(rest, "?("):
				return "a conditional (?(...)...)"
			case strings.HasPrefix(rest, "?R"), len(rest) > 1 && rest[0] == '?' && isDigit(rest[1]):
				return "recursion (?R)"
			}
		case '*', '+', '?', '}':
			if i+1 < len(p) && p[i+1] == '+' && i > 0 {
				return "a possessive quantifier (" + string(c) + "+)"
			}
		}
	}
	return ""
}

// excludeNUL rewrites a parsed pattern so that nothing in it matches a NUL
// byte: NUL separates values in a scanned buffer, and a match must not span
// two values.
func excludeNUL(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpAnyCharNotNL:
		re.Op = syntax.OpCharClass
		re.Rune = []rune{1, '\n' - 1, '\n' + 1, utf8.MaxRune}
	case syntax.OpAnyChar:
		re.Op = syntax.OpCharClass
		re.Rune = []rune{1, utf8.MaxRune}
	case syntax.OpCharClass:
		var out []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if lo == 0 {
				lo = 1
			}
			if lo <= hi {
				out = append(out, lo, hi)
			}
		}
		if len(out) == 0 {
			re.Op = syntax.OpNoMatch
		}
		re.Rune = out
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r == 0 {
				re.Op = syntax.OpNoMatch
				re.Rune = nil
				break
			}
		}
	}
	for i, sub := range re.Sub {
		re.Sub[i] = excludeNUL(sub)
	}
	return re
}
