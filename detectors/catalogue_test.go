package detectors

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// parseSample strips the « » markers from a sample and returns the text and
// the marked spans (byte offsets in the stripped text).
func parseSample(t testing.TB, marked string) (string, [][2]int) {
	t.Helper()
	var b strings.Builder
	var spans [][2]int
	open := -1
	for i := 0; i < len(marked); {
		switch {
		case strings.HasPrefix(marked[i:], "«"):
			if open >= 0 {
				t.Fatalf("nested « in %q", marked)
			}
			open = b.Len()
			i += len("«")
		case strings.HasPrefix(marked[i:], "»"):
			if open < 0 {
				t.Fatalf("» without « in %q", marked)
			}
			spans = append(spans, [2]int{open, b.Len()})
			open = -1
			i += len("»")
		default:
			b.WriteByte(marked[i])
			i++
		}
	}
	if open >= 0 {
		t.Fatalf("unclosed « in %q", marked)
	}
	return b.String(), spans
}

func mustCompile(t testing.TB, opts Options) *Engine {
	t.Helper()
	e, err := Compile(opts)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return e
}

// scanAll scans text under field name and returns the matches.
func scanAll(e *Engine, field, text string) []Match {
	var got []Match
	e.NewScanner().Scan([]byte(text), e.Field(field), func(m Match) { got = append(got, m) })
	return got
}

func describe(e *Engine, text string, ms []Match) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "\n  %s [%d,%d) %q", e.Identifiers()[m.Identifier].ID, m.Start, m.End, text[m.Start:m.End])
	}
	if len(ms) == 0 {
		b.WriteString(" none")
	}
	return b.String()
}

// TestCatalogue runs every Spec's samples through an engine holding the whole
// catalogue: a positive sample must produce exactly its marked matches, all
// of its identifier and none of any other; a negative sample must produce
// nothing of its identifier.
func TestCatalogue(t *testing.T) {
	cat := Catalogue()
	if len(cat) == 0 {
		t.Fatal("empty catalogue")
	}
	ids := make([]string, len(cat))
	for i, sp := range cat {
		ids[i] = sp.ID
	}
	if !slices.IsSorted(ids) {
		t.Errorf("catalogue IDs are not sorted: %v", ids)
	}
	if c := slices.Compact(slices.Clone(ids)); len(c) != len(ids) {
		t.Errorf("catalogue IDs are not unique: %v", ids)
	}
	var defaults []string
	for _, sp := range cat {
		if !sp.OffByDefault {
			defaults = append(defaults, sp.ID)
		}
	}
	if !slices.Equal(DefaultIDs(), defaults) {
		t.Errorf("DefaultIDs() = %v, want every catalogue ID not OffByDefault", DefaultIDs())
	}
	// The accuracy corpus and the CLI tests rely on these.
	for _, id := range []string{"AWS_CREDENTIALS", "CREDIT_CARD_NUMBER", "CREDIT_CARD_NUMBER_(NO_KEYWORD)", "EMAIL_ADDRESS",
		"GERMANY_BANK_ACCOUNT_NUMBER", "JSON_WEB_TOKEN", "OPENSSH_PRIVATE_KEY", "PKCS", "USA_SOCIAL_SECURITY_NUMBER"} {
		if !slices.Contains(DefaultIDs(), id) {
			t.Errorf("DefaultIDs() lacks %s", id)
		}
	}

	e := mustCompile(t, Options{Managed: ids})
	for _, sp := range cat {
		t.Run(sp.ID, func(t *testing.T) {
			if sp.Category == "" || sp.Name == "" || sp.Matcher == "" || len(sp.Severity) == 0 {
				t.Errorf("incomplete spec: %+v", sp)
			}
			if sp.KeywordRequired && sp.KeywordAbsent {
				t.Error("KeywordRequired and KeywordAbsent both set")
			}
			if len(sp.Samples) == 0 || len(sp.NegativeSamples) == 0 {
				t.Error("a spec needs positive and negative samples")
			}
			idx := slices.IndexFunc(e.Identifiers(), func(id Identifier) bool { return id.ID == sp.ID })
			if idx < 0 {
				t.Fatalf("%s not compiled", sp.ID)
			}
			for _, s := range sp.Samples {
				text, spans := parseSample(t, s.Text)
				if len(spans) == 0 {
					t.Errorf("positive sample without a marked match: %q", s.Text)
				}
				got := scanAll(e, s.Field, text)
				var want []Match
				for _, sp := range spans {
					want = append(want, Match{Identifier: idx, Start: sp[0], End: sp[1]})
				}
				if !slices.Equal(got, want) {
					t.Errorf("sample %q (field %q):\n got:%s\nwant:%s", text, s.Field, describe(e, text, got), describe(e, text, want))
				}
			}
			for _, s := range sp.NegativeSamples {
				text, spans := parseSample(t, s.Text)
				if len(spans) != 0 {
					t.Errorf("negative sample with marks: %q", s.Text)
				}
				for _, m := range scanAll(e, s.Field, text) {
					if m.Identifier == idx {
						t.Errorf("negative sample %q (field %q) matched:%s", text, s.Field, describe(e, text, []Match{m}))
					}
				}
			}
		})
	}
}

