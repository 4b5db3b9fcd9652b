package detectors

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// numClassesRef is numClassBits64 one byte at a time.
func numClassesRef(b *[64]byte) numClasses {
	var c numClasses
	for k, x := range b {
		bit := uint64(1) << k
		if isDigit(x) {
			c.digit |= bit
		}
		if isAlpha(x) {
			c.alpha |= bit
		}
		if isUpper(x) {
			c.upper |= bit
		}
		if x == ' ' || x == '-' {
			c.joiner |= bit
		}
		if x == '.' {
			c.dot |= bit
		}
	}
	return c
}

func TestNumClassBits64(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "0123456789 -.azAZ@[`{/:\x00\x7f\x80\xc3\xff"
	var b [64]byte
	for range 20000 {
		for k := range b {
			if r.IntN(4) == 0 {
				b[k] = byte(r.IntN(256))
			} else {
				b[k] = alphabet[r.IntN(len(alphabet))]
			}
		}
		want := numClassesRef(&b)
		if got := numClassBits64(&b); got != want {
			t.Fatalf("numClassBits64(%q) = %+v, want %+v", b, got, want)
		}
		if got := numClassBits64SWAR(&b); got != want {
			t.Fatalf("numClassBits64SWAR(%q) = %+v, want %+v", b, got, want)
		}
		// With the digits: classes only for windows that have any.
		if r.IntN(3) == 0 {
			for k := range b {
				if isDigit(b[k]) {
					b[k] = 'x'
				}
			}
			want = numClassesRef(&b)
		}
		for name, f := range map[string]func(*[64]byte, *numClasses) uint64{"digitClassBits64": digitClassBits64, "digitClassBits64SWAR": digitClassBits64SWAR} {
			sentinel := numClasses{digit: 1, alpha: 2, upper: 3, joiner: 4, dot: 5, attn: 6, quietTo: 7}
			got := sentinel
			d := f(&b, &got)
			if want.digit == 0 {
				want = sentinel // untouched
			} else {
				want.attn, want.quietTo = sentinel.attn, sentinel.quietTo
			}
			if d != numClassesRef(&b).digit || got != want {
				t.Fatalf("%s(%q) = %b, %+v; want %b, %+v", name, b, d, got, numClassesRef(&b).digit, want)
			}
			want = numClassesRef(&b)
		}
	}
}

// TestRunsOfAtLeast checks the doubling against a shift per length.
func TestRunsOfAtLeast(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 3000 {
		d := r.Uint64()
		switch r.IntN(3) {
		case 0:
			d |= r.Uint64() | r.Uint64() // long runs of ones
		case 1:
			d = ^uint64(0) << r.IntN(64) >> r.IntN(64)
		}
		for n := 1; n <= 64; n++ {
			want := d
			for k := 1; k < n; k++ {
				want &= d >> k
			}
			if got := runsOfAtLeast(d, n); got != want {
				t.Fatalf("runsOfAtLeast(%b, %d) = %b, want %b", d, n, got, want)
			}
		}
	}
}

