package detectors

import (
	"math/big"
	"strings"
	"testing"
)

func TestIBANValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// Examples published in the ECBS/SWIFT IBAN registry.
		{"DE89370400440532013000", true},
		{"GB82WEST12345698765432", true},
		{"FR1420041010050500013M02606", true},
		{"NL91ABNA0417164300", true},
		{"CH9300762011623852957", true},
		{"DE89370400440532013001", false},
		{"DE88370400440532013000", false},
		{"de89370400440532013000", false}, // lowercase country code
		{"DE8937040044053201300", false},  // one digit short: checksum
		{"DE89", false},                   // too short
		{"DE89 3704 0044 0532 0130 00", false},
	}
	for _, tt := range tests {
		if got := ibanValid([]byte(tt.in)); got != tt.want {
			t.Errorf("ibanValid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if !germanIBANValid([]byte("89370400440532013000")) || germanIBANValid([]byte("8937040044053201300")) {
		t.Error("germanIBANValid disagrees with the published example")
	}
}

// ibanReference is ISO 13616 as written: move the first four characters to
// the end, replace letters by two-digit numbers, take the integer mod 97.
func ibanReference(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i < 2 && (c < 'A' || c > 'Z') || i >= 2 && i < 4 && (c < '0' || c > '9') {
			return false
		}
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	r := s[4:] + s[:4]
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c >= 'A' && c <= 'Z' {
			b.WriteString(big.NewInt(int64(c-'A') + 10).String())
		} else {
			b.WriteByte(c)
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "", "DE00", "ZZ99ZZZZZZZZZZZZZZZZ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ibanValid([]byte(s)), ibanReference(s); got != want {
			t.Fatalf("ibanValid(%q) = %v, reference says %v", s, got, want)
		}
	})
}
