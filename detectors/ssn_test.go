package detectors

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestSSNValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"536228726", true},
		{"001010001", true},
		{"899999999", true},
		{"000228726", false}, // area 000
		{"666228726", false}, // area 666
		{"900228726", false}, // area 900-999
		{"999228726", false},
		{"536008726", false}, // group 00
		{"536220000", false}, // serial 0000
		{"078051120", false}, // Woolworth wallet card
		{"219099999", false}, // SSA advertisement
		{"123456789", false}, // textbook example
		{"53622872", false},  // eight digits
		{"53622872a", false},
	}
	for _, tt := range tests {
		if got := ssnValid([]byte(tt.in)); got != tt.want {
			t.Errorf("ssnValid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func ssnReference(s string) bool {
	if len(s) != 9 {
		return false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || s[0] == '+' || s[0] == '-' {
		return false
	}
	area, group, serial := n/1000000, n/10000%100, n%10000
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return false
	}
	return s != "078051120" && s != "219099999" && s != "123456789"
}

func FuzzSSN(f *testing.F) {
	for _, s := range []string{"536228726", "000000000", "666123456", "+12345678", "-12345678", "12345678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ssnValid([]byte(s)), ssnReference(s); got != want {
			t.Fatalf("ssnValid(%q) = %v, reference says %v", s, got, want)
		}
	})
}

// TestSSNValidAsReference: ssnValid agrees with the reference on the
// numbers around each published one and on random nine-digit strings.
func TestSSNValidAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	var ns []int
	for _, base := range []int{78_051_120, 219_099_999, 123_456_789} {
		for d := -1000; d <= 1000; d++ {
			ns = append(ns, base+d, base+d*10_000, base+d*1_000_000)
		}
	}
	for range 100000 {
		ns = append(ns, r.IntN(1_000_000_000))
	}
	for _, n := range ns {
		if n < 0 || n >= 1_000_000_000 {
			continue
		}
		s := fmt.Sprintf("%09d", n)
		if got, want := ssnValid([]byte(s)), ssnReference(s); got != want {
			t.Fatalf("ssnValid(%q) = %v, reference says %v", s, got, want)
		}
	}
}
