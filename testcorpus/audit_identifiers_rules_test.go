package testcorpus

import (
	"fmt"
	"strings"
	"testing"
)

// TestReferenceReadingFurther pins the audit's reading of the further types
// on hand-made values.
func TestReferenceReadingFurther(t *testing.T) {
	aad := "23456789012"
	aad += string(verhoeffCheckDigit(aad))
	aadSpaced := aad[:4] + " " + aad[4:8] + " " + aad[8:]
	gcp := "AIza" + strings.Repeat("b", 30) + "Xy9_z"
	stripe := "sk_live_" + strings.Repeat("a1B", 8)
	for _, tc := range []struct {
		text  string
		names []string
		want  string // "TYPE@off", "problem", or "" for nothing
	}{
		{"Aadhaar " + aadSpaced + " linked.", nil, TypeIndiaAadhaar + "@8"},
		{"aadhaar=" + aad, nil, TypeIndiaAadhaar + "@8"},
		{"Reference " + aad + " archived.", nil, ""},
		{aad, []string{"aadhaar"}, TypeIndiaAadhaar + "@0"},
		{"Aadhaar " + strings.Repeat("x", 33) + " " + aad, nil, "problem"},
		{"Aadhaar " + aad[:11] + string('0'+(aad[11]-'0'+1)%10), nil, ""},
		{"SIN 130 692 544 on file.", nil, TypeCanadaSIN + "@4"},
		{"SIN 130-692-544", nil, TypeCanadaSIN + "@4"},
		{"SIN 130.692.544", nil, "problem"}, // a layout that is not planted, next to the keyword
		{"Batch 130692544 closed.", nil, ""},
		{"NPI 1234567893 billed.", nil, TypeUSNPI + "@4"},
		{"ts=1234567893", nil, ""},
		{"NHS number 943 476 5919", nil, TypeUKNHS + "@11"},
		{"CPF 111.444.777-35", nil, TypeBrazilCPF + "@4"},
		{"cpf=11144477735", nil, TypeBrazilCPF + "@4"},
		{"マイナンバー: 123456789018", nil, TypeJapanMyNumber + "@20"},
		{"個人番号：１２３４５６７８９０１８", nil, TypeJapanMyNumber + "@15"},
		{"個人番号：1234-5678-9018", nil, TypeJapanMyNumber + "@15"},
		{"Voucher 123456789018", nil, ""},
		{"法人番号: 7000012050002", nil, TypeJapanCorporate + "@14"},
		{"id 7000012050002", nil, "problem"}, // a corporate number may not appear without 法人番号
		{"DNI 12345678Z", nil, TypeSpainDNI + "@4"},
		{"DNI 12345678-Z", nil, TypeSpainDNI + "@4"},
		{"DNI 12345678A", nil, ""},
		{"VIN 1M8GDM9AXKP042788", nil, TypeVIN + "@4"},
		{"VIN 1M8GDM9A1KP042788", nil, ""},
		{"Item 1M8GDM9AXKP042788", nil, ""},
		{"NINO AB123456C", nil, TypeUKNINO + "@5"},
		{"NINO AB 12 34 56 C", nil, TypeUKNINO + "@5"},
		{"NINO QQ123456C", nil, ""},
		{"Wire to GB29NWBK60161331926819", nil, TypeUKIBAN + "@8"},
		{"Wire to GB29 NWBK 6016 1331 9268 19 today", nil, TypeUKIBAN + "@8"},
		{"Wire to FR7630006000011234567890189", nil, TypeFranceIBAN + "@8"},
		{"Wire to ES9121000418450200051332", nil, TypeSpainIBAN + "@8"},
		{"Wire to IT60X0542811101000000123456", nil, TypeItalyIBAN + "@8"},
		{"Wire to GB28NWBK60161331926819", nil, ""},
		{"X-goog-api-key: " + gcp, nil, TypeGCPAPIKey + "@16"},
		{"Reference " + gcp, nil, ""},
		{"Stripe: " + stripe, nil, TypeStripeCredentials + "@8"},
		{"Stripe: sk_live_abc123", nil, ""},
		{"Authorization: Basic dXNlcjpwYXNzd29yZA==", nil, TypeHTTPBasicAuthHeader + "@0"},
		{"Request header Authorization: Basic dXNlcjpwYXNzd29yZA== rejected.", nil, TypeHTTPBasicAuthHeader + "@15"},
		{"Authorization: Basic <credentials>", nil, ""},
		{"Authorization: Basic bm9jb2xvbg==", nil, "problem"}, // "nocolon"
		{"Login from 81.12.200.7 succeeded.", nil, TypeIPAddress + "@11"},
		{"Login from 81.12.256.7 succeeded.", nil, ""},
		{"Login from 2a01:4f8::1 succeeded.", nil, TypeIPAddress + "@11"},
		{"Login from 2a01:04f8:0000:0000:0000:0000:0000:0001 now", nil, TypeIPAddress + "@11"},
		{"at 10:22:01 today", nil, ""},
	} {
		hits := scanValue(tc.text, namesKW(tc.names, tc.text))
		var got []string
		for _, h := range hits {
			if h.quiet != "" {
				continue // checked below and by checkQuietValues
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

// TestQuietValues: a valid keyword-less value is reported as quiet, so the
// corpus check can demand a negative or a label there.
func TestQuietValues(t *testing.T) {
	for _, tc := range []struct{ text, typ string }{
		{"Reference 130 692 544 archived.", TypeCanadaSIN},
		{"Voucher 1234567893", TypeUSNPI},
		{"Item 12345678Z moved.", TypeSpainDNI},
		{"Batch 1M8GDM9AXKP042788 closed.", TypeVIN},
	} {
		found := false
		for _, h := range scanValue(tc.text, namesKW(nil, tc.text)) {
			found = found || h.quiet == tc.typ
		}
		if !found {
			t.Errorf("scanValue(%q): no quiet %s", tc.text, tc.typ)
		}
	}
}

// TestAuditCatchesFurtherMistakes: an unlabeled value of a further type in
// filler fails the corpus check.
func TestAuditCatchesFurtherMistakes(t *testing.T) {
	opts := Options{Seed: 2, Files: 1, Rows: 200, Density: 0.05, Formats: []string{"txt", "csv", "jsonl"}}
	for _, tc := range []struct{ name, file, line string }{
		{"stray Aadhaar in text", "txt/notes-0000.txt", "Aadhaar 2345 6789 0124 linked.\n"},
		{"stray IP address in a CSV row", "csv/customers-0000.csv", strings.Repeat(",", 14) + "login from 81.12.200.7\n"},
		{"stray My Number in JSON Lines", "jsonl/orders-0000.jsonl", `{"note":"マイナンバー: 123456789018"}` + "\n"},
		{"keyword-less corporate number", "txt/notes-0000.txt", "Item 7000012050002 moved.\n"},
		{"keyword-less NPI in filler", "txt/notes-0000.txt", "Voucher 1234567893 used.\n"},
		{"stray PESEL in text", "txt/notes-0000.txt", "PESEL 44051401359 zweryfikowany.\n"},
		{"stray CURP in a CSV row", "csv/customers-0000.csv", strings.Repeat(",", 14) + "CURP: BADD110313HCMLNS06\n"},
		{"stray Latvian IBAN in text", "txt/notes-0000.txt", "Wire to LV80BANK0000435195001 today.\n"},
		{"stray track 1 in text", "txt/notes-0000.txt", "Track 1: %B5382199351819096^SMITH/JOHN^2811201000000000000000987000000?\n"},
		{"stray cookie in JSON Lines", "jsonl/orders-0000.jsonl", `{"note":"Cookie: sessionid=abc123"}` + "\n"},
		{"stray NIR after a keyword two types share", "txt/notes-0000.txt", "Numéro de sécurité sociale : 185057800608491\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, m := generate(t, opts)
			appendTo(t, dir, tc.file, tc.line)
			if fails := verifyCorpus(dir, m); len(fails) == 0 {
				t.Error("mistake not caught")
			}
		})
	}
}
