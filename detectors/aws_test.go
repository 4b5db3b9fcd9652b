package detectors

import (
	"regexp"
	"testing"
)

func TestAWSKeyIDAt(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"AKIABBR6QMW4WXFOGO6M", true},
		{"ASIAVN6A6WFHYM6L3VFZ", true},
		{"=AKIABBR6QMW4WXFOGO6M;", true},
		{"AKIAIOSFODNN7EXAMPLE", false}, // AWS documentation example
		{"AKIABBR6QMW4WXFOGO61", false}, // '1' is not base32
		{"AKIABBR6QMW4WXFOGO6", false},  // short
		{"AKIABBR6QMW4WXFOGO6MM", false},
		{"AKIAbbr6QMW4WXFOGO6M", false},
	}
	for _, tt := range tests {
		data := []byte(tt.text)
		at := regexp.MustCompile(`A[KS]IA`).FindIndex(data)[0]
		_, ok := awsKeyIDAt(data, at)
		if ok != tt.ok {
			t.Errorf("awsKeyIDAt(%q) = %v, want %v", tt.text, ok, tt.ok)
		}
	}
}

func TestAWSSecretKeyAt(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xa", true},
		{"7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xa=", false}, // tail of a longer base64 value
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", false},
		{"da39a3ee5e6b4b0d3255bfef95601890afd80709", false}, // SHA-1 hex
		{"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", false},
	}
	for _, tt := range tests {
		data := []byte(tt.text)
		if got := awsSecretKeyAt(data, 0, 40); got != tt.ok {
			t.Errorf("awsSecretKeyAt(%q) = %v, want %v", tt.text, got, tt.ok)
		}
	}
}

var awsKeyIDReference = regexp.MustCompile(`^(AKIA|ASIA)[A-Z2-7]{16}$`)

func FuzzAWSKeyID(f *testing.F) {
	for _, s := range []string{"AKIABBR6QMW4WXFOGO6M", "xASIAVN6A6WFHYM6L3VFZ", "AKIA", "AKIAIOSFODNN7EXAMPLE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data := []byte(s)
		for at := 0; at+4 <= len(data); at++ {
			end, ok := awsKeyIDAt(data, at)
			if !ok {
				continue
			}
			if !awsKeyIDReference.MatchString(s[at:end]) || (at > 0 && isAlnum(data[at-1])) || (end < len(data) && isAlnum(data[end])) {
				t.Fatalf("awsKeyIDAt(%q, %d) accepted %q", s, at, s[at:end])
			}
		}
	})
}
