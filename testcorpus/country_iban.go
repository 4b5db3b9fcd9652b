package testcorpus

import (
	"sort"
	"strconv"
)

// The IBANs of Macie's per-country bank account identifiers, which need no
// keyword: every country's BBAN follows its structure in the SWIFT IBAN
// registry, written here from the registry (n digits, a upper-case
// letters, c upper-case letters or digits), with random content and the
// ISO 7064 MOD 97-10 check digits.

// countryIBAN is one country: its identifier's type and BBAN structure.
type countryIBAN struct {
	cc, typ, bban string
}

var countryIBANs = []countryIBAN{
	{"AL", "ALBANIA_BANK_ACCOUNT_NUMBER", "8n16c"},
	{"AD", "ANDORRA_BANK_ACCOUNT_NUMBER", "4n4n12c"},
	{"AT", "AUSTRIA_BANK_ACCOUNT_NUMBER", "5n11n"},
	{"BE", "BELGIUM_BANK_ACCOUNT_NUMBER", "3n7n2n"},
	{"BA", "BOSNIA_AND_HERZEGOVINA_BANK_ACCOUNT_NUMBER", "3n3n8n2n"},
	{"BR", "BRAZIL_BANK_ACCOUNT_NUMBER", "8n5n10n1a1c"},
	{"BG", "BULGARIA_BANK_ACCOUNT_NUMBER", "4a4n2n8c"},
	{"CR", "COSTA_RICA_BANK_ACCOUNT_NUMBER", "4n14n"},
	{"HR", "CROATIA_BANK_ACCOUNT_NUMBER", "7n10n"},
	{"CY", "CYPRUS_BANK_ACCOUNT_NUMBER", "3n5n16c"},
	{"CZ", "CZECH_REPUBLIC_BANK_ACCOUNT_NUMBER", "4n6n10n"},
	{"DK", "DENMARK_BANK_ACCOUNT_NUMBER", "4n9n1n"},
	{"DO", "DOMINICAN_REPUBLIC_BANK_ACCOUNT_NUMBER", "4c20n"},
	{"EG", "EGYPT_BANK_ACCOUNT_NUMBER", "4n4n17n"},
	{"EE", "ESTONIA_BANK_ACCOUNT_NUMBER", "2n2n11n1n"},
	{"FO", "FAROE_ISLANDS_BANK_ACCOUNT_NUMBER", "4n9n1n"},
	{"FI", "FINLAND_BANK_ACCOUNT_NUMBER", "3n11n"},
	{"GE", "GEORGIA_BANK_ACCOUNT_NUMBER", "2a16n"},
	{"GR", "GREECE_BANK_ACCOUNT_NUMBER", "3n4n16c"},
	{"GL", "GREENLAND_BANK_ACCOUNT_NUMBER", "4n9n1n"},
	{"HU", "HUNGARY_BANK_ACCOUNT_NUMBER", "3n4n1n15n1n"},
	{"IS", "ICELAND_BANK_ACCOUNT_NUMBER", "4n2n6n10n"},
	{"IE", "IRELAND_BANK_ACCOUNT_NUMBER", "4a6n8n"},
	{"IL", "ISRAEL_BANK_ACCOUNT_NUMBER", "3n3n13n"},
	{"JO", "JORDAN_BANK_ACCOUNT_NUMBER", "4a4n18c"},
	{"XK", "KOSOVO_BANK_ACCOUNT_NUMBER", "4n10n2n"},
	{"LV", "LATVIA_BANK_ACCOUNT_NUMBER", "4a13c"},
	{"LI", "LIECHTENSTEIN_BANK_ACCOUNT_NUMBER", "5n12c"},
	{"LT", "LITHUANIA_BANK_ACCOUNT_NUMBER", "5n11n"},
	{"LU", "LUXEMBOURG_BANK_ACCOUNT_NUMBER", "3n13c"},
	{"MT", "MALTA_BANK_ACCOUNT_NUMBER", "4a5n18c"},
	{"MR", "MAURITANIA_BANK_ACCOUNT_NUMBER", "5n5n11n2n"},
	{"MU", "MAURITIUS_BANK_ACCOUNT_NUMBER", "4a2n2n12n3n3a"},
	{"MC", "MONACO_BANK_ACCOUNT_NUMBER", "5n5n11c2n"},
	{"ME", "MONTENEGRO_BANK_ACCOUNT_NUMBER", "3n13n2n"},
	{"NL", "NETHERLANDS_BANK_ACCOUNT_NUMBER", "4a10n"},
	{"MK", "NORTH_MACEDONIA_BANK_ACCOUNT_NUMBER", "3n10c2n"},
	{"NO", "NORWAY_BANK_ACCOUNT_NUMBER", "4n6n1n"},
	{"PL", "POLAND_BANK_ACCOUNT_NUMBER", "8n16n"},
	{"PT", "PORTUGAL_BANK_ACCOUNT_NUMBER", "4n4n11n2n"},
	{"RO", "ROMANIA_BANK_ACCOUNT_NUMBER", "4a16c"},
	{"SM", "SAN_MARINO_BANK_ACCOUNT_NUMBER", "1a5n5n12c"},
	{"SN", "SENEGAL_BANK_ACCOUNT_NUMBER", "2a22n"},
	{"RS", "SERBIA_BANK_ACCOUNT_NUMBER", "3n13n2n"},
	{"SK", "SLOVAKIA_BANK_ACCOUNT_NUMBER", "4n6n10n"},
	{"SI", "SLOVENIA_BANK_ACCOUNT_NUMBER", "5n8n2n"},
	{"SE", "SWEDEN_BANK_ACCOUNT_NUMBER", "3n16n1n"},
	{"CH", "SWITZERLAND_BANK_ACCOUNT_NUMBER", "5n12c"},
	{"TL", "TIMOR_LESTE_BANK_ACCOUNT_NUMBER", "3n14n2n"},
	{"TN", "TUNISIA_BANK_ACCOUNT_NUMBER", "2n3n13n2n"},
	{"TR", "TURKIYE_BANK_ACCOUNT_NUMBER", "5n1n16c"},
	{"UA", "UKRAINE_BANK_ACCOUNT_NUMBER", "6n19c"},
	{"AE", "UNITED_ARAB_EMIRATES_BANK_ACCOUNT_NUMBER", "3n16n"},
	{"VA", "VATICAN_CITY_BANK_ACCOUNT_NUMBER", "3n15n"},
	{"VG", "VIRGIN_ISLANDS_BANK_ACCOUNT_NUMBER", "4a16n"},
}

