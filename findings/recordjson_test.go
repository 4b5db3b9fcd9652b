package findings

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// plainRecord is Record without its MarshalJSON, so that encoding/json
// encodes it by reflection: the reference AppendJSON must match.
type plainRecord Record

// reflectJSON returns what encoding/json writes for r by reflection: with
// escapeHTML as json.Marshal does, without as the JSON Lines sink's Encoder
// did (less the newline).
func reflectJSON(t testing.TB, r *Record, escapeHTML bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode((*plainRecord)(r)); err != nil {
		t.Fatalf("reference encoding: %v", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// checkRecordJSON checks every way a record is encoded against encoding/json
// by reflection: AppendJSON in both modes (also after existing bytes),
// json.Marshal and an Encoder without HTML escaping (through MarshalJSON),
// and the JSON Lines sink.
func checkRecordJSON(t testing.TB, r *Record) {
	t.Helper()
	for _, html := range []bool{true, false} {
		want := reflectJSON(t, r, html)
		if got := r.AppendJSON(nil, html); !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON(escapeHTML=%v) differs from encoding/json:\n got  %q\n want %q\n at byte %d", html, got, want, firstDiff(got, want))
		}
		prefix := []byte("prefix\x00")
		if got := r.AppendJSON(prefix, html); !bytes.Equal(got[:len(prefix)], []byte("prefix\x00")) || !bytes.Equal(got[len(prefix):], want) {
			t.Fatalf("AppendJSON(escapeHTML=%v) after a prefix: %q", html, got)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(html)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if got := buf.Bytes(); !bytes.Equal(got, append(want, '\n')) {
			t.Fatalf("Encoder(escapeHTML=%v) through MarshalJSON differs:\n got  %q\n want %q", html, got, want)
		}
		if html {
			got, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("json.Marshal through MarshalJSON differs:\n got  %q\n want %q", got, want)
			}
		}
	}
	var buf bytes.Buffer
	s := NewJSONLines(&buf)
	if err := s.Write(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if want := append(reflectJSON(t, r, false), '\n'); !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("JSON Lines sink differs:\n got  %q\n want %q", buf.Bytes(), want)
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// nastyStrings are pieces that encoding/json treats specially, or that an
// appender might get wrong.
var nastyStrings = []string{
	"", "a", "EMAIL_ADDRESS", "$.customers[0].ssn", `"`, `\`, `\"`, "\\u0000",
	"\x00", "\x01", "\x07", "\b", "\t", "\n", "\v", "\f", "\r", "\x1b", "\x1f", " ", "\x7f",
	"<", ">", "&", "</script>", "a&b<c>d",
	"\u2028", "\u2029", "\u2027", "\u202a", "x\u2028y", "\xe2\x80", "\xe2\x80\xa8\xe2",
	"\xff", "\xfe", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x9f\x98",
	"\ufffd", "é", "日本語", "😀", "👩‍👩‍👧", "\U0010ffff", "\u00a0", "\ufeff",
}

// randomString joins a few nasty pieces and, sometimes, random bytes.
func randomString(rng *rand.Rand, pool []string) string {
	if rng.IntN(4) == 0 {
		return ""
	}
	var b strings.Builder
	for range rng.IntN(5) + 1 {
		if rng.IntN(6) == 0 {
			for range rng.IntN(8) {
				b.WriteByte(byte(rng.UintN(256)))
			}
			continue
		}
		b.WriteString(pool[rng.IntN(len(pool))])
	}
	return b.String()
}

var timestampType = reflect.TypeFor[Timestamp]()

// fillRandom sets v, and everything under it, to random values: strings from
// pool, integers including 0 and the extremes, pointers and slices nil,
// empty or filled, structs sometimes left zero. It walks the types by
// reflection, so a field added to Record is filled (and checked) without
// this test knowing of it.
func fillRandom(rng *rand.Rand, v reflect.Value, pool []string, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomString(rng, pool))
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int16, reflect.Int8:
		switch rng.IntN(8) {
		case 0, 1:
			v.SetInt(0)
		case 2:
			v.SetInt(-1)
		case 3:
			v.SetInt(math.MaxInt64 >> (64 - v.Type().Bits()))
		case 4:
			v.SetInt(math.MinInt64 >> (64 - v.Type().Bits()))
		default:
			v.SetInt(int64(rng.IntN(8)))
			if rng.IntN(2) == 0 {
				v.SetInt(rng.Int64N(1<<40) - 1<<39)
			}
		}
	case reflect.Uint, reflect.Uint64, reflect.Uint32, reflect.Uint16, reflect.Uint8:
		v.SetUint(rng.Uint64() >> (64 - v.Type().Bits()))
	case reflect.Float64, reflect.Float32:
		v.SetFloat(rng.NormFloat64() * 1e6)
	case reflect.Pointer:
		if depth > 12 || rng.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		fillRandom(rng, p.Elem(), pool, depth+1)
		v.Set(p)
	case reflect.Slice:
		switch rng.IntN(4) {
		case 0:
			v.SetZero()
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, rng.IntN(2)))
		default:
			n := rng.IntN(4) + 1
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fillRandom(rng, s.Index(i), pool, depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		v.SetZero()
	case reflect.Struct:
		if v.Type() == timestampType {
			v.Set(reflect.ValueOf(randomTimestamp(rng)))
			return
		}
		if depth > 0 && rng.IntN(6) == 0 {
			v.SetZero()
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillRandom(rng, v.Field(i), pool, depth+1)
			}
		}
	}
}

func randomTimestamp(rng *rand.Rand) Timestamp {
	zones := []*time.Location{time.UTC, time.Local, time.FixedZone("CEST", 2*3600), time.FixedZone("X", -(9*3600 + 30*60 + 17))}
	loc := zones[rng.IntN(len(zones))]
	switch rng.IntN(6) {
	case 0:
		return Timestamp{}
	case 1:
		return TimestampOf(time.Time{}.In(loc)) // zero instant, other zone
	case 2:
		// Years outside 0000-9999, which time.Time's MarshalJSON refuses
		// but Timestamp writes.
		years := []int{-1, 0, 1, 9999, 10000, 123456}
		return TimestampOf(time.Date(years[rng.IntN(len(years))], time.Month(rng.IntN(12)+1), rng.IntN(28)+1, rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), loc))
	}
	return TimestampOf(time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(loc))
}

