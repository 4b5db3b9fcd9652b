package testcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReferenceReading pins the audit's reading of the rules on hand-made
// values: the audit is only as good as this reading.
func TestReferenceReading(t *testing.T) {
	const visa = "4532015112830366" // Luhn valid, not a published test number
	const amex = "341234567890127"
	secret := "wJalrXUtnFEMIK7MDENGbPxRfiCY4e3f2a1b0c9d"
	jwtHS := jwt(newRNG(1, 1))
	for _, tc := range []struct {
		text  string
		names []string
		want  string // "TYPE@off", "problem", or "" for nothing
	}{
		{"ref " + visa, nil, TypeCreditCardNoKeyword + "@4"},
		{"visa " + visa, nil, TypeCreditCard + "@5"},
		{visa, []string{"card number"}, TypeCreditCard + "@0"},
		{visa, []string{"payment token"}, TypeCreditCardNoKeyword + "@0"},
		{visa, []string{"customers", "cards", "number"}, "problem"}, // "cards": plural or not?
		{"card_number=" + visa, nil, "problem"},                     // '_' a word character or not?
		{"card " + strings.Repeat("x", 33) + " " + visa, nil, "problem"},
		{"4532 0151 1283 0366", nil, TypeCreditCardNoKeyword + "@0"},
		{"4532-0151 1283-0366", nil, "problem"}, // mixed separators
		{"3412 345678 90127", nil, TypeCreditCardNoKeyword + "@0"},
		{amex, []string{"amex"}, TypeCreditCard + "@0"},
		{"x" + visa, nil, "problem"},  // card-like but not bounded: unclean filler
		{"4532015112830367", nil, ""}, // Luhn fails
		{"SSN 536-22-1234", nil, TypeSSN + "@4"},
		{"ss# 536221234", nil, TypeSSN + "@4"},
		{"536 22 1234", []string{"ssn"}, TypeSSN + "@0"},
		{"Case 536-22-1234", nil, ""},
		{"SSN 666-22-1234", nil, ""},
		{"SSN 123-45-6789", nil, ""},
		{"DE89370400440532013000", nil, TypeGermanIBAN + "@0"},
		{"to DE89 3704 0044 0532 0130 00 today", nil, TypeGermanIBAN + "@3"},
		{"DE89370400440532013001", nil, ""},
		{"xDE89370400440532013000", nil, ""},
		{"id AKIAABCDEFGHIJKLMNOP ok", nil, TypeAWSCredentials + "@3"},
		{"id AKIAABCDEFGHIJKLMNOPQ", nil, ""},
		{"id akiaabcdefghijklmnop", nil, ""},
		{"aws_secret_access_key = " + secret, nil, TypeAWSCredentials + "@24"},
		{secret, []string{"aws secret access key"}, TypeAWSCredentials + "@0"},
		{"token " + secret, nil, ""},
		{"Bearer " + jwtHS, nil, TypeJWT + "@7"},
		{"cursor " + notJWT(newRNG(1, 2)), nil, ""},
		{"mail jane.doe@example.org now", nil, TypeEmail + "@5"},
		{"user@host", nil, "problem"},
		{"from 10.0.12.7 today", nil, TypeIPAddress + "@5"},
		{"from 10.0.12.256 today", nil, ""},
		{"from 10.0.012.7 today", nil, "problem"},
		{"version 1.2.3 and 1.2.3.4a", nil, ""},
	} {
		hits := scanValue(tc.text, namesKW(tc.names, tc.text))
		var got []string
		for _, h := range hits {
			if h.quiet != "" {
				continue // keyword-less values of the further types: TestQuietValues
			}
			if h.problem != "" {
				got = append(got, "problem")
			} else {
				got = append(got, fmt.Sprintf("%s@%d", h.typ, h.off))
			}
		}
		g := strings.Join(got, ",")
		if g != tc.want && !(tc.want == "problem" && strings.Contains(g, "problem")) {
			t.Errorf("scanValue(%q, names %q) = %q, want %q", tc.text, tc.names, g, tc.want)
		}
	}
}

// TestAuditCatchesMistakes: the corpus check fails when a file holds an
// unlabeled identifier, a label is missing or misplaced, or a negative is
// detectable.
func TestAuditCatchesMistakes(t *testing.T) {
	opts := Options{Seed: 2, Files: 1, Rows: 200, Density: 0.05, Formats: []string{"txt", "csv", "jsonl"}}
	cases := []struct {
		name   string
		mutate func(dir string, m *Manifest)
	}{
		{"stray card in text", func(dir string, m *Manifest) {
			appendTo(t, dir, "txt/notes-0000.txt", "Refund reference 4532015112830366 was archived.\n")
		}},
		{"stray email in a CSV row", func(dir string, m *Manifest) {
			appendTo(t, dir, "csv/customers-0000.csv", strings.Repeat(",", len(customersColumns)-1)+"write to max.mustermann@web.de\n")
		}},
		{"stray name in text", func(dir string, m *Manifest) {
			appendTo(t, dir, "txt/notes-0000.txt", "Spoke with Emma Nowak about the order.\n")
		}},
		{"stray address in a CSV row", func(dir string, m *Manifest) {
			appendTo(t, dir, "csv/customers-0000.csv", strings.Repeat(",", len(customersColumns)-1)+"moved to Gartenweg 7\n")
		}},
		{"name label missing", func(dir string, m *Manifest) {
			for i := range m.Labels {
				if m.Labels[i].Type == TypeName {
					m.Labels = append(m.Labels[:i], m.Labels[i+1:]...)
					return
				}
			}
			t.Fatal("no NAME label")
		}},
		{"stray SSN in JSON Lines", func(dir string, m *Manifest) {
			appendTo(t, dir, "jsonl/orders-0000.jsonl", `{"ssn":"536-22-1234"}`+"\n")
		}},
		{"label missing", func(dir string, m *Manifest) { m.Labels = m.Labels[1:] }},
		{"label misplaced", func(dir string, m *Manifest) {
			for i := range m.Labels {
				if c := m.Labels[i].Location.Cell; c != nil {
					c.Row++
					return
				}
			}
		}},
		{"wrong type", func(dir string, m *Manifest) {
			for i := range m.Labels {
				if m.Labels[i].Type == TypeCreditCard {
					m.Labels[i].Type = TypeCreditCardNoKeyword
					return
				}
			}
		}},
		{"negative at a label", func(dir string, m *Manifest) {
			m.Negatives = append(m.Negatives, Negative{File: m.Labels[0].File, Kind: NegUUID, Location: m.Labels[0].Location, value: m.Labels[0].value})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, m := generate(t, opts)
			if fails := verifyCorpus(dir, m); len(fails) != 0 {
				t.Fatalf("clean corpus fails: %v", fails[0])
			}
			tc.mutate(dir, m)
			if fails := verifyCorpus(dir, m); len(fails) == 0 {
				t.Error("mistake not caught")
			}
		})
	}
}

func appendTo(t *testing.T, dir, rel, s string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, rel), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}