// countryIBANByCC indexes countryIBANs by country code.
var countryIBANByCC = func() map[string]*countryIBAN {
	m := make(map[string]*countryIBAN, len(countryIBANs))
	for i := range countryIBANs {
		m[countryIBANs[i].cc] = &countryIBANs[i]
	}
	return m
}()

// bbanSegments parses a structure such as "4a6n8n" into (count, class)
// pairs.
func bbanSegments(structure string) [][2]int {
	var out [][2]int
	n := 0
	for i := 0; i < len(structure); i++ {
		c := structure[i]
		if isDigit(c) {
			n = n*10 + int(c-'0')
			continue
		}
		out = append(out, [2]int{n, int(c)})
		n = 0
	}
	return out
}

// bbanLength is the length of a BBAN of the structure.
func bbanLength(structure string) int {
	n := 0
	for _, s := range bbanSegments(structure) {
		n += s[0]
	}
	return n
}

// bbanFits reports whether b follows the structure.
func bbanFits(b, structure string) bool {
	i := 0
	for _, s := range bbanSegments(structure) {
		for k := 0; k < s[0]; k++ {
			if i >= len(b) {
				return false
			}
			c := b[i]
			switch s[1] {
			case 'n':
				if !isDigit(c) {
					return false
				}
			case 'a':
				if !isUpper(c) {
					return false
				}
			default:
				if !isUpper(c) && !isDigit(c) {
					return false
				}
			}
			i++
		}
	}
	return i == len(b)
}

