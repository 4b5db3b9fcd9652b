package detectors

import (
	"math/big"
	"math/rand/v2"
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

// TestIBANValidRandom checks ibanValid against the big-integer reference
// on random strings of every length, letters and digits mixed in every
// proportion (mod97Of reduces once per 15 digits; a letter is two).
func TestIBANValidRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	valid := 0
	for range 20000 {
		b := []byte{byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), byte('0' + r.IntN(10)), byte('0' + r.IntN(10))}
		letters := r.IntN(4)
		for n := 11 + r.IntN(24); n > 0; n-- {
			if r.IntN(4) < letters {
				b = append(b, byte('A'+r.IntN(26)))
			} else {
				b = append(b, byte('0'+r.IntN(10)))
			}
		}
		got, want := ibanValid(b), ibanReference(string(b))
		if got != want {
			t.Fatalf("ibanValid(%q) = %v, reference says %v", b, got, want)
		}
		if got {
			valid++
		}
	}
	if valid < 100 {
		t.Errorf("only %d of 20000 random strings valid: the test compares too few valid IBANs", valid)
	}
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "", "DE00", "ZZ99ZZZZZZZZZZZZZZZZ",
		"ZZ99ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "AA99999999999999999999999999999999", "QZ00Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ibanValid([]byte(s)), ibanReference(s); got != want {
			t.Fatalf("ibanValid(%q) = %v, reference says %v", s, got, want)
		}
	})
}
