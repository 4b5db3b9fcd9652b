package detectors

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"testing"
)

// scanTextAll scans text as a window of a longer text with the given
// bounds and returns the custom matches as "text@start-end".
func scanTextAll(e *Engine, text string, atStart, atEnd bool) []string {
	var got []string
	e.NewScanner().ScanText([]byte(text), FieldContext{}, atStart, atEnd, func(m Match) {
		got = append(got, text[m.Start:m.End]+"@"+itoa(m.Start)+"-"+itoa(m.End))
	})
	return got
}

// TestCustomAnchors pins the semantics of ^ $ \A \z in custom patterns:
// each NUL-separated value is a text of its own, and a window of a longer
// text starts or ends it only where ScanText says so; with (?m), ^ and $
// also match at line breaks.
func TestCustomAnchors(t *testing.T) {
	tests := []struct {
		regex          string
		text           string
		atStart, atEnd bool
		want           []string
		form           anchorForm
	}{
		// The reported bug: a column of nine-digit values matched only in
		// its first cell.
		{`^\d{9}$`, "123456789\x00987654321\x001234567890\x00x123456789\x00555555555", true, true,
			[]string{"123456789@0-9", "987654321@10-19", "555555555@42-51"}, anchorWhole},
		{`\A\d{9}\z`, "123456789\x00987654321", true, true, []string{"123456789@0-9", "987654321@10-19"}, anchorWhole},
		// Whole-value anchors: the longest match decides, not the first
		// alternative.
		{`^(?:\d{3}|\d{4})$`, "1234\x00123\x0012", true, true, []string{"1234@0-4", "123@5-8"}, anchorWhole},
		// A window of a longer text: ^ only at the object's start, $ only
		// at its end.
		{`^\d{9}$`, "123456789", false, true, nil, anchorWhole},
		{`^\d{9}$`, "123456789", true, false, nil, anchorWhole},
		{`^\d{9}$`, "123456789\n", true, true, nil, anchorWhole}, // $ without (?m) is the end of the text
		{`^\d{9}$`, "000\x00123456789\x00111", false, false, []string{"123456789@4-13"}, anchorWhole},
		// Start-anchored.
		{`^EMP-\d+`, "EMP-12 EMP-34\x00EMP-56\x00 EMP-78", true, true, []string{"EMP-12@0-6", "EMP-56@14-20"}, anchorStart},
		{`^EMP-\d+`, "EMP-12", false, true, nil, anchorStart},
		{`^(?:a|ab)`, "ab", true, true, []string{"a@0-1"}, anchorStart}, // leftmost-first, as the pattern
		// End-anchored and others: the pattern runs on each value.
		{`\d+$`, "a1 22\x00333 b\x004444", true, true, []string{"22@3-5", "4444@12-16"}, anchorOther},
		{`\d+$`, "a1 22", true, false, nil, anchorOther},
		{`^a|b$`, "ab\x00ba\x00b", true, true, []string{"a@0-1", "b@1-2", "b@6-7"}, anchorOther},
		{`x(^|,)y`, "xy\x00x,y", true, true, []string{"x,y@3-6"}, anchorOther},
		// (?m): line starts and ends inside a value count too, and a
		// window's first byte is a line start.
		{`(?m)^\d{3}$`, "123\n456\nabc\x00789", false, false, []string{"123@0-3", "456@4-7", "789@12-15"}, anchorWhole},
		{`(?m)^(?:\d{3}|\d{4})$`, "1234\n12", false, false, []string{"1234@0-4"}, anchorWhole},
		{`(?m)^id \d+`, "x id 1\nid 2", true, true, []string{"id 2@7-11"}, anchorStart},
		{`(?m)^id\s\d+`, "x id 1\nid 2", true, true, []string{"id 2@7-11"}, anchorOther}, // \s can match a line break
		{`(?m)^\d+\z`, "1\n2", true, true, []string{"2@2-3"}, anchorOther},
		// Nullable patterns report only non-empty matches.
		{`^\d*$`, "\x0012\x00a", true, true, []string{"12@1-3"}, anchorWhole},
		{`^$`, "\x00\x00", true, true, nil, anchorWhole},
	}
	for _, tt := range tests {
		e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: tt.regex}}})
		if f := e.custom[0].form; f != tt.form {
			t.Errorf("%s: form %d, want %d", tt.regex, f, tt.form)
		}
		if got := scanTextAll(e, tt.text, tt.atStart, tt.atEnd); !slices.Equal(got, tt.want) {
			t.Errorf("%s on %q (start %v, end %v): got %q, want %q", tt.regex, tt.text, tt.atStart, tt.atEnd, got, tt.want)
		}
		if tt.atStart && tt.atEnd {
			if got := matchStrings(e, scanAll(e, "", tt.text)); len(got) != len(tt.want) {
				t.Errorf("%s on %q: Scan found %v, ScanText %q", tt.regex, tt.text, got, tt.want)
			}
		}
	}
}

