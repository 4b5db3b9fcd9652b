package detectors

import (
	"regexp/syntax"
	"slices"
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
//
// It searches for a few runs at once, the variants of a pattern with an
// optional class, a short varying repeat or alternatives: [A-Z]{2}\s?\d{6}
// has the runs of eight and nine classes, (?:OR|PS)\d{3} OR999 and PS999. Each run is a track of the 64-bit state,
// followed by seven bits that the eight-bytes-a-step update spills into.
type classSeq struct {
	// notIn[c] has bit start+i clear when byte c is in class i of the
	// track at start, and every bit outside the tracks clear.
	notIn  [256]uint64
	tracks []seqTrack
	// clear8 and clear1 are the bits, at each track's start but the
	// first's, that a shift of eight or one moves the track below's
	// bits into: they must say "an empty prefix matches here", as the
	// zeros shifted in at bit 0 do.
	clear8, clear1 uint64
	hitBits        uint64 // where any track's occurrences end, in a step
}

// seqTrack is one run of classes in classSeq's state: bits start to
// start+k-1.
type seqTrack struct{ start, k int }

// Runs of byte classes are used when they are at least minClassSeq long
// (shorter ones are in most lines) and not only of digits (runs of fewer
// than minDigitRun digits are in most values of numeric data: \b\d{5}\b
// ran at 0.8x on windows). Their tracks, each a run and its spill bits,
// must fit in 63 bits, which makes maxClassSeq the longest single run (a
// longer one is searched for by its start); maxSeqVariants is how many
// runs a pattern's optional parts may make.
const (
	minClassSeq    = 3
	maxClassSeq    = 56
	seqSpill       = 7
	seqStateBits   = 63
	maxSeqVariants = 4
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

// newClassSeq returns the search for the runs in variants, which must fit
// in the state (fitVariants).
func newClassSeq(variants [][]byteSet) *classSeq {
	cs := &classSeq{}
	start := 0
	for t, seq := range variants {
		k := len(seq)
		cs.tracks = append(cs.tracks, seqTrack{start, k})
		if t > 0 {
			cs.clear8 |= 0xff << start
			cs.clear1 |= 1 << start
		}
		cs.hitBits |= 0xff << (start + k - 1)
		for c := range 256 {
			for i, set := range seq {
				if set[c>>6]&(1<<(c&63)) == 0 {
					cs.notIn[c] |= 1 << (start + i)
				}
			}
		}
		start += k + seqSpill
	}
	return cs
}

// occurrences appends to out the start of each occurrence of a run in
// data that does not overlap the one before, in increasing order (an
// overlapping one is in the same line and value, so in the same window);
// not ok, and stopped, when the occurrences before an offset outnumber
// limit plus one per maxLeadDensity bytes of it.
func (cs *classSeq) occurrences(data []byte, out []int, limit int) ([]int, bool) {
	t := &cs.notIn
	next := 0 // where the next occurrence may start
	// found is told of occurrences in the order they end; one that starts
	// before the last kept one overlaps it, so those kept increase.
	found := func(st, k int) bool {
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
	state := ^uint64(0) // bit start+i clear: the last bytes match a track's classes 0..i
	i := 0
	// Eight bytes a step: state<<8 | t[b0]<<7 | ... | t[b7]. A t entry has
	// no bit in the spill bits, so bit start+k-1+7-j of the result is bit
	// start+k-1 of the state after byte j: whether the track's run ends
	// there.
	for ; i+8 <= len(data); i += 8 {
		b := (*[8]byte)(data[i : i+8])
		state = (state<<8)&^cs.clear8 | t[b[0]]<<7 | t[b[1]]<<6 | t[b[2]]<<5 | t[b[3]]<<4 |
			t[b[4]]<<3 | t[b[5]]<<2 | t[b[6]]<<1 | t[b[7]]
		hits := ^state & cs.hitBits
		if hits == 0 {
			continue
		}
		for j := range 8 { // the earliest end first
			for _, tr := range cs.tracks {
				if hits&(1<<(tr.start+tr.k+6-j)) != 0 && !found(i+j-tr.k+1, tr.k) {
					return out, false
				}
			}
		}
	}
	for ; i < len(data); i++ {
		state = (state<<1)&^cs.clear1 | t[data[i]]
		for _, tr := range cs.tracks {
			if state&(1<<(tr.start+tr.k-1)) == 0 && !found(i-tr.k+1, tr.k) {
				return out, false
			}
		}
	}
	return out, true
}

// fitVariants cuts the runs in variants to their starts, as short as
// needed for their tracks to fit in the state, and drops those the cut
// made the same as one before.
func fitVariants(variants [][]byteSet) [][]byteSet {
	longest := 0
	for _, v := range variants {
		longest = max(longest, len(v))
	}
	for ; longest > 0; longest-- {
		bits := 0
		for _, v := range variants {
			bits += min(len(v), longest) + seqSpill
		}
		if bits <= seqStateBits {
			break
		}
	}
	var out [][]byteSet
	for _, v := range variants {
		v = v[:min(len(v), longest)]
		if !slices.ContainsFunc(out, func(o []byteSet) bool { return slices.Equal(o, v) }) {
			out = append(out, v)
		}
	}
	return out
}

// requiredClassSeq returns the runs of byte classes worth searching for
// (usableClassSeq) such that every match of re contains one of them, one
// byte per class, as far as a concatenation shows it: literals and classes
// of ASCII characters only (so that each matches one byte); \b and \B in
// between are skipped (they match no byte). A part that matches one of a
// few runs (seqVariants: x?, x{2,3}, (?:OR|PS)) makes a run of each, up to
// maxSeqVariants of them; a class repeated at least some number of times,
// and no more than that otherwise (x+, x{2,}, x{2,9}), ends the runs with
// its least number of bytes and starts the next with them. Of the sets of
// runs found, the one whose shortest run is longest wins, then the one of
// fewer runs. nil when there is none.
func requiredClassSeq(re *syntax.Regexp) [][]byteSet {
	var best [][]byteSet
	cur := [][]byteSet{nil}
	end := func() {
		fit := fitVariants(cur)
		usable := true
		for _, v := range fit {
			usable = usable && usableClassSeq(v)
		}
		if usable {
			if s, b := shortestRun(fit), shortestRun(best); s > b || s == b && len(fit) < len(best) {
				best = fit
			}
		}
		cur = [][]byteSet{nil}
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
		case syntax.OpLiteral:
			// A literal with a non-ASCII letter in it ends the runs there.
			for _, r := range re.Rune {
				set, ok := runeSet(r, re.Flags&syntax.FoldCase != 0)
				if !ok {
					end()
					continue
				}
				cur = concatRuns(cur, [][]byteSet{{set}})
			}
			return
		}
		if vs, ok := seqVariants(re); ok {
			if joined, ok := fewRuns(concatRuns(cur, vs)); ok {
				cur = joined
				return
			}
		}
		set, lo, ok := classAtLeast(re)
		if !ok {
			end()
			return
		}
		cur = concatRuns(cur, [][]byteSet{slices.Repeat([]byteSet{set}, lo)})
		end()
		cur = [][]byteSet{slices.Repeat([]byteSet{set}, lo)}
	}
	walk(re)
	end()
	return best
}

// shortestRun is the length of the shortest of runs, -1 when there is none.
func shortestRun(runs [][]byteSet) int {
	n := -1
	for _, v := range runs {
		if n < 0 || len(v) < n {
			n = len(v)
		}
	}
	return n
}

// seqVariants returns the runs of byte classes one of which re matches,
// when re matches only runs of ASCII classes of a few lengths: up to
// maxSeqVariants runs, or runs of up to maxSeqVariants lengths, those of
// one length merged class by class (AB|CD|EF|GH|IJ is [ACEGI][BDFHJ]).
func seqVariants(re *syntax.Regexp) ([][]byteSet, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return [][]byteSet{nil}, true
	case syntax.OpLiteral:
		var run []byteSet
		for _, r := range re.Rune {
			set, ok := runeSet(r, re.Flags&syntax.FoldCase != 0)
			if !ok {
				return nil, false
			}
			run = append(run, set)
		}
		return [][]byteSet{run}, true
	case syntax.OpCharClass:
		set, _, ok := classAtLeast(re)
		return [][]byteSet{{set}}, ok
	case syntax.OpCapture:
		return seqVariants(re.Sub[0])
	case syntax.OpConcat:
		runs := [][]byteSet{nil}
		for _, sub := range re.Sub {
			vs, ok := seqVariants(sub)
			if !ok {
				return nil, false
			}
			if runs, ok = fewRuns(concatRuns(runs, vs)); !ok {
				return nil, false
			}
		}
		return runs, true
	case syntax.OpAlternate:
		var runs [][]byteSet
		for _, sub := range re.Sub {
			vs, ok := seqVariants(sub)
			if !ok {
				return nil, false
			}
			runs = append(runs, vs...)
		}
		return fewRuns(runs)
	case syntax.OpQuest:
		vs, ok := seqVariants(re.Sub[0])
		if !ok {
			return nil, false
		}
		return fewRuns(append([][]byteSet{nil}, vs...))
	case syntax.OpRepeat:
		if re.Max < 0 || re.Max-re.Min >= maxSeqVariants {
			return nil, false
		}
		vs, ok := seqVariants(re.Sub[0])
		if !ok {
			return nil, false
		}
		var runs [][]byteSet
		rep := [][]byteSet{nil} // vs repeated n times
		for n := 0; n <= re.Max; n++ {
			if n >= re.Min {
				runs = append(runs, rep...)
			}
			if n < re.Max {
				if rep, ok = fewRuns(concatRuns(rep, vs)); !ok {
					return nil, false
				}
			}
		}
		return fewRuns(runs)
	}
	return nil, false
}

// concatRuns returns each of a followed by each of b, in new slices.
func concatRuns(a, b [][]byteSet) [][]byteSet {
	out := make([][]byteSet, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, slices.Concat(x, y))
		}
	}
	return out
}

