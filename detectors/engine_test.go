package detectors

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func idIndex(t testing.TB, e *Engine, id string) int {
	t.Helper()
	i := slices.IndexFunc(e.Identifiers(), func(x Identifier) bool { return x.ID == id })
	if i < 0 {
		t.Fatalf("no identifier %s", id)
	}
	return i
}

// ids returns "ID@start-end" strings for compact comparisons.
func matchStrings(e *Engine, ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, e.Identifiers()[m.Identifier].ID+"@"+itoa(m.Start)+"-"+itoa(m.End))
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestKeywordProximity(t *testing.T) {
	e := mustCompile(t, Options{})
	card, noKW := idIndex(t, e, "CREDIT_CARD_NUMBER"), idIndex(t, e, "CREDIT_CARD_NUMBER_(NO_KEYWORD)")
	ssn := idIndex(t, e, "USA_SOCIAL_SECURITY_NUMBER")
	const num = "4526018159083012"
	gap := func(n int) string { return strings.Repeat(" ", n) } // n characters, no keyword
	tests := []struct {
		name string
		text string
		want int // identifier index, -1 for none
	}{
		{"before at 30", "visa" + gap(30) + num, card},
		{"before at 31", "visa" + gap(31) + num, noKW},
		{"after at 30", num + gap(30) + "visa", card},
		{"after at 31", num + gap(31) + "visa", noKW},
		{"adjacent before", "pan:" + num, card},
		{"previous line", "Card\n" + num, card},
		{"multi-byte gap at 30", "visa" + strings.Repeat("ü", 28) + ": " + num, card},
		{"multi-byte gap at 31", "visa" + strings.Repeat("ü", 29) + ": " + num, noKW},
		{"across NUL", "visa\x00" + num, noKW},
		{"after across NUL", num + "\x00visa", noKW},
		{"keyword in a word", "pancake " + num, noKW},
		{"camelCase keyword", "cardNumber=" + num, card},
		{"snake keyword", "credit_card_number=" + num, card},
		{"upper keyword", "CREDIT CARD " + num, card},
		{"ssn at 30", "ssn" + gap(30) + "536-22-8726", ssn},
		{"ssn at 31", "ssn" + gap(31) + "536-22-8726", -1},
		{"ssn after", "536-22-8726 is my SSN", ssn},
	}
	for _, tt := range tests {
		got := scanAll(e, "", tt.text)
		switch {
		case tt.want < 0 && len(got) != 0:
			t.Errorf("%s: %q got%s, want none", tt.name, tt.text, describe(e, tt.text, got))
		case tt.want >= 0 && (len(got) != 1 || got[0].Identifier != tt.want):
			t.Errorf("%s: %q got%s, want %s", tt.name, tt.text, describe(e, tt.text, got), e.Identifiers()[tt.want].ID)
		}
	}
}

func TestFieldKeywords(t *testing.T) {
	e := mustCompile(t, Options{})
	ssn := idIndex(t, e, "USA_SOCIAL_SECURITY_NUMBER")
	card := idIndex(t, e, "CREDIT_CARD_NUMBER")
	tests := []struct {
		field string
		text  string
		want  int
	}{
		{"customer_ssn", "536-22-8726", ssn},
		{"$.customer.ssn", "536228726", ssn},
		{"$.people[].SSN", "536228726", ssn},
		{"CustomerSSN", "536228726", ssn},
		{"social-security-number", "536228726", ssn},
		{"socialSecurityNumber", "536228726", ssn},
		{"customer_id", "536228726", -1},
		{"lessness", "536228726", -1},
		{"classn", "536228726", -1},
		{"$.order.card.number", "4526018159083012", card},
		{"$.payment.cards[].cardNumber", "4526018159083012", card},
		{"", "536228726", -1},
	}
	for _, tt := range tests {
		got := scanAll(e, tt.field, tt.text)
		switch {
		case tt.want < 0 && len(got) != 0:
			t.Errorf("field %q: got%s, want none", tt.field, describe(e, tt.text, got))
		case tt.want >= 0 && (len(got) != 1 || got[0].Identifier != tt.want):
			t.Errorf("field %q: got%s, want %s", tt.field, describe(e, tt.text, got), e.Identifiers()[tt.want].ID)
		}
	}
	if (e.Field("") != FieldContext{}) || (e.Field("amount") != FieldContext{}) {
		t.Error("a field without keywords must be the zero FieldContext")
	}
	long := strings.Repeat("x_", 300) + "ssn"
	if !e.Field(long).has(e.ids[ssn].fieldBitForTest(e)) {
		t.Error("keyword at the end of a long field name not found")
	}
}