// anchorPatterns are the patterns FuzzCustomAnchors checks: every anchor
// form, alternations, captures, nullable patterns and (?m).
var anchorPatterns = []string{
	`^\d{2,4}$`, `^(?:1|12)$`, `\A[ab]+\z`, `^a*$`,
	`^\d+`, `^(?:a|ab)`, `\Ab\d?`,
	`\d+$`, `[ab]+\z`, `^a|b$`, `(^|\s)\d{2}($|\s)`, `a(?:$|1)`,
	`(?m)^\d+$`, `(?m)^a`, `(?m)b$`, `(?m)^$`, `(?m)\A\d|\d\z`, `(?m)^(?:1|12)$`, `(?m)^[ab]*$`, `(?m)^(?:a|ab)`, `(?m)^\d+\z`, `(?m)^b\s*\d`,
	`(?s)^.+$`, `^[^\n]*\n`, `\d\b`,
}

// referenceRegexps caches referenceAnchored's rewritten patterns: printing
// a syntax tree was 90% of FuzzCustomAnchors' time (3 inputs a second).
var referenceRegexps sync.Map // referenceKey → *regexp.Regexp

type referenceKey struct {
	regex      string
	start, end bool
}

// referenceAnchored finds regex's matches the slow, obvious way: Go's
// regexp, run on each NUL-separated value alone, with \A and \z made
// unmatchable at a window's edge that is not the text's.
func referenceAnchored(t testing.TB, regex, text string, atStart, atEnd bool) []string {
	compile := func(start, end bool) *regexp.Regexp {
		key := referenceKey{regex, start, end}
		if re, ok := referenceRegexps.Load(key); ok {
			return re.(*regexp.Regexp)
		}
		tree, err := syntax.Parse(regex, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(mapAnchors(tree, func(op syntax.Op) syntax.Op {
			if op == syntax.OpBeginText && !start || op == syntax.OpEndText && !end {
				return syntax.OpNoMatch
			}
			return op
		}).String())
		referenceRegexps.Store(key, re)
		return re
	}
	var out []string
	values := strings.Split(text, "\x00")
	off := 0
	for i, v := range values {
		re := compile(i > 0 || atStart, i < len(values)-1 || atEnd)
		for _, m := range re.FindAllStringIndex(v, -1) {
			if m[0] < m[1] {
				out = append(out, v[m[0]:m[1]]+"@"+itoa(off+m[0])+"-"+itoa(off+m[1]))
			}
		}
		off += len(v) + 1
	}
	return out
}

func checkAnchored(t *testing.T, engines []*Engine, text string, atStart, atEnd bool) {
	t.Helper()
	for i, e := range engines {
		got := scanTextAll(e, text, atStart, atEnd)
		if want := referenceAnchored(t, anchorPatterns[i], text, atStart, atEnd); !slices.Equal(got, want) {
			t.Fatalf("%s on %q (start %v, end %v): got %q, want %q", anchorPatterns[i], text, atStart, atEnd, got, want)
		}
	}
}

func anchorEngines(t testing.TB) []*Engine {
	var out []*Engine
	for _, re := range anchorPatterns {
		out = append(out, mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: re}}}))
	}
	return out
}

// anchorText turns fuzz bytes into text over a small alphabet, so that
// values, lines and matches are frequent.
func anchorText(b []byte) string {
	const alphabet = "ab12 \n\x00\x00"
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(out)
}

