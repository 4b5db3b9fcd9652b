package detectors

import (
	"strings"
	"testing"
)

// normaliseKeywordRef is normaliseKeyword without the fast path for
// keywords already normal.
func normaliseKeywordRef(k string) string {
	var b strings.Builder
	pendingSpace := false
	for i := 0; i < len(k); i++ {
		c := k[i]
		if isKeywordSep(c) {
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteByte(toLower(c))
	}
	return b.String()
}

// TestNormaliseKeywordAsReference: every string of up to five bytes from
// letters of both cases, every separator, a digit and UTF-8 bytes
// normalises as the reference does, and keywordNormal holds exactly when
// the result is the keyword itself.
func TestNormaliseKeywordAsReference(t *testing.T) {
	alphabet := []byte("aZ9 \t\r\n_-.#\xc3\xa9")
	var walk func(b []byte)
	walk = func(b []byte) {
		checkNormaliseKeyword(t, string(b))
		if len(b) == 5 {
			return
		}
		for _, c := range alphabet {
			walk(append(b, c))
		}
	}
	walk(nil)
}

func FuzzNormaliseKeyword(f *testing.F) {
	for _, s := range []string{"", " ", "card number", "Card_Number", " card", "card ", "a  b", "a\tb", "dl#", "número", "A-B.C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormaliseKeyword(t, s) })
}

func checkNormaliseKeyword(t *testing.T, k string) {
	t.Helper()
	want := normaliseKeywordRef(k)
	if got := normaliseKeyword(k); got != want {
		t.Fatalf("normaliseKeyword(%q) = %q, want %q", k, got, want)
	}
	if keywordNormal(k) != (want == k) {
		t.Fatalf("keywordNormal(%q) = %v, but it normalises to %q", k, keywordNormal(k), want)
	}
}
