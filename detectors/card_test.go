package detectors

import (
	"math/rand/v2"
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

// cardValidRef is cardValid as it was before its issuer test read the
// prefix in one pass and a bit set of test-number prefixes came before
// the map: the reference.
func cardValidRef(d []byte) bool {
	if len(d) < 13 || len(d) > 19 || !cardIssuerKnownRef(d) || !luhnReference(string(d)) {
		return false
	}
	same := true
	for _, c := range d[1:] {
		if c != d[0] {
			same = false
			break
		}
	}
	if same {
		return false
	}
	_, isTest := testCardNumbers[string(d)]
	return !isTest
}

func cardIssuerKnownRef(d []byte) bool {
	n := len(d)
	p2, p3, p4 := prefixInt(d, 2), prefixInt(d, 3), prefixInt(d, 4)
	switch {
	case d[0] == '4':
		if n == 13 || n == 16 || n == 19 {
			return true
		}
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		if n == 16 {
			return true
		}
	case p2 == 34 || p2 == 37:
		if n == 15 {
			return true
		}
	}
	in1619 := n >= 16 && n <= 19
	switch {
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65:
		if in1619 {
			return true
		}
	case p4 >= 3528 && p4 <= 3589:
		if in1619 {
			return true
		}
	case p3 >= 300 && p3 <= 305, p2 == 36, p2 == 38, p2 == 39:
		if n >= 14 && n <= 19 {
			return true
		}
	case p2 == 62:
		if in1619 {
			return true
		}
	}
	if p2 == 50 || (p2 >= 56 && p2 <= 69) {
		return n >= 13
	}
	return false
}

// TestCardValidAsReference: cardValid agrees with the reference on every
// test number, on each with its last digits changed (same prefix, Luhn
// fixed or not), and on random numbers of 1 to 21 digits under every
// two-digit prefix, a non-digit now and then.
func TestCardValidAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	valid := 0
	check := func(d []byte) {
		t.Helper()
		if got, want := cardValid(d), cardValidRef(d); got != want {
			t.Fatalf("cardValid(%q) = %v; the reference %v", d, got, want)
		}
		if len(d) >= 4 {
			if got, want := cardIssuerKnown(d), cardIssuerKnownRef(d); got != want {
				t.Fatalf("cardIssuerKnown(%q) = %v; the reference %v", d, got, want)
			}
		}
		if cardValid(d) {
			valid++
		}
	}
	for n := range testCardNumbers {
		check([]byte(n))
		for k := range 10 {
			d := []byte(n)
			d[len(d)-1-k%4] = byte('0' + r.IntN(10))
			check(d)
			// Fix the check digit.
			for c := byte('0'); c <= '9'; c++ {
				d[len(d)-1] = c
				if luhnReference(string(d)) {
					check(d)
				}
			}
		}
	}
	for range 200000 {
		d := []byte{byte('0' + r.IntN(10)), byte('0' + r.IntN(10))}
		for n := 13 + r.IntN(9) - 2; len(d) < n; {
			d = append(d, byte('0'+r.IntN(10)))
		}
		if r.IntN(50) == 0 {
			d[r.IntN(len(d))] = "x -\x00/:"[r.IntN(6)]
		}
		check(d)
	}
	if valid < 2000 {
		t.Fatalf("only %d valid numbers: the test compares too few", valid)
	}
}

// TestLuhnValidAsReference: luhnValid, two digits a step, agrees with the
// textbook reference on random digit strings of every length up to 40, a
// non-digit (or a byte just outside '0'-'9') now and then.
func TestLuhnValidAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	valid := 0
	for range 100000 {
		d := make([]byte, r.IntN(41))
		for i := range d {
			d[i] = byte('0' + r.IntN(10))
		}
		if len(d) > 0 && r.IntN(10) == 0 {
			d[r.IntN(len(d))] = "/:a \x00\xb0"[r.IntN(6)]
		}
		got, want := luhnValid(d), luhnReference(string(d))
		if got != want {
			t.Fatalf("luhnValid(%q) = %v; the reference %v", d, got, want)
		}
		if got {
			valid++
		}
	}
	if valid < 5000 {
		t.Fatalf("only %d valid strings: the test compares too few", valid)
	}
}