// countryIBANValid reports whether s (no spaces) is a valid IBAN of one of
// countryIBANs: the registry's length and structure, and mod 97.
func countryIBANValid(s string) (*countryIBAN, bool) {
	if len(s) < 5 {
		return nil, false
	}
	c, ok := countryIBANByCC[s[:2]]
	if !ok || !isDigit(s[2]) || !isDigit(s[3]) || !bbanFits(s[4:], c.bban) {
		return c, false
	}
	return c, ibanValid(s)
}

func randomBBAN(r *rng, structure string) string {
	var b []byte
	for _, s := range bbanSegments(structure) {
		switch s[1] {
		case 'n':
			b = r.digits(b, s[0])
		case 'a':
			b = r.fromSet(b, upperLetters, s[0])
		default:
			b = r.fromSet(b, upperLetters+digitSet+digitSet, s[0])
		}
	}
	return string(b)
}

// countryIBANValue returns a valid IBAN of c, contiguous or in groups of
// four.
func countryIBANValue(r *rng, c *countryIBAN) string {
	for {
		b := randomBBAN(r, c.bban)
		s := c.cc + ibanCheckDigits(c.cc, b) + b
		if _, ok := countryIBANValid(s); ok {
			if f := formatIBAN(r, s); noInnerIBAN(f) {
				return f
			}
		}
	}
}

// noInnerIBAN reports whether no group after the first of a grouped IBAN
// starts like one (a country code and two digits): "DK98 AAQ6 2" at the
// end of a Latvian IBAN could be read as an IBAN of its own.
func noInnerIBAN(s string) bool {
	for i := 1; i+4 <= len(s); i++ {
		if s[i-1] != ' ' || !isUpper(s[i]) || !isUpper(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			continue
		}
		if _, ok := countryIBANByCC[s[i:i+2]]; ok {
			return false
		}
		if _, ok := ibanLengths[s[i:i+2]]; ok {
			return false
		}
	}
	return true
}

// badCountryIBAN returns an IBAN of c whose check digits are wrong,
// contiguous or grouped.
func badCountryIBAN(r *rng, c *countryIBAN) string {
	for {
		b := randomBBAN(r, c.bban)
		good := ibanCheckDigits(c.cc, b)
		if bad := pad(r.between(2, 98), 2); bad != good {
			if f := formatIBAN(r, c.cc+bad+b); noInnerIBAN(f) {
				return f
			}
		}
	}
}

// wrongLengthCountryIBAN returns a contiguous IBAN-shaped string of c one
// character longer or shorter than the registry says, whose check digits
// pass mod 97.
func wrongLengthCountryIBAN(r *rng, c *countryIBAN) string {
	for {
		b := randomBBAN(r, c.bban)
		if r.intn(2) == 0 {
			b += strconv.Itoa(r.intn(10))
		} else {
			b = b[:len(b)-1]
		}
		if s := c.cc + ibanCheckDigits(c.cc, b) + b; ibanValid(s) {
			return s
		}
	}
}

// countryIBANSpecs turns countryIBANs into idSpecs, in the phrases of the
// other IBANs (no keyword of any type).
func countryIBANSpecs() []idSpec {
	out := make([]idSpec, 0, len(countryIBANs))
	for i := range countryIBANs {
		c := &countryIBANs[i]
		out = append(out, idSpec{
			typ: c.typ, phrases: ibanPhrases,
			gen: nationalSafe(func(r *rng) string { return countryIBANValue(r, c) }),
			negs: []idNeg{
				{NegCountryIBANBadChecksum, false, nationalSafe(func(r *rng) string { return badCountryIBAN(r, c) })},
				{NegCountryIBANWrongLength, false, nationalSafe(func(r *rng) string { return wrongLengthCountryIBAN(r, c) })},
			},
		})
	}
	return out
}

// nationalKeywords lists every national type's keywords, for the filler
// promise (no filler word is a keyword).
func nationalKeywords() []string {
	var out []string
	for _, s := range natSpecs {
		out = append(out, s.keywords...)
	}
	sort.Strings(out)
	return out
}

func countryIBANTypes() []string {
	out := make([]string, len(countryIBANs))
	for i, c := range countryIBANs {
		out[i] = c.typ
	}
	return out
}