// TestCustomAnchorsReference compares the anchored scan with
// referenceAnchored on random texts.
func TestCustomAnchorsReference(t *testing.T) {
	engines := anchorEngines(t)
	r := rand.New(rand.NewPCG(7, 11))
	for range 300 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		checkAnchored(t, engines, anchorText(b), r.IntN(2) == 0, r.IntN(2) == 0)
	}
}

func FuzzCustomAnchors(f *testing.F) {
	f.Add([]byte("12\x0034\n56"), true, true)
	f.Add([]byte("\x00\x00a\nb"), false, true)
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4}, false, false)
	engines := anchorEngines(f)
	f.Fuzz(func(t *testing.T, b []byte, atStart, atEnd bool) {
		checkAnchored(t, engines, anchorText(b), atStart, atEnd)
	})
}

// TestCustomKeywordInFieldName: as Macie does for structured data, a custom
// identifier's keyword in the column name or JSON path counts for every
// value of the field.
func TestCustomKeywordInFieldName(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{
		{Name: "emp", Regex: `EMP-\d{6}`, Keywords: []string{"employee id"}},
	}})
	text := "EMP-123456\x00EMP-654321"
	for field, n := range map[string]int{"": 0, "notes": 0, "employee_id": 2, "$.staff[].employeeId": 2} {
		if got := scanAll(e, field, text); len(got) != n {
			t.Errorf("field %q: %d matches, want %d", field, len(got), n)
		}
	}
	// With the managed catalogue too: the custom set gets its own bit.
	e = mustCompile(t, Options{Custom: []CustomDataIdentifier{{Name: "emp", Regex: `EMP-\d{6}`, Keywords: []string{"employee id"}}}})
	if got := scanAll(e, "employee_id", text); len(got) != 2 {
		t.Errorf("with the catalogue: %d matches, want 2", len(got))
	}
}

// TestCustomIgnoreWords: Macie drops a match that contains an ignore word
// (case-sensitive), not only one that equals it.
func TestCustomIgnoreWords(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{
		{Name: "acct", Regex: `ACCT-[A-Z0-9]{4,8}`, IgnoreWords: []string{"TEST", "0000"}},
	}})
	text := "ACCT-TEST ACCT-XTESTX ACCT-AB12 ACCT-1000X12 ACCT-test ACCT-00000"
	var got []string
	for _, m := range scanAll(e, "", text) {
		got = append(got, text[m.Start:m.End])
	}
	if want := []string{"ACCT-AB12", "ACCT-1000X12"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestExplainCustom: identifiers test says why a custom candidate was
// dropped.
func TestExplainCustom(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{
		{Name: "emp", Regex: `EMP-\d{4}`, Keywords: []string{"staff"}, IgnoreWords: []string{"0000"}, MaximumMatchDistance: 20},
	}})
	text := "staff EMP-1234 EMP-0000 and later, far from any keyword: EMP-5678"
	var got []string
	for _, x := range e.Explain([]byte(text), "") {
		got = append(got, text[x.Start:x.End]+": "+x.Reason)
	}
	want := []string{"EMP-1234: ", "EMP-0000: contains an ignore word", "EMP-5678: no keyword within 20 characters"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// leadPatterns start with \b or \B and a literal, so that they run through
// leadWindows: some can match a line break, some cannot.
var leadPatterns = []string{
	`\bEMP-\d{2,6}\b`, `\bEMP[ -]?\d+`, `\B\bEMP\s+\d+`, `(?i)\bemp\d`, `\BMP-\d`, `\bEMP(?:-\d|\n\d)`, `\b1 2\b`, `(?i)\b23-?\d`,
	// a literal inside the pattern
	`[A-Z]-1\d\b`, `\d+EMP\d?`, `(?:x|1)?MP-`, `(?:\d{2}-1){2}`,
	// a run of digits
	`\b\d{9}\b`, `\d{2}-\d{9}`, `[A-Z]\d{10}`, `(\d{6})[0-9]{2}1`, `x?\d{6}2\d{2}`,
	// a literal ignoring case
	`(?i)\bemp-\d`, `\d(?i:mp-1)`, `(?i)xemp\b`,
	// a run of byte classes
	`[A-Z]{2}\d{2}`, `\b\d-\d{2}\b`, `(?i)[m]p\d`, `\b[A-Z]+\d{2,}0`, `[éx]\d[A-Z]{2}`, `\d ?[A-Z]{2}\d`,
	`[A-Z]{2}-?\d{2}`, `\b[A-Z]{1,2}\d{2}\b`, `(?:EM|MP)\d{2}`, `(?:EMP|STF)-?\d`,
	// matches that can hold a line break, without a lead: value windows
	`EMP\s*-\d`, `(?i)emp\s+1`, `\d\s*\d{9}`, `[A-Z]\s+\d{2}`, `[A-Z]\s?\d{2}`,
}

// leadFinders: how each of leadPatterns finds its candidates: by its
// literal (L), a digit run (D), its literal ignoring case (F), or RE2
// without the \b in front (R: a match can hold a line break, or the
// literal is too short or folds to non-ASCII), or a run of byte classes (C).
const leadFinders = "LLRFLRLLLLLLDDDDDFFFCCCCCCCCCCLFDCC"

// leadText turns fuzz bytes into text made of the leads' pieces, separated
// by short runs of other bytes, so that candidates, line breaks and values
// are close together and far apart.
func leadText(b []byte) string {
	pieces := []string{"EMP", "emp", "-", "1", "23", " ", "\n", "\x00", "x", "MP", strings.Repeat(" ", 600), "é", "4567", "A", strings.Repeat("0", 70), "eMp", "Emp-1", "\u017f"}
	var out strings.Builder
	for _, c := range b {
		out.WriteString(pieces[int(c)%len(pieces)])
	}
	return out.String()
}

func leadEngines(t testing.TB) (withLead, plain []*Engine) {
	for _, re := range leadPatterns {
		e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: re}}})
		if !e.custom[0].windowed() {
			t.Fatalf("%s: not run on windows", re)
		}
		finder := byte('R')
		switch c := &e.custom[0]; {
		case c.leadLit != nil:
			finder = 'L'
		case c.digitRun > 0:
			finder = 'D'
		case c.leadFold != nil:
			finder = 'F'
		case c.classSeq != nil:
			finder = 'C'
		}
		if want := leadFinders[len(withLead)]; finder != want {
			t.Fatalf("%s: candidates found by %c, want %c", re, finder, want)
		}
		p := *e
		p.custom = slices.Clone(e.custom)
		p.custom[0].lead, p.custom[0].leadLit, p.custom[0].digitRun, p.custom[0].leadFold, p.custom[0].classSeq = nil, nil, 0, nil, nil
		withLead, plain = append(withLead, e), append(plain, &p)
	}
	return withLead, plain
}

