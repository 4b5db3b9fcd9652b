package detectors

import (
	"math/rand/v2"
	"testing"
)

// checkPrefixFilter fails t wherever p's prefix filter rejects a position
// of data at which p matches, and returns how many positions it rejected.
func checkPrefixFilter(t *testing.T, name string, p pattern, data []byte) int {
	t.Helper()
	f := newPrefixFilter(p)
	s := &Scanner{clsAt: -1, cls2At: -1}
	rejected := 0
	for q := 0; q < len(data); q++ {
		if q%3 == 0 {
			s.clsAt = -1 // computed afresh now and then, else carried from a try of another pattern
		}
		if f.canStart(data[q]) != p.first(data[q]) {
			t.Fatalf("pattern %s: the filter's first bytes differ from the pattern's at %q", name, data[q])
		}
		if !s.prefixRejects(&f, data, q) {
			continue
		}
		rejected++
		if _, _, ok := p.match(data, q, nil); ok {
			t.Fatalf("pattern %s: the prefix filter rejects %q at %d, where the pattern matches", name, data, q)
		}
	}
	return rejected
}

// prefixPieces are the bytes patterns care about: every class, the
// literals of the catalogue, full-width digits and hyphens (wider than a
// byte), other non-ASCII text and NUL.
var prefixPieces = []string{
	"0", "1", "5", "9", "A", "Z", "G", "a", "z", "q", "-", "_", "+", "/", "=", ".", " ", ":", "%", "^", ";", "?", "\x00", "\n",
	"０", "９", "５", "－", "ー", "é", "\xef", "\xbc", "\xe3",
}

func prefixData(r *rand.Rand, n int) []byte {
	var data []byte
	for len(data) < n {
		data = append(data, prefixPieces[r.IntN(len(prefixPieces))]...)
	}
	return data
}

// TestPrefixFilterNeverRejectsAMatch: for every pattern of the catalogue
// and some with repetitions, literals and hyphens first, the filter rejects
// no position where the pattern matches — on random text of the bytes
// patterns care about, and on each identifier's own samples — and does
// reject most random positions (a filter that rejects nothing would pass
// the first check and save nothing).
func TestPrefixFilterNeverRejectsAMatch(t *testing.T) {
	pats := map[string]pattern{}
	for _, s := range []string{"9{2,4}-99", "-9999", "%B9", "A{3}9{1,3}", "\\9A9", "k{8}", "b{4}9", "XXXXxxxx99", "99.99.9999", "9", "９9"} {
		p, err := compilePattern(s)
		if err != nil {
			t.Fatal(err)
		}
		pats[s] = p
	}
	var samples []byte
	for _, sp := range Catalogue() {
		if sp.Shape != nil {
			for _, s := range sp.Shape.Patterns {
				p, err := compilePattern(s)
				if err != nil {
					t.Fatal(err)
				}
				pats[s] = p
			}
		}
		for _, x := range append(sp.Samples, sp.NegativeSamples...) {
			samples = append(append(samples, x.Text...), ' ')
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for name, p := range pats {
		checkPrefixFilter(t, name, p, samples)
		rejected, positions := 0, 0
		for range 20 {
			data := prefixData(r, 200)
			// Plant a value of the pattern's shape now and then.
			if k := r.IntN(len(data)); r.IntN(2) == 0 {
				data = append(data[:k], append(valueOf(r, p), data[k:]...)...)
			}
			rejected += checkPrefixFilter(t, name, p, data)
			positions += len(data) - 7
		}
		if rejected < positions/4 {
			t.Errorf("pattern %s: the prefix filter rejects %d of %d random positions", name, rejected, positions)
		}
	}
}

// valueOf returns a random value p matches, in ASCII.
func valueOf(r *rand.Rand, p pattern) []byte {
	var v []byte
	for _, el := range p {
		n := int(el.min) + r.IntN(int(el.max-el.min)+1)
		for range n {
			switch el.class {
			case pLit:
				v = append(v, el.lit)
			case pHyphen:
				v = append(v, '-')
			case pDigit:
				v = append(v, byte('0'+r.IntN(10)))
			case pUpper, pUAlnum:
				v = append(v, byte('A'+r.IntN(26)))
			default:
				v = append(v, byte('a'+r.IntN(26)))
			}
		}
	}
	return v
}

func FuzzPrefixFilter(f *testing.F) {
	f.Add("AAAA99999999999999", []byte("GB82WEST12345698765432 DE89 3704 0044"))
	f.Add("9999 9999 99 9999999999", []byte("2100 0418 45 0200051332\x00１２３４ 5678"))
	f.Add("-9{2,4}k", []byte("ー12_x -1234-"))
	f.Add("\\9A9", []byte("9A9 ９A9 9a9"))
	f.Fuzz(func(t *testing.T, pat string, data []byte) {
		p, err := compilePattern(pat)
		if err != nil {
			return
		}
		checkPrefixFilter(t, pat, p, data)
	})
}
