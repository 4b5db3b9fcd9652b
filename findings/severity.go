package findings

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Severity is Macie's severity of sensitive data: score 1 Low, 2 Medium,
// 3 High. The zero value, SeverityNone, means no severity (nothing found, or
// a type the catalogue does not rate). Severities order as their score: a
// larger Severity is more severe.
//
// In JSON a Severity is Macie's severity object, {"description": "High",
// "score": 3}; fields tagged omitzero leave out SeverityNone.
type Severity int

// Severities, as Macie scores them.
const (
	SeverityNone   Severity = 0
	SeverityLow    Severity = 1
	SeverityMedium Severity = 2
	SeverityHigh   Severity = 3
)

// String returns Macie's description of the severity: "Low", "Medium",
// "High", or "" for SeverityNone and out-of-range values.
func (s Severity) String() string {
	switch s {
	case SeverityLow:
		return "Low"
	case SeverityMedium:
		return "Medium"
	case SeverityHigh:
		return "High"
	}
	return ""
}

// Valid reports whether s is Low, Medium or High.
func (s Severity) Valid() bool { return s >= SeverityLow && s <= SeverityHigh }

// ParseSeverity reads a severity as Macie writes it in findings ("Low") or in
// custom data identifier settings ("LOW"), in any case. ok is false, and the
// severity SeverityNone, for anything else.
func ParseSeverity(s string) (sev Severity, ok bool) {
	switch {
	case strings.EqualFold(s, "low"):
		return SeverityLow, true
	case strings.EqualFold(s, "medium"):
		return SeverityMedium, true
	case strings.EqualFold(s, "high"):
		return SeverityHigh, true
	}
	return SeverityNone, false
}

// severityJSON is Macie's severity object.
type severityJSON struct {
	Description string `json:"description"`
	Score       int    `json:"score"`
}

// MarshalJSON writes Macie's severity object; SeverityNone and out-of-range
// values are written as null.
func (s Severity) MarshalJSON() ([]byte, error) {
	if !s.Valid() {
		return []byte("null"), nil
	}
	return json.Marshal(severityJSON{Description: s.String(), Score: int(s)})
}

// UnmarshalJSON reads Macie's severity object: its score when it is 1 to 3,
// else its description. null, and an object with neither, read as
// SeverityNone.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var v *severityJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("severity: %w", err)
	}
	*s = SeverityNone
	if v == nil {
		return nil
	}
	if sev := Severity(v.Score); sev.Valid() {
		*s = sev
		return nil
	}
	*s, _ = ParseSeverity(v.Description)
	return nil
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
