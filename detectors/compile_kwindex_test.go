package detectors

import (
	"slices"
	"testing"
)

// refTriHashes returns the three-byte prefix hashes text can show for
// normalised word w, as the old compile marked them (a recursive closure
// over a space standing for one separator or more, or nothing at a
// camelCase boundary, and 32 codes for any byte past the end): the
// reference for finish's buckets, independent of kwIndex.expand.
func refTriHashes(w string) map[uint32]bool {
	out := map[uint32]bool{}
	var pre [3]byte
	var walk func(n int, rest string, ended bool)
	walk = func(n int, rest string, ended bool) {
		if n == 3 {
			out[triHash(pre[0], pre[1], pre[2])] = true
			return
		}
		if ended || rest == "" {
			for c := range 32 {
				pre[n] = byte(c)
				walk(n+1, "", true)
			}
			return
		}
		if rest[0] == ' ' {
			for i := 0; i < len(kwSeps); i++ {
				pre[n] = kwSeps[i]
				walk(n+1, rest[1:], false)
				walk(n+1, rest, false)
			}
			walk(n, rest[1:], false)
			return
		}
		pre[n] = rest[0]
		walk(n+1, rest[1:], false)
	}
	walk(0, w, false)
	return out
}

// TestKwIndexBucketsAsReference: for every prefix hash, the flattened
// bucket holds exactly the words that reach it, once each, in the order
// added, each with its own prefix; tri marks exactly the hashes with
// words; sepAt is the words' common boundary offset or -1.
func TestKwIndexBucketsAsReference(t *testing.T) {
	for _, x := range []*kwIndex{mustCompile(t, Options{}).kwIdx, mustCompile(t, Options{Managed: allIDs()}).kwIdx, testKwIndex()} {
		want := map[uint32][]uint16{}
		for wi, w := range x.words {
			for h := range refTriHashes(w) {
				want[h] = append(want[h], uint16(wi))
			}
		}
		for h := uint32(0); h < 1<<15; h++ {
			words := want[h]
			slices.Sort(words)
			bucket := x.bucket(h)
			if marked := x.tri[h>>6]&(1<<(h&63)) != 0; marked != (len(words) > 0) {
				t.Fatalf("hash %#x: tri bit %v, %d words", h, marked, len(words))
			}
			if len(bucket) != len(words) {
				t.Fatalf("hash %#x: %d words in the bucket, want %d", h, len(bucket), len(words))
			}
			sep := int8(-1)
			for i, pf := range bucket {
				wantPf := newKwPrefix(x.words[words[i]])
				wantPf.word = words[i]
				if pf != wantPf {
					t.Fatalf("hash %#x: word %d of the bucket is %+v, want %+v", h, i, pf, wantPf)
				}
				if i == 0 {
					sep = pf.next
				} else if pf.next != sep {
					sep = -1
				}
			}
			if len(bucket) > 0 && x.sepAt[h] != sep {
				t.Fatalf("hash %#x: sepAt %d, want %d", h, x.sepAt[h], sep)
			}
		}
	}
}

// TestKwIndexOwnersAsReference: each word's owners are the shape rules
// that added it, in rule order: keyword-first rules by their keywords,
// anchored rules by their anchors (an anchor and a keyword of the same
// text are two words).
func TestKwIndexOwnersAsReference(t *testing.T) {
	for _, opts := range []Options{{}, {Managed: allIDs()}} {
		e := mustCompile(t, opts)
		x := e.kwIdx
		type key struct {
			w      string
			anchor bool
		}
		want := map[key][]uint16{}
		for i, r := range e.shapes {
			if r.keywordFirst {
				for _, w := range r.targets[0].kw.words {
					want[key{w, false}] = append(want[key{w, false}], uint16(i))
				}
			}
			if r.spec.Shape != nil {
				for _, a := range r.spec.Shape.Anchors {
					w := normaliseKeyword(a)
					want[key{w, true}] = append(want[key{w, true}], uint16(i))
				}
			}
		}
		if len(want) != len(x.words) {
			t.Fatalf("%d words, want %d", len(x.words), len(want))
		}
		for wi, w := range x.words {
			if got, exp := x.ownersOf(uint16(wi)), want[key{w, x.anchor[wi]}]; !slices.Equal(got, exp) {
				t.Errorf("word %q (anchor %v): owners %v, want %v", w, x.anchor[wi], got, exp)
			}
		}
	}
}