// fieldBitForTest finds an identifier's FieldContext bit.
func (id Identifier) fieldBitForTest(e *Engine) int {
	for _, ks := range e.fieldSets {
		for _, r := range e.numeric {
			for _, tg := range r.targets {
				if tg.kw == ks && e.ids[tg.id].ID == id.ID {
					return ks.bit
				}
			}
		}
	}
	return -1
}

func TestNULBoundaries(t *testing.T) {
	e := mustCompile(t, Options{})
	for _, text := range []string{
		"4526\x000181\x005908\x003012",
		"4526 0181\x005908 3012",
		"ssn 536-22\x008726",
		"jane\x00@example.com",
		"jane@exa\x00mple.com",
		"AKIABBR6QMW4\x00WXFOGO6M",
		"aws secret\x00tws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBM",
		"DE89\x00370400440532013000",
	} {
		if got := scanAll(e, "", text); len(got) != 0 {
			t.Errorf("%q: got%s, want none", text, describe(e, text, got))
		}
	}
	// Values on both sides of a NUL are found, each within its value.
	text := "ssn 536-22-8726\x00x\x00card 4526018159083012\x00a@b.io"
	got := matchStrings(e, scanAll(e, "", text))
	want := []string{"USA_SOCIAL_SECURITY_NUMBER@4-15", "CREDIT_CARD_NUMBER@23-39", "EMAIL_ADDRESS@40-46"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestLineSplits(t *testing.T) {
	e := mustCompile(t, Options{})
	for _, text := range []string{
		"card 4526 0181\n5908 3012",
		"ssn 536-22-\n8726",
		"ssn 536\n22\n8726",
		"DE89 3704 0044\n0532 0130 00",
	} {
		if got := scanAll(e, "", text); len(got) != 0 {
			t.Errorf("%q: got%s, want none", text, describe(e, text, got))
		}
	}
}

func TestMatchOrderAndOffsets(t *testing.T) {
	e := mustCompile(t, Options{})
	text := "jwt eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0. then a@b.io, SSN 536-22-8726 and " +
		"AKIABBR6QMW4WXFOGO6M; card 4526018159083012 IBAN DE89370400440532013000 " +
		"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"
	got := scanAll(e, "", text)
	if !slices.IsSortedFunc(got, compareMatches) {
		t.Fatalf("matches out of order: %v", got)
	}
	want := map[string]string{
		"JSON_WEB_TOKEN":              "eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0.",
		"EMAIL_ADDRESS":               "a@b.io",
		"USA_SOCIAL_SECURITY_NUMBER":  "536-22-8726",
		"AWS_CREDENTIALS":             "AKIABBR6QMW4WXFOGO6M",
		"CREDIT_CARD_NUMBER":          "4526018159083012",
		"GERMANY_BANK_ACCOUNT_NUMBER": "DE89370400440532013000",
		"OPENSSH_PRIVATE_KEY":         "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----",
	}
	if len(got) != len(want) {
		t.Fatalf("got%s\nwant %d matches", describe(e, text, got), len(want))
	}
	for _, m := range got {
		id := e.Identifiers()[m.Identifier].ID
		if text[m.Start:m.End] != want[id] {
			t.Errorf("%s: got %q, want %q", id, text[m.Start:m.End], want[id])
		}
	}
}

func TestLongNumericTokens(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"CREDIT_CARD_NUMBER_(NO_KEYWORD)"}})
	// More groups than one window holds: the card near the end must still
	// be found, once.
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString("1 ")
	}
	b.WriteString("4526-0181-5908-3012")
	for i := 0; i < 100; i++ {
		b.WriteString(" 22")
	}
	text := b.String()
	got := scanAll(e, "", text)
	if len(got) != 1 || text[got[0].Start:got[0].End] != "4526-0181-5908-3012" {
		t.Fatalf("got%s", describe(e, text, got))
	}
	// A card straddling the window edge.
	for pad := 35; pad < 55; pad++ {
		text := strings.Repeat("7 ", pad) + "4526-0181-5908-3012 " + strings.Repeat("7 ", 60)
		got := scanAll(e, "", text)
		if len(got) != 1 || text[got[0].Start:got[0].End] != "4526-0181-5908-3012" {
			t.Fatalf("pad %d: got%s", pad, describe(e, text, got))
		}
	}
}

