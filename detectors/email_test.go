package detectors

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestEmailAround(t *testing.T) {
	tests := []struct {
		text string
		want string // "" for none
	}{
		{"mail jane.doe@example.com now", "jane.doe@example.com"},
		{"x+tag%1@sub-domain.example.org.", "x+tag%1@sub-domain.example.org"},
		{"...john@example.com", "john@example.com"},
		{"john.@example.com", ""},
		{"jo..hn@example.com", ""},
		{"john@example", ""},
		{"john@.example.com", ""},
		{"john@example..com", ""},
		{"john@example.com-", ""}, // last label ends with '-'
		{"john@-example.com", ""},
		{"john@example.abcdefghijklmnopqrstuvwxy", ""}, // 25-letter TLD
		{"john@example.abcdefghijklmnopqrstuvwx", "john@example.abcdefghijklmnopqrstuvwx"},
		{strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com"},
		{strings.Repeat("a", 65) + "@example.com", ""},
		{"@example.com", ""},
		{"john@", ""},
	}
	for _, tt := range tests {
		at := strings.IndexByte(tt.text, '@')
		st, en, ok := emailAround([]byte(tt.text), at)
		got := ""
		if ok {
			got = tt.text[st:en]
		}
		if got != tt.want {
			t.Errorf("emailAround(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// emailReference states the rule as a regex over the whole candidate.
var emailReference = regexp.MustCompile(`^[A-Za-z0-9_%+-]([A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$`)

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"a@b.io", "jane.doe@example.com.", "x@y", "a..b@c.de", "@@", "é@x.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data := []byte(s)
		for at := 0; at < len(data); at++ {
			if data[at] != '@' {
				continue
			}
			st, en, ok := emailAround(data, at)
			if !ok {
				continue
			}
			if st > at || en <= at || en > len(data) || st < 0 {
				t.Fatalf("emailAround(%q, %d) = [%d,%d) out of bounds", s, at, st, en)
			}
			m := s[st:en]
			if !emailReference.MatchString(m) || strings.Contains(m[:strings.IndexByte(m, '@')], "..") {
				t.Fatalf("emailAround(%q) accepted %q, which breaks the rule", s, m)
			}
		}
	})
}

// emailAroundRef is emailAround as it read characters one comparison at a
// time, the reference for its class table and bounded runs.
func emailAroundRef(data []byte, at int) (start, end int, ok bool) {
	ls := at
	for ls > 0 && isEmailLocal(data[ls-1]) {
		ls--
		if at-ls > maxEmailLocal+8 {
			return 0, 0, false
		}
	}
	for ls < at && data[ls] == '.' {
		ls++
	}
	if ls == at || at-ls > maxEmailLocal || data[at-1] == '.' {
		return 0, 0, false
	}
	for i := ls + 1; i < at; i++ {
		if data[i] == '.' && data[i-1] == '.' {
			return 0, 0, false
		}
	}
	de := at + 1
	for de < len(data) && isDomainChar(data[de]) {
		de++
		if de-at-1 > maxEmailDomain+8 {
			return 0, 0, false
		}
	}
	for de > at+1 && data[de-1] == '.' {
		de--
	}
	if de-at-1 > maxEmailDomain {
		return 0, 0, false
	}
	d := data[at+1 : de]
	labels, lst := 0, 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			continue
		}
		l := d[lst:i]
		if len(l) == 0 || len(l) > maxLabel || l[0] == '-' || l[len(l)-1] == '-' {
			return 0, 0, false
		}
		labels++
		if i == len(d) {
			if len(l) < minTLD || len(l) > maxTLD {
				return 0, 0, false
			}
			for _, c := range l {
				if !isAlpha(c) {
					return 0, 0, false
				}
			}
		}
		lst = i + 1
	}
	if labels < 2 {
		return 0, 0, false
	}
	return ls, de, true
}