// digitRunText writes text dense in the digit runs the numeric pass
// decides: dates, times, amounts, IPv4 addresses and near misses, IBANs,
// cards and SSNs in their grouped forms, hex and alphanumeric tokens,
// phone numbers, NUL-separated values.
func digitRunText(r *rand.Rand, n int) []byte {
	pieces := []string{
		"2024-01-15T12:30:45.123Z", "12:30", "1234.56", "0.5", "10.0.0.1", "192.168.1.254", "1.2.3", "1.2.3.4.5",
		"300.1.1.1", "123.45.67", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB82WEST12345698765432",
		"xDE89370400440532013000", "a1BC23", "ORD-2024-123456", "4111 1111 1111 1111", "4111-1111-1111-1111",
		"4111111111111111", "536-22-8726", "536 22 8726", "+1 555-123-4567", "3f2a9b81c0d4e5f6", "v2", "ab12cd34",
		"T1", "1-2-3-4-5-6-7-8-9-0", "x1BC12-4111-1111-1111-1111", "x1bc12-4111111111111111", "INV2024001", "ab1-2024-01-15", "12 34 56 78 90 12", "SSN", "card number", "iban", "\x00", "\n", ",", ":", " ", "-", ".",
		// UUIDs and amounts: runs after letters and dots no address has.
		"f3ea9ce7-4d09-4744-abbd-d1bd0884e952", "a1-2-3", "e7-4111-1111-1111-1111", "1484.68", "68.34", "1.22.333.4", "12.345.6.7", "1234.5.6.7", "1.2.",
	}
	var b []byte
	for len(b) < n {
		switch r.IntN(4) {
		case 0:
			for range 1 + r.IntN(20) {
				b = append(b, byte('0'+r.IntN(10)))
			}
		case 1:
			const seps = " -.:,\x00aZ"
			b = append(b, seps[r.IntN(len(seps))])
		default:
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
	}
	return b
}

// scanBoth scans data with and without quick runs and reports whether the
// matches differ.
func scanBoth(t *testing.T, e *Engine, data []byte, field FieldContext) {
	t.Helper()
	var got [2][]Match
	for i, quick := range []bool{true, false} {
		s := e.NewScanner()
		s.quickRuns = quick
		s.Scan(data, field, func(m Match) { got[i] = append(got[i], m) })
	}
	if !slices.Equal(got[0], got[1]) {
		t.Fatalf("quick runs changed the matches of %q:\nquick %v\nslow  %v", data, got[0], got[1])
	}
}

// TestQuickRunsSameMatches: deciding short runs from byte classes finds
// exactly what the byte-by-byte numeric pass finds, whatever the window
// alignment, for catalogues with and without numeric shapes.
func TestQuickRunsSameMatches(t *testing.T) {
	engines := map[string]Options{
		"default": {}, "all": {Managed: allIDs()},
		"ip only": {Managed: []string{"IP_ADDRESS"}}, "iban only": {Managed: []string{"GERMANY_BANK_ACCOUNT_NUMBER", "UK_BANK_ACCOUNT_NUMBER"}},
		"ssn only": {Managed: []string{"USA_SOCIAL_SECURITY_NUMBER"}},
	}
	r := rand.New(rand.NewPCG(7, 8))
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	for name, opts := range engines {
		e, err := Compile(opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fields := []FieldContext{{}, e.Field("ssn"), e.Field("iban")}
		for range rounds {
			data := digitRunText(r, 64+r.IntN(2000))
			scanBoth(t, e, data, fields[r.IntN(len(fields))])
		}
	}
	// The bench corpus, whole.
	e, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	scanBoth(t, e, benchCorpus()[:1<<20], FieldContext{})
}

func FuzzQuickRuns(f *testing.F) {
	for _, s := range []string{
		"2024-01-15T12:30:45.123Z 1234.56 10.0.0.1 DE89 3704 0044 0532 0130 00 a1BC23 4111 1111 1111 1111",
		"536-22-8726\x00123.45.67\x00192.168.1.254\x00xDE89370400440532013000",
		string(bytes.Repeat([]byte("12-"), 40)),
		"x1BC12-4111-1111-1111-1111 12.34.56.78 a1 1.2.3.4 2024-01-15T12:30:45.123Z 4111 1111 1111 1111 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"ORD-2024-825818\x00ORD-2019-321466\x002024-123456789\x001234-5678901234567\x0012345-6789 12-34-5678901\x00536-22-8726",
		// Short joined tokens the plan passes whole, one ending at an
		// IPv4 address's dot, one across the window's quiet end.
		"2024-01-15,2024-01-16 1-2.3.4.5 12-34.56.7.8 555-123-4567 ab2024-01-15 1 2 3 4 5 6 7 8 9 0 2024-01-17T10:00:00Z2024-01-18",
		// Long tokens the filter drops or keeps: too few groups, groups
		// of contiguous lengths or not, a dot at the end.
		"5551234567 1234567890123 555-1234567 123456789-1 4111111111111111-1 12345678901234567890 2024-825818.1.2.3 1234567890.5",
		"f3ea9ce7-4d09-4744-abbd-d1bd0884e952\x0052ee43f8-5737-439b-9c03-b15768f48c91\x001484.68\x0068.34\x0010.1.22.33\x001.22.333.4\x00e7-4111-1111-1111-1111",
	} {
		f.Add([]byte(s))
	}
	e, err := Compile(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		scanBoth(t, e, data, FieldContext{})
	})
}

// scanTokenFilter scans data with and without numericToken's token filter
// and fails t if the matches differ.
func scanTokenFilter(t *testing.T, e *Engine, data []byte, field FieldContext) {
	t.Helper()
	var got [2][]Match
	for i, filter := range []bool{true, false} {
		s := e.NewScanner()
		s.tokenFilter = filter
		s.Scan(data, field, func(m Match) { got[i] = append(got[i], m) })
	}
	if !slices.Equal(got[0], got[1]) {
		t.Fatalf("the token filter changed the matches of %q:\nfiltered %v\nunfiltered %v", data, got[0], got[1])
	}
}

// TestTokenFilterSameMatches: dropping tokens that no numeric form fits
// loses no match, for catalogues with few and many numeric shapes, on
// text dense in digit groups of every length and joiner.
func TestTokenFilterSameMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	groups := func() []byte {
		var b []byte
		for range 1 + r.IntN(5) {
			if len(b) > 0 {
				b = append(b, " -"[r.IntN(2)])
			}
			for range 1 + r.IntN(20) {
				b = append(b, byte('0'+r.IntN(10)))
			}
		}
		return b
	}
	rounds := 200
	if testing.Short() {
		rounds = 40
	}
	for _, opts := range []Options{{}, {Managed: allIDs()}, {Managed: []string{"USA_SOCIAL_SECURITY_NUMBER"}}, {Managed: []string{"CREDIT_CARD_NUMBER"}}} {
		e := mustCompile(t, opts)
		fields := []FieldContext{{}, e.Field("ssn"), e.Field("card number")}
		for range rounds {
			data := digitRunText(r, 64+r.IntN(1000))
			for range 20 {
				k := r.IntN(len(data))
				data = append(data[:k], append(append([]byte{" ,x\x00"[r.IntN(4)]}, groups()...), data[k:]...)...)
			}
			scanTokenFilter(t, e, data, fields[r.IntN(len(fields))])
		}
	}
}

