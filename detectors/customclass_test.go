package detectors

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

// classSeqRef is classSeq.occurrences the obvious way, without a limit:
// occurrences in the order they end, the runs in turn where they end at
// the same byte, each kept unless it starts before the last kept one ends.
func classSeqRef(data []byte, variants [][]byteSet) []int {
	var out []int
	next := 0
	for end := range data {
		for _, seq := range variants {
			st := end - len(seq) + 1
			if st < next || st < 0 {
				continue
			}
			ok := true
			for i := range seq {
				ok = ok && seq[i].has(data[st+i])
			}
			if ok {
				out = append(out, st)
				next = st + len(seq)
			}
		}
	}
	return out
}

// classSeqAlphabet is what the random runs and texts are made of.
const classSeqAlphabet = "aAzZ09-x \n\x00\xff"

// randomClassSeq makes a run of k classes, each a few bytes of the
// alphabet.
func randomClassSeq(r *rand.Rand, k int) []byteSet {
	seq := make([]byteSet, k)
	for i := range seq {
		for range 1 + r.IntN(3) {
			c := classSeqAlphabet[r.IntN(len(classSeqAlphabet))]
			seq[i].add(rune(c), rune(c))
		}
	}
	return seq
}

// randomVariants makes one run of up to maxClassSeq classes, or several
// shorter ones, some of them the start of another, cut to fit the state.
func randomVariants(r *rand.Rand, n int, k int) [][]byteSet {
	variants := [][]byteSet{randomClassSeq(r, k)}
	for len(variants) < n {
		v := randomClassSeq(r, 1+r.IntN(k))
		if r.IntN(2) == 0 { // a variant that shares a start, as x? makes
			w := variants[r.IntN(len(variants))]
			v = append(slices.Clone(w[:r.IntN(len(w)+1)]), v...)
		}
		variants = append(variants, v)
	}
	return fitVariants(variants)
}

func checkClassSeq(t *testing.T, data []byte, variants [][]byteSet) {
	t.Helper()
	want := classSeqRef(data, variants)
	cs := newClassSeq(variants)
	for _, limit := range []int{len(data) + 1, 0, 3} {
		got, ok := cs.occurrences(data, nil, limit)
		checkStopped(t, fmt.Sprintf("%s on %q, limit %d", describeVariants(variants), data, limit), got, ok, want, limit)
	}
}

// TestClassSeqOccurrences compares the eight-bytes-a-step search with
// classSeqRef, for one run of 1 to maxClassSeq classes or up to
// maxSeqVariants runs, on texts whose occurrences start and end anywhere
// in a step, overlap and fill it.
func TestClassSeqOccurrences(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 6000 {
		k := 1 + r.IntN(maxClassSeq)
		if n%2 == 0 {
			k = 1 + r.IntN(10)
		}
		variants := randomVariants(r, 1+n%maxSeqVariants, k)
		data := make([]byte, r.IntN(200))
		for i := range data {
			data[i] = classSeqAlphabet[r.IntN(len(classSeqAlphabet))]
		}
		// Plant occurrences, some overlapping.
		for range r.IntN(5) {
			seq := variants[r.IntN(len(variants))]
			k := len(seq)
			if len(data) < k {
				break
			}
			st := r.IntN(len(data) - k + 1)
			for i := range k {
				for c := range 256 {
					if seq[i].has(byte(c)) {
						data[st+i] = byte(c)
						break
					}
				}
			}
		}
		checkClassSeq(t, data, variants)
	}
}

func FuzzClassSeqOccurrences(f *testing.F) {
	f.Add([]byte("aA09-x aA09-x\x00\xffzz"), uint64(7), uint8(3), uint8(1))
	f.Add([]byte(strings.Repeat("0", 70)), uint64(1), uint8(56), uint8(1))
	f.Add([]byte("aa 0000 aa0000 a-0"), uint64(3), uint8(9), uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, k, n uint8) {
		r := rand.New(rand.NewPCG(seed, 1))
		checkClassSeq(t, data, randomVariants(r, 1+int(n)%maxSeqVariants, 1+int(k)%maxClassSeq))
	})
}

// TestFitVariants: runs are cut to their starts until their tracks fit
// in the state, and runs the cut made equal are one.
func TestFitVariants(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for range 500 {
		var variants [][]byteSet
		for range 1 + r.IntN(maxSeqVariants) {
			variants = append(variants, randomClassSeq(r, 1+r.IntN(60)))
		}
		fit := fitVariants(variants)
		bits := 0
		for i, v := range fit {
			bits += len(v) + seqSpill
			if len(v) == 0 || !slices.ContainsFunc(variants, func(w []byteSet) bool { return len(w) >= len(v) && slices.Equal(w[:len(v)], v) }) {
				t.Fatalf("run %d of %d is not the start of a run given", i, len(fit))
			}
			for _, w := range fit[:i] {
				if slices.Equal(v, w) {
					t.Fatalf("run %d repeated", i)
				}
			}
		}
		if bits > seqStateBits {
			t.Fatalf("%d runs take %d bits", len(fit), bits)
		}
		for _, v := range variants { // cut no more than needed
			if len(v) <= maxClassSeq && len(variants) == 1 && len(fit[0]) != len(v) {
				t.Fatalf("a run of %d cut to %d", len(v), len(fit[0]))
			}
		}
	}
}

