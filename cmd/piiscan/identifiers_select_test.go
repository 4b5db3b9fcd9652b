package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/detectors"
)

// TestSelectIdentifiers: --identifiers takes IDs, "default" for the default
// set and -ID to leave one out; a list that starts with -ID starts from the
// default set.
func TestSelectIdentifiers(t *testing.T) {
	def := detectors.DefaultIDs()
	without := func(ids []string, drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return slices.Contains(drop, s) })
	}
	sorted := func(ids []string) []string {
		ids = slices.Clone(ids)
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	for _, tc := range []struct {
		in      []string
		want    []string
		wantErr string
	}{
		{in: nil, want: nil},
		{in: []string{"USA_SOCIAL_SECURITY_NUMBER"}, want: []string{"USA_SOCIAL_SECURITY_NUMBER"}},
		{in: []string{"default", "NAME"}, want: sorted(append(slices.Clone(def), "NAME"))},
		{in: []string{"DEFAULT", "NAME", "ADDRESS", "NAME"}, want: sorted(append(slices.Clone(def), "NAME", "ADDRESS"))},
		{in: []string{"-EMAIL_ADDRESS"}, want: sorted(without(def, "EMAIL_ADDRESS"))},
		{in: []string{"default", "-EMAIL_ADDRESS", "-IP_ADDRESS"}, want: sorted(without(def, "EMAIL_ADDRESS", "IP_ADDRESS"))},
		{in: []string{"EMAIL_ADDRESS", "-EMAIL_ADDRESS"}, want: []string{}},
		{in: []string{"-NOT_AN_ID"}, wantErr: `unknown managed data identifier "NOT_AN_ID"`},
		{in: []string{"NOT_AN_ID"}, want: []string{"NOT_AN_ID"}}, // the engine names it
	} {
		got, err := selectIdentifiers(tc.in)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil):
			t.Errorf("%q: got %d IDs %q, want %d", tc.in, len(got), got, len(tc.want))
		}
	}
	if _, err := compileEngine([]string{"NOT_AN_ID"}, nil, nil); err == nil || !strings.Contains(err.Error(), "NOT_AN_ID") {
		t.Errorf("an unknown ID: %v, want an error naming it", err)
	}
}