func FuzzTokenFilter(f *testing.F) {
	for _, s := range []string{
		"ORD-2024-825818 4111 1111 1111 1111 536-22-8726 536 22 8726 4111111111111111 123456789",
		"1-2-3-4-5-6-7-8-9-0 12345 6789012 3456 4111-1111-1111-1111-111 371449635398431",
		"x123456789 123456789x 1234567890123 4111 1111 1111 1111\x00536228726",
	} {
		f.Add([]byte(s))
	}
	e, err := Compile(Options{Managed: allIDs()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		scanTokenFilter(t, e, data, FieldContext{})
		scanTokenFilter(t, e, data, e.Field("card number ssn"))
	})
}

// TestQuickRunsDropTokens: the tokens numericToken's filter drops, decided
// from byte classes (decide), at every alignment to the 64-byte windows
// and next to tokens that must be kept (grouped forms, contiguous lengths,
// enough groups), with the filter on and off.
func TestQuickRunsDropTokens(t *testing.T) {
	tokens := []string{
		"ORD-2024-825818", "2024-825818", "12345-6789", "1234-56789", "123456789-1", "1-234567890",
		"4111-1111-1111-1111", "536-22-8726", "536 22 8726", "1234-5678901234567", "12345678901234567-1",
		"123-456-789", "12 345 6789", "1234567890123", "123456789", "12-34-56-78-90",
		// Tokens plan drops whole, and tokens that end where an address
		// or an IBAN's value would go on.
		"2021-06-29T14:29:41Z", "2021-06-29", "1-2 3-4", "12-192.168.1.1", "1-2.3.4.5", "10.1.2.3-4-5",
		"DE89370400440532013000-12-34", "DE89 3704 0044 0532 0130 00-1-2",
	}
	for _, opts := range []Options{{}, {Managed: allIDs()}, {Managed: []string{"USA_SOCIAL_SECURITY_NUMBER"}}} {
		e := mustCompile(t, opts)
		fields := []FieldContext{{}, e.Field("ssn"), e.Field("card number"), e.Field("bank account ssn passport tax id")}
		for _, tok := range tokens {
			var b []byte
			for k := range 70 {
				b = append(b, tokens[k%len(tokens)]...)
				b = append(b, "\x00 ,"[k%3])
				b = append(b, tok...)
				b = append(b, "\x00-a "[k%4])
			}
			for off := range 64 {
				data := append(bytes.Repeat([]byte{'x'}, off), b...)
				data[0] = ' '
				for _, field := range fields {
					scanBoth(t, e, data, field)
					scanTokenFilter(t, e, data, field)
				}
			}
		}
	}
}