func randomRecord(rng *rand.Rand, pool []string) *Record {
	r := new(Record)
	fillRandom(rng, reflect.ValueOf(r).Elem(), pool, 0)
	return r
}

// aggregatedRecords builds records the way the scanner does, with every
// occurrence kind, custom identifiers, archived files and bucket details, and
// strings from pool where the scanner passes through what it read (paths,
// column names, keys).
func aggregatedRecords(rng *rand.Rand, pool []string) []*Record {
	a := newTestAggregator(1 + rng.IntN(6))
	members := []*EmbeddedFileDetails{
		{FilePath: randomString(rng, pool) + "/x.csv", FileSize: rng.Int64N(1 << 20), FileLastModified: randomTimestamp(rng)},
		{FilePath: randomString(rng, pool), FileExtension: randomString(rng, pool), FileSize: 7},
	}
	types := []struct {
		typ, category string
		custom        bool
	}{
		{"EMAIL_ADDRESS", CategoryPersonal, false},
		{"CREDIT_CARD_NUMBER", CategoryFinancial, false},
		{"AWS_CREDENTIALS", CategoryCredentials, false},
		{"USA_SOCIAL_SECURITY_NUMBER", CategoryPersonal, false},
		{"EMPLOYEE_ID", "", true},
		{randomString(rng, pool), randomString(rng, pool), false},
		{randomString(rng, pool), "", true},
	}
	a.Reset()
	for range rng.IntN(40) {
		tt := types[rng.IntN(len(types))]
		n := rng.Int64N(1000)
		var occ Occurrence
		switch rng.IntN(6) {
		case 0:
			occ = LineOccurrence(n, n+rng.Int64N(3), rng.Int64N(80))
		case 1:
			occ = OffsetOccurrence(n, n+rng.Int64N(30), 0)
		case 2:
			occ = CellOccurrence(n, rng.Int64N(9), randomString(rng, pool))
			occ.Cell.CellReference = randomString(rng, pool)
		case 3:
			occ = RecordOccurrence(n, randomString(rng, pool))
		case 4:
			var lr Range
			if rng.IntN(2) == 0 {
				lr = Range{Start: n, End: n, StartColumn: 1}
			}
			occ = PageOccurrence(rng.Int64N(3), lr)
			if rng.IntN(2) == 0 {
				occ.Page.OffsetRange = Range{Start: n, End: n + 4}
			}
		default:
			occ = Occurrence{}
		}
		if rng.IntN(4) == 0 {
			occ = occ.In(members[rng.IntN(len(members))])
		}
		a.Add(tt.typ, tt.category, tt.custom, occ)
	}
	obj := ObjectInfo{
		Key: randomString(rng, pool), Path: randomString(rng, pool), Size: rng.Int64N(1 << 30),
		LastModified: randomTimestamp(rng).Time, ETag: randomString(rng, pool), StorageClass: randomString(rng, pool),
		VersionID: randomString(rng, pool), EncryptionType: randomString(rng, pool), KMSKeyID: randomString(rng, pool),
	}
	if rng.IntN(2) == 0 {
		obj.Bucket = randomString(rng, pool)
		if rng.IntN(2) == 0 {
			obj.BucketDetails = new(S3Bucket)
			fillRandom(rng, reflect.ValueOf(obj.BucketDetails).Elem(), pool, 1)
		}
	}
	job := JobInfo{
		JobID: randomString(rng, pool), JobArn: randomString(rng, pool), AccountID: randomString(rng, pool),
		Region: randomString(rng, pool), Partition: randomString(rng, pool), OriginType: randomString(rng, pool),
		DetailedResultsLocation: randomString(rng, pool),
		CustomIdentifierArns:    map[string]string{"EMPLOYEE_ID": randomString(rng, pool), types[6].typ: randomString(rng, pool)},
	}
	sev := testSeverity
	if rng.IntN(3) == 0 {
		sev = nil
	}
	status := Status{Code: StatusComplete}
	if rng.IntN(3) == 0 {
		status = Status{Code: randomString(rng, pool), Reason: randomString(rng, pool)}
	}
	r := a.Build(obj, status, rng.Int64N(1<<20), randomString(rng, pool), job, sev)
	return append([]*Record{r}, a.BuildEmbedded(obj, job, sev)...)
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	t.Run("nil", func(t *testing.T) {
		var r *Record
		if got := r.AppendJSON([]byte("x"), true); string(got) != "xnull" {
			t.Errorf("nil record: %q", got)
		}
		if got, _ := json.Marshal(r); string(got) != "null" {
			t.Errorf("json.Marshal(nil record): %q", got)
		}
	})
	t.Run("samples", func(t *testing.T) {
		for _, r := range sampleRecords() {
			checkRecordJSON(t, r)
		}
		checkRecordJSON(t, &Record{})
	})
	t.Run("severities", func(t *testing.T) {
		for _, s := range []Severity{-2, -1, SeverityNone, SeverityLow, SeverityMedium, SeverityHigh, 4, 100} {
			r := sampleRecords()[0]
			r.Severity = s
			checkRecordJSON(t, r)
		}
	})
	t.Run("strings", func(t *testing.T) {
		// Every nasty piece alone, in every string the record holds.
		for _, s := range nastyStrings {
			r := randomRecord(rand.New(rand.NewPCG(1, 2)), []string{s})
			checkRecordJSON(t, r)
		}
		for b := range 256 {
			r := randomRecord(rand.New(rand.NewPCG(uint64(b), 3)), []string{string([]byte{byte(b)}), "a" + string([]byte{byte(b)}) + "z"})
			checkRecordJSON(t, r)
		}
	})
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(20261123, 1))
		for range 3000 {
			checkRecordJSON(t, randomRecord(rng, nastyStrings))
		}
	})
	t.Run("aggregated", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(20261123, 2))
		for range 500 {
			for _, r := range aggregatedRecords(rng, nastyStrings) {
				checkRecordJSON(t, r)
			}
		}
	})
}

