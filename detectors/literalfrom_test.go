package detectors

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// literalPairs are literal.go's pairs with their literals, by literalFrom
// index.
var literalPairs = [numLiterals]struct {
	lit        []byte
	off0, off1 int
	b0, b1     byte
}{
	litAKIA: {awsKeyIDFinders[0].lit, akiaOff0, akiaOff1, akiaByte0, akiaByte1},
	litASIA: {awsKeyIDFinders[1].lit, asiaOff0, asiaOff1, asiaByte0, asiaByte1},
	litPEM:  {pemBeginFinder.lit, pemOff0, pemOff1, pemByte0, pemByte1},
	litJWT:  {jwtAnchorFinder.lit, jwtOff0, jwtOff1, jwtByte0, jwtByte1},
}

// TestLiteralAnchorPairs: each pair is two distinct bytes of its literal
// at their offsets, so an occurrence always has both.
func TestLiteralAnchorPairs(t *testing.T) {
	want := [numLiterals]string{litAKIA: "AKIA", litASIA: "ASIA", litPEM: "-----BEGIN ", litJWT: "eyJ"}
	for f, p := range literalPairs {
		if string(p.lit) != want[f] {
			t.Errorf("literal %d is %q, want %q", f, p.lit, want[f])
		}
		if p.off0 == p.off1 || p.off1 >= len(p.lit) || p.lit[p.off0] != p.b0 || p.lit[p.off1] != p.b1 {
			t.Errorf("%q: pair %c@%d %c@%d is not the literal's", p.lit, p.b0, p.off0, p.b1, p.off1)
		}
	}
}

// literalAnchorsFromRef is literalAnchorsFrom one start at a time: the
// first start of each literal among the starts the 64-byte blocks cover,
// or the end of those.
func literalAnchorsFromRef(data []byte) literalFrom {
	var from literalFrom
	if !hasLiteralBlocks {
		return from
	}
	end := 0
	for end+64+7 <= len(data) {
		end += 64
	}
	for f, p := range literalPairs {
		from[f] = end
		for st := 0; st < end; st++ {
			if st+len(p.lit) <= len(data) && string(data[st:st+len(p.lit)]) == string(p.lit) {
				from[f] = st
				break
			}
		}
	}
	return from
}

// literalText is random text dense in the literals, their pair bytes and
// near misses.
func literalText(r *rand.Rand, n int) []byte {
	pieces := []string{"AKIA", "ASIA", "-----BEGIN ", "eyJ", "AK", "AS", "BEG", "B G", "yJ", "ey", "A", "K", "S", "B", "G", "y", "J",
		"AKIABBR6QMW4WXFOGO6M", "ASIAY34FZKBOKMUTVV7A", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0.", " the order was shipped ", "\x00", "0123456789"}
	var b []byte
	for len(b) < n {
		if r.IntN(4) == 0 {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		} else {
			b = append(b, byte('a'+r.IntN(26)))
		}
	}
	return b[:n]
}

// TestLiteralAnchorsFrom checks literalAnchorsFrom against the reference
// on buffers of every length around the block boundaries, from nothing to
// every anchor in the first block.
func TestLiteralAnchorsFrom(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for n := 0; n < 600; n++ {
		for range 4 {
			data := literalText(r, n)
			if r.IntN(3) == 0 {
				for i := range data { // a buffer without anchors but one
					if r.IntN(50) != 0 {
						data[i] = 'x'
					}
				}
			}
			if got, want := literalAnchorsFrom(data), literalAnchorsFromRef(data); got != want {
				t.Fatalf("literalAnchorsFrom(%q) = %v, want %v", data, got, want)
			}
		}
	}
}

// scanLiteralSkip scans data with and without literalAnchorsFrom and
// fails t if the matches differ.
func scanLiteralSkip(t *testing.T, e *Engine, data []byte, field FieldContext) {
	t.Helper()
	var got [2][]Match
	for i, skip := range []bool{true, false} {
		s := e.NewScanner()
		s.literalSkip = skip
		s.Scan(data, field, func(m Match) { got[i] = append(got[i], m) })
	}
	if !slices.Equal(got[0], got[1]) {
		t.Fatalf("literalAnchorsFrom changed the matches of %q:\nskip %v\nfull %v", data, got[0], got[1])
	}
}

// TestLiteralSkipSameMatches: the AWS key ID, PEM and JWT passes find the
// same matches starting where literalAnchorsFrom says, for catalogues with
// two and three of them.
func TestLiteralSkipSameMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	for _, opts := range []Options{{}, {Managed: allIDs()}, {Managed: []string{"AWS_CREDENTIALS", "JSON_WEB_TOKEN"}}} {
		e := mustCompile(t, opts)
		if e.literalPasses < 2 {
			t.Fatalf("%v: %d literal passes, want at least 2", opts.Managed, e.literalPasses)
		}
		for range 300 {
			scanLiteralSkip(t, e, literalText(r, r.IntN(3000)), FieldContext{})
		}
	}
}

func FuzzLiteralSkip(f *testing.F) {
	for _, s := range []string{
		"xx AKIABBR6QMW4WXFOGO6M yy ASIAY34FZKBOKMUTVV7A eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0. -----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
		"the order was shipped to the customer after payment confirmation from the warehouse team AKIABBR6QMW4WXFOGO6M",
		"AKIABBR6QMW4WXFOGO6M\x00the order was shipped to the customer after payment confirmation from the warehouse team",
	} {
		f.Add([]byte(s))
	}
	e, err := Compile(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		scanLiteralSkip(t, e, data, FieldContext{})
	})
}
