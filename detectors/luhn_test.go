package detectors

import (
	"testing"
)

func TestLuhnValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// Published vectors: ISO/IEC 7812 examples and network test cards.
		{"79927398713", true}, // the classic Wikipedia example
		{"79927398710", false},
		{"79927398711", false},
		{"4111111111111111", true},
		{"4111111111111112", false},
		{"378282246310005", true},
		{"6011111111111117", true},
		{"30569309025904", true},
		{"0", false}, // too short
		{"", false},  // empty
		{"00", true}, // zero sum
		{"18", true}, // 1*2... check: 8 + 2 = 10
		{"4a11", false},
	}
	for _, tt := range tests {
		if got := luhnValid([]byte(tt.in)); got != tt.want {
			t.Errorf("luhnValid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// luhnReference is the textbook algorithm, written independently: double
// every second digit from the right, sum the digits of the products.
func luhnReference(s string) bool {
	if len(s) < 2 {
		return false
	}
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[len(s)-1-i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			d = d/10 + d%10
		}
		sum += d
	}
	return sum%10 == 0
}

func FuzzLuhn(f *testing.F) {
	for _, s := range []string{"79927398713", "4111111111111111", "", "0", "12a4", "00000000000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := luhnValid([]byte(s)), luhnReference(s); got != want {
			t.Fatalf("luhnValid(%q) = %v, reference says %v", s, got, want)
		}
	})
}
