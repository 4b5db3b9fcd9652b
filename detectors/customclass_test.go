package detectors

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

// classSeqRef is classSeq.occurrences the obvious way, without a limit.
func classSeqRef(data []byte, seq []byteSet) []int {
	var out []int
	for st := 0; st+len(seq) <= len(data); st++ {
		ok := true
		for i := range seq {
			ok = ok && seq[i].has(data[st+i])
		}
		if ok && (len(out) == 0 || st >= out[len(out)-1]+len(seq)) {
			out = append(out, st)
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

func checkClassSeq(t *testing.T, data []byte, seq []byteSet) {
	t.Helper()
	want := classSeqRef(data, seq)
	cs := newClassSeq(seq)
	for _, limit := range []int{len(data) + 1, 0, 3} {
		got, ok := cs.occurrences(data, nil, limit)
		checkStopped(t, fmt.Sprintf("%d classes on %q, limit %d", len(seq), data, limit), got, ok, want, limit)
	}
}

// TestClassSeqOccurrences compares the eight-bytes-a-step search with
// classSeqRef, for runs of 1 to maxClassSeq classes, on texts whose
// occurrences start and end anywhere in a step, overlap and fill it.
func TestClassSeqOccurrences(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 3000 {
		k := 1 + r.IntN(maxClassSeq)
		if n%2 == 0 {
			k = 1 + r.IntN(10)
		}
		seq := randomClassSeq(r, k)
		data := make([]byte, r.IntN(200))
		for i := range data {
			data[i] = classSeqAlphabet[r.IntN(len(classSeqAlphabet))]
		}
		// Plant occurrences, some overlapping.
		for range r.IntN(4) {
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
		checkClassSeq(t, data, seq)
	}
}

func FuzzClassSeqOccurrences(f *testing.F) {
	f.Add([]byte("aA09-x aA09-x\x00\xffzz"), uint64(7), uint8(3))
	f.Add([]byte(strings.Repeat("0", 70)), uint64(1), uint8(56))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, k uint8) {
		r := rand.New(rand.NewPCG(seed, 1))
		checkClassSeq(t, data, randomClassSeq(r, 1+int(k)%maxClassSeq))
	})
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
	{`[A-Z]+\d{2,4}x`, "A99"},       // a varying repeat ends a run and starts the next: 99x
	{`\d{2,4}[A-Z]{3}\d`, "99AAA9"}, // ... with its least number
	{`[A-Z]{3}-?\d{6}`, "AAA"},      // the longest run is of digits only
	{`(?i)k\d{3}x`, "999?"},         // k folds to the Kelvin sign
	{`(?i)[a-c]\d{2}`, "?99"},
	{`x?\d{2}é\d{4}`, ""}, // digits only
	{`(\d{2})([A-Z])`, "99A"},
	{`\d{2}(?:ab|cd)\d{3}y`, "999y"}, // an alternation ends a run
	{`[^,]\d{2}`, ""},
	{`.\d`, ""},
	{`\d*`, ""},
	{`[A-Z]\d`, ""}, // too short
	{`\bX\d{60}`, "X" + strings.Repeat("9", 60)},
}

// TestRequiredClassSeq checks the run found in each pattern, and that
// every match of the pattern in random texts contains it.
func TestRequiredClassSeq(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"A", "Z", "0", "9", "-", "EMP", "x", "y", "é", "k", "\u212a", "b", "ab", " ", ",", "\n", "123"}
	checked := 0
	for _, tc := range classSeqPatterns {
		tree, err := syntax.Parse(tc.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		seq := requiredClassSeq(tree)
		if got := describeSeq(seq); got != tc.seq {
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
				if len(classSeqRef([]byte(m), seq)) == 0 {
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
