package detectors

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// kwSet is one identifier's keywords, compiled for matching in small windows
// around a candidate value.
type kwSet struct {
	words []string // normalised: lowercase ASCII, words separated by one space
	// The words starting with byte c (either case of a letter) are
	// first[firstOff[c]:firstOff[c+1]], indexes into words in order: a
	// flat table, because a [256][]uint16 per set was 6 KiB of slice
	// headers per identifier for the garbage collector to scan, most of
	// the memory the catalogue's compile touched. Bytes, not wider
	// numbers: a set has at most maxKwSetEntries entries (a custom
	// identifier's 50 keywords make at most 100; the catalogue's largest
	// set 72), and the default catalogue's hundred sets then take half
	// the memory.
	firstOff [257]uint8
	first    []uint8
	maxLen   int // longest keyword, in bytes (an upper bound in characters)
	bit      int // this set's bit in a FieldContext, -1 if none
	// things, if set, vetoes the set's bit for field names about
	// something else (Spec.FieldThings).
	things *fieldThings
}

// normaliseKeyword lowercases ASCII letters and turns every run of
// separators (space, '_', '-', '.') into one space, so that "card_number",
// "Card-Number" and "card number" are one keyword.
func normaliseKeyword(k string) string {
	if keywordNormal(k) {
		return k // most keywords: no copy
	}
	var b strings.Builder
	b.Grow(len(k))
	pendingSpace := false
	for i := 0; i < len(k); i++ {
		c := k[i]
		if isKeywordSep(c) {
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteByte(toLower(c))
	}
	return b.String()
}

// keywordNormal reports whether normaliseKeyword(k) is k: no ASCII
// uppercase letter, and no separator but single spaces between words.
func keywordNormal(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if isUpper(c) {
			return false
		}
		if isKeywordSep(c) && (c != ' ' || i == 0 || i+1 == len(k) || isKeywordSep(k[i+1])) {
			return false
		}
	}
	return true
}

func newKwSet(keywords []string) (*kwSet, error) {
	ks := &kwSet{bit: -1, words: make([]string, 0, len(keywords))}
	for _, k := range keywords {
		w := normaliseKeyword(k)
		if w == "" {
			return nil, fmt.Errorf("keyword %q has no characters other than separators", k)
		}
		// (a set is a few dozen words: a search, not a map)
		if slices.Contains(ks.words, w) {
			continue
		}
		ks.words = append(ks.words, w)
		ks.maxLen = max(ks.maxLen, len(w))
	}
	// Index each word under its first byte and, for a lowercase letter,
	// the uppercase one too, so that the scan needs no lowercasing before
	// the lookup.
	var count [256]int
	for _, w := range ks.words {
		count[w[0]]++
		if isLower(w[0]) {
			count[w[0]-'a'+'A']++
		}
	}
	total := 0
	for _, n := range count {
		total += n
	}
	if total > maxKwSetEntries {
		return nil, fmt.Errorf("%d keywords: more than a keyword set holds", len(ks.words))
	}
	for c := range 256 {
		ks.firstOff[c+1] = ks.firstOff[c] + uint8(count[c])
	}
	ks.first = make([]uint8, ks.firstOff[256])
	next := ks.firstOff
	for i, w := range ks.words {
		c := w[0]
		ks.first[next[c]] = uint8(i)
		next[c]++
		if isLower(c) {
			u := c - 'a' + 'A'
			ks.first[next[u]] = uint8(i)
			next[u]++
		}
	}
	return ks, nil
}

// maxKwSetEntries bounds a kwSet's first-byte index: its words, counted
// twice if they start with a letter.
const maxKwSetEntries = 255

// isKeywordSep reports whether c separates words: the separators a space in
// a keyword stands for.
func isKeywordSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '_', '-', '.':
		return true
	}
	return false
}

// matchAt reports whether normalised keyword w occurs at text[p:] (ending at
// or before hi), and returns its end. A space in w matches one or more
// separators or a zero-width camelCase boundary (lowercase then uppercase).
func matchAt(text []byte, p, hi int, w string) (int, bool) {
	i := p
	for j := 0; j < len(w); j++ {
		c := w[j]
		if c == ' ' {
			n := i
			for i < hi && isKeywordSep(text[i]) {
				i++
			}
			if i == n && !(i > p && i < hi && isLower(text[i-1]) && isUpper(text[i])) {
				return 0, false
			}
			continue
		}
		if i >= hi || toLower(text[i]) != c {
			return 0, false
		}
		i++
	}
	return i, true
}

