package detectors

import "strings"

// Financial identifiers beyond the card twins: bank accounts (US/CA
// numbers, the UK/DE/FR/IT/ES domestic BBANs next to their IBANs, and the
// per-country IBAN identifiers), and card expiry, security code and
// magnetic-stripe data.

// ibanCountries are Macie's per-country IBAN identifiers: ID prefix and
// country code. The five with a domestic BBAN too (FR, DE, IT, ES, UK) are
// in bbanRows.
var ibanCountries = []struct{ name, cc string }{
	{"ALBANIA", "AL"}, {"ANDORRA", "AD"}, {"AUSTRIA", "AT"}, {"BELGIUM", "BE"},
	{"BOSNIA_AND_HERZEGOVINA", "BA"}, {"BRAZIL", "BR"}, {"BULGARIA", "BG"},
	{"COSTA_RICA", "CR"}, {"CROATIA", "HR"}, {"CYPRUS", "CY"}, {"CZECH_REPUBLIC", "CZ"},
	{"DENMARK", "DK"}, {"DOMINICAN_REPUBLIC", "DO"}, {"EGYPT", "EG"}, {"ESTONIA", "EE"},
	{"FAROE_ISLANDS", "FO"}, {"FINLAND", "FI"}, {"GEORGIA", "GE"}, {"GREECE", "GR"},
	{"GREENLAND", "GL"}, {"HUNGARY", "HU"}, {"ICELAND", "IS"}, {"IRELAND", "IE"},
	{"ISRAEL", "IL"}, {"JORDAN", "JO"}, {"KOSOVO", "XK"}, {"LATVIA", "LV"},
	{"LIECHTENSTEIN", "LI"}, {"LITHUANIA", "LT"}, {"LUXEMBOURG", "LU"}, {"MALTA", "MT"},
	{"MAURITANIA", "MR"}, {"MAURITIUS", "MU"}, {"MONACO", "MC"}, {"MONTENEGRO", "ME"},
	{"NETHERLANDS", "NL"}, {"NORTH_MACEDONIA", "MK"}, {"NORWAY", "NO"}, {"POLAND", "PL"},
	{"PORTUGAL", "PT"}, {"ROMANIA", "RO"}, {"SAN_MARINO", "SM"}, {"SENEGAL", "SN"}, {"SERBIA", "RS"},
	{"SLOVAKIA", "SK"}, {"SLOVENIA", "SI"}, {"SWEDEN", "SE"}, {"SWITZERLAND", "CH"},
	{"TIMOR_LESTE", "TL"}, {"TUNISIA", "TN"}, {"TURKIYE", "TR"},
	{"UKRAINE", "UA"}, {"UNITED_ARAB_EMIRATES", "AE"}, {"VATICAN_CITY", "VA"}, {"VIRGIN_ISLANDS", "VG"},
}

// exampleIBAN builds a valid IBAN of country cc for samples: a BBAN that
// follows the registry structure (digits and letters from a fixed
// sequence), then the ISO 7064 check digits.
func exampleIBAN(cc string, seed int) string {
	f := ibanBBANFormat(cc[0], cc[1])
	var bban []byte
	n := 0
	k := seed
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case isDigit(c):
			n = n*10 + int(c-'0')
		case c == '!':
			i++
			for j := 0; j < n; j++ {
				k = (k*7 + 3) % 26
				switch f[i] {
				case 'a':
					bban = append(bban, byte('A'+k))
				default:
					bban = append(bban, byte('0'+k%10))
				}
			}
			n = 0
		}
	}
	// ISO 13616's check digits: 98 minus the remainder of the BBAN, the
	// country code and "00" (computed, not searched for: the catalogue is
	// built at every start-up).
	rem, _ := mod97Of(0, bban)
	rem, _ = mod97Of(rem, []byte(cc+"00"))
	cd := 98 - rem
	s := cc + string(rune('0'+cd/10)) + string(rune('0'+cd%10)) + string(bban)
	if !ibanValid([]byte(s)) {
		panic("no check digits for " + cc)
	}
	return s
}