// TestCardTwinsShareKeywords: every card number must be exactly one of the
// two card identifiers, which holds only if they use the same keywords.
func TestCardTwinsShareKeywords(t *testing.T) {
	by := catalogueByID()
	a, b := by["CREDIT_CARD_NUMBER"], by["CREDIT_CARD_NUMBER_(NO_KEYWORD)"]
	if !slices.Equal(a.Keywords, b.Keywords) || a.Proximity != b.Proximity || a.Numeric != b.Numeric {
		t.Fatal("CREDIT_CARD_NUMBER and its NO_KEYWORD twin differ in keywords, proximity or shape")
	}
	for _, k := range []string{"credit card", "card number", "card num", "card no", "cc#", "ccn", "cc number",
		"creditcard", "card", "pan", "visa", "mastercard", "master card", "amex", "american express", "discover",
		"jcb", "diners club", "maestro", "unionpay"} {
		if !slices.Contains(a.Keywords, k) {
			t.Errorf("card keywords lack %q", k)
		}
	}
}

func TestSeverityFor(t *testing.T) {
	e := mustCompile(t, Options{Custom: []CustomDataIdentifier{
		{Name: "default", Regex: `x`},
		{Name: "levels", Regex: `y`, SeverityLevels: []SeverityLevel{
			{OccurrencesThreshold: 100, Severity: "HIGH"},
			{OccurrencesThreshold: 5, Severity: "LOW"},
			{OccurrencesThreshold: 50, Severity: "MEDIUM"},
		}},
	}})
	tests := []struct {
		id    string
		count int
		want  Severity
	}{
		{"AWS_CREDENTIALS", 1, SeverityHigh},
		{"CREDIT_CARD_NUMBER", 1, SeverityHigh},
		{"CREDIT_CARD_NUMBER_(NO_KEYWORD)", 1, SeverityHigh},
		{"USA_SOCIAL_SECURITY_NUMBER", 1, SeverityMedium},
		{"USA_SOCIAL_SECURITY_NUMBER", 99, SeverityMedium},
		{"USA_SOCIAL_SECURITY_NUMBER", 100, SeverityHigh},
		{"GERMANY_BANK_ACCOUNT_NUMBER", 100, SeverityHigh},
		{"EMAIL_ADDRESS", 1, SeverityLow},
		{"EMAIL_ADDRESS", 0, SeverityNone},
		{"default", 1, SeverityMedium},
		{"default", 1000, SeverityMedium},
		{"levels", 4, SeverityNone},
		{"levels", 5, SeverityLow},
		{"levels", 50, SeverityMedium},
		{"levels", 99, SeverityMedium},
		{"levels", 100, SeverityHigh},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(e.Identifiers(), func(id Identifier) bool { return id.ID == tt.id })
		if i < 0 {
			t.Fatalf("no identifier %s", tt.id)
		}
		id := e.Identifiers()[i]
		if got := id.SeverityFor(tt.count); got != tt.want {
			t.Errorf("%s.SeverityFor(%d) = %v, want %v", tt.id, tt.count, got, tt.want)
		}
	}
	for s, want := range map[Severity]string{SeverityLow: "LOW", SeverityMedium: "MEDIUM", SeverityHigh: "HIGH", SeverityNone: "NONE"} {
		if s.String() != want {
			t.Errorf("Severity(%d).String() = %q, want %q", s, s.String(), want)
		}
	}
}