// fewRuns returns runs, or, when they are more than maxSeqVariants, those
// of each length merged class by class; not ok when they are of more
// lengths than that.
func fewRuns(runs [][]byteSet) ([][]byteSet, bool) {
	if len(runs) <= maxSeqVariants {
		return runs, true
	}
	var merged [][]byteSet
	for _, r := range runs {
		i := slices.IndexFunc(merged, func(m []byteSet) bool { return len(m) == len(r) })
		if i < 0 {
			if len(merged) == maxSeqVariants {
				return nil, false
			}
			merged = append(merged, slices.Clone(r))
			continue
		}
		for j, set := range r {
			for w := range set {
				merged[i][j][w] |= set[w]
			}
		}
	}
	return merged, true
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

// classAtLeast says whether re is a class of ASCII characters (or a
// one-rune literal) repeated, and at least how many times. (How many
// times at most matters only where seqVariants makes a run of each.)
func classAtLeast(re *syntax.Regexp) (set byteSet, least int, ok bool) {
	switch re.Op {
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1] >= utf8.RuneSelf {
				return set, 0, false
			}
			set.add(re.Rune[i], re.Rune[i+1])
		}
		return set, 1, len(re.Rune) > 0
	case syntax.OpLiteral:
		if len(re.Rune) != 1 {
			return set, 0, false
		}
		set, ok = runeSet(re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return set, 1, ok
	case syntax.OpCapture, syntax.OpPlus:
		return classAtLeast(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		set, _, ok = classAtLeast(re.Sub[0])
		return set, 0, ok
	case syntax.OpRepeat:
		set, least, ok = classAtLeast(re.Sub[0])
		return set, least * re.Min, ok
	}
	return set, 0, false
}
