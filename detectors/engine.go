package detectors

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/wasilibs/go-re2/experimental"
)

// Identifier is one identifier compiled into an Engine (managed or custom).
type Identifier struct {
	ID       string // Macie's ID, or the custom identifier's name
	Category Category
	Custom   bool

	severity []SeverityThreshold // ascending Occurrences
}

// SeverityFor returns the severity of a detection of this identifier with
// count occurrences in one object, by Macie's rule: the step of the severity
// rule with the highest threshold not above count. It returns SeverityNone
// when count is below the lowest threshold (Macie creates no finding).
func (id *Identifier) SeverityFor(count int) Severity {
	sev := SeverityNone
	for _, t := range id.severity {
		if count >= t.Occurrences {
			sev = t.Severity
		}
	}
	return sev
}

// SeverityRule returns the identifier's severity rule, thresholds
// ascending. The caller must not modify it.
func (id *Identifier) SeverityRule() []SeverityThreshold { return id.severity }

// Options selects what an Engine detects.
type Options struct {
	// Managed are the managed identifier IDs to use; nil means DefaultIDs().
	// An unknown ID is an error naming it.
	Managed []string
	// Custom are custom data identifiers, in Macie's CreateCustomDataIdentifier shape.
	Custom []CustomDataIdentifier
	// AllowLists drop matches whose text they allow.
	AllowLists []AllowList
}

// Engine is a compiled set of identifiers. It is immutable after Compile
// and safe for concurrent use; scan with one Scanner per goroutine.
type Engine struct {
	ids []Identifier

	numeric   []numericRule
	minDigits int // fewest digits of any numeric shape: shorter tokens are skipped
	// contigLens has lenBit(n) for every contiguous length of any numeric
	// shape, and minForm is the fewest groups of any grouped form: a token
	// of fewer groups, none of such a length, holds no value (see
	// numericToken).
	contigLens uint64
	minForm    int
	email      []target
	awsID      []target // access key IDs: the AKIA/ASIA prefix is their own evidence
	pem        []pemRule
	jwt        []target
	custom     []customRule
	// customSet says which custom patterns occur in a buffer, so that only
	// those run (nil below customSetMin patterns run over the whole buffer).
	customSet *experimental.Set

	shapes []*shapeRule
	// The shape rules scanShapes runs over a whole buffer: shapeFree on
	// every buffer, shapeByBit[b] in a field whose context has bit b
	// (keyword-first rules, by their keyword set's bit); see indexShapes.
	shapeFree  []int32
	shapeByBit [maxFieldBits][]int32
	kwIdx      *kwIndex // keywords of keyword-first shapes; nil if none
	iban       [26 * 26]*ibanRule
	hasIBAN    bool
	ip         []target

	// literalPasses counts the literal-anchor passes that run (AWS key
	// IDs, PEM, JWT): from two on they share literalAnchorsFrom.
	literalPasses int

	yields [][]int // per identifier: identifiers it gives way to on the same value

	fieldSets []*kwSet // keyword sets with a FieldContext bit, indexed by bit
	// While compiling: the keyword list each of fieldSets was made from,
	// and an open-addressing table of their indexes plus one by the
	// list's hash (see setFor).
	kwLists  [][]string
	kwByList []uint16
	allow    []allowRule
}

// target is one identifier fed by a matcher, with its keyword rule.
type target struct {
	id   int
	kw   *kwSet // nil: no keywords
	rule kwRule
	prox int
}

type kwRule uint8

const (
	kwOptional kwRule = iota
	kwRequired
	kwAbsent
)

type numericRule struct {
	shape   *Numeric
	targets []target
	// firstLens has bit n set when a value of the shape can start with a
	// group of n digits (bit 63: 63 or more): the contiguous lengths and
	// each grouped form's first group. Most groups of a token start no
	// value of a given shape, and this one test turns them away.
	firstLens uint64
}

// lenBit is n's bit in numericRule.firstLens.
func lenBit(n int) uint64 { return 1 << min(n, 63) }

type pemRule struct {
	label   []byte // e.g. "RSA PRIVATE KEY"
	targets []target
}

// maxFieldBits is the number of identifiers with keywords an Engine can
// track in a FieldContext.
const maxFieldBits = 256

// FieldContext says which identifiers' keywords occur in a field name. It is
// a small value; the zero value means "no field" (no keywords).
type FieldContext struct {
	bits [maxFieldBits / 64]uint64
}

func (f FieldContext) has(bit int) bool {
	return bit >= 0 && f.bits[bit>>6]&(1<<(bit&63)) != 0
}

// Compile validates opts and builds an Engine. Errors say what to fix.
// The engine of the default options (Options{}) is built once per process
// and shared: an Engine is immutable.
func Compile(opts Options) (*Engine, error) {
	if opts.Managed == nil && len(opts.Custom) == 0 && len(opts.AllowLists) == 0 {
		return defaultEngine()
	}
	return compile(opts)
}

