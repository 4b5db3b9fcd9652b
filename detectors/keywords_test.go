package detectors

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormaliseKeyword(t *testing.T) {
	for in, want := range map[string]string{
		"Credit Card":           "credit card",
		"card_number":           "card number",
		"  social--security.no": "social security no",
		"CC#":                   "cc#",
		"aws_secret_access_key": "aws secret access key",
	} {
		if got := normaliseKeyword(in); got != want {
			t.Errorf("normaliseKeyword(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeywordFind(t *testing.T) {
	ks, err := newKwSet([]string{"card number", "ssn", "cc#", "social security"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want string // the first keyword occurrence found, "" for none
	}{
		{"the Card Number is", "Card Number"},
		{"card_number", "card_number"},
		{"card-number", "card-number"},
		{"cardNumber", "cardNumber"},
		{"card  \t number", "card  \t number"},
		{"cardnumber", ""},
		{"SSN", "SSN"},
		{"customerSSN", "SSN"}, // camelCase boundary
		{"customerSsn", "Ssn"},
		{"ssn2", ""},
		{"ssns", ""},
		{"xcc#", ""},
		{"cc#1234", "cc#"},
		{"Social\nSecurity", "Social\nSecurity"},
		// Byte 0xFF, the last of the first-byte table (it once read the
		// table's end as entry 0, and panicked).
		{"\xff\xffssn\xff", "ssn"},
		{"\xfe\xff", ""},
	}
	for _, tt := range tests {
		got := ""
		data := []byte(tt.text)
		ks.findIn(data, 0, len(data), func(s, e int) bool { got = tt.text[s:e]; return true })
		if got != tt.want {
			t.Errorf("findIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzKeywordFind(f *testing.F) {
	f.Add("the card number is ssn", 3, 10)
	f.Add("cardNumber\x00SSN", 0, 40)
	f.Add("ü ssn ü", 1, 2)
	ks, err := newKwSet([]string{"card number", "ssn", "cc#", "social security"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, s, e int) {
		data := []byte(text)
		ks.findIn(data, 0, len(data), func(st, en int) bool {
			if st < 0 || en > len(data) || st >= en {
				t.Fatalf("keyword span [%d,%d) out of bounds", st, en)
			}
			// The span, separators collapsed, is one of the keywords.
			w := normaliseKeyword(splitCamel(text[st:en]))
			found := false
			for _, k := range ks.words {
				found = found || strings.ReplaceAll(w, " ", "") == strings.ReplaceAll(k, " ", "")
			}
			if !found {
				t.Fatalf("span %q is no keyword", text[st:en])
			}
			return false
		})
		if s < 0 || e < s || e > len(data) {
			return
		}
		ks.near(data, s, e, 30) // must not panic
		if e > s {
			ks.precedes(data, s, e, 50)
		}
	})
}

func splitCamel(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && isLower(s[i-1]) && isUpper(s[i]) {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// findInRef is findIn trying every keyword at every position, with every
// test after matchAt.
func findInRef(ks *kwSet, text []byte, lo, hi int) [][2]int {
	var out [][2]int
	for p := lo; p < hi; p++ {
		for _, w := range ks.words {
			end, ok := matchAt(text, p, hi, w)
			if ok && wordStart(text, p, w[0]) && wordEnd(text, end, w[len(w)-1]) {
				out = append(out, [2]int{p, end})
			}
		}
	}
	return out
}

// TestKeywordFindAgreesWithReference: findIn reports every occurrence the
// reference finds, in order, for the catalogue's keyword sets, on text
// made of their keywords' pieces, separators, camelCase and other bytes.
func TestKeywordFindAgreesWithReference(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	seen := map[*kwSet]bool{}
	var sets []*kwSet
	for _, sp := range e.shapes {
		for _, tg := range sp.targets {
			if tg.kw != nil && !seen[tg.kw] {
				seen[tg.kw] = true
				sets = append(sets, tg.kw)
			}
		}
	}
	r := rand.New(rand.NewPCG(21, 22))
	pieces := []string{" ", "_", "-", ".", "x", "S", "1", "#", ":", "\x00", "é", "class", "Number"}
	for _, ks := range sets {
		for range 20 {
			var b []byte
			for len(b) < 200 {
				if r.IntN(2) == 0 {
					w := ks.words[r.IntN(len(ks.words))]
					if r.IntN(3) == 0 {
						w = strings.ToUpper(w)
					}
					b = append(b, strings.ReplaceAll(w, " ", pieces[r.IntN(3)])...)
				} else {
					b = append(b, pieces[r.IntN(len(pieces))]...)
				}
			}
			var got [][2]int
			ks.findIn(b, 0, len(b), func(s, e int) bool { got = append(got, [2]int{s, e}); return false })
			if want := findInRef(ks, b, 0, len(b)); !slices.Equal(got, want) {
				t.Fatalf("findIn(%q) = %v, want %v", b, got, want)
			}
		}
	}
}

// backCharsRef and fwdCharsRef are backChars and fwdChars a byte at a
// time, without the ASCII shortcut.
func backCharsRef(text []byte, s, n int) int {
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

func fwdCharsRef(text []byte, e, n int) int {
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

// TestCharsAgreeWithReference: the ASCII shortcut of backChars and
// fwdChars changes no offset, next to NULs, multi-byte characters and the
// buffer's ends.
func TestCharsAgreeWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	pieces := []string{"a", "b c", "12345678", "\x00", "é", "マ", "\xbf", "\xff", "-", "abcdefghijklmnop"}
	for range 3000 {
		var b []byte
		for range r.IntN(20) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		for range 20 {
			p, n := r.IntN(len(b)+1), r.IntN(40)
			if got, want := backChars(b, p, n), backCharsRef(b, p, n); got != want {
				t.Fatalf("backChars(%q, %d, %d) = %d, want %d", b, p, n, got, want)
			}
			if got, want := fwdChars(b, p, n), fwdCharsRef(b, p, n); got != want {
				t.Fatalf("fwdChars(%q, %d, %d) = %d, want %d", b, p, n, got, want)
			}
		}
	}
}

// TestPlainASCII holds plainASCII (AVX-512 under GOEXPERIMENT=simd) and
// its eight-bytes-at-a-time form to a byte loop, at every length to three
// windows and every place of one odd byte.
func TestPlainASCII(t *testing.T) {
	ref := func(b []byte) bool {
		for _, c := range b {
			if c == 0 || c >= 0x80 {
				return false
			}
		}
		return true
	}
	buf := make([]byte, 200)
	for i := range buf {
		buf[i] = byte(1 + i%0x7F)
	}
	for n := 0; n <= len(buf); n++ {
		for _, odd := range []byte{0, 0x80, 0xFF, 0x7F, 1, 'a'} {
			for at := -1; at < n; at++ {
				b := append([]byte(nil), buf[:n]...)
				if at >= 0 {
					b[at] = odd
				}
				want := ref(b)
				if got := plainASCII(b); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
				}
				if got := plainASCIISWAR(b); got != want {
					t.Fatalf("plainASCIISWAR(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}
