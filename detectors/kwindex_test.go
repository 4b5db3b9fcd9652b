package detectors

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// kwRef finds every occurrence of every word the slow way: matchAt at every
// word start.
func kwRef(x *kwIndex, data []byte) [][3]int {
	var out [][3]int
	for p := range data {
		c := data[p]
		start := (isAlpha(c) && (p == 0 || !isAlnum(data[p-1]) || (isLower(data[p-1]) && isUpper(c)))) || (x.high && c >= 0xC0)
		if !start {
			continue
		}
		for wi, w := range x.words {
			if end, ok := matchAt(data, p, len(data), w); ok && wordEnd(data, end, w[len(w)-1]) {
				out = append(out, [3]int{p, end, wi})
			}
		}
	}
	return out
}

func kwFast(x *kwIndex, data []byte) [][3]int {
	var out [][3]int
	x.scan(data, func(ks, ke int, wi uint16) { out = append(out, [3]int{ks, ke, int(wi)}) })
	slices.SortFunc(out, func(a, b [3]int) int { return slices.Compare(a[:], b[:]) })
	return out
}

// kwPortable is kwFast through the portable loop, whatever the build: under
// GOEXPERIMENT=simd, scan takes the AVX-512 loop and both must agree.
func kwPortable(x *kwIndex, data []byte) [][3]int {
	var out [][3]int
	fn := func(ks, ke int, wi uint16) { out = append(out, [3]int{ks, ke, int(wi)}) }
	x.scanTail(data, x.scanSWAR(data, fn), fn)
	slices.SortFunc(out, func(a, b [3]int) int { return slices.Compare(a[:], b[:]) })
	return out
}

func testKwIndex() *kwIndex {
	x := newKwIndex(0)
	for i, w := range []string{"passport", "passport no", "cf", "nhs", "ssn", "マイナンバー", "法人番号", "dl number", "card data", "a b"} {
		x.add(normaliseKeyword(w), uint16(i), i%3 == 0)
	}
	x.finish()
	return x
}

// TestKwIndexAgreesWithReference: the filtered pass finds exactly what
// trying every word at every word start finds, on random text built from
// keyword fragments, separators, camelCase and multi-byte characters, in
// buffers of every small length (the tail loop) and longer ones.
func TestKwIndexAgreesWithReference(t *testing.T) {
	x := testKwIndex()
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{"pass", "port", "Passport", "PASSPORT", " ", "_", "-", ".", "no", "No", "cf", "CF", "nhs", "ssn", "x", "9",
		"マイナンバー", "法人", "番号", "dl", "Number", "number", "card", "Data", "\x00", "a", "b", "é", "\n"}
	checkKwJoins(t, x, r, parts, 3000, func() int { return r.IntN(12) })
}

// TestKwIndexCatalogueAgreesWithReference is TestKwIndexAgreesWithReference
// with the default catalogue's keywords, on prose whose words start with
// keywords ("printed", "password", "account manager", "Finance") next to
// the keywords themselves, in every case and joined every way.
func TestKwIndexCatalogueAgreesWithReference(t *testing.T) {
	x := mustCompile(t, Options{}).kwIdx
	r := rand.New(rand.NewPCG(5, 6))
	parts := []string{"printed", "pr", "no", "No", "password", "pass", "nr", "Nr", "account", "Account", "manager", "number", "Number",
		"acc", "details", "billing", "code", "Code", "Finance", "fin", "final", "FIN", "passport", "ssn", "SSN", "1", "42", "x",
		" ", "  ", "_", "-", ".", "\t", "\n", "\x00", ":", "é", "a", "B"}
	checkKwJoins(t, x, r, parts, 2000, func() int { return 1 + r.IntN(10) })
}

// checkKwJoins holds the keyword pass, fast and portable, to kwRef on n
// buffers of parts joined at random: pieces() of them, or 60 every tenth.
func checkKwJoins(t *testing.T, x *kwIndex, r *rand.Rand, parts []string, n int, pieces func() int) {
	t.Helper()
	for i := 0; i < n; i++ {
		var b []byte
		k := pieces()
		if i%10 == 0 {
			k = 60
		}
		for j := 0; j < k; j++ {
			b = append(b, parts[r.IntN(len(parts))]...)
		}
		want := kwRef(x, b)
		if got := kwFast(x, b); !slices.Equal(got, want) {
			t.Fatalf("%q: scan %v, reference %v", b, got, want)
		}
		if got := kwPortable(x, b); !slices.Equal(got, want) {
			t.Fatalf("%q: portable scan %v, reference %v", b, got, want)
		}
	}
}