// groupIBAN prints an IBAN in groups of four.
func groupIBAN(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// badCheck returns iban with its check digits changed.
func badCheck(iban string) string {
	d := iban[3]
	d = '0' + (d-'0'+1)%10
	return iban[:3] + string(d) + iban[4:]
}

func ibanRows() []Spec {
	rows := make([]Spec, 0, len(ibanCountries))
	for i, c := range ibanCountries {
		a, b := exampleIBAN(c.cc, i), exampleIBAN(c.cc, i+50)
		rows = append(rows, Spec{
			ID:       c.name + "_BANK_ACCOUNT_NUMBER",
			Category: CategoryFinancial,
			Name:     "International Bank Account Number (" + c.cc + ")",
			Matcher:  "iban",
			IBAN:     c.cc,
			Checksum: "iso7064-mod97-10",
			Severity: severityByCount,
			Samples: []Sample{
				{Text: "IBAN: «" + a + "»"},
				{Text: "pay to «" + groupIBAN(b) + "» today"},
				{Text: "«" + a + "»,«" + b + "»"},
			},
			NegativeSamples: []Sample{
				{Text: badCheck(a)},
				{Text: "X" + a},
				{Text: a + "7"},
				{Text: strings.ToLower(a)},
			},
		})
	}
	return rows
}

var bankAccountKeywords = []string{
	"bank account", "bank acct", "checking account", "checking acct", "deposit account",
	"deposit acct", "savings account", "savings acct", "chequing account", "chequing acct",
	"account number", "acct number", "acct no", "account no",
}

func bankAccountPatterns() []string {
	var ps []string
	for n := 9; n <= 17; n++ {
		ps = append(ps, strings.Repeat("9", n))
	}
	return ps
}

// validMonth reports whether mm (two ASCII digits) is 01 to 12.
func validMonth(mm []byte) bool {
	m := int(mm[0]-'0')*10 + int(mm[1]-'0')
	return m >= 1 && m <= 12
}

// expiryValid validates a normalised card expiry: MMYY or MMYYYY (a year
// 2000-2099), or YYYYMM.
func expiryValid(b []byte) bool {
	switch len(b) {
	case 4:
		return validMonth(b[:2])
	case 6:
		if b[0] == '2' && b[1] == '0' && validMonth(b[4:]) {
			return true
		}
		return validMonth(b[:2]) && b[2] == '2' && b[3] == '0'
	}
	return false
}

// magstripeAt matches track 1 (%B<PAN>^<NAME>^<YYMM><service>...?) or
// track 2 (;<PAN>=<YYMM><service>...?) card data starting at data[p]; the
// PAN must pass Luhn.
func magstripeAt(data []byte, p int) int {
	n := len(data)
	if p+2 >= n {
		return 0
	}
	var i int
	var sep byte
	switch {
	case data[p] == '%' && data[p+1] == 'B':
		i, sep = p+2, '^'
	case data[p] == ';':
		i, sep = p+1, '='
	default:
		return 0
	}
	ps := i
	for i < n && isDigit(data[i]) && i-ps <= 19 {
		i++
	}
	if i-ps < 13 || i-ps > 19 || i >= n || data[i] != sep || !luhnValid(data[ps:i]) {
		return 0
	}
	i++
	if sep == '^' {
		ns := i
		for i < n && i-ns <= 26 && data[i] != '^' && data[i] >= ' ' {
			i++
		}
		if i >= n || data[i] != '^' || i-ns < 2 {
			return 0
		}
		i++
	}
	// Expiry YYMM and service code: seven digits.
	ds := i
	for i < n && isDigit(data[i]) && i-ds < 7 {
		i++
	}
	if i-ds < 7 || !validMonth(data[ds+2:ds+4]) {
		return 0
	}
	// Discretionary data up to the end sentinel.
	for i < n && i-ds < 80 && data[i] != '?' && data[i] > ' ' && data[i] != 0 {
		i++
	}
	if i >= n || data[i] != '?' {
		return 0
	}
	return i + 1
}

var bbanKeywordsCommon = []string{"bank account", "account number", "iban", "bban"}

func financialRows() []Spec {
	rows := []Spec{
		{
			ID:              "BANK_ACCOUNT_NUMBER",
			Category:        CategoryFinancial,
			Name:            "Bank account number (Canada, US)",
			Keywords:        bankAccountKeywords,
			KeywordRequired: true,
			Matcher:         "shape",
			Shape:           &Shape{Patterns: bankAccountPatterns()},
			Severity:        severityByCount,
			Samples: []Sample{
				{Text: "checking account: «000123456789»"},
				{Text: "«48213370551» (savings acct)"},
				{Field: "bank_account", Text: "«9876543210123»"},
			},
			NegativeSamples: []Sample{
				{Text: "order 000123456789"},
				{Text: "bank account 12345678"},
				{Text: "bank account 123456789012345678"},
				{Text: "bank account 1234-5678-9012"},
			},
		},
		{
			ID:           "CREDIT_CARD_EXPIRATION",
			OffByDefault: true,
			Category:     CategoryFinancial,
			Name:         "Credit card expiration date",
			Keywords: []string{
				"exp", "exp date", "expiration", "expiration date", "expiry", "expiry date", "expires",
				"card expiration", "expiration month", "valid thru", "valid through", "good thru",
				"valid until", "date d'expiration", "ablaufdatum", "gültig bis", "fecha de vencimiento",
				"data di scadenza", "有効期限",
			},
			KeywordRequired: true,
			Matcher:         "shape",
			Shape:           &Shape{Patterns: []string{"99/99", "99/9999", "99-99", "99-9999", "9999-99", "9999/99"}, Valid: expiryValid},
			Severity:        severityByCount,
			Samples: []Sample{
				{Text: "Exp: «09/27»"},
				{Text: "expiry date «11/2028»"},
				{Text: "card 4526-xxxx, valid thru «03-29»"},
				{Field: "card_expiry", Text: "«2027-05»"},
			},
			NegativeSamples: []Sample{
				{Text: "09/27"},
				{Text: "expires 13/27"},
				{Text: "exp 2024-05-01"},
				{Text: "expiration 1/2/2027"},
			},
		},
		{
			ID:              "CREDIT_CARD_MAGNETIC_STRIPE",
			Category:        CategoryFinancial,
			Name:            "Credit card magnetic stripe data",
			Keywords:        []string{"track data", "track 1", "track 2", "track1", "track2", "magnetic stripe", "mag stripe", "swipe", "card data", "iso 7813"},
			KeywordRequired: true,
			Matcher:         "shape",
			Shape:           &Shape{At: magstripeAt},
			Checksum:        "luhn",
			Severity:        severityHighAlways,
			Samples: []Sample{
				{Text: "track 1 «%B5382199351819096^SMITH/J^2811201000000000000000987000000?»"},
				{Text: "track1 «%B4526018159083012^DOE/JANE^2709101000000000000000123000000?»"},
			},
			NegativeSamples: []Sample{
				{Text: ";4526018159083012=27091010000012300000?"},
				{Text: "track 2: ;4526018159083013=27091010000012300000?"},
				{Text: "track 2: ;4526018159083012=27191010000012300000?"},
				{Text: "track 2: ;4526018159083012=2709101000"},
			},
		},
		{
			ID:           "CREDIT_CARD_SECURITY_CODE",
			OffByDefault: true,
			Category:     CategoryFinancial,
			Name:         "Credit card verification code",
			Keywords: []string{
				"cvv", "cvv2", "cvc", "cvc2", "cid", "csc", "card verification", "card verification code",
				"card verification value", "card security code", "security code", "verification code",
				"cryptogramme", "prüfnummer", "código de seguridad", "codice di sicurezza", "セキュリティコード",
			},
			KeywordRequired: true,
			Proximity:       10,
			Matcher:         "shape",
			Shape:           &Shape{Patterns: []string{"999", "9999"}},
			Severity:        severityByCount,
			Samples: []Sample{
				{Text: "CVV: «123»"},
				{Text: "security code «4821»"},
				{Field: "cvc", Text: "«077»"},
			},
			NegativeSamples: []Sample{
				{Text: "cvv 12"},
				{Text: "cvv 12345"},
				{Text: "room 123"},
				{Text: "cvv, which is printed on the back of the card, 123"},
			},
		},
	}
	rows = append(rows, kwShapeRow("USA_ABA_ROUTING_NUMBER", CategoryFinancial, "US ABA routing transit number (not a Macie managed identifier)",
		[]string{"routing number", "routing no", "routing#", "aba", "aba number", "aba routing", "routing transit number", "rtn", "transit number"},
		&Shape{Patterns: []string{"999999999", "9999-9999-9"}, Valid: checkUSABA}, "aba",
		texts("routing number: «011000002»", "ABA «121042701»"),
		texts("011000002", "routing number 011000003", "routing number 991000002")))
	rows = append(rows, bbanRows()...)
	return append(rows, ibanRows()...)
}

// bbanRows are the five countries whose identifier Macie also uses for the
// domestic account number (keyword required); their IBANs match with no
// keyword.
func bbanRows() []Spec {
	kw := func(extra ...string) []string { return append(append([]string{}, bbanKeywordsCommon...), extra...) }
	gb := exampleIBAN("GB", 3)
	fr := exampleIBAN("FR", 3)
	it := exampleIBAN("IT", 3)
	es := exampleIBAN("ES", 3)
	return []Spec{
		{
			ID: "FRANCE_BANK_ACCOUNT_NUMBER", Category: CategoryFinancial, Name: "French bank account number (BBAN, IBAN)",
			Keywords:        kw("compte bancaire", "numéro de compte", "code banque", "code guichet", "relevé d'identité bancaire", "rib", "clé rib"),
			KeywordRequired: true, Matcher: "shape", IBAN: "FR", Checksum: "iso7064-mod97-10",
			Shape:    &Shape{Patterns: []string{"9999999999XXXXXXXXXXX99", "99999 99999 XXXXXXXXXXX 99"}},
			Severity: severityByCount,
			Samples: []Sample{
				{Text: "RIB: «" + fr[4:] + "»"},
				{Text: "«" + fr + "»"},
				{Text: "«FR1420041010050500013M02606»"},
			},
			NegativeSamples: []Sample{{Text: fr[4:]}, {Text: badCheck(fr)}},
		},
		{
			ID: "GERMANY_BANK_ACCOUNT_NUMBER", Category: CategoryFinancial, Name: "German bank account number (BBAN, IBAN)",
			Keywords:        kw("kontonummer", "konto", "bankkonto", "bankverbindung", "kto", "blz", "bankleitzahl"),
			KeywordRequired: true, Matcher: "shape", IBAN: "DE", Checksum: "iso7064-mod97-10",
			Shape:    &Shape{Patterns: []string{"999999999999999999", "99999999 9999999999"}},
			Severity: severityByCount,
			Samples: []Sample{
				{Text: "IBAN «DE89370400440532013000»"},
				{Text: "Konto: «DE89 3704 0044 0532 0130 00»."},
				{Text: "«DE77100100100123456789»;«DE44500105175407324931»"},
				{Text: "Bankverbindung: «37040044 0532013000»"},
			},
			NegativeSamples: []Sample{
				{Text: "DE89370400440532013001"},      // checksum
				{Text: "XDE89370400440532013000"},     // not bounded
				{Text: "DE893704004405320130001"},     // too long
				{Text: "DE89-3704-0044-0532-0130-00"}, // hyphens are not an IBAN grouping
				{Text: "DE89 3704 0044 0532 013000"},  // inconsistent grouping
				{Text: "37040044 0532013000"},         // a BBAN needs a keyword
			},
		},
		{
			ID: "ITALY_BANK_ACCOUNT_NUMBER", Category: CategoryFinancial, Name: "Italian bank account number (BBAN, IBAN)",
			Keywords:        kw("conto corrente", "numero di conto", "conto bancario", "codice abi", "codice cab", "cin"),
			KeywordRequired: true, Matcher: "shape", IBAN: "IT", Checksum: "iso7064-mod97-10",
			Shape:    &Shape{Patterns: []string{"A9999999999XXXXXXXXXXXX"}},
			Severity: severityByCount,
			Samples: []Sample{
				{Text: "conto corrente «" + it[4:] + "»"},
				{Text: "«IT60X0542811101000000123456»"},
			},
			NegativeSamples: []Sample{{Text: it[4:]}, {Text: badCheck(it)}},
		},
		{
			ID: "SPAIN_BANK_ACCOUNT_NUMBER", Category: CategoryFinancial, Name: "Spanish bank account number (BBAN, IBAN)",
			Keywords:        kw("cuenta bancaria", "número de cuenta", "numero de cuenta", "ccc", "código cuenta cliente", "cuenta corriente"),
			KeywordRequired: true, Matcher: "shape", IBAN: "ES", Checksum: "iso7064-mod97-10",
			Shape:    &Shape{Patterns: []string{"99999999999999999999", "9999 9999 99 9999999999", "9999-9999-99-9999999999"}},
			Severity: severityByCount,
			Samples: []Sample{
				{Text: "número de cuenta: «" + es[4:] + "»"},
				{Text: "«ES9121000418450200051332»"},
			},
			NegativeSamples: []Sample{{Text: es[4:]}, {Text: badCheck(es)}},
		},
		{
			ID: "UK_BANK_ACCOUNT_NUMBER", Category: CategoryFinancial, Name: "UK bank account number (BBAN, IBAN)",
			Keywords:        kw("sort code", "account no", "bank details", "acc no", "account details"),
			KeywordRequired: true, Matcher: "shape", IBAN: "GB", Checksum: "iso7064-mod97-10",
			Shape:    &Shape{Patterns: []string{"AAAA99999999999999", "AAAA 9999 9999 9999 99"}},
			Severity: severityByCount,
			Samples: []Sample{
				{Text: "account number «" + gb[4:] + "»"},
				{Text: "«GB82WEST12345698765432»"},
				{Text: "«GB82 WEST 1234 5698 7654 32»"},
			},
			NegativeSamples: []Sample{{Text: gb[4:]}, {Text: "GB82WEST12345698765433"}},
		},
	}
}
