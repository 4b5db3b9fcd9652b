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

// macieManagedIDs are the pattern-based managed data identifier IDs of
// Macie's reference pages (credentials, financial, PHI and PII; the
// machine-learned NAME and ADDRESS excluded), as of the pages read for
// this catalogue. A renamed or dropped row breaks job definitions that
// name Macie's IDs.
var macieManagedIDs = strings.Fields(`
AWS_CREDENTIALS GCP_API_KEY HTTP_BASIC_AUTH_HEADER JSON_WEB_TOKEN OPENSSH_PRIVATE_KEY PGP_PRIVATE_KEY PKCS
PUTTY_PRIVATE_KEY STRIPE_CREDENTIALS
BANK_ACCOUNT_NUMBER FRANCE_BANK_ACCOUNT_NUMBER GERMANY_BANK_ACCOUNT_NUMBER ITALY_BANK_ACCOUNT_NUMBER
SPAIN_BANK_ACCOUNT_NUMBER UK_BANK_ACCOUNT_NUMBER CREDIT_CARD_EXPIRATION CREDIT_CARD_MAGNETIC_STRIPE
CREDIT_CARD_NUMBER CREDIT_CARD_NUMBER_(NO_KEYWORD) CREDIT_CARD_SECURITY_CODE
ALBANIA_BANK_ACCOUNT_NUMBER ANDORRA_BANK_ACCOUNT_NUMBER BOSNIA_AND_HERZEGOVINA_BANK_ACCOUNT_NUMBER
BRAZIL_BANK_ACCOUNT_NUMBER BULGARIA_BANK_ACCOUNT_NUMBER COSTA_RICA_BANK_ACCOUNT_NUMBER CROATIA_BANK_ACCOUNT_NUMBER
CYPRUS_BANK_ACCOUNT_NUMBER CZECH_REPUBLIC_BANK_ACCOUNT_NUMBER DENMARK_BANK_ACCOUNT_NUMBER
DOMINICAN_REPUBLIC_BANK_ACCOUNT_NUMBER EGYPT_BANK_ACCOUNT_NUMBER ESTONIA_BANK_ACCOUNT_NUMBER
FAROE_ISLANDS_BANK_ACCOUNT_NUMBER FINLAND_BANK_ACCOUNT_NUMBER GEORGIA_BANK_ACCOUNT_NUMBER GREECE_BANK_ACCOUNT_NUMBER
GREENLAND_BANK_ACCOUNT_NUMBER HUNGARY_BANK_ACCOUNT_NUMBER ICELAND_BANK_ACCOUNT_NUMBER IRELAND_BANK_ACCOUNT_NUMBER
JORDAN_BANK_ACCOUNT_NUMBER KOSOVO_BANK_ACCOUNT_NUMBER LIECHTENSTEIN_BANK_ACCOUNT_NUMBER LITHUANIA_BANK_ACCOUNT_NUMBER
MALTA_BANK_ACCOUNT_NUMBER MAURITANIA_BANK_ACCOUNT_NUMBER MAURITIUS_BANK_ACCOUNT_NUMBER MONACO_BANK_ACCOUNT_NUMBER
MONTENEGRO_BANK_ACCOUNT_NUMBER NETHERLANDS_BANK_ACCOUNT_NUMBER NORTH_MACEDONIA_BANK_ACCOUNT_NUMBER
POLAND_BANK_ACCOUNT_NUMBER PORTUGAL_BANK_ACCOUNT_NUMBER SAN_MARINO_BANK_ACCOUNT_NUMBER SERBIA_BANK_ACCOUNT_NUMBER
SLOVAKIA_BANK_ACCOUNT_NUMBER SLOVENIA_BANK_ACCOUNT_NUMBER SWEDEN_BANK_ACCOUNT_NUMBER SWITZERLAND_BANK_ACCOUNT_NUMBER
TIMOR_LESTE_BANK_ACCOUNT_NUMBER TUNISIA_BANK_ACCOUNT_NUMBER TURKIYE_BANK_ACCOUNT_NUMBER UKRAINE_BANK_ACCOUNT_NUMBER
UNITED_ARAB_EMIRATES_BANK_ACCOUNT_NUMBER VIRGIN_ISLANDS_BANK_ACCOUNT_NUMBER
US_DRUG_ENFORCEMENT_AGENCY_NUMBER USA_HEALTH_INSURANCE_CLAIM_NUMBER CANADA_HEALTH_NUMBER
EUROPEAN_HEALTH_INSURANCE_CARD_NUMBER FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER FRANCE_HEALTH_INSURANCE_NUMBER
UK_NHS_NUMBER USA_MEDICARE_BENEFICIARY_IDENTIFIER USA_HEALTHCARE_PROCEDURE_CODE USA_NATIONAL_DRUG_CODE
USA_NATIONAL_PROVIDER_IDENTIFIER MEDICAL_DEVICE_UDI
DATE_OF_BIRTH AUSTRALIA_DRIVERS_LICENSE AUSTRIA_DRIVERS_LICENSE BELGIUM_DRIVERS_LICENSE BULGARIA_DRIVERS_LICENSE
CANADA_DRIVERS_LICENSE CROATIA_DRIVERS_LICENSE CYPRUS_DRIVERS_LICENSE CZECHIA_DRIVERS_LICENSE DENMARK_DRIVERS_LICENSE
DRIVERS_LICENSE ESTONIA_DRIVERS_LICENSE FINLAND_DRIVERS_LICENSE FRANCE_DRIVERS_LICENSE GERMANY_DRIVERS_LICENSE
GREECE_DRIVERS_LICENSE HUNGARY_DRIVERS_LICENSE INDIA_DRIVERS_LICENSE IRELAND_DRIVERS_LICENSE ITALY_DRIVERS_LICENSE
LATVIA_DRIVERS_LICENSE LITHUANIA_DRIVERS_LICENSE LUXEMBOURG_DRIVERS_LICENSE MALTA_DRIVERS_LICENSE
NETHERLANDS_DRIVERS_LICENSE POLAND_DRIVERS_LICENSE PORTUGAL_DRIVERS_LICENSE ROMANIA_DRIVERS_LICENSE
SLOVAKIA_DRIVERS_LICENSE SLOVENIA_DRIVERS_LICENSE SPAIN_DRIVERS_LICENSE SWEDEN_DRIVERS_LICENSE UK_DRIVERS_LICENSE
UK_ELECTORAL_ROLL_NUMBER LATITUDE_LONGITUDE HTTP_COOKIE BRAZIL_CEP_CODE
ARGENTINA_DNI_NUMBER BRAZIL_RG_NUMBER CHILE_RUT_NUMBER COLOMBIA_CITIZENSHIP_CARD_NUMBER
FRANCE_NATIONAL_IDENTIFICATION_NUMBER GERMANY_NATIONAL_IDENTIFICATION_NUMBER INDIA_AADHAAR_NUMBER
ITALY_NATIONAL_IDENTIFICATION_NUMBER MEXICO_CURP_NUMBER SPAIN_DNI_NUMBER UK_NATIONAL_INSURANCE_NUMBER
CANADA_PASSPORT_NUMBER FRANCE_PASSPORT_NUMBER GERMANY_PASSPORT_NUMBER ITALY_PASSPORT_NUMBER SPAIN_PASSPORT_NUMBER
UK_PASSPORT_NUMBER USA_PASSPORT_NUMBER CANADA_NATIONAL_IDENTIFICATION_NUMBER
BRAZIL_PHONE_NUMBER FRANCE_PHONE_NUMBER GERMANY_PHONE_NUMBER ITALY_PHONE_NUMBER PHONE_NUMBER SPAIN_PHONE_NUMBER
UK_PHONE_NUMBER ARGENTINA_TARJETA_SUBE CANADA_SOCIAL_INSURANCE_NUMBER SPAIN_SOCIAL_SECURITY_NUMBER
USA_SOCIAL_SECURITY_NUMBER
ARGENTINA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER
AUSTRALIA_TAX_FILE_NUMBER BRAZIL_CNPJ_NUMBER BRAZIL_CPF_NUMBER COLOMBIA_INDIVIDUAL_NIT_NUMBER
COLOMBIA_ORGANIZATION_NIT_NUMBER FRANCE_TAX_IDENTIFICATION_NUMBER GERMANY_TAX_IDENTIFICATION_NUMBER
INDIA_PERMANENT_ACCOUNT_NUMBER MEXICO_INDIVIDUAL_RFC_NUMBER MEXICO_ORGANIZATION_RFC_NUMBER SPAIN_NIE_NUMBER
SPAIN_NIF_NUMBER SPAIN_TAX_IDENTIFICATION_NUMBER UK_TAX_IDENTIFICATION_NUMBER
USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER VEHICLE_IDENTIFICATION_NUMBER
`)

// macieMissing are Macie IDs the catalogue lacks, and why.
var macieMissing = map[string]string{}

// TestMacieIDs: every pattern-based Macie managed identifier is a row, under
// Macie's exact ID.
func TestMacieIDs(t *testing.T) {
	by := catalogueByID()
	for _, id := range macieManagedIDs {
		if by[id] == nil {
			t.Errorf("Macie's %s is not in the catalogue", id)
		}
		if _, ok := macieMissing[id]; ok {
			t.Errorf("%s is listed both as present and as missing", id)
		}
	}
	for id := range macieMissing {
		if by[id] != nil {
			t.Errorf("%s is in the catalogue now: drop it from macieMissing", id)
		}
	}
}
