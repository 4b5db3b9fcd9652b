package detectors

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, text string
		at            int
		wantEnd       int // 0: no match
		wantNorm      string
	}{
		{"99-99", "12-34", 0, 5, "1234"},
		{"99-99", "１２－３４", 0, 15, "1234"},
		{"99-99", "12ー34", 0, 7, "1234"},
		{"99-99", "12 34", 0, 0, ""},
		{"aa9", "xY7", 0, 3, "XY7"},
		{"AA9", "xY7", 0, 0, ""},
		{"X{2,4}9", "AB1C9", 0, 5, "AB1C9"},
		{"X{2,4}9", "AB1CD9", 0, 0, ""}, // greedy, no backtracking: X takes four, 9 then sees D
		{"X{2,4}", "AB1C9", 0, 4, "AB1C"},
		{`\AIz\ak{3}`, "AIza_-x", 0, 7, "_-x"}, // literals are not part of the normalised value
		{"+4\\9 9{2}", "+49 30", 0, 6, "30"},
		{"+4\\9 9{2}", "+48 30", 0, 0, ""},
		{"09", "０3", 0, 4, "3"}, // a literal digit matches its full-width form
		{"b{4}", "ab+/=", 0, 4, "ab+/"},
	}
	for _, tt := range tests {
		p, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("compilePattern(%q): %v", tt.pattern, err)
		}
		end, norm, ok := p.match([]byte(tt.text), tt.at, nil)
		if tt.wantEnd == 0 {
			if ok {
				t.Errorf("%q on %q: matched to %d, want no match", tt.pattern, tt.text, end)
			}
			continue
		}
		if !ok || end != tt.wantEnd || string(norm) != tt.wantNorm {
			t.Errorf("%q on %q: (%d, %q, %v), want (%d, %q, true)", tt.pattern, tt.text, end, norm, ok, tt.wantEnd, tt.wantNorm)
		}
	}
}

