package detectors

import (
	"testing"
)

func TestCardValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4526018159083012", true},      // Visa 16
		{"4661318609133", true},         // Visa 13
		{"4909960308246281946", true},   // Visa 19
		{"5382199351819096", true},      // Mastercard 5x
		{"2720378657975434", true},      // Mastercard 2-series top
		{"2221231948757497", true},      // Mastercard 2-series bottom
		{"371186252760184", true},       // Amex 37
		{"349555979711473", true},       // Amex 34
		{"6011104974650750", true},      // Discover 6011
		{"6529170342366712760", true},   // Discover 65, 19 digits
		{"3530842684656323", true},      // JCB
		{"36122330792441", true},        // Diners 36, 14 digits
		{"30002685995284", true},        // Diners 300
		{"6290786666176037", true},      // UnionPay
		{"5013721590105", true},         // Maestro 50, 13 digits
		{"6792815901396245953", true},   // Maestro 67, 19 digits
		{"4526018159083013", false},     // Luhn
		{"452601815908301", false},      // Visa cannot have 15 digits
		{"3711862527601840", false},     // Amex cannot have 16 digits
		{"1234567812345670", false},     // no issuer
		{"6666666666666", false},        // all one digit
		{"4111111111111111", false},     // test number
		{"6205500000000000004", false},  // Stripe UnionPay 19-digit test number
		{"411111111111", false},         // too short
		{"41111111111111111111", false}, // too long
	}
	for _, tt := range tests {
		if got := cardValid([]byte(tt.in)); got != tt.want {
			t.Errorf("cardValid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestTestCardNumbersAreReachable: a test number that fails Luhn or has no
// issuer is rejected anyway; listing it would only hide a typo.
func TestTestCardNumbersAreReachable(t *testing.T) {
	for n := range testCardNumbers {
		d := []byte(n)
		if !luhnValid(d) || !cardIssuerKnown(d) {
			t.Errorf("test number %s fails Luhn or has no issuer range", n)
		}
	}
}

func FuzzCardValid(f *testing.F) {
	for _, s := range []string{"4526018159083012", "4111111111111111", "6666666666666", "", "4", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := []byte(s)
		got := cardValid(d)
		// Invariants: a valid card is 13-19 digits, passes Luhn, has an
		// issuer, is not a test number and not one repeated digit.
		if got {
			if len(d) < 13 || len(d) > 19 || !luhnReference(s) || !cardIssuerKnown(d) {
				t.Fatalf("cardValid(%q) accepted an invalid number", s)
			}
			if _, ok := testCardNumbers[s]; ok {
				t.Fatalf("cardValid(%q) accepted a test number", s)
			}
		}
	})
}