// TestJSONLinesMatchesEncoder checks a stream of records through the sink,
// buffer boundaries and all, against encoding/json's Encoder.
func TestJSONLinesMatchesEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var got, want bytes.Buffer
	s := NewJSONLines(&got)
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	for range 300 {
		for _, r := range aggregatedRecords(rng, nastyStrings) {
			if err := s.Write(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if err := enc.Encode((*plainRecord)(r)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		i := firstDiff(got.Bytes(), want.Bytes())
		t.Fatalf("sink output differs from encoding/json at byte %d of %d", i, want.Len())
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range append(nastyStrings, strings.Join(nastyStrings, ""), "plain ascii only") {
		checkAppendJSONString(t, s)
	}
}

// checkAppendJSONString fails t unless appendJSONString encodes s as
// encoding/json does, with and without HTML escaping.
func checkAppendJSONString(t *testing.T, s string) {
	t.Helper()
	for _, html := range []bool{true, false} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(html)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s, html); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("appendJSONString(%q, %v) = %s, want %s", s, html, got, want.Bytes())
		}
	}
}

// FuzzRecordJSONStrings fills every field of a record (by reflection, as
// TestAppendJSONMatchesEncodingJSON does) with the fuzzed strings and checks
// each encoding of it against encoding/json.
func FuzzRecordJSONStrings(f *testing.F) {
	f.Add("", "", uint64(0))
	f.Add(`a"b\c`, "<&>", uint64(1))
	f.Add("\x00\x1f\x7f", "\u2028\u2029", uint64(2))
	f.Add("\xff\xe2\x80", "😀é日本", uint64(3))
	f.Add("$.customers[0].ssn", "\xed\xa0\x80\xc0\xaf", uint64(4))
	f.Fuzz(func(t *testing.T, s1, s2 string, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, seed>>32))
		pool := []string{s1, s2, s1 + s2}
		checkRecordJSON(t, randomRecord(rng, pool))
		for _, r := range aggregatedRecords(rng, pool) {
			checkRecordJSON(t, r)
		}
	})
}