// defaultEngine compiles the default catalogue's engine once: a daemon or
// a job that compiles it for every run pays ~2 ms (warm) each time.
var defaultEngine = sync.OnceValues(func() (*Engine, error) {
	return compileIn(Options{}, &defaultKwIndex, &defaultKwTables)
})

// The default engine's keyword index, and its two large tables, in static
// storage: the one default engine of a process lives as long as the
// process, and its largest tables (230 KB, of which a third is ever
// written) then stay out of the heap, whose growth they otherwise brought
// the first garbage collection forward into start-up with. Only
// defaultEngine, once, compiles into them.
var (
	defaultKwIndex  kwIndex
	defaultKwTables kwTables
)

func compile(opts Options) (*Engine, error) { return compileIn(opts, nil, nil) }

// compileIn is compile with, if not nil, the storage of the keyword index
// and its tables (zeroed, used by no other engine).
func compileIn(opts Options, kwIdx *kwIndex, kwTabs *kwTables) (*Engine, error) {
	e := &Engine{minDigits: 1 << 30, minForm: 1 << 30}
	var errs []error

	all := catalogue()
	// The selected identifiers, marked by their place in the catalogue,
	// are then taken in its order (by ID), so that Identifiers() does not
	// depend on how the caller listed them.
	chosen := make([]bool, len(all))
	if opts.Managed == nil { // DefaultIDs
		for i := range all {
			chosen[i] = !all[i].OffByDefault
		}
	}
	for _, id := range opts.Managed {
		i := specIndex(all, id)
		if i < 0 {
			errs = append(errs, fmt.Errorf("unknown managed data identifier %q (see Catalogue for the known IDs)", id))
			continue
		}
		chosen[i] = true
	}
	selected := make([]*Spec, 0, len(all))
	for i := range all {
		if chosen[i] {
			selected = append(selected, &all[i])
		}
	}
	e.ids = make([]Identifier, 0, len(selected)+len(opts.Custom))
	// The keyword pass's words, counted as addManaged adds them, so that
	// its lists are made once.
	adds := 0
	for _, sp := range selected {
		switch {
		case sp.Matcher == "aws-credentials":
			adds += len(sp.Keywords)
		case sp.Matcher == "shape" && sp.Shape != nil:
			if sp.KeywordRequired && len(sp.Shape.Anchors) == 0 {
				adds += len(sp.Keywords)
			}
			adds += len(sp.Shape.Anchors)
		}
	}
	if adds > 0 {
		e.kwIdx = newKwIndexIn(adds, kwIdx, kwTabs)
	}
	for _, sp := range selected {
		if err := e.addManaged(sp); err != nil {
			errs = append(errs, err)
		}
	}
	e.yields = make([][]int, len(e.ids))
	for i, sp := range selected {
		for _, y := range sp.YieldsTo {
			if specIndex(all, y) < 0 {
				errs = append(errs, fmt.Errorf("managed identifier %s: yields to unknown %q", sp.ID, y))
			}
			if j := slices.IndexFunc(e.ids, func(id Identifier) bool { return id.ID == y }); j >= 0 {
				e.yields[i] = append(e.yields[i], j)
			}
		}
	}

	names := map[string]bool{}
	for i := range opts.Custom {
		c := &opts.Custom[i]
		if names[c.Name] {
			errs = append(errs, fmt.Errorf("custom data identifier %q: name used twice", c.Name))
			continue
		}
		names[c.Name] = true
		if specIndex(all, c.Name) >= 0 {
			errs = append(errs, fmt.Errorf("custom data identifier %q: name is a managed identifier ID", c.Name))
			continue
		}
		if err := e.addCustom(c); err != nil {
			errs = append(errs, err)
		}
	}
	e.kwLists, e.kwByList = nil, nil
	if e.kwIdx != nil {
		e.kwIdx.finish()
	}
	e.indexShapes()
	for _, n := range []int{len(e.awsID), len(e.pem), len(e.jwt)} {
		if n > 0 {
			e.literalPasses++
		}
	}
	if len(errs) == 0 {
		if err := e.compileCustomSet(); err != nil {
			errs = append(errs, err)
		}
	}
	for i := range opts.AllowLists {
		if err := e.addAllowList(&opts.AllowLists[i]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return e, nil
}

func (e *Engine) addManaged(sp *Spec) error {
	idx := len(e.ids)
	e.ids = append(e.ids, Identifier{ID: sp.ID, Category: sp.Category, severity: sp.Severity})
	t := target{id: idx, prox: sp.proximity()}
	switch {
	case sp.KeywordRequired:
		t.rule = kwRequired
	case sp.KeywordAbsent:
		t.rule = kwAbsent
	}
	if len(sp.Keywords) > 0 {
		var ks *kwSet
		var err error
		if sp.FieldThings != nil {
			ks, err = e.setWithThings(sp.Keywords, sp.FieldThings)
		} else {
			ks, err = e.setFor(sp.Keywords)
		}
		if err != nil {
			return fmt.Errorf("managed identifier %s: %w", sp.ID, err)
		}
		t.kw = ks
	}
	if (t.rule != kwOptional) && t.kw == nil {
		return fmt.Errorf("managed identifier %s: a keyword rule without keywords", sp.ID)
	}

	switch sp.Matcher {
	case "numeric":
		if sp.Numeric == nil {
			return fmt.Errorf("managed identifier %s: numeric matcher without a Numeric shape", sp.ID)
		}
		for i := range e.numeric {
			if e.numeric[i].shape == sp.Numeric {
				e.numeric[i].targets = append(e.numeric[i].targets, t)
				return nil
			}
		}
		r := numericRule{shape: sp.Numeric, targets: []target{t}}
		for _, l := range sp.Numeric.Lengths {
			r.firstLens |= lenBit(l)
			e.contigLens |= lenBit(l)
		}
		for _, form := range sp.Numeric.Groups {
			if len(form) > 0 {
				r.firstLens |= lenBit(form[0])
			}
			if len(form) >= 2 { // tryShape tries no shorter form
				e.minForm = min(e.minForm, len(form))
			}
		}
		e.numeric = append(e.numeric, r)
		if m := shapeMinDigits(sp.Numeric); len(e.numeric) == 1 || m < e.minDigits {
			e.minDigits = m
		}
	case "email":
		e.email = append(e.email, t)
	case "aws-credentials":
		e.awsID = append(e.awsID, target{id: idx})
		if t.kw == nil {
			return fmt.Errorf("managed identifier %s: AWS secret keys need keywords", sp.ID)
		}
		// Secret access keys need a keyword: a keyword-first shape, found
		// only around the keywords by the one keyword pass.
		t.rule = kwRequired
		r := &shapeRule{spec: sp, at: awsSecretAt, maxChars: awsSecretKeyLen, targets: []target{t}, keywordFirst: true}
		for c := 0; c < 256; c++ {
			if isSecretKeyChar(byte(c)) {
				r.firstSet[c>>6] |= 1 << (c & 63)
			}
		}
		if e.kwIdx == nil {
			e.kwIdx = newKwIndex(0)
		}
		for _, w := range t.kw.words {
			e.kwIdx.add(w, uint16(len(e.shapes)), false)
		}
		e.shapes = append(e.shapes, r)
	case "pem":
		if len(sp.Labels) == 0 {
			return fmt.Errorf("managed identifier %s: pem matcher without labels", sp.ID)
		}
		for _, l := range sp.Labels {
			e.pem = append(e.pem, pemRule{label: []byte(l), targets: []target{t}})
		}
	case "jwt":
		e.jwt = append(e.jwt, t)
	case "shape":
		r, err := compileShape(sp)
		if err != nil {
			return fmt.Errorf("managed identifier %s: %w", sp.ID, err)
		}
		r.targets = []target{t}
		r.keywordFirst = t.rule == kwRequired && len(sp.Shape.Anchors) == 0
		if r.keywordFirst || len(sp.Shape.Anchors) > 0 {
			if e.kwIdx == nil {
				e.kwIdx = newKwIndex(0)
			}
		}
		if r.keywordFirst {
			for _, w := range t.kw.words {
				e.kwIdx.add(w, uint16(len(e.shapes)), false)
			}
		}
		for _, a := range sp.Shape.Anchors {
			w := normaliseKeyword(a)
			if w == "" || !(isAlpha(w[0]) || w[0] >= 0xC0) {
				return fmt.Errorf("managed identifier %s: anchor %q must start with a letter", sp.ID, a)
			}
			r.anchored = true
			e.kwIdx.add(w, uint16(len(e.shapes)), true)
		}
		e.shapes = append(e.shapes, r)
	case "ip":
		e.ip = append(e.ip, t)
	case "iban":
		if sp.IBAN == "" {
			return fmt.Errorf("managed identifier %s: iban matcher without a country", sp.ID)
		}
	default:
		return fmt.Errorf("managed identifier %s: unknown matcher %q", sp.ID, sp.Matcher)
	}
	if sp.IBAN != "" {
		cc := sp.IBAN
		if len(cc) != 2 || !isUpper(cc[0]) || !isUpper(cc[1]) || ibanLength(cc[0], cc[1]) == 0 {
			return fmt.Errorf("managed identifier %s: %q is not an IBAN country", sp.ID, cc)
		}
		slot := ibanSlot(cc[0], cc[1])
		if e.iban[slot] != nil {
			return fmt.Errorf("managed identifier %s: IBAN country %s claimed twice", sp.ID, cc)
		}
		// IBANs carry their own evidence (country, length, check digits):
		// no keyword rule, whatever the BBAN's.
		e.iban[slot] = &ibanRule{length: ibanLength(cc[0], cc[1]), targets: []target{{id: idx, prox: t.prox}}}
		e.hasIBAN = true
	}
	return nil
}

// setFor returns the keyword set of an identifier's keywords:
// identifiers with the same keyword list (the card twins) share one set,
// with one FieldContext bit, and one proximity search per value in emit.
func (e *Engine) setFor(keywords []string) (*kwSet, error) {
	h := uint32(2166136261) // FNV-1a of the words, each ended by a NUL
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			h = (h ^ uint32(k[i])) * 16777619
		}
		h *= 16777619
	}
	if e.kwByList == nil {
		e.kwByList = make([]uint16, 2*maxFieldBits)
	}
	mask := uint32(len(e.kwByList) - 1)
	slot := h & mask
	for ; e.kwByList[slot] != 0; slot = (slot + 1) & mask {
		if i := e.kwByList[slot] - 1; slices.Equal(e.kwLists[i], keywords) {
			return e.fieldSets[i], nil
		}
	}
	ks, err := e.newFieldSet(keywords, keywords)
	if err != nil {
		return nil, err
	}
	e.kwByList[slot] = uint16(len(e.fieldSets))
	return ks, nil
}