// TestGroupedFormIsAWholeRun: the middle of a longer run of groups joined
// by the same separator is not a grouped card (IBANs, tables of numbers).
func TestGroupedFormIsAWholeRun(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"CREDIT_CARD_NUMBER_(NO_KEYWORD)"}})
	for _, text := range []string{
		"DE36 5001 0517 9341 6612 94", // Luhn-valid 4-4-4-4 inside an IBAN
		"7 4526 0181 5908 3012",
		"4526 0181 5908 3012 7",
		"4526-0181-5908-3012-7",
	} {
		if got := scanAll(e, "", text); len(got) != 0 {
			t.Errorf("%q: got%s", text, describe(e, text, got))
		}
	}
	for _, text := range []string{"4526 0181 5908 3012", "x 4526-0181-5908-3012 7", "4526 0181 5908 3012-7"} {
		if got := scanAll(e, "", text); len(got) != 1 {
			t.Errorf("%q: got%s, want one card", text, describe(e, text, got))
		}
	}
}

func TestManagedSelection(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"USA_SOCIAL_SECURITY_NUMBER", "AWS_CREDENTIALS", "AWS_CREDENTIALS"}})
	var ids []string
	for _, id := range e.Identifiers() {
		ids = append(ids, id.ID)
	}
	if !slices.Equal(ids, []string{"AWS_CREDENTIALS", "USA_SOCIAL_SECURITY_NUMBER"}) {
		t.Errorf("Identifiers() = %v", ids)
	}
	if got := scanAll(e, "", "card 4526018159083012 a@b.io"); len(got) != 0 {
		t.Errorf("unselected identifiers matched: %v", got)
	}
	// Only the keyword twin selected: a card without keyword is nothing.
	e = mustCompile(t, Options{Managed: []string{"CREDIT_CARD_NUMBER"}})
	if got := scanAll(e, "", "order 4526018159083012"); len(got) != 0 {
		t.Errorf("got %v", got)
	}
	e = mustCompile(t, Options{Managed: []string{}})
	if len(e.Identifiers()) != 0 {
		t.Errorf("empty selection compiled %d identifiers", len(e.Identifiers()))
	}
}

func TestScanDoesNotAllocate(t *testing.T) {
	e := mustCompile(t, Options{AllowLists: []AllowList{{Name: "w", Criteria: AllowListCriteria{Words: []string{"nobody@example.com"}}}}})
	s := e.NewScanner()
	data := []byte(strings.Repeat("name,card 4526018159083012,ssn 536-22-8726,a@b.io,AKIABBR6QMW4WXFOGO6M,"+
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0. aws_secret_access_key=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 "+
		"DE89 3704 0044 0532 0130 00 -----BEGIN RSA PRIVATE KEY-----\nAA\n-----END RSA PRIVATE KEY-----\x00", 50))
	field := e.Field("customer_ssn")
	n := 0
	fn := func(Match) { n++ }
	s.Scan(data, field, fn) // warm up the scratch space
	allocs := testing.AllocsPerRun(20, func() { s.Scan(data, field, fn) })
	if allocs != 0 {
		t.Errorf("Scan allocated %.1f times per call, want 0", allocs)
	}
	if n == 0 {
		t.Error("nothing matched")
	}
}

func TestScanReuse(t *testing.T) {
	e := mustCompile(t, Options{})
	s := e.NewScanner()
	var got []Match
	s.Scan([]byte("a@b.io"), FieldContext{}, func(m Match) { got = append(got, m) })
	s.Scan([]byte("nothing here"), FieldContext{}, func(m Match) { got = append(got, m) })
	if len(got) != 1 {
		t.Errorf("got %v, want the first scan's match only", got)
	}
}

