package detectors

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// integerBuffer writes count random integers of n digits (a third of them
// negative) as NUL-separated values, the way a columnar decoder hands a
// typed column to Scan. For n ≤ 3 it writes every such integer instead.
func integerBuffer(r *rand.Rand, n, count int) []byte {
	var b []byte
	add := func(v uint64, neg bool) {
		if len(b) > 0 {
			b = append(b, 0)
		}
		if neg {
			b = append(b, '-')
		}
		b = strconv.AppendUint(b, v, 10)
	}
	if n <= 3 {
		lo, hi := uint64(1), uint64(10)
		for range n - 1 {
			lo, hi = lo*10, hi*10
		}
		if n == 1 {
			lo = 0
		}
		for v := lo; v < hi; v++ {
			add(v, v%3 == 0)
		}
		return b
	}
	for range count {
		if len(b) > 0 {
			b = append(b, 0)
		}
		if r.IntN(3) == 0 {
			b = append(b, '-')
		}
		b = append(b, byte('1'+r.IntN(9)))
		for range n - 1 {
			b = append(b, byte('0'+r.IntN(10)))
		}
	}
	return b
}

// TestIntegerDigitsSound scans random integers of every length, under
// field names that carry each keyword of the whole catalogue, and checks
// that every length that produced a match is one IntegerDigits keeps: a
// decoder that leaves the other lengths out loses nothing.
func TestIntegerDigitsSound(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	fields := []string{"", "$.id", "card_number", "$.customer.ssn", "amount_cents", "phone", "dob", "date of birth", "account"}
	for _, ks := range e.fieldSets {
		for _, w := range ks.words {
			fields = append(fields, "$."+w)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	s := e.NewScanner()
	count := 1000
	if testing.Short() {
		count = 200
	}
	bufs := make([][]byte, MaxIntegerDigits+1)
	for n := 1; n <= MaxIntegerDigits; n++ {
		bufs[n] = integerBuffer(r, n, count)
	}
	checked := 0
	for _, name := range fields {
		fc := e.Field(name)
		mask := e.IntegerDigits(fc)
		for n := 1; n <= MaxIntegerDigits; n++ {
			if mask&(1<<n) != 0 {
				continue
			}
			checked++
			var first *Match
			s.Scan(bufs[n], fc, func(m Match) {
				if first == nil {
					first = &m
				}
			})
			if first != nil {
				t.Errorf("field %q: IntegerDigits leaves out %d-digit integers, but %s matched %q",
					name, n, e.ids[first.Identifier].ID, bufs[n][first.Start:first.End])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no length was ever left out: the test checks nothing")
	}
}

func TestIntegerDigits(t *testing.T) {
	e, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	lengths := func(mask uint32) []int {
		var ls []int
		for n := 1; n <= MaxIntegerDigits; n++ {
			if mask&(1<<n) != 0 {
				ls = append(ls, n)
			}
		}
		return ls
	}
	card := []int{13, 14, 15, 16, 17, 18, 19}
	for _, tc := range []struct {
		field string
		want  []int // nil: not checked exactly
		has   []int
		lacks []int
	}{
		// No keyword: only the card numbers that need none.
		{field: "", want: card},
		{field: "$.id", want: card},
		{field: "amount_cents", want: card},
		{field: "$.ssn", has: append([]int{9}, card...), lacks: []int{1, 2, 3, 4, 5}},
		{field: "npi", has: []int{10}},
	} {
		got := e.IntegerDigits(e.Field(tc.field))
		if tc.want != nil && !slices.Equal(lengths(got), tc.want) {
			t.Errorf("field %q: lengths %v, want %v", tc.field, lengths(got), tc.want)
		}
		for _, n := range tc.has {
			if got&(1<<n) == 0 {
				t.Errorf("field %q: %d-digit integers left out (%v)", tc.field, n, lengths(got))
			}
		}
		for _, n := range tc.lacks {
			if got&(1<<n) != 0 {
				t.Errorf("field %q: %d-digit integers kept (%v)", tc.field, n, lengths(got))
			}
		}
	}

	// A custom identifier's regex could match anything.
	ec, err := Compile(Options{Custom: []CustomDataIdentifier{{Name: "emp", Regex: `EMP[0-9]{4}`}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ec.IntegerDigits(FieldContext{}); got != 1<<(MaxIntegerDigits+1)-2 {
		t.Errorf("with a custom identifier: lengths %v, want all", lengths(got))
	}
}

func TestPatternIntegerDigits(t *testing.T) {
	for _, tc := range []struct {
		pat    string
		lo, hi int
		ok     bool
	}{
		{"9{9}", 9, 9, true},
		{"999-99-9999", 0, 0, false},
		{"-?9{3}", 0, 0, false}, // '?' is a literal
		{"-9{4}", 4, 4, true},
		{"9{2}-9{2}", 0, 0, false},
		{"A9{8}", 0, 0, false},
		{"X{8,10}", 8, 10, true},
		{"k{5}", 4, 5, true},
		{"\\-9{4}", 4, 4, true},
		{"3\\.9", 0, 0, false},
		{"19{2}", 3, 3, true},
	} {
		p, err := compilePattern(tc.pat)
		if err != nil {
			t.Fatalf("%q: %v", tc.pat, err)
		}
		lo, hi, ok := p.integerDigits()
		if ok != tc.ok || (ok && (lo != tc.lo || hi != tc.hi)) {
			t.Errorf("%q: integerDigits() = %d, %d, %v; want %d, %d, %v", tc.pat, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}
