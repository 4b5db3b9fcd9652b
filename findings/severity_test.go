package findings

import "testing"

func TestFindingType(t *testing.T) {
	cases := []struct {
		name       string
		categories []string
		custom     bool
		want       string
	}{
		{"nothing", nil, false, ""},
		{"credentials", []string{CategoryCredentials}, false, TypeCredentials},
		{"financial", []string{CategoryFinancial}, false, TypeFinancial},
		{"personal", []string{CategoryPersonal}, false, TypePersonal},
		{"personal twice", []string{CategoryPersonal, CategoryPersonal}, false, TypePersonal},
		{"custom only", nil, true, TypeCustomIdentifier},
		{"custom category given", []string{CategoryCustomIdentifier}, true, TypeCustomIdentifier},
		{"financial and personal", []string{CategoryFinancial, CategoryPersonal}, false, TypeMultiple},
		{"three categories", []string{CategoryCredentials, CategoryFinancial, CategoryPersonal}, false, TypeMultiple},
		{"custom and personal", []string{CategoryPersonal}, true, TypeMultiple},
		{"repeat then other", []string{CategoryPersonal, CategoryPersonal, CategoryCredentials}, false, TypeMultiple},
		{"unknown category alone", []string{"HEALTH"}, false, TypeMultiple},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := FindingType(tc.categories, tc.custom); got != tc.want {
				t.Errorf("FindingType(%v, %v) = %q, want %q", tc.categories, tc.custom, got, tc.want)
			}
		})
	}
}

func TestSeverityLevels(t *testing.T) {
	cases := []struct {
		in    string
		level SeverityLevel
		desc  string
	}{
		{"Low", SeverityLow, "Low"},
		{"LOW", SeverityLow, "Low"},
		{"medium", SeverityMedium, "Medium"},
		{"High", SeverityHigh, "High"},
		{"", SeverityNone, ""},
		{"critical", SeverityNone, ""},
	}
	for _, tc := range cases {
		l := ParseSeverity(tc.in)
		if l != tc.level || l.String() != tc.desc {
			t.Errorf("ParseSeverity(%q) = %d %q, want %d %q", tc.in, l, l.String(), tc.level, tc.desc)
		}
		s := l.Severity()
		if (s == nil) != (tc.level == SeverityNone) {
			t.Errorf("%q: Severity() = %+v", tc.in, s)
		}
		if s != nil && (s.Score != int(tc.level) || s.Description != tc.desc || s.Level() != tc.level) {
			t.Errorf("%q: Severity() = %+v", tc.in, s)
		}
	}
	if (*Severity)(nil).Level() != SeverityNone {
		t.Error("nil severity has a level")
	}
	if (&Severity{Description: "High"}).Level() != SeverityHigh {
		t.Error("severity without score not read from its description")
	}
}

// TestRecordSeverityAndType builds records with the aggregator and checks
// Macie's rules end to end: the record takes its highest detection's
// severity, and its type from the categories found.
func TestRecordSeverityAndType(t *testing.T) {
	type add struct {
		typ, category string
		custom        bool
		n             int
	}
	cases := []struct {
		name     string
		adds     []add
		severity SeverityFunc
		wantType string
		wantSev  SeverityLevel
	}{
		{"one personal low", []add{{"EMAIL_ADDRESS", CategoryPersonal, false, 3}}, testSeverity, TypePersonal, SeverityLow},
		{"ssn by count", []add{{"USA_SOCIAL_SECURITY_NUMBER", CategoryPersonal, false, 150}}, testSeverity, TypePersonal, SeverityHigh},
		{"highest wins", []add{{"EMAIL_ADDRESS", CategoryPersonal, false, 1}, {"USA_SOCIAL_SECURITY_NUMBER", CategoryPersonal, false, 1}}, testSeverity, TypePersonal, SeverityMedium},
		{"financial and personal", []add{{"EMAIL_ADDRESS", CategoryPersonal, false, 1}, {"CREDIT_CARD_NUMBER", CategoryFinancial, false, 1}}, testSeverity, TypeMultiple, SeverityHigh},
		{"custom only", []add{{"EMPLOYEE_ID", "ignored", true, 2}}, testSeverity, TypeCustomIdentifier, SeverityMedium},
		{"custom and credentials", []add{{"EMPLOYEE_ID", "", true, 2}, {"AWS_CREDENTIALS", CategoryCredentials, false, 1}}, testSeverity, TypeMultiple, SeverityHigh},
		{"unrated", []add{{"UNRATED", CategoryPersonal, false, 1}}, testSeverity, TypePersonal, SeverityNone},
		{"no rater", []add{{"EMAIL_ADDRESS", CategoryPersonal, false, 1}}, nil, TypePersonal, SeverityNone},
		{"nothing found", nil, testSeverity, "", SeverityNone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAggregator(10)
			for _, ad := range tc.adds {
				for range ad.n {
					a.Add(ad.typ, ad.category, ad.custom, LineOccurrence(1, 1, 1))
				}
			}
			r := a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, tc.severity)
			if r.Type != tc.wantType {
				t.Errorf("type = %q, want %q", r.Type, tc.wantType)
			}
			if got := r.Severity.Level(); got != tc.wantSev {
				t.Errorf("severity = %v, want %v", r.Severity, tc.wantSev)
			}
		})
	}
}
