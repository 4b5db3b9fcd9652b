package findings

import "strings"

// SeverityLevel is Macie's severity score: 1 Low, 2 Medium, 3 High. The zero
// value means no severity (nothing found, or a type the catalogue does not
// rate). Levels order as their severity: a larger level is more severe.
type SeverityLevel int

// Severity levels, as Macie scores them.
const (
	SeverityNone   SeverityLevel = 0
	SeverityLow    SeverityLevel = 1
	SeverityMedium SeverityLevel = 2
	SeverityHigh   SeverityLevel = 3
)

// String returns Macie's description of the level: "Low", "Medium", "High",
// or "" for SeverityNone and out-of-range levels.
func (l SeverityLevel) String() string {
	switch l {
	case SeverityLow:
		return "Low"
	case SeverityMedium:
		return "Medium"
	case SeverityHigh:
		return "High"
	}
	return ""
}

// Severity returns the level as a record's severity, or nil for SeverityNone
// and out-of-range levels.
func (l SeverityLevel) Severity() *Severity {
	if l < SeverityLow || l > SeverityHigh {
		return nil
	}
	return &Severity{Description: l.String(), Score: int(l)}
}

// ParseSeverity reads a severity as Macie writes it in findings ("Low") or in
// custom data identifier settings ("LOW"), in any case. Anything else is
// SeverityNone.
func ParseSeverity(s string) SeverityLevel {
	switch {
	case strings.EqualFold(s, "low"):
		return SeverityLow
	case strings.EqualFold(s, "medium"):
		return SeverityMedium
	case strings.EqualFold(s, "high"):
		return SeverityHigh
	}
	return SeverityNone
}

// Level returns the level of a record's severity; nil is SeverityNone.
func (s *Severity) Level() SeverityLevel {
	if s == nil {
		return SeverityNone
	}
	if l := SeverityLevel(s.Score); l >= SeverityLow && l <= SeverityHigh {
		return l
	}
	return ParseSeverity(s.Description)
}

// Finding types of sensitive data findings, as Macie spells them.
const (
	TypeCredentials      = "SensitiveData:S3Object/Credentials"
	TypeCustomIdentifier = "SensitiveData:S3Object/CustomIdentifier"
	TypeFinancial        = "SensitiveData:S3Object/Financial"
	TypeMultiple         = "SensitiveData:S3Object/Multiple"
	TypePersonal         = "SensitiveData:S3Object/Personal"
)

// FindingType returns Macie's finding type for an object in which sensitive
// data of the given managed-identifier categories was found, and custom data
// identifiers matched if custom is true. Following Macie: one category gives
// that category's type (custom identifiers alone, however many, give
// CustomIdentifier); more than one category, custom identifiers counting as
// one, gives Multiple. Repeated categories count once. A category Macie does
// not define counts as a category of its own; alone it gives Multiple, since
// no single Macie type names it. No category and no custom match gives "".
func FindingType(categories []string, custom bool) string {
	var first string
	n := 0
	if custom {
		first, n = CategoryCustomIdentifier, 1
	}
	for _, c := range categories {
		if n == 0 {
			first, n = c, 1
			continue
		}
		if c != first {
			n = 2
			break
		}
	}
	switch {
	case n == 0:
		return ""
	case n > 1:
		return TypeMultiple
	}
	switch first {
	case CategoryCredentials:
		return TypeCredentials
	case CategoryFinancial:
		return TypeFinancial
	case CategoryPersonal:
		return TypePersonal
	case CategoryCustomIdentifier:
		return TypeCustomIdentifier
	}
	return TypeMultiple
}
