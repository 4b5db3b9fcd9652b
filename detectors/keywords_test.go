package detectors

import (
	"strings"
	"testing"
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