func checkLead(t *testing.T, withLead, plain []*Engine, text string) {
	t.Helper()
	for i := range withLead {
		got, want := scanAll(withLead[i], "", text), scanAll(plain[i], "", text)
		if !slices.Equal(got, want) {
			t.Fatalf("%s on %q: with the lead %v, without %v", leadPatterns[i], text, got, want)
		}
		// As a window of a text: value windows are then the whole buffer.
		gotText, wantText := scanTextAll(withLead[i], text, true, true), scanTextAll(plain[i], text, true, true)
		if !slices.Equal(gotText, wantText) {
			t.Fatalf("%s on text %q: with the lead %v, without %v", leadPatterns[i], text, gotText, wantText)
		}
	}
}

// TestCustomLeadWindows: a pattern run on windows around its lead's
// candidates finds what it finds over the whole buffer.
func TestCustomLeadWindows(t *testing.T) {
	withLead, plain := leadEngines(t)
	for _, re := range []string{`\b\d{3}\b`, `(?i)\d+ssn`, `(?i)\d+sa`, `\d{3}\s*-?\d{5}`, `(?:EMP|STF)*-?\d`, `\d{4}x?\d{4}`, `\b\d{8}\b`, `\d{9}|x`} {
		if e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: re}}}); e.custom[0].windowed() {
			t.Errorf("%s is run on windows: it has no lead, case-sensitive literal, digit run or class run in every match", re)
		}
	}
	if !withLead[0].custom[0].lines || withLead[2].custom[0].lines || withLead[5].custom[0].lines {
		t.Error("lines set wrongly: only patterns that cannot match a line break have line windows")
	}
	// A literal or a digit run in every few bytes: the pattern runs over
	// the whole buffer.
	checkLead(t, withLead, plain, strings.Repeat("1EMP-12 x\n", 200))
	checkLead(t, withLead, plain, strings.Repeat("A1234567890 12-345678901\x00", 200))
	r := rand.New(rand.NewPCG(9, 10))
	found := 0
	for range 400 {
		b := make([]byte, r.IntN(60))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		text := leadText(b)
		checkLead(t, withLead, plain, text)
		for _, e := range withLead {
			found += min(1, len(scanAll(e, "", text)))
		}
	}
	if found < 400 {
		t.Fatalf("matches in %d (text, pattern) pairs: the test compares too little", found)
	}
}