// BenchmarkAppendJSON measures AppendJSON alone on the record
// BenchmarkJSONLinesWrite writes, against encoding/json by reflection.
func BenchmarkAppendJSON(b *testing.B) {
	a := NewAggregator(DefaultMaxOccurrences)
	for i := range 200 {
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(int64(i+2), 3, "email"))
	}
	r := a.Build(ObjectInfo{Bucket: "acme-data", Key: "exports/customers.csv"}, Status{Code: StatusComplete}, 1<<20, "text/csv", JobInfo{JobID: "j"}, testSeverity)
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			buf = r.AppendJSON(buf[:0], false)
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("reflection", func(b *testing.B) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode((*plainRecord)(r)); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
}

// TestAppendTimestamp checks the hand-written timestamp against the
// layout it replaces, on edge and random times in and out of its years.
func TestAppendTimestamp(t *testing.T) {
	times := []time.Time{
		{},
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 23, 17, 13, 51, 548_999_999, time.FixedZone("x", -5*3600-30*60)),
		time.Date(1970, 1, 1, 0, 0, 0, 1_000_000, time.Local),
		time.Now(),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		times = append(times, time.Unix(rng.Int64N(500_000_000_000)-200_000_000_000, rng.Int64N(1e9)))
	}
	for _, tm := range times {
		want := tm.UTC().AppendFormat(nil, timeLayout)
		if got := appendTimestamp(nil, tm); string(got) != string(want) {
			t.Fatalf("appendTimestamp(%v) = %s, want %s", tm, got, want)
		}
	}
}

// TestAppendJSONStringWords puts each byte that needs a look at every
// position of strings around the eight-byte word size, and random mixes,
// so that the word-at-a-time skip is checked against encoding/json
// wherever the byte falls in a word.
func TestAppendJSONStringWords(t *testing.T) {
	check := func(s string) { t.Helper(); checkAppendJSONString(t, s) }
	var special []string
	for b := range 0x20 {
		special = append(special, string(rune(b)))
	}
	special = append(special, `"`, `\`, "<", ">", "&", "\x7f", "\x80", "\xff", "é", "\u2028", "\u2029", "😀", "\xe2\x80")
	for n := range 26 {
		for i := 0; i <= n; i++ {
			for _, sp := range special {
				check(strings.Repeat("a", i) + sp + strings.Repeat("z", n-i))
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	alphabet := append([]string{"a", "Z", "/", ".", " ", "0", "~", "!"}, special...)
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(40) {
			if rng.IntN(8) == 0 {
				sb.WriteString(alphabet[rng.IntN(len(alphabet))])
			} else {
				sb.WriteByte(byte(0x20 + rng.IntN(0x5f)))
			}
		}
		check(sb.String())
	}
}
