package detectors

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// tryIBANRef is tryIBAN as it read the run a byte at a time, copied the
// value and checked it with the registry's text and ibanValid: the
// reference for the eight-byte run and checkIBAN's one pass.
func (s *Scanner) tryIBANRef(data []byte, st int, field FieldContext) int {
	if st > 0 && isAlnum(data[st-1]) {
		return 0
	}
	r := s.e.iban[ibanSlot(data[st], data[st+1])]
	if r == nil {
		return 0
	}
	n := len(data)
	isChar := func(c byte) bool { return isUpper(c) || isDigit(c) }
	var norm []byte
	p := st
	for p < n && isChar(data[p]) && p-st <= r.length {
		p++
	}
	end := 0
	switch {
	case p-st == r.length && (p == n || !isAlnum(data[p])):
		norm = append(norm, data[st:p]...)
		end = p
	case p-st == 4 && p+1 < n && data[p] == ' ':
		norm = append(norm, data[st:p]...)
		for len(norm) < r.length {
			if p >= n || data[p] != ' ' {
				return 0
			}
			p++
			g := p
			for p < n && isChar(data[p]) && p-g <= 4 {
				p++
			}
			gl := p - g
			if gl == 0 || gl > 4 || len(norm)+gl > r.length || (gl < 4 && len(norm)+gl != r.length) {
				return 0
			}
			norm = append(norm, data[g:p]...)
		}
		if p < n && (isAlnum(data[p]) || (data[p] == ' ' && p+1 < n && isDigit(data[p+1]))) {
			return 0
		}
		end = p
	default:
		return 0
	}
	if !checkIBANRef(norm) {
		return 0
	}
	if s.emit(r.targets, data, st, end, field) {
		return end
	}
	return 0
}

// TestTryIBANAsReference: at every pair of uppercase letters of text made
// of valid IBANs of every country, contiguous and printed, cut, joined and
// mutated, tryIBAN finds what the reference finds.
func TestTryIBANAsReference(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	a, b := e.NewScanner(), e.NewScanner()
	r := rand.New(rand.NewPCG(29, 30))
	var pieces []string
	for x := byte('A'); x <= 'Z'; x++ {
		for y := byte('A'); y <= 'Z'; y++ {
			if ibanBBANFormat(x, y) != "" {
				for seed := range 3 {
					iban := exampleIBAN(string([]byte{x, y}), seed)
					pieces = append(pieces, iban, groupIBAN(iban))
				}
			}
		}
	}
	pieces = append(pieces, " ", " ", "\x00", "-", "x", "Q", "7", "12", "ab", "é", "\n")
	found := 0
	for range 3000 {
		var data []byte
		for len(data) < 200 {
			p := pieces[r.IntN(len(pieces))]
			if r.IntN(4) == 0 && len(p) > 2 {
				p = p[:2+r.IntN(len(p)-2)]
			}
			data = append(data, p...)
			if r.IntN(4) != 0 {
				data = append(data, " \x00,;\n"[r.IntN(5)])
			}
		}
		for range 3 {
			k := r.IntN(len(data))
			data[k] = "0123456789ABCXYZ -x\x00"[r.IntN(20)]
		}
		for st := 0; st+2 < len(data); st++ {
			if !isUpper(data[st]) || !isUpper(data[st+1]) {
				continue
			}
			a.matches, b.matches = a.matches[:0], b.matches[:0]
			got, want := a.tryIBAN(data, st, FieldContext{}), b.tryIBANRef(data, st, FieldContext{})
			if got != want || !slices.Equal(a.matches, b.matches) {
				t.Fatalf("%q at %d: tryIBAN = %d %v, the reference %d %v", data, st, got, a.matches, want, b.matches)
			}
			if got > 0 {
				found++
			}
		}
	}
	if found < 1000 {
		t.Fatalf("only %d IBANs found: the test compares too few", found)
	}
}