func FuzzCustomLeadWindows(f *testing.F) {
	f.Add([]byte{0, 2, 3, 5, 0, 3, 6, 0, 2, 4, 10, 0, 2, 3})
	f.Add([]byte{8, 0, 2, 3, 7, 0, 3, 6, 11, 1, 2, 4})
	withLead, plain := leadEngines(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		checkLead(t, withLead, plain, leadText(b))
	})
}

// digitRunsRef is digitRuns the obvious way.
func digitRunsRef(data []byte, k int) []int {
	var out []int
	for i := 0; i < len(data); {
		if data[i] < '0' || data[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		if j-i >= k {
			out = append(out, i)
		}
		i = j
	}
	return out
}

func checkDigitRuns(t *testing.T, data []byte, k int) {
	t.Helper()
	want := digitRunsRef(data, k)
	for _, limit := range []int{len(data) + 1, 0, 1} {
		got, ok := digitRuns(data, k, nil, limit)
		checkStopped(t, fmt.Sprintf("k %d on %q, limit %d", k, data, limit), got, ok, want, limit)
	}
}

// checkStopped checks a candidate search's result against want: all of it
// when ok, else the prefix of want before the first candidate at which
// more than limit plus one per maxLeadDensity bytes came before it.
func checkStopped(t *testing.T, what string, got []int, ok bool, want []int, limit int) {
	t.Helper()
	stop := len(want)
	for i, p := range want {
		if i >= limit+p/maxLeadDensity {
			stop = i
			break
		}
	}
	if ok != (stop == len(want)) || !slices.Equal(got, want[:stop]) {
		t.Fatalf("%s: got %v (ok %v), want %v (stopped at %d)", what, got, ok, want, stop)
	}
}

// TestDigitRuns compares digitRuns with digitRunsRef on runs that start,
// end and continue across 64-byte blocks and the buffer's tail.
func TestDigitRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for range 2000 {
		b := make([]byte, r.IntN(300))
		for i := range b {
			switch r.IntN(4) {
			case 0:
				b[i] = 'x'
			case 1:
				b[i] = byte(r.IntN(256))
			default:
				b[i] = byte('0' + r.IntN(10))
			}
		}
		// Long runs across blocks.
		if len(b) > 130 && r.IntN(2) == 0 {
			for i := 60; i < 130; i++ {
				b[i] = '7'
			}
		}
		checkDigitRuns(t, b, 4+r.IntN(70))
	}
}

func FuzzDigitRuns(f *testing.F) {
	f.Add([]byte("12345 x 1234567890123456789012345678901234567890123456789012345678901234567890"), uint8(4))
	f.Add([]byte("0"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		checkDigitRuns(t, data, 1+int(k)%80)
	})
}