// wordStart reports whether a keyword starting at text[p] (first byte first,
// from the normalised keyword) begins a word: keywords that start with a
// letter or digit may not continue a larger word, except across a camelCase
// boundary.
func wordStart(text []byte, p int, first byte) bool {
	if p == 0 || !isAlnum(first) {
		return true
	}
	prev := text[p-1]
	return !isAlnum(prev) || (isLower(prev) && isUpper(text[p]))
}

// wordEnd is wordStart's mirror for a keyword ending just before text[e].
func wordEnd(text []byte, e int, last byte) bool {
	if e >= len(text) || !isAlnum(last) {
		return true
	}
	next := text[e]
	return !isAlnum(next) || (isLower(text[e-1]) && isUpper(next))
}

// findIn calls fn for each occurrence of any keyword wholly inside
// text[lo:hi], in increasing start order, until fn returns true; it reports
// whether fn did.
func (ks *kwSet) findIn(text []byte, lo, hi int, fn func(start, end int) bool) bool {
	for p := lo; p < hi; p++ {
		c := int(text[p]) // (an int: for byte 0xFF, c+1 is 256)
		cand := ks.first[ks.firstOff[c]:ks.firstOff[c+1]]
		// Every candidate's first byte is text[p]'s lowercase form, so
		// the word-start test is the same for all: made once, before any
		// matchAt, it turns away the middles of words ("s" in "class"
		// for "ssn").
		if len(cand) == 0 || !wordStart(text, p, ks.words[cand[0]][0]) {
			continue
		}
		for _, wi := range cand {
			w := ks.words[wi]
			end, ok := matchAt(text, p, hi, w)
			if ok && wordEnd(text, end, w[len(w)-1]) && fn(p, end) {
				return true
			}
		}
	}
	return false
}

// backChars returns the offset n characters (UTF-8 sequences) before s in
// text, stopping after a NUL (hard boundary) or at 0.
func backChars(text []byte, s, n int) int {
	// Most windows are ASCII text without a NUL: one byte per character.
	if lo := max(s-n, 0); plainASCII(text[lo:s]) {
		return lo
	}
	i := s
	for i > 0 && n > 0 {
		c := text[i-1]
		if c == 0 {
			return i
		}
		i--
		if c < utf8.RuneSelf || utf8.RuneStart(c) {
			n--
		}
	}
	return i
}

// fwdChars returns the offset n characters after e in text, stopping before
// a NUL or at len(text).
func fwdChars(text []byte, e, n int) int {
	// As backChars; the byte after the n characters must be ASCII too (a
	// continuation byte there is part of the n-th character).
	if hi := min(e+n+1, len(text)); e <= hi && plainASCII(text[e:hi]) {
		return min(e+n, len(text))
	}
	i := e
	for i < len(text) {
		c := text[i]
		if c == 0 {
			return i
		}
		if c < utf8.RuneSelf || utf8.RuneStart(c) {
			if n == 0 {
				return i
			}
			n--
		}
		i++
	}
	return i
}

// plainASCIISWAR reports whether b holds only ASCII bytes other than NUL,
// eight at a time (plainASCII where there is no AVX-512).
func plainASCIISWAR(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := load64(b[i:])
		if (w|(w-lsb)&^w)&msb != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == 0 || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// charCount counts characters (UTF-8 sequences) in b.
func charCount(b []byte) int { return utf8.RuneCount(b) }

// near reports whether a keyword occurs within prox characters before value
// text[s:e] or after it, without crossing a NUL.
func (ks *kwSet) near(text []byte, s, e, prox int) bool {
	lo := backChars(text, s, prox+ks.maxLen)
	if ks.findIn(text, lo, s, func(start, end int) bool {
		return charCount(text[end:s]) <= prox && (ks.things == nil || !ks.things.qualifies(text, start, end))
	}) {
		return true
	}
	hi := fwdChars(text, e, prox+ks.maxLen)
	return ks.findIn(text, e, hi, func(start, end int) bool {
		return charCount(text[e:start]) <= prox && (ks.things == nil || !ks.things.qualifies(text, start, end))
	})
}

// precedes reports whether a keyword ends at or before the start of match
// text[s:e] with at most dist characters between the keyword's end and the
// match's end, without crossing a NUL: Macie's rule for custom data
// identifiers (maximumMatchDistance).
func (ks *kwSet) precedes(text []byte, s, e, dist int) bool {
	lo := backChars(text, e, dist+ks.maxLen)
	if lo > s {
		return false
	}
	return ks.findIn(text, lo, s, func(_, end int) bool { return charCount(text[end:e]) <= dist })
}

// inName reports whether a keyword occurs in a field name.
func (ks *kwSet) inName(name []byte) bool {
	return ks.findIn(name, 0, len(name), func(_, _ int) bool { return true })
}