// TestQuickRunsBufferEnds: a window moved to a run near the buffer's end
// is the buffer's last 64 bytes, wherever the run is in it; every prefix
// of text dense in digit runs puts runs and tokens at each such place.
func TestQuickRunsBufferEnds(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	rounds := 20
	if testing.Short() {
		rounds = 4
	}
	for _, opts := range []Options{{}, {Managed: allIDs()}} {
		e := mustCompile(t, opts)
		for range rounds {
			data := digitRunText(r, 200+r.IntN(200))
			for n := 60; n <= len(data); n++ {
				scanBoth(t, e, data[:n], FieldContext{})
			}
		}
	}
}

// TestQuickRunsLongTokens: alphanumeric tokens that cross a window's edge
// (hex digests, UUIDs, tokens longer than one or two windows, uppercase
// ones with an IBAN's country and check digits inside, timestamps) are
// skipped in the next window as scanNumeric skips them, and the windows
// after them (some without digits) are moved to as scanNumeric moves to
// them, at every alignment and next to values that are kept.
func TestQuickRunsLongTokens(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	hex := func(n int, digits string) string {
		b := make([]byte, n)
		for k := range b {
			b[k] = digits[r.IntN(len(digits))]
		}
		return string(b)
	}
	var tokens []string
	for range 6 {
		tokens = append(tokens, hex(64, "0123456789abcdef"), hex(40, "0123456789ABCDEF"),
			hex(8, "0123456789abcdef")+"-"+hex(4, "0123456789abcdef")+"-4"+hex(3, "0123456789abcdef")+"-"+hex(12, "0123456789abcdef"),
			hex(70+r.IntN(100), "0123456789abcdefxyzDEGB"), "x"+hex(20, "0123456789")+"DE89370400440532013000",
			"a1"+hex(30, "ab")+"GB82WEST12345698765432", "2021-06-29T14:29:41Z", "536-22-8726", "4111 1111 1111 1111",
			"192.168.1.254", "DE89 3704 0044 0532 0130 00", "a1"+hex(130, "bc")+"DE89370400440532013000",
			// Prose without digits for a window or more.
			hex(60+r.IntN(140), "the courier shipped a refund "))
	}
	for _, opts := range []Options{{}, {Managed: allIDs()}, {Managed: []string{"GERMANY_BANK_ACCOUNT_NUMBER", "UK_BANK_ACCOUNT_NUMBER"}}} {
		e := mustCompile(t, opts)
		var b []byte
		for k := range 80 {
			b = append(b, tokens[r.IntN(len(tokens))]...)
			b = append(b, "\x00 ,\n"[k%4])
		}
		for off := range 64 {
			data := append(bytes.Repeat([]byte{' '}, off), b...)
			for _, field := range []FieldContext{{}, e.Field("iban"), e.Field("card number ssn")} {
				scanBoth(t, e, data, field)
			}
		}
	}
}

// TestQuickRunsAfterProse: values after prose without digits for one
// window or more, at every place in a window, are found as the
// byte-by-byte pass finds them (quickSkip moves on from such windows
// itself).
func TestQuickRunsAfterProse(t *testing.T) {
	e := mustCompile(t, Options{})
	values := []string{"192.168.1.254", "4111 1111 1111 1111", "536-22-8726", "DE89 3704 0044 0532 0130 00", "x1BC23 10.0.0.1"}
	field := e.Field("card number ssn iban")
	prose := bytes.Repeat([]byte("the courier shipped a refund, "), 10)
	for _, v := range values {
		for n := 50; n <= 200; n++ {
			data := append(append(append(append(append(append([]byte("12.5 "), prose[:n]...), ' '), v...), ' '), prose[:90]...), " 7"...)
			for off := range 64 {
				scanBoth(t, e, append(bytes.Repeat([]byte{' '}, off), data...), field)
			}
		}
	}
}