func TestParseCustomDataIdentifiers(t *testing.T) {
	tests := []struct {
		json    string
		names   []string
		wantErr string
	}{
		{`{"name":"EMP","regex":"EMP-\\d+","keywords":["staff"],"ignoreWords":["EMP-0000"],"maximumMatchDistance":20,` +
			`"severityLevels":[{"occurrencesThreshold":1,"severity":"LOW"}],"description":"d","clientToken":"t","tags":{"team":"x"}}`, []string{"EMP"}, ""},
		{` [{"name":"A","regex":"a"},{"name":"B","regex":"b"}] `, []string{"A", "B"}, ""},
		{`[]`, []string{}, ""},
		{`{"name":"X","regexx":"a"}`, nil, `unknown field "regexx"`},
		{`[{"name":"X","regex":"a","severityLevels":[{"occurrences":1,"severity":"LOW"}]}]`, nil, `unknown field "occurrences"`},
		{`{"name":"X","regex":"a"} {"name":"Y"}`, nil, "data after the JSON value"},
		{`{"name":"X","regex":"a"`, nil, "unexpected EOF"},
		{`"regex"`, nil, "cannot unmarshal string"},
	}
	for _, tt := range tests {
		got, err := ParseCustomDataIdentifiers([]byte(tt.json))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want one containing %q", tt.json, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.json, err)
			continue
		}
		names := []string{}
		for _, c := range got {
			names = append(names, c.Name)
		}
		if !slices.Equal(names, tt.names) {
			t.Errorf("%s: names %q, want %q", tt.json, names, tt.names)
		}
	}
	got, _ := ParseCustomDataIdentifiers([]byte(tests[0].json))
	if c := got[0]; c.Regex != `EMP-\d+` || c.MaximumMatchDistance != 20 || len(c.Keywords) != 1 || len(c.IgnoreWords) != 1 || len(c.SeverityLevels) != 1 || c.Description != "d" {
		t.Errorf("fields not read: %+v", c)
	}
}

// FuzzParseCustomDataIdentifiers: any input gives identifiers or an error,
// and what parses compiles or fails with an error, never a panic.
func FuzzParseCustomDataIdentifiers(f *testing.F) {
	f.Add([]byte(`[{"name":"A","regex":"^\\d{9}$","keywords":["acct"],"ignoreWords":["00000"]}]`))
	f.Add([]byte(`{"name":"B","regex":"(?m)^EMP-\\d+\\b","maximumMatchDistance":300,"tags":{"a":"b"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := ParseCustomDataIdentifiers(data)
		if err != nil || len(list) == 0 || len(list) > 8 {
			return
		}
		e, err := Compile(Options{Managed: []string{}, Custom: list})
		if err != nil {
			return
		}
		// The definitions' own text holds their keywords and, often,
		// what their patterns match: Scan and Explain must agree on it.
		s := e.NewScanner()
		for _, text := range [][]byte{[]byte("EMP-12 123456789\x00acct 000000000"), data} {
			var ms []Match
			s.Scan(text, FieldContext{}, func(m Match) {
				if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
					t.Fatalf("match %+v out of range for %d bytes", m, len(text))
				}
				ms = append(ms, m)
			})
			var explained []Match
			for _, x := range e.Explain(text, "") {
				if x.Reason == "" {
					explained = append(explained, Match{x.Identifier, x.Start, x.End})
				}
			}
			if !slices.Equal(explained, ms) {
				t.Fatalf("%q: Explain %v, Scan %v", text, explained, ms)
			}
		}
	})
}

// foldOccurrencesRef is foldOccurrences the obvious way.
func foldOccurrencesRef(data, lit []byte) []int {
	var out []int
	for p := 0; p+len(lit) <= len(data); p++ {
		if bytes.EqualFold(data[p:p+len(lit)], lit) && isASCII(data[p:p+len(lit)]) {
			out = append(out, p)
		}
	}
	return out
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func checkFold(t *testing.T, data, lit []byte) {
	t.Helper()
	want := foldOccurrencesRef(data, lit)
	for _, limit := range []int{len(data) + 1, 0, 1} {
		got, ok := foldOccurrences(data, lit, nil, limit)
		checkStopped(t, fmt.Sprintf("%q in %q, limit %d", lit, data, limit), got, ok, want, limit)
	}
}

// TestFoldOccurrences compares foldOccurrences with foldOccurrencesRef on
// texts of the literal's letters in both cases, their neighbours in ASCII
// (@ and ` fold onto nothing) and bytes past ASCII.
func TestFoldOccurrences(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "aAcCtT-_@`1\x00\xc1\xe1"
	for range 3000 {
		lit := []byte([]string{"act", "a-c", "acct", "t1-", "@ac"}[r.IntN(5)])
		b := make([]byte, r.IntN(80))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		checkFold(t, b, lit)
	}
}

func FuzzFoldOccurrences(f *testing.F) {
	f.Add([]byte("xxACCTacctAcCt-acc"), []byte("acct"))
	f.Fuzz(func(t *testing.T, data, lit []byte) {
		if len(lit) < 2 || !isASCII(lit) {
			return
		}
		checkFold(t, data, bytes.ToLower(lit))
	})
}