// newFieldSet compiles keywords into a set with the next FieldContext
// bit; list is what setFor finds it by (nil: never shared).
func (e *Engine) newFieldSet(keywords, list []string) (*kwSet, error) {
	ks, err := newKwSet(keywords)
	if err != nil {
		return nil, err
	}
	if len(e.fieldSets) == maxFieldBits {
		return nil, fmt.Errorf("more than %d identifiers with keywords", maxFieldBits)
	}
	ks.bit = len(e.fieldSets)
	e.fieldSets = append(e.fieldSets, ks)
	e.kwLists = append(e.kwLists, list)
	return ks, nil
}

// setWithThings returns a keyword set of its own, with its own
// FieldContext bit, for an identifier whose field-name keywords
// FieldThings qualifies: no other identifier's field context follows its
// rule.
func (e *Engine) setWithThings(keywords []string, ft *FieldThings) (*kwSet, error) {
	if !fieldWord(ft.Keyword) || len(ft.Things) == 0 {
		return nil, fmt.Errorf("field things: keyword %q must be one lowercase word, with things", ft.Keyword)
	}
	if !slices.Contains(keywords, ft.Keyword) {
		return nil, fmt.Errorf("field things: %q is not one of the keywords", ft.Keyword)
	}
	things := make(map[string]bool, len(ft.Things))
	for _, w := range ft.Things {
		if !fieldWord(w) || string(singular([]byte(w))) != w {
			return nil, fmt.Errorf("field things: %q must be one lowercase word, singular", w)
		}
		things[w] = true
	}
	ks, err := e.newFieldSet(keywords, nil) // never shared with setFor's
	if err != nil {
		return nil, err
	}
	ks.things = &fieldThings{keyword: ft.Keyword, things: things}
	return ks, nil
}