func TestPEMLimits(t *testing.T) {
	e := mustCompile(t, Options{})
	begin := "-----BEGIN RSA PRIVATE KEY-----"
	end := "-----END RSA PRIVATE KEY-----"
	body := strings.Repeat("QUFBQUFB\n", 16<<10/9+10) // more than 16 KiB
	text := begin + "\n" + body + end
	got := scanAll(e, "", text)
	if len(got) != 1 || got[0].End != len(begin) {
		t.Errorf("END beyond 16 KiB: got %v, want the BEGIN line only", got)
	}
	text = begin + "\nAAAA\n" + "-----END EC PRIVATE KEY-----\n" + end
	got = scanAll(e, "", text)
	if len(got) != 1 || got[0].End != len(text) {
		t.Errorf("mismatched END label: got %v, want the block to the matching END", got)
	}
	text = begin + "\nAAAA\n" + begin + "\nBBBB\n" + end
	got = scanAll(e, "", text)
	if len(got) != 2 || got[0].End != len(begin) || got[1].End != len(text) {
		t.Errorf("a BEGIN without END before another block: got %v", got)
	}
}

func TestAWSSecretKeyWindows(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{"AWS_CREDENTIALS"}})
	key := "tws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBM"
	for _, tt := range []struct {
		text string
		n    int
	}{
		{"aws secret: " + key, 1},
		{key + " is the AWS Secret", 1},
		{"AWS_SECRET_ACCESS_KEY=" + key + " AWS_SECRET_ACCESS_KEY=" + key, 2},
		{"secret access key" + strings.Repeat(" ", 30) + key, 1},
		{"secret access key" + strings.Repeat(" ", 31) + key, 0},
		{"secret " + key, 0},                       // "secret" alone is not a keyword
		{"aws_secret_access_key: " + key + "/", 0}, // a 41-character token
		{strings.Repeat("aws secret ", 20) + key, 1},
	} {
		if got := scanAll(e, "", tt.text); len(got) != tt.n {
			t.Errorf("%q: got%s, want %d", tt.text, describe(e, tt.text, got), tt.n)
		}
	}
	// With the keyword in the field name, every key in the buffer counts.
	text := key + "\x00" + "7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xa"
	if got := scanAll(e, "AwsSecretAccessKey", text); len(got) != 2 {
		t.Errorf("field keyword: got%s", describe(e, text, got))
	}
}

func TestCustomIdentifiers(t *testing.T) {
	e := mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{
		{Name: "employee", Regex: `EMP-\d{6}`, Keywords: []string{"employee id", "staff"}, MaximumMatchDistance: 20},
		{Name: "order", Regex: `ORD\d{4}`, IgnoreWords: []string{"ORD0000"}},
		{Name: "dotty", Regex: `a.b|x[^y]+z`},
	}})
	tests := []struct {
		text string
		want []string
	}{
		// Keyword must precede; distance runs from the keyword's end to the match's end.
		{"employee id EMP-123456", []string{"employee@12-22"}},
		{"Employee-ID: EMP-123456", []string{"employee@13-23"}},
		{"staff" + strings.Repeat(" ", 10) + "EMP-123456", []string{"employee@15-25"}}, // 20 characters to the end
		{"staff" + strings.Repeat(" ", 11) + "EMP-123456", nil},                        // 21
		{"EMP-123456 employee id", nil},                                                // after does not count
		{"staff\x00EMP-123456", nil},                                                   // another value
		{"ORD1234 ORD0000 ord1234", []string{"order@0-7"}},
		{"a\x00b", nil}, // no match across a NUL
		{"x1\x002z", nil},
		{"axb x12z", []string{"dotty@0-3", "dotty@4-8"}},
	}
	for _, tt := range tests {
		got := matchStrings(e, scanAll(e, "", tt.text))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.text, got, tt.want)
		}
	}
	// Default distance is 50.
	e = mustCompile(t, Options{Managed: []string{}, Custom: []CustomDataIdentifier{
		{Name: "c", Regex: `Z\d{3}`, Keywords: []string{"code"}},
	}})
	for gap, n := range map[int]int{46: 1, 47: 0} { // 46 spaces + 4 characters = 50
		text := "code" + strings.Repeat(" ", gap) + "Z123"
		if got := scanAll(e, "", text); len(got) != n {
			t.Errorf("gap %d: got %d matches, want %d", gap, len(got), n)
		}
	}
}