func FuzzKwIndex(f *testing.F) {
	x := testKwIndex()
	for _, s := range []string{"passport no 1", "cfCode", "マイナンバー：1", "dlNumber", "card  data", "a b",
		"passports and passport_no", "nhs1 nhs ssnx ssn_", "card datastore card data.", "a bc aB a b1 a\tb"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := kwRef(x, b)
		if got := kwFast(x, b); !slices.Equal(got, want) {
			t.Fatalf("%q: scan %v, reference %v", b, got, want)
		}
		if got := kwPortable(x, b); !slices.Equal(got, want) {
			t.Fatalf("%q: portable scan %v, reference %v", b, got, want)
		}
	})
}

// TestDigitSkips: the numeric pass's skips (digitCursor, whose windows are
// classified with AVX-512 under GOEXPERIMENT=simd, and the SWAR loops) land
// where a byte loop does, from every start, across window edges, asked in
// order and out of order.
func TestDigitSkips(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 300; n++ {
		b := make([]byte, r.IntN(300))
		for i := range b {
			switch r.IntN(8) {
			case 0:
				b[i] = byte('0' + r.IntN(10))
			case 1:
				b[i] = byte(r.IntN(256))
			default:
				b[i] = byte('a' + r.IntN(26))
			}
			if n%3 == 0 && r.IntN(4) > 0 {
				b[i] = byte('0' + r.IntN(10)) // long digit runs
			}
		}
		// One cursor asked in increasing order, as the numeric pass
		// does, and a fresh one asked at random places.
		quick := n%2 == 0
		c := newDigitCursor(b, quick)
		for k := 0; k <= 2*len(b); k++ {
			i := k
			if k > len(b) {
				i = r.IntN(len(b) + 1)
				if k%2 == 0 {
					c = newDigitCursor(b, quick)
				}
			}
			next, end := i, i
			for next < len(b) && !isDigit(b[next]) {
				next++
			}
			for end < len(b) && isDigit(b[end]) {
				end++
			}
			if got := c.next(i); got != next {
				t.Fatalf("next(%q, %d) = %d, want %d", b, i, got, next)
			}
			if got := c.runEnd(i); got != end {
				t.Fatalf("runEnd(%q, %d) = %d, want %d", b, i, got, end)
			}
			if got := nextDigitSWAR(b, i); got != next {
				t.Fatalf("nextDigitSWAR(%q, %d) = %d, want %d", b, i, got, next)
			}
			if got := digitRunEndSWAR(b, i); got != end {
				t.Fatalf("digitRunEndSWAR(%q, %d) = %d, want %d", b, i, got, end)
			}
		}
	}
}

// TestKwPairTables: every three-byte prefix the tri filter passes passes
// the three two-byte tables the AVX-512 loop tests first, for the catalogue's
// index.
func TestKwPairTables(t *testing.T) {
	x := mustCompile(t, Options{Managed: allIDs()}).kwIdx
	for h := uint32(0); h < 1<<15; h++ {
		if x.tri[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		c0, c1, c2 := h>>10, h>>5&31, h&31
		if x.pair[c0<<2|c1>>3]&(1<<(c1&7)) == 0 || x.pairNext[c1<<2|c2>>3]&(1<<(c2&7)) == 0 || x.pairSkip[c0<<2|c2>>3]&(1<<(c2&7)) == 0 {
			t.Fatalf("prefix codes %d %d %d pass tri but not the pair tables", c0, c1, c2)
		}
	}
}

// TestKwQuadWithinTri: every four-byte prefix the quad filter passes has
// its first three bytes pass tri, which lets the AVX-512 loop test quad
// alone (testStarts), for the catalogue's index and the test index.
func TestKwQuadWithinTri(t *testing.T) {
	for _, x := range []*kwIndex{mustCompile(t, Options{Managed: allIDs()}).kwIdx, testKwIndex()} {
		n := 0
		for q := uint32(0); q < 1<<20; q++ {
			if x.quad[q>>6]&(1<<(q&63)) == 0 {
				continue
			}
			n++
			if h := q >> 5; x.tri[h>>6]&(1<<(h&63)) == 0 {
				t.Fatalf("prefix hash %#x passes quad but its first three bytes fail tri", q)
			}
		}
		if n == 0 {
			t.Fatal("quad passes nothing")
		}
	}
}
