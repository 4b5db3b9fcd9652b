package findings

import (
	"encoding/json"
	"testing"
)

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

func TestSeverity(t *testing.T) {
	cases := []struct {
		in   string
		want Severity
		ok   bool
		desc string
		json string
	}{
		{"Low", SeverityLow, true, "Low", `{"description":"Low","score":1}`},
		{"LOW", SeverityLow, true, "Low", `{"description":"Low","score":1}`},
		{"medium", SeverityMedium, true, "Medium", `{"description":"Medium","score":2}`},
		{"High", SeverityHigh, true, "High", `{"description":"High","score":3}`},
		{"", SeverityNone, false, "", `null`},
		{"critical", SeverityNone, false, "", `null`},
	}
	for _, tc := range cases {
		got, ok := ParseSeverity(tc.in)
		if got != tc.want || ok != tc.ok || got.String() != tc.desc {
			t.Errorf("ParseSeverity(%q) = %d %v %q, want %d %v %q", tc.in, got, ok, got.String(), tc.want, tc.ok, tc.desc)
		}
		b, err := json.Marshal(got)
		if err != nil || string(b) != tc.json {
			t.Errorf("Marshal(%v) = %s %v, want %s", got, b, err, tc.json)
		}
		var back Severity
		if err := json.Unmarshal(b, &back); err != nil || back != got {
			t.Errorf("Unmarshal(%s) = %v %v, want %v", b, back, err, got)
		}
	}
	for _, tc := range []struct {
		in   string
		want Severity
	}{
		{`{"description":"High"}`, SeverityHigh},
		{`{"description":"Low","score":3}`, SeverityHigh},
		{`{"score":9}`, SeverityNone},
		{`{}`, SeverityNone},
	} {
		var got Severity
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil || got != tc.want {
			t.Errorf("Unmarshal(%s) = %v %v, want %v", tc.in, got, err, tc.want)
		}
	}
	var bad Severity
	if err := json.Unmarshal([]byte(`"High"`), &bad); err == nil {
		t.Error("a severity that is not an object was accepted")
	}
	if Severity(7).String() != "" || Severity(7).Valid() {
		t.Error("out-of-range severity reads as valid")
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
		wantSev  Severity
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
			if got := r.Severity; got != tc.wantSev {
				t.Errorf("severity = %v, want %v", r.Severity, tc.wantSev)
			}
		})
	}
}
