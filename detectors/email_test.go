package detectors

import (
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
