package detectors

import (
	"math/bits"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// classSeq finds where a run of byte classes occurs, such as the eight of
// [A-Z]{2}\d{6} (two uppercase letters, then six digits): the candidates
// of a custom pattern that has no literal or long digit run in every
// match, whose windows RE2 then confirms. RE2's DFA here reads ~300 MB/s;
// this bit-parallel search (Shift-Or, eight bytes a step) reads several
// times that, and finds few places in data where the pattern cannot
// match anyway.
type classSeq struct {
	// notIn[c] has bit i clear when byte c is in the run's class i, for
	// i < k, and every bit from k up clear.
	notIn [256]uint64
	k     int
}

// Runs of byte classes are used when they are at least minClassSeq long
// (shorter ones are in most lines) and not only of digits (runs of fewer
// than minDigitRun digits are in most values of numeric data: \b\d{5}\b
// ran at 0.8x on windows), and at most maxClassSeq long (a longer run is
// searched for by its start): the state of the search for eight bytes at a
// time must fit in 64 bits.
const (
	minClassSeq = 3
	maxClassSeq = 56
)

// byteSet is a set of bytes, bit c%64 of word c/64.
type byteSet [4]uint64

// digitSet is the set of the ASCII digits.
var digitSet = byteSet{0x03ff << '0'}

// usableClassSeq says whether seq is worth searching for (see minClassSeq).
func usableClassSeq(seq []byteSet) bool {
	if len(seq) < minClassSeq {
		return false
	}
	for _, set := range seq {
		if set[0]&^digitSet[0] != 0 || set[1]|set[2]|set[3] != 0 {
			return true
		}
	}
	return false
}

func (s *byteSet) add(lo, hi rune) {
	for c := lo; c <= hi; c++ {
		s[c>>6] |= 1 << (c & 63)
	}
}

func newClassSeq(seq []byteSet) *classSeq {
	seq = seq[:min(len(seq), maxClassSeq)]
	cs := &classSeq{k: len(seq)}
	for c := range 256 {
		var m uint64
		for i, set := range seq {
			if set[c>>6]&(1<<(c&63)) == 0 {
				m |= 1 << i
			}
		}
		cs.notIn[c] = m
	}
	return cs
}

// occurrences appends to out the start of each occurrence of the run in
// data that does not overlap the one before (an overlapping one is in the
// same line and value, so in the same window); not ok, and stopped, when
// the occurrences before an offset outnumber limit plus one per
// maxLeadDensity bytes of it.
func (cs *classSeq) occurrences(data []byte, out []int, limit int) ([]int, bool) {
	k := cs.k
	t := &cs.notIn
	next := 0                     // where the next occurrence may start
	state := ^uint64(0)           // bit i clear: the last bytes match classes 0..i
	found := func(end int) bool { // an occurrence ends at data[end]
		st := end - k + 1
		if st < next {
			return true
		}
		if len(out) >= limit+st/maxLeadDensity {
			return false
		}
		out = append(out, st)
		next = st + k
		return true
	}
	i := 0
	// Eight bytes a step: state<<8 | t[b0]<<7 | ... | t[b7]. A t entry has
	// no bit from k up, so bit k-1+7-j of the result is bit k-1 of the
	// state after byte j: whether an occurrence ends there.
	hitBits := uint64(0xff) << (k - 1)
	for ; i+8 <= len(data); i += 8 {
		b := (*[8]byte)(data[i : i+8])
		state = state<<8 | t[b[0]]<<7 | t[b[1]]<<6 | t[b[2]]<<5 | t[b[3]]<<4 |
			t[b[4]]<<3 | t[b[5]]<<2 | t[b[6]]<<1 | t[b[7]]
		// Highest bit first: the earliest byte.
		for hits := ^state & hitBits; hits != 0; {
			b := 63 - bits.LeadingZeros64(hits)
			hits &^= 1 << b
			if !found(i + k + 6 - b) {
				return out, false
			}
		}
	}
	for ; i < len(data); i++ {
		state = state<<1 | t[data[i]]
		if state&(1<<(k-1)) == 0 && !found(i) {
			return out, false
		}
	}
	return out, true
}

// requiredClassSeq returns the longest run of byte classes worth searching
// for (usableClassSeq) that every match of re contains, one byte per
// class, as far as a concatenation shows it: literals and classes of ASCII
// characters only (so that each matches one byte), repeated a fixed number
// of times or at least once; \b and \B in between are skipped (they match
// no byte). A repeat of varying length ends a run with its least number of
// bytes and starts the next with them. nil when there is none.
func requiredClassSeq(re *syntax.Regexp) []byteSet {
	var best, cur []byteSet
	end := func() {
		if len(cur) > len(best) && usableClassSeq(cur) {
			best = cur
		}
		cur = nil
	}
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpConcat:
			for _, sub := range re.Sub {
				walk(sub)
			}
			return
		case syntax.OpCapture:
			walk(re.Sub[0])
			return
		case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpEmptyMatch:
			return
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				set, ok := runeSet(r, re.Flags&syntax.FoldCase != 0)
				if !ok {
					end()
					continue
				}
				cur = append(cur, set)
			}
			return
		}
		set, n, fixed, ok := classRepeat(re)
		if !ok || n == 0 {
			end()
			return
		}
		for range n {
			cur = append(cur, set)
		}
		if !fixed {
			end()
			for range n {
				cur = append(cur, set)
			}
		}
	}
	walk(re)
	end()
	return best
}

// runeSet is the set of the bytes that literal r matches, with fold when
// it ignores case; not ok unless they are all ASCII.
func runeSet(r rune, fold bool) (set byteSet, ok bool) {
	if r >= utf8.RuneSelf {
		return set, false
	}
	set.add(r, r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= utf8.RuneSelf {
				return set, false
			}
			set.add(f, f)
		}
	}
	return set, true
}

// classRepeat says whether re is a class of ASCII characters (or a
// one-rune literal) repeated at least n times, exactly n when fixed.
func classRepeat(re *syntax.Regexp) (set byteSet, n int, fixed, ok bool) {
	switch re.Op {
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1] >= utf8.RuneSelf {
				return set, 0, false, false
			}
			set.add(re.Rune[i], re.Rune[i+1])
		}
		return set, 1, true, len(re.Rune) > 0
	case syntax.OpLiteral:
		if len(re.Rune) != 1 {
			return set, 0, false, false
		}
		set, ok = runeSet(re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return set, 1, true, ok
	case syntax.OpCapture:
		return classRepeat(re.Sub[0])
	case syntax.OpPlus:
		set, n, _, ok = classRepeat(re.Sub[0])
		return set, n, false, ok
	case syntax.OpRepeat:
		set, n, fixed, ok = classRepeat(re.Sub[0])
		return set, n * re.Min, fixed && re.Min == re.Max, ok
	}
	return set, 0, false, false
}