func TestPatternErrors(t *testing.T) {
	for _, p := range []string{"", "9{", "9{0}", "9{3,2}", "{2}", `99\`, "9{300}", strings.Repeat("9", maxShapeValue+1)} {
		if _, err := compilePattern(p); err == nil {
			t.Errorf("compilePattern(%q) succeeded, want an error", p)
		}
	}
}

func TestPatternBounds(t *testing.T) {
	p, _ := compilePattern("999")
	tests := []struct {
		text   string
		at     int
		bounds bool
	}{
		{"x 123 y", 2, true},
		{"x123 y", 1, false},  // after a letter
		{"1-123 y", 2, false}, // continues a number
		{"１123", 3, false},    // after a full-width digit
		{"a.123", 2, true},    // a dot after a letter is not a number
	}
	for _, tt := range tests {
		if got := p.startBounded([]byte(tt.text), tt.at); got != tt.bounds {
			t.Errorf("startBounded(%q, %d) = %v, want %v", tt.text, tt.at, got, tt.bounds)
		}
	}
	for _, tt := range []struct {
		text   string
		end    int
		bounds bool
	}{
		{"123 x", 3, true}, {"123x", 3, false}, {"123-4", 3, false}, {"123.", 3, true}, {"123１", 3, false}, {"123", 3, true},
	} {
		if got := p.endBounded([]byte(tt.text), tt.end); got != tt.bounds {
			t.Errorf("endBounded(%q, %d) = %v, want %v", tt.text, tt.end, got, tt.bounds)
		}
	}
}

// TestFullWidthOffsets: offsets of a value written in full-width digits are
// byte offsets into the original text.
func TestFullWidthOffsets(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"JAPAN_INDIVIDUAL_NUMBER"}})
	text := "氏名 山田太郎 マイナンバー：１２３４ー５６７８ー９０１８ 以上"
	got := scanAll(e, "", text)
	if len(got) != 1 {
		t.Fatalf("got %d matches, want 1:%s", len(got), describe(e, text, got))
	}
	if v := text[got[0].Start:got[0].End]; v != "１２３４ー５６７８ー９０１８" {
		t.Errorf("matched %q", v)
	}
}

// TestKeywordFirstMatchesEverywhere: finding keyword-required shapes only
// around keyword hits gives the same matches as trying them everywhere
// (which Explain does), on text mixing values, keywords and filler.
func TestKeywordFirstMatchesEverywhere(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	var b strings.Builder
	for _, sp := range Catalogue() {
		for _, s := range sp.Samples {
			text, _ := parseSample(t, s.Text)
			b.WriteString(text)
			b.WriteString(" then some filler words about orders and accounts 2024-05-01 12345 ")
		}
	}
	data := []byte(b.String())
	var fast []Match
	e.NewScanner().Scan(data, FieldContext{}, func(m Match) { fast = append(fast, m) })
	var slow []Match
	for _, x := range e.Explain(data, "") {
		if x.Reason == "" {
			slow = append(slow, Match{x.Identifier, x.Start, x.End})
		}
	}
	if len(fast) != len(slow) {
		t.Fatalf("keyword-first scan found %d matches, the exhaustive one %d", len(fast), len(slow))
	}
	for i := range fast {
		if fast[i] != slow[i] {
			t.Fatalf("match %d: keyword-first %+v, exhaustive %+v", i, fast[i], slow[i])
		}
	}
}

func allIDs() []string {
	var ids []string
	for _, sp := range Catalogue() {
		ids = append(ids, sp.ID)
	}
	return ids
}

func TestExplain(t *testing.T) {
	e := mustCompile(t, Options{
		Managed:    []string{"UK_NHS_NUMBER", "CREDIT_CARD_NUMBER", "CREDIT_CARD_NUMBER_(NO_KEYWORD)", "USA_SOCIAL_SECURITY_NUMBER"},
		AllowLists: []AllowList{{Name: "ok", Criteria: AllowListCriteria{Words: []string{"5382199351819096"}}}},
	})
	pad := strings.Repeat(" and so on", 5) + " "
	text := "NHS number 943 476 5901" + pad + "485 736 2902" + pad + "NHS 943 476 5919; card 4526018159083012" + pad + "5382199351819096" + pad + "ssn 536-22-8726"
	want := map[string]string{
		"943 476 5901|UK_NHS_NUMBER":                       reasonChecksum,
		"485 736 2902|UK_NHS_NUMBER":                       "no keyword within 30 characters",
		"943 476 5919|UK_NHS_NUMBER":                       reasonExample,
		"4526018159083012|CREDIT_CARD_NUMBER":              "",
		"4526018159083012|CREDIT_CARD_NUMBER_(NO_KEYWORD)": "keyword within 30 characters (this identifier needs none)",
		"5382199351819096|CREDIT_CARD_NUMBER_(NO_KEYWORD)": reasonAllowed,
		"536-22-8726|USA_SOCIAL_SECURITY_NUMBER":           "",
	}
	got := map[string]string{}
	for _, x := range e.Explain([]byte(text), "") {
		k := text[x.Start:x.End] + "|" + x.ID
		if x.ID != e.Identifiers()[x.Identifier].ID {
			t.Errorf("%s: ID %s, identifier %d", k, x.ID, x.Identifier)
		}
		got[k] = x.Reason
	}
	for k, r := range want {
		if g, ok := got[k]; !ok || g != r {
			t.Errorf("%s: reason %q (present %v), want %q", k, g, ok, r)
		}
	}
}

func TestIPv4(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"from 81.2.69.160.", "81.2.69.160"},
		{"x=10.1.2.3,", "10.1.2.3"},
		{"v1.2.3.4", ""},
		{"1.2.3.4.5", ""},
		{"01.2.3.4", ""},
		{"1.2.3.400", ""},
		{"1.2.3", ""},
		{"127.0.0.1", ""},
		{"203.0.113.5", ""},
	}
	for _, tt := range tests {
		d := []byte(tt.text)
		got := ""
		for i := 0; i < len(d); i++ {
			if isDigit(d[i]) && (i == 0 || !isDigit(d[i-1])) {
				if en := ipv4At(d, i); en > 0 {
					got = string(d[i:en])
					break
				}
			}
		}
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestIBANLengths(t *testing.T) {
	for _, c := range ibanCountries {
		if ibanLength(c.cc[0], c.cc[1]) == 0 {
			t.Errorf("%s: no registry length", c.cc)
		}
	}
	if n := ibanLength('D', 'E'); n != 22 {
		t.Errorf("DE length %d, want 22", n)
	}
	if n := ibanLength('G', 'B'); n != 22 {
		t.Errorf("GB length %d, want 22", n)
	}
}

// FuzzScanCatalogue runs the whole catalogue over arbitrary bytes: no panic, every
// match inside the buffer and not across a NUL, in order, and the same
// matches from Explain.
func FuzzScanCatalogue(f *testing.F) {
	for _, sp := range Catalogue() {
		for _, s := range sp.Samples {
			f.Add([]byte(strings.NewReplacer("«", "", "»", "").Replace(s.Text)))
		}
	}
	f.Add([]byte("マイナンバー：１２３４ー"))
	f.Add([]byte("GB82 WEST 1234 5698 7654 3"))
	e, err := Compile(Options{Managed: allIDs()})
	if err != nil {
		f.Fatal(err)
	}
	s := e.NewScanner()
	f.Fuzz(func(t *testing.T, data []byte) {
		var ms []Match
		s.Scan(data, FieldContext{}, func(m Match) { ms = append(ms, m) })
		for i, m := range ms {
			if m.Start < 0 || m.End > len(data) || m.Start >= m.End {
				t.Fatalf("match %+v out of range for %d bytes", m, len(data))
			}
			if bytes.IndexByte(data[m.Start:m.End], 0) >= 0 {
				t.Fatalf("match %+v crosses a NUL", m)
			}
			if i > 0 && compareMatches(ms[i-1], m) > 0 {
				t.Fatalf("matches out of order: %+v then %+v", ms[i-1], m)
			}
		}
		n := 0
		for _, x := range e.Explain(data, "") {
			if x.Reason == "" {
				n++
			}
		}
		if n != len(ms) {
			t.Fatalf("Scan reported %d matches, Explain %d", len(ms), n)
		}
	})
}

// TestAtValueStartAndDigit: ADDRESS (Shape.AtValueStart, AtDigit) is tried
// only where a value starts in a field named "address", and a keyword's
// window is walked when a digit is within a value's reach of it, however
// far past the window the digit is; Explain agrees with Scan.
func TestAtValueStartAndDigit(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"ADDRESS"}})
	for _, tc := range []struct {
		field, text string
		want        []string
	}{
		{"address", "12 Main Street\x00c/o Anna, 14 Elm Street\x00  221B Baker Street", []string{"12 Main Street", "221B Baker Street"}},
		{"", "c/o Anna, address 14 Elm Street", []string{"14 Elm Street"}},
		{"", "address: Avenida Reyes Católicos Gran 25 and more", []string{"Avenida Reyes Católicos Gran 25"}},
		{"", "the address line: Avenida Reyes Católicos Gran Vía and more", nil},
		{"", "address", nil},
	} {
		var got []string
		for _, m := range scanAll(e, tc.field, tc.text) {
			got = append(got, tc.text[m.Start:m.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q in field %q: got %q, want %q", tc.text, tc.field, got, tc.want)
		}
		var explained []string
		for _, x := range e.Explain([]byte(tc.text), tc.field) {
			if x.Reason == "" {
				explained = append(explained, tc.text[x.Start:x.End])
			}
		}
		if !slices.Equal(explained, got) {
			t.Errorf("%q in field %q: Explain %q, Scan %q", tc.text, tc.field, explained, got)
		}
	}
}
