package detectors

import "testing"

// TestPatternFirstSet: firstSet holds exactly the bytes first accepts, for
// every class and every literal byte.
func TestPatternFirstSet(t *testing.T) {
	for class := pLit; class <= pHyphen; class++ {
		lits := []byte{0}
		if class == pLit {
			lits = lits[:0]
			for c := range 256 {
				lits = append(lits, byte(c))
			}
		}
		for _, lit := range lits {
			p := pattern{{class: class, lit: lit, min: 1, max: 1}}
			set := p.firstSet()
			for c := range 256 {
				if got, want := set[c>>6]&(1<<(c&63)) != 0, p.first(byte(c)); got != want {
					t.Fatalf("class %d literal %#x: firstSet has byte %#x %v, first says %v", class, lit, c, got, want)
				}
			}
		}
	}
}