// TestEmailAroundAsReference: emailAround finds what the character at a
// time reading finds around every '@' of text made of address pieces, dots
// and hyphens in runs, every other byte, and runs of local and domain
// characters around the length limits.
func TestEmailAroundAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pieces := []string{"a", "Z", "9", "jane", "doe", ".", "..", "-", "_", "%", "+", "@", "@", "com", "io", "de", "x1", "é", "\x00", " ", ";", "/", "(", "\x80",
		strings.Repeat("a", 60), strings.Repeat("b.", 33), strings.Repeat("c", 70), strings.Repeat("d-", 40), strings.Repeat("e.", 130), strings.Repeat("f", 250)}
	found := 0
	for range 20000 {
		var b []byte
		for n := r.IntN(3); n > 0; n-- {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		// An address, mostly well formed, then broken here and there.
		for n := 1 + r.IntN(3); n > 0; n-- {
			b = append(b, pieces[r.IntN(7)]...)
		}
		b = append(b, '@')
		for n := 1 + r.IntN(3); n > 0; n-- {
			b = append(b, pieces[r.IntN(4)]...)
			b = append(b, '.')
		}
		b = append(b, pieces[12+r.IntN(3)]...)
		for n := r.IntN(3); n > 0; n-- {
			k := r.IntN(len(b) + 1)
			b = append(b[:k], append([]byte(pieces[r.IntN(len(pieces))]), b[k:]...)...)
		}
		for n := r.IntN(3); n > 0; n-- {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		found += emailAroundAsRef(t, b)
	}
	// Runs of every length around the limits, with and without dots.
	for n := 55; n < 80; n++ {
		// A valid domain of 250 characters, then dots up to 262 characters
		// and beyond (trailing dots are dropped).
		long := strings.Repeat("abcd.", 49) + "abcde" + strings.Repeat(".", n-55)
		for _, fill := range []string{"a", "a.", ".a", "a-", "..........a"} {
			local := strings.Repeat(fill, n)[:n]
			if fill[0] == '.' {
				local = strings.Repeat(".", n-50) + strings.Repeat("a", 50)
			}
			for _, domain := range []string{"x.de", long, strings.Repeat("ab.", 120)[:n*4] + "com", strings.Repeat("a", 250+n%20) + ".de", strings.Repeat("a.", 130+n%10) + "de.", strings.Repeat("a-", 130+n%10)} {
				for _, pre := range []string{"", " ", "."} {
					found += emailAroundAsRef(t, []byte(pre+local+"@"+domain+" "))
				}
			}
		}
	}
	if found < 1000 {
		t.Fatalf("only %d addresses found: the test compares too few", found)
	}
	for c := range 256 {
		b := byte(c)
		if (emailClass[b]&emLocal != 0) != isEmailLocal(b) || (emailClass[b]&emDomain != 0) != isDomainChar(b) || (emailClass[b]&emAlpha != 0) != isAlpha(b) {
			t.Fatalf("emailClass[%#x] = %b", c, emailClass[b])
		}
	}
}

// emailAroundAsRef checks emailAround against the reference at every '@'
// of b and returns how many addresses they found.
func emailAroundAsRef(t *testing.T, b []byte) (found int) {
	t.Helper()
	for at := range b {
		if b[at] != '@' {
			continue
		}
		st, en, ok := emailAround(b, at)
		wst, wen, wok := emailAroundRef(b, at)
		if st != wst || en != wen || ok != wok {
			t.Fatalf("emailAround(%q, %d) = %d, %d, %v; the reference %d, %d, %v", b, at, st, en, ok, wst, wen, wok)
		}
		if ok {
			found++
		}
	}
	return found
}

func FuzzEmailAroundAsReference(f *testing.F) {
	for _, s := range []string{"a@b.io", "jane.doe@example.com.", "a..b@c.de", "x@a-.de", "x@.de", "..a@b.cd..", "a@b.c-d.ef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		emailAroundAsRef(t, []byte(s))
	})
}