func TestAllowLists(t *testing.T) {
	e := mustCompile(t, Options{AllowLists: []AllowList{
		{Name: "words", Criteria: AllowListCriteria{Words: []string{"Support@Example.com", "Grüße@example.de"}}},
		{Name: "regex", Criteria: AllowListCriteria{Regex: `[a-z]+@test\.example`}},
	}})
	text := "support@example.com other@example.com bob@test.example bob@test.example.org"
	got := scanAll(e, "", text)
	var texts []string
	for _, m := range got {
		texts = append(texts, text[m.Start:m.End])
	}
	want := []string{"other@example.com", "bob@test.example.org"}
	if !slices.Equal(texts, want) {
		t.Errorf("got %q, want %q", texts, want)
	}
}

func TestCompileErrors(t *testing.T) {
	many := func(n int, f func(i int) string) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, f(i))
		}
		return out
	}
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"unknown managed", Options{Managed: []string{"NOPE_ID"}}, `unknown managed data identifier "NOPE_ID"`},
		{"lookahead", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `a(?=b)`}}}, "lookahead"},
		{"negative lookahead", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `a(?!b)`}}}, "negative lookahead"},
		{"lookbehind", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `(?<=a)b`}}}, "lookbehind"},
		{"backreference", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `(a)\1`}}}, "backreference"},
		{"atomic", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `(?>a)`}}}, "atomic group"},
		{"possessive", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `a*+`}}}, "possessive"},
		{"bad syntax", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `a(b`}}}, "missing closing )"},
		{"empty regex", Options{Custom: []CustomDataIdentifier{{Name: "x"}}}, "regex is empty"},
		{"long regex", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: strings.Repeat("a", 513)}}}, "513 characters, at most 512"},
		{"too many keywords", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", Keywords: many(51, func(i int) string { return "kw" + itoa(i+100) })}}}, "51 keywords, at most 50"},
		{"short keyword", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", Keywords: []string{"ab"}}}}, `keyword "ab" has 2 characters`},
		{"distance high", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", MaximumMatchDistance: 301}}}, "maximumMatchDistance 301 is outside 1..300"},
		{"distance negative", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", MaximumMatchDistance: -1}}}, "outside 1..300"},
		{"too many ignore words", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", IgnoreWords: many(11, func(i int) string { return "word" + itoa(i) })}}}, "11 ignore words, at most 10"},
		{"short ignore word", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", IgnoreWords: []string{"abc"}}}}, "ignore word"},
		{"bad severity", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", SeverityLevels: []SeverityLevel{{1, "CRITICAL"}}}}}, `"CRITICAL" is not LOW, MEDIUM or HIGH`},
		{"descending thresholds", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a", SeverityLevels: []SeverityLevel{{10, "LOW"}, {5, "HIGH"}}}}}, "must be above"},
		{"duplicate name", Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: "a"}, {Name: "x", Regex: "b"}}}, "name used twice"},
		{"managed name", Options{Custom: []CustomDataIdentifier{{Name: "PKCS", Regex: "a"}}}, "name is a managed identifier ID"},
		{"no name", Options{Custom: []CustomDataIdentifier{{Regex: "a"}}}, "name must have 1 to 128 characters"},
		{"allow list neither", Options{AllowLists: []AllowList{{Name: "a"}}}, "exactly one of a regex or a words list"},
		{"allow list both", Options{AllowLists: []AllowList{{Name: "a", Criteria: AllowListCriteria{Regex: "x", Words: []string{"y"}}}}}, "exactly one"},
		{"allow list lookahead", Options{AllowLists: []AllowList{{Name: "a", Criteria: AllowListCriteria{Regex: "(?=x)"}}}}, "lookahead"},
	}
	for _, tt := range tests {
		_, err := Compile(tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Compile error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	// Valid edge cases compile.
	if _, err := Compile(Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: `[)(?=]\(?=x`, MaximumMatchDistance: 300,
		Keywords: many(50, func(i int) string { return "kw" + itoa(i+100) })}}}); err != nil {
		t.Errorf("valid pattern rejected: %v", err)
	}
	// A quantifier after \p{...} or \x{...} is not possessive.
	for _, re := range []string{`\p{Greek}+`, `\P{Latin}*?`, `\x{263a}+`, `[\p{Lu}]{2}+x`} {
		_, err := Compile(Options{Custom: []CustomDataIdentifier{{Name: "x", Regex: re}}})
		if re == `[\p{Lu}]{2}+x` {
			if err == nil || !strings.Contains(err.Error(), "possessive") {
				t.Errorf("%s: error %v, want the possessive quantifier named", re, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s rejected: %v", re, err)
		}
	}
}

func TestErrorsDoNotLeakValues(t *testing.T) {
	// An allow list word that fails validation is described by its length,
	// never echoed: allow lists hold sensitive values.
	_, err := Compile(Options{AllowLists: []AllowList{{Name: "a", Criteria: AllowListCriteria{Words: []string{strings.Repeat("4", 91)}}}}})
	if err == nil || strings.Contains(err.Error(), "4444") {
		t.Errorf("error %v", err)
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte("card 4526018159083012 ssn 536-22-8726 a@b.io AKIABBR6QMW4WXFOGO6M"), "customer_ssn")
	f.Add([]byte("eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0.\x00-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----"), "")
	f.Add([]byte("aws_secret_access_key=tws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBM DE89 3704 0044 0532 0130 00"), "$.a[].b")
	f.Add([]byte("1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9"), "")
	f.Add([]byte("EMP-123456 ORD1234 \xff\xfe@\x00@"), "")
	e, err := Compile(Options{Custom: []CustomDataIdentifier{
		{Name: "emp", Regex: `EMP-\d{6}`, Keywords: []string{"employee"}},
		{Name: "any", Regex: `[^,]{3,8}`, IgnoreWords: []string{"xxxx"}},
	}, AllowLists: []AllowList{{Name: "w", Criteria: AllowListCriteria{Words: []string{"a@b.io"}}}}})
	if err != nil {
		f.Fatal(err)
	}
	s := e.NewScanner()
	f.Fuzz(func(t *testing.T, data []byte, field string) {
		var prev Match
		first := true
		var ms []Match
		s.Scan(data, e.Field(field), func(m Match) {
			ms = append(ms, m)
			if m.Identifier < 0 || m.Identifier >= len(e.Identifiers()) {
				t.Fatalf("identifier %d out of range", m.Identifier)
			}
			if m.Start < 0 || m.End > len(data) || m.Start >= m.End {
				t.Fatalf("match [%d,%d) out of bounds of %d bytes", m.Start, m.End, len(data))
			}
			if bytes.IndexByte(data[m.Start:m.End], 0) >= 0 {
				t.Fatalf("match [%d,%d) spans a NUL", m.Start, m.End)
			}
			if !first && compareMatches(prev, m) >= 0 {
				t.Fatalf("matches out of order or repeated: %v then %v", prev, m)
			}
			prev, first = m, false
		})
		// The scanner keeps state between calls (windows, dedup, custom
		// hits): a second scan with it, and Explain with a fresh one, must
		// report the same matches.
		var again []Match
		s.Scan(data, e.Field(field), func(m Match) { again = append(again, m) })
		if !slices.Equal(again, ms) {
			t.Fatalf("rescan: %v, first scan: %v", again, ms)
		}
		var explained []Match
		for _, x := range e.Explain(data, field) {
			if x.Reason == "" {
				explained = append(explained, Match{x.Identifier, x.Start, x.End})
			}
		}
		if !slices.Equal(explained, ms) {
			t.Fatalf("Explain: %v, Scan: %v", explained, ms)
		}
	})
}

// TestCustomSetPrefilter: with enough patterns run over the whole buffer, a
// set pass over all patterns picks which run; the matches must be those of
// running every pattern. With fewer, there is no set pass.
func TestCustomSetPrefilter(t *testing.T) {
	var custom []CustomDataIdentifier
	// Patterns run over the whole buffer (the first four and the sixth),
	// and on windows around a literal (the seventh and the last two) or a
	// literal ignoring case (the fifth and the eighth).
	for i, re := range []string{`(?:EMP|emp)\d{3}`, `(?:OR|PS)\d{3}`, `[ab].[bc]`, `x[^y]+z`, `(?i)member #\d{3}`, `[QR]{2}\s?Q`,
		`\bLEAD-\d+`, `(?i)\bacct\d{3}`, `ORD\d{4}`, `Z1-\d`} {
		custom = append(custom, CustomDataIdentifier{Name: "c" + itoa(i+1), Regex: re})
	}
	e := mustCompile(t, Options{Managed: []string{}, Custom: custom})
	if e.customSet == nil {
		t.Fatal("no set prefilter compiled")
	}
	if few := mustCompile(t, Options{Managed: []string{}, Custom: slices.Delete(slices.Clone(custom), 1, 6)}); few.customSet != nil {
		t.Fatal("a set prefilter with one pattern run over the whole buffer")
	}
	plain := *e
	plain.customSet = nil
	for _, text := range []string{
		"EMP123456 PS1234 axb x12z MEMBER #123 QQQQ LEAD-7 ACCT123 ORD5555 Z1-2",
		"emp123456 OR1234 axc x12z MEMBER #123 QQQQ",
		"LEAD-1 acct999",
		"nothing at all",
		"a\x00b ORD12\x0034",
		"ORD9999",
	} {
		got, want := scanAll(e, "", text), scanAll(&plain, "", text)
		if !slices.Equal(got, want) {
			t.Errorf("%q: with set %v, without %v", text, got, want)
		}
	}
	if got := scanAll(e, "", "EMP123456 PS1234 axb x12z MEMBER #123 QQQQ LEAD-7 ACCT123 ORD5555 Z1-2"); len(got) != 10 {
		t.Errorf("got %d matches, want 10: %v", len(got), got)
	}
}

// TestConcurrentScanners: an Engine is shared by goroutines, each with its
// own Scanner (run with -race).
func TestConcurrentScanners(t *testing.T) {
	e := mustCompile(t, Options{Custom: []CustomDataIdentifier{{Name: "emp", Regex: `EMP-\d{6}`}}})
	data := []byte(strings.Repeat("card 4526018159083012 a@b.io EMP-123456 ssn 536-22-8726\n", 200))
	want := scanAll(e, "", string(data))
	done := make(chan []Match)
	for g := 0; g < 4; g++ {
		go func() {
			s := e.NewScanner()
			var got []Match
			for i := 0; i < 5; i++ {
				got = got[:0]
				s.Scan(data, FieldContext{}, func(m Match) { got = append(got, m) })
			}
			done <- got
		}()
	}
	for g := 0; g < 4; g++ {
		if got := <-done; !slices.Equal(got, want) {
			t.Errorf("goroutine result differs: %d matches, want %d", len(got), len(want))
		}
	}
}

// TestCompileDefaultShared checks that the default options' engine is
// compiled once and shared, and that it is the engine the default IDs,
// listed, compile to.
func TestCompileDefaultShared(t *testing.T) {
	a, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile(Options{Custom: []CustomDataIdentifier{}})
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("Compile(Options{}) built a second engine")
	}
	listed, err := Compile(Options{Managed: DefaultIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if listed == a {
		t.Fatal("explicit IDs returned the shared default engine")
	}
	if !slices.Equal(idList(listed), idList(a)) {
		t.Errorf("default engine identifiers %v, want %v", idList(a), idList(listed))
	}
	text := "card 4556 7375 8689 9855, SSN 536-90-4399, bob.smith@example.org"
	if got, want := len(scanAll(a, "", text)), len(scanAll(listed, "", text)); got != want || got == 0 {
		t.Errorf("default engine: %d matches, explicit IDs %d", got, want)
	}
	none, err := Compile(Options{Managed: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if none == a || len(none.Identifiers()) != 0 {
		t.Errorf("Managed: []string{} compiled %d identifiers, want none", len(none.Identifiers()))
	}
}

func idList(e *Engine) []string {
	var ids []string
	for _, id := range e.Identifiers() {
		ids = append(ids, id.ID)
	}
	return ids
}
