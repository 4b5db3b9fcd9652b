package detectors

// Category is Macie's sensitive data category of an identifier.
type Category string

// Categories, spelled as Macie spells them in findings.
const (
	CategoryCredentials Category = "CREDENTIALS"
	CategoryFinancial   Category = "FINANCIAL_INFORMATION"
	CategoryPersonal    Category = "PERSONAL_INFORMATION"
	CategoryCustom      Category = "CUSTOM_IDENTIFIER"
)

// Severity is the severity of a detection, as Macie scores it (1 to 3).
type Severity uint8

// Severities. SeverityNone means "no finding": the occurrence count is below
// the lowest threshold of the identifier's severity rule.
const (
	SeverityNone   Severity = 0
	SeverityLow    Severity = 1
	SeverityMedium Severity = 2
	SeverityHigh   Severity = 3
)

// String returns "LOW", "MEDIUM" or "HIGH" (and "NONE" for SeverityNone).
func (s Severity) String() string {
	switch s {
	case SeverityLow:
		return "LOW"
	case SeverityMedium:
		return "MEDIUM"
	case SeverityHigh:
		return "HIGH"
	}
	return "NONE"
}

// SeverityThreshold is one step of a severity rule: from Occurrences
// occurrences on, a detection has Severity (until the next step).
type SeverityThreshold struct {
	Occurrences int
	Severity    Severity
}

// Sample is a test input carried by a Spec. Text marks each expected match
// with « and »; the markers are removed before scanning. Field, if set, is
// the field name the text is scanned under (see Engine.Field).
type Sample struct {
	Field string
	Text  string
}

// Spec is one row of the managed catalogue. It is data: the engine reads
// these fields and nothing else about an identifier.
type Spec struct {
	ID       string // Macie's managed data identifier ID
	Category Category
	Name     string // human-readable sensitive data type

	// Keywords are matched case-insensitively on ASCII word boundaries; a
	// space in a keyword matches any run of spaces, '_', '-', '.' or a
	// camelCase boundary.
	Keywords []string
	// KeywordRequired: a value matches only with a keyword nearby or in the
	// field name. Otherwise keywords are informative only.
	KeywordRequired bool
	// KeywordAbsent: a value matches only with no keyword nearby or in the
	// field name (Macie's "_(NO_KEYWORD)" twins, which share their twin's
	// keywords so that each occurrence is exactly one of the two).
	KeywordAbsent bool
	// Proximity is the largest number of characters allowed between a
	// keyword and the value, before or after it (0 means 30).
	Proximity int
	// FieldThings, when set, says which field names use a keyword for
	// something other than this identifier's data: "name" is a person's
	// in "customer_name" and "$.customer.name", but a product's in
	// "product_name" and "$.items[].name". The field name's keywords do
	// not count for this identifier when its last word is the Keyword and
	// the word that qualifies it is one of the Things (see
	// fieldQualifier); nor does the Keyword in text right after a thing
	// ("product name:", "item_name=").
	FieldThings *FieldThings

	// Matcher names the hand-written matcher that finds and confirms
	// candidates (see matchers.go); several identifiers may share one and
	// differ only in their keyword rule.
	Matcher string
	// Numeric describes the shape of a numeric identifier when Matcher is
	// "numeric".
	Numeric *Numeric
	// Labels are, for Matcher "pem", the PEM type labels this identifier
	// matches (the text between "-----BEGIN " and "-----").
	Labels []string
	// Shape describes the value when Matcher is "shape".
	Shape *Shape
	// IBAN is a country code ("DE"): this identifier also matches that
	// country's IBANs, with no keyword needed (Macie's per-country
	// <COUNTRY>_BANK_ACCOUNT_NUMBER identifiers). With Matcher "iban" that
	// is all it matches; with Matcher "shape" the shape is the country's
	// domestic account number (BBAN), under the Spec's keyword rule.
	IBAN string
	// YieldsTo are identifiers that take precedence: a value that one of
	// them also matched, with the same offsets, is not reported as this
	// identifier. For shapes shared between countries where one has the
	// more specific keyword (a UK passport number is nine digits, as a US
	// one is, but only the UK one sits next to "UK passport").
	YieldsTo []string
	// OffByDefault leaves the identifier out of DefaultIDs: it is used
	// only when selected by ID.
	OffByDefault bool
	// Checksum names the published check the validator applies ("" if
	// none), e.g. "luhn" or "iso7064-mod97-10".
	Checksum string

	// Severity is the severity rule, in ascending Occurrences order.
	Severity []SeverityThreshold

	// Samples must each produce exactly the marked matches of this
	// identifier; NegativeSamples must produce none of it.
	Samples         []Sample
	NegativeSamples []Sample
}

// FieldThings is a Spec's list of the things whose Keyword a field name
// can be about (Spec.FieldThings).
type FieldThings struct {
	// Keyword is the ambiguous keyword, one word, lowercase ("name").
	Keyword string
	// Things are the qualifiers, lowercase words, singular: a plural
	// qualifier ("items", "categories") counts as its singular.
	Things []string
}

// Numeric is the shape of an identifier made of digits.
type Numeric struct {
	// Lengths are the accepted lengths of the contiguous form.
	Lengths []int
	// Groups are the accepted grouped forms, as group lengths, e.g.
	// {4, 4, 4, 4}.
	Groups [][]int
	// Separators are the bytes allowed between groups (one of them, used
	// consistently within a value).
	Separators string
	// Prefix is a literal that must immediately precede the digits and is
	// part of the match (e.g. "DE" for a German IBAN).
	Prefix string
	// Valid validates the digits (without separators or prefix).
	Valid func(digits []byte) bool
}

func (s *Spec) proximity() int {
	if s.Proximity <= 0 {
		return defaultProximity
	}
	return s.Proximity
}

const defaultProximity = 30