// Identifiers returns the compiled identifiers; Match.Identifier indexes
// this slice. Managed identifiers come first, sorted by ID, then custom
// identifiers in the order given. The caller must not modify it.
func (e *Engine) Identifiers() []Identifier { return e.ids }

// Field precomputes which identifiers' keywords occur in a field name: a CSV
// column name, or a JSON path like "$.customer.cards[].card_number". Macie
// counts a keyword in a column name or in any JSON path element as a keyword
// for every value of that field. '_', '-', '.', other punctuation and
// camelCase boundaries separate words; matching ignores ASCII case.
func (e *Engine) Field(name string) FieldContext {
	var f FieldContext
	if name == "" {
		return f
	}
	var buf [256]byte
	var n []byte
	if len(name) <= len(buf) {
		n = buf[:len(name)]
	} else {
		n = make([]byte, len(name))
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		// Path punctuation ('$', '[', ']', '/', ...) becomes a separator;
		// '#' stays because keywords like "cc#" contain it.
		if c < 0x80 && !isAlnum(c) && c != '#' && !isKeywordSep(c) {
			c = ' '
		}
		n[i] = c
	}
	for _, ks := range e.fieldSets {
		if ks.inName(n) && (ks.things == nil || !ks.things.about(name)) {
			f.bits[ks.bit>>6] |= 1 << (ks.bit & 63)
		}
	}
	return f
}
