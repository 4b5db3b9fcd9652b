package detectors

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// wholeBufferShapesRef is the rule walk that indexShapes replaced: every
// rule not anchored that needs no keyword, or whose keyword the field has,
// or any with an explanation asked for.
func wholeBufferShapesRef(s *Scanner, field FieldContext) []int32 {
	var list []int32
	for i, r := range s.e.shapes {
		if r.anchored {
			continue
		}
		if !r.keywordFirst || s.explain != nil || field.has(r.targets[0].kw.bit) {
			list = append(list, int32(i))
		}
	}
	return list
}

// TestWholeBufferShapes: the indexed lists give the rules and the order of
// the walk over every rule, in fields with no keyword, each keyword set's
// bit alone, every bit, random sets of bits, real column names, and when
// explaining.
func TestWholeBufferShapes(t *testing.T) {
	e := mustCompile(t, Options{})
	s := e.NewScanner()
	var fields []FieldContext
	fields = append(fields, FieldContext{})
	var all FieldContext
	for b := range maxFieldBits {
		var f FieldContext
		f.bits[b>>6] |= 1 << (b & 63)
		all.bits[b>>6] |= 1 << (b & 63)
		fields = append(fields, f)
	}
	fields = append(fields, all)
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var f FieldContext
		for range 1 + r.IntN(6) {
			b := r.IntN(maxFieldBits)
			f.bits[b>>6] |= 1 << (b & 63)
		}
		fields = append(fields, f)
	}
	for _, name := range []string{"iban", "passport_number", "customer.ssn", "notes", "Führerschein", "tax id", "card_number"} {
		fields = append(fields, e.Field(name))
	}
	keywordFirst := 0
	for _, f := range fields {
		want := wholeBufferShapesRef(s, f)
		if got := s.wholeBufferShapes(f); !slices.Equal(got, want) {
			t.Fatalf("field %x: rules %v; the walk over every rule gives %v", f.bits, got, want)
		}
		keywordFirst = max(keywordFirst, len(want)-len(e.shapeFree))
	}
	if keywordFirst == 0 {
		t.Fatal("no field selected a keyword-first rule: the test proves nothing")
	}
	var explained []Explanation
	s.explain = &explained
	for _, f := range fields[:3] {
		if got, want := s.wholeBufferShapes(f), wholeBufferShapesRef(s, f); !slices.Equal(got, want) {
			t.Fatalf("explaining, field %x: rules %v; want %v", f.bits, got, want)
		}
	}
}