// describeVariants writes runs as describeSeq does, separated by |.
func describeVariants(variants [][]byteSet) string {
	var parts []string
	for _, v := range variants {
		parts = append(parts, describeSeq(v))
	}
	return strings.Join(parts, "|")
}

// describeSeq writes a run of classes compactly: 9 for the digits, A for
// the uppercase letters, a byte for itself, ? for any other set.
func describeSeq(seq []byteSet) string {
	var b strings.Builder
	for _, set := range seq {
		var members []byte
		for c := range 256 {
			if set.has(byte(c)) {
				members = append(members, byte(c))
			}
		}
		switch string(members) {
		case "0123456789":
			b.WriteByte('9')
		case "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
			b.WriteByte('A')
		default:
			if len(members) == 1 {
				b.WriteByte(members[0])
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

// classSeqPatterns and the runs of classes that every match of each
// contains and that are worth searching for, as describeSeq writes them.
var classSeqPatterns = []struct{ re, seq string }{
	{`[A-Z]{2}\d{6}`, "AA999999"},
	{`\b\d{3}-\d{2}-\d{4}\b`, "999-99-9999"},
	{`\bEMP-\d+`, "EMP-9"},
	{`[A-Z]+\d{2,4}x`, "A99x|A999x|A9999x"}, // a short varying repeat makes a run of each
	{`[A-Z]+\d{2,6}x`, "A99"},               // a longer one ends a run and starts the next: 99x
	{`\d{2,7}[A-Z]{3}\d`, "99AAA9"},         // ... with its least number
	{`[A-Z]{3}-?\d{6}`, "AAA999999|AAA-999999"},
	{`[A-Z]{2}\s?\d{6}`, "AA999999|AA?999999"},
	{`[A-Z]{2}-?\d{3}-?\d{3}`, "AA999999|AA999-999|AA-999999|AA-999-99"},  // cut to fit the state
	{`[A-Z]{2}-?\d{3}-?\d{3}-?\d`, "AA999999|AA?99?99|AA?99??9|AA-999-9"}, // eight runs of four lengths, merged by length, cut
	{`\d{3}-?\d{4}`, ""},                                                  // one run is of digits only
	{`(?:[A-Z]\d?){3}`, "AAA|A???|A????|A9A9A9"},                          // eight runs of four lengths, merged by length
	{`(?i)k\d{3}x`, "999?"},                                               // k folds to the Kelvin sign
	{`(?i)[a-c]\d{2}`, "?99"},
	{`x?\d{2}é\d{4}`, ""}, // digits only
	{`(\d{2})([A-Z])`, "99A"},
	{`\d{2}(?:ab|cd)\d{3}y`, "99ab999y|99cd999y"}, // alternatives make a run each
	{`(?:OR|PS)\d{3}`, "OR999|PS999"},
	{`(?:ID|No\s*)\d{3}`, ""}, // an open-ended alternative ends a run
	{`AB\d{4}|CD\d{4}`, "AB9999|CD9999"},
	{`(?:AB|CD|EF|GH|IJ)\d{4}`, "??9999"}, // too many runs of one length: merged
	{`(?:AB|C)+\d{4}x`, "9999x"},          // a repeat of an alternation ends a run
	{`[^,]\d{2}`, ""},
	{`.\d`, ""},
	{`\d*`, ""},
	{`[A-Z]\d`, ""},                              // too short
	{`\bX\d{60}`, "X" + strings.Repeat("9", 55)}, // cut to fit the state
	{`x?[A-Z]{30}\d`, strings.Repeat("A", 24) + "|x" + strings.Repeat("A", 23)},
}

// TestRequiredClassSeq checks the run found in each pattern, and that
// every match of the pattern in random texts contains it.
func TestRequiredClassSeq(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"A", "Z", "0", "9", "-", "EMP", "x", "y", "é", "k", "\u212a", "b", "ab", " ", ",", "\n", "123", "OR", "PS", "CD", "GH", "cd", ":", "4567"}
	checked := 0
	for _, tc := range classSeqPatterns {
		tree, err := syntax.Parse(tc.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		seq := requiredClassSeq(tree)
		if got := describeVariants(seq); got != tc.seq {
			t.Errorf("%s: run %q, want %q", tc.re, got, tc.seq)
			continue
		}
		if len(seq) == 0 {
			continue
		}
		re := regexp.MustCompile(tc.re)
		for range 3000 {
			var b strings.Builder
			for range r.IntN(40) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			for _, m := range re.FindAllString(b.String(), -1) {
				checked++
				if len(classSeqRef([]byte(m), seq)) == 0 { // none of the runs
					t.Fatalf("%s: match %q does not contain the run %q", tc.re, m, tc.seq)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("%d matches checked: too few", checked)
	}
}

// TestUsableClassSeq: runs of digits only, or shorter than minClassSeq,
// are not searched for.
func TestUsableClassSeq(t *testing.T) {
	digits, letter := byteSet{}, byteSet{}
	digits.add('0', '9')
	letter.add('A', 'Z')
	for _, tc := range []struct {
		seq  []byteSet
		want bool
	}{
		{[]byteSet{letter, letter, digits}, true},
		{[]byteSet{digits, digits, digits, digits, digits}, false},
		{[]byteSet{letter, digits}, false},
		{[]byteSet{digits, digits, letter}, true},
	} {
		if got := usableClassSeq(tc.seq); got != tc.want {
			t.Errorf("%s: usable %v, want %v", describeSeq(tc.seq), got, tc.want)
		}
	}
}
