package detectors

import (
	"math/big"
	"math/rand/v2"
	"strconv"
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

// mod97OfRef is mod97Of a character at a time, the reference for its
// reading of eight digits at once.
func mod97OfRef(rem uint32, s []byte) (uint32, bool) {
	v := uint64(rem)
	for _, c := range s {
		switch {
		case isDigit(c):
			v = (v*10 + uint64(c-'0')) % 97
		case isUpper(c):
			v = (v*100 + uint64(c-'A') + 10) % 97
		default:
			return 0, false
		}
	}
	return uint32(v), true
}

// TestMod97OfAsReference: mod97Of gives the character-at-a-time remainder
// for every starting remainder, on strings of digits with letters and
// other bytes (the neighbours of '0' and '9', NUL, non-ASCII) at random
// places, so that every offset of an eight-digit word is cut short.
func TestMod97OfAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	odd := []byte{'/', ':', '@', '[', ' ', 0, 0x80, 0xB0, 0xB9, 0xFF, 'a', 'z', '0' + 0x40, '9' + 0x40}
	for i := range 50000 {
		n := r.IntN(40)
		b := make([]byte, n)
		for j := range b {
			switch k := r.IntN(40); {
			case k == 0 && i%2 == 0:
				b[j] = odd[r.IntN(len(odd))]
			case k < 4:
				b[j] = byte('A' + r.IntN(26))
			default:
				b[j] = byte('0' + r.IntN(10))
			}
		}
		rem := uint32(r.IntN(97))
		got, gok := mod97Of(rem, b)
		want, wok := mod97OfRef(rem, b)
		if gok != wok || (gok && got != want) {
			t.Fatalf("mod97Of(%d, %q) = %d, %v; a character at a time %d, %v", rem, b, got, gok, want, wok)
		}
	}
	for _, w := range []string{"00000000", "99999999", "12345678", "98765432", "0000000/", "/0000000", "0000:000", "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7", "pqrstuvw"} {
		x, ok := digits8(load64([]byte(w)))
		want, err := strconv.ParseUint(w, 10, 64)
		if ok != (err == nil) || (ok && x != want) {
			t.Errorf("digits8(%q) = %d, %v; want %d, %v", w, x, ok, want, err == nil)
		}
	}
}
