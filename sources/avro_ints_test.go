package sources

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hamba/avro/v2/ocf"
)

// avIntSchema has plain ints and longs flat, under an array, under a map
// and under a recursive record (one node, several templates), beside a
// decimal, a date, a timestamp and an enum, which the filter never sees.
const avIntSchema = `{"type":"record","name":"Row","fields":[
 {"name":"id","type":"long"},
 {"name":"small","type":"int"},
 {"name":"card","type":"long"},
 {"name":"neg","type":"long"},
 {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":18,"scale":2}},
 {"name":"born","type":{"type":"int","logicalType":"date"}},
 {"name":"seen","type":{"type":"long","logicalType":"timestamp-millis"}},
 {"name":"status","type":{"type":"enum","name":"Status","symbols":["OPEN","SHUT"]}},
 {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
   {"name":"sku","type":"long"},{"name":"qty","type":"int"}]}}},
 {"name":"totals","type":{"type":"map","values":"long"}},
 {"name":"note","type":"string"},
 {"name":"next","type":["null","Row"]}
]}`

type avIntItem struct {
	SKU int64 `avro:"sku"`
	Qty int32 `avro:"qty"`
}

type avIntRow struct {
	ID     int64            `avro:"id"`
	Small  int32            `avro:"small"`
	Card   int64            `avro:"card"`
	Neg    int64            `avro:"neg"`
	Amount *big.Rat         `avro:"amount"`
	Born   time.Time        `avro:"born"`
	Seen   time.Time        `avro:"seen"`
	Status string           `avro:"status"`
	Items  []avIntItem      `avro:"items"`
	Totals map[string]int64 `avro:"totals"`
	Note   string           `avro:"note"`
	Next   *avIntRow        `avro:"next"`
}

// avIntRows: a fifth of the cards and negatives have 16 digits, the
// others 9; the second item's SKU and a third of the "a" totals have 16
// digits; every fourth row nests a row whose card has 16 digits.
func avIntRows(n int) []avIntRow {
	born := time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)
	rows := make([]avIntRow, n)
	for i := range rows {
		r := &rows[i]
		*r = avIntRow{ID: int64(i), Small: int32(i % 100), Card: 100000000 + int64(i), Neg: -int64(i) - 100000000,
			Amount: big.NewRat(123456, 100), Born: born, Seen: born.Add(time.Duration(i) * time.Second), Status: "OPEN",
			Totals: map[string]int64{"a": 10000 + int64(i), "b": int64(i)}, Note: "order " + strconv.Itoa(i)}
		if i%5 == 0 {
			r.Card = 4111111111111111 + int64(i)
			r.Neg = -4111111111111111 - int64(i)
		}
		for c := range i % 3 {
			it := avIntItem{SKU: int64(i*10 + c), Qty: int32(c + 1)}
			if c == 1 {
				it.SKU = 5500000000000000 + int64(i)
			}
			r.Items = append(r.Items, it)
		}
		if i%3 == 0 {
			r.Totals["a"] = 6011000000000000 + int64(i)
		}
		if i%4 == 0 {
			r.Next = &avIntRow{ID: 1000 + int64(i), Card: 4222222222222222 + int64(i), Amount: big.NewRat(5, 1), Born: born, Seen: born,
				Status: "SHUT", Totals: map[string]int64{}, Note: "nested"}
		}
	}
	return rows
}

func writeAvIntRows(t testing.TB, rows []avIntRow) []byte {
	t.Helper()
	return encodeOCF(t, avIntSchema, rows, ocf.WithCodec(ocf.Deflate), ocf.WithBlockLength(7))
}

// avIntFields are the templates of plain integers in avIntRows' files.
var avIntFields = []string{"$.card", "$.id", "$.items[].qty", "$.items[].sku", "$.neg", "$.next.card", "$.next.id", "$.next.neg",
	"$.next.small", "$.small", "$.totals.a", "$.totals.b"}

// digitFilter keeps the integers of the digit counts in keep and counts
// the questions it is asked, by field.
func digitFilter(keep uint32) (func(string) uint32, map[string]int) {
	asked := map[string]int{}
	return func(field string) uint32 {
		asked[field]++
		return keep
	}, asked
}

// dropInts is all without the values of fields whose integers have a
// digit count outside keep: what a filtered decode must give.
func dropInts(all []located, fields []string, keep uint32) []located {
	var out []located
	for _, l := range all {
		digits := len(l.value)
		if l.value[0] == '-' {
			digits--
		}
		if slices.Contains(fields, l.field) && keep&(1<<digits) == 0 {
			continue
		}
		out = append(out, l)
	}
	return out
}

func byLocation(a, b located) int {
	if c := cmpString(a.field, b.field); c != 0 {
		return c
	}
	if a.index != b.index {
		return int(a.index - b.index)
	}
	if c := cmpString(a.path, b.path); c != 0 {
		return c
	}
	return cmpString(a.value, b.value)
}

// TestAvroIntegerFilter: with a filter keeping 16 digits, the plain ints
// and longs are exactly the 16-digit ones, each at its own record and
// path (flat, under an array, a map and a nested record); decimals and
// strings are all there, dates, times and enums still absent; the filter
// is asked once per template, however often the batches flush.
func TestAvroIntegerFilter(t *testing.T) {
	rows := avIntRows(300)
	data := writeAvIntRows(t, rows)
	all, err := collect(t, data, "x.avro", false)
	if err != nil {
		t.Fatal(err)
	}
	var want16 []located // the 16-digit integers, from the rows themselves
	for i, r := range rows {
		add := func(v int64, field, path string) {
			if d := len(strconv.FormatInt(v, 10)); d == 16 || (v < 0 && d == 17) {
				want16 = append(want16, located{value: strconv.FormatInt(v, 10), field: field, path: path, index: int64(i)})
			}
		}
		add(r.ID, "$.id", "$.id")
		add(int64(r.Small), "$.small", "$.small")
		add(r.Card, "$.card", "$.card")
		add(r.Neg, "$.neg", "$.neg")
		for c, it := range r.Items {
			add(it.SKU, "$.items[].sku", fmt.Sprintf("$.items[%d].sku", c))
			add(int64(it.Qty), "$.items[].qty", fmt.Sprintf("$.items[%d].qty", c))
		}
		for k, v := range r.Totals {
			add(v, "$.totals."+k, "$.totals."+k)
		}
		if r.Next != nil {
			add(r.Next.ID, "$.next.id", "$.next.id")
			add(r.Next.Card, "$.next.card", "$.next.card")
		}
	}
	if len(want16) != 60+60+100+100+75 {
		t.Fatalf("the rows hold %d 16-digit integers, want 395: the test data changed", len(want16))
	}
	slices.SortFunc(want16, byLocation)

	for _, tc := range []struct {
		name string
		lim  limits
	}{
		{"default limits", defaultLimits},
		// Batches of 8 values, and at most 4 groups each: every batch
		// flushes, the answers must outlive it.
		{"small batches", limits{readBuf: 4096, overlap: 16, batchBytes: 64, batchVals: 8, maxValue: 64, maxColumns: 8, maxDepth: 16, maxGroups: 64, releaseCap: 1 << 10, indexSpan: math.MaxUint32}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep := uint32(1 << 16)
			filter, asked := digitFilter(keep)
			got, err := decodeAvroLocated(t, data, &tc.lim, filter)
			if err != nil {
				t.Fatal(err)
			}
			if fields := slices.Sorted(maps.Keys(asked)); !slices.Equal(fields, avIntFields) {
				t.Errorf("filter asked for %v, want %v", fields, avIntFields)
			}
			for f, n := range asked {
				if n != 1 {
					t.Errorf("filter asked %d times for %s, want once", n, f)
				}
			}
			var ints, decimals, dates int
			for _, l := range got {
				switch {
				case slices.Contains(avIntFields, l.field):
					ints++
				case l.field == "$.amount" || l.field == "$.next.amount":
					decimals++
				case l.field == "$.born" || l.field == "$.seen" || l.field == "$.status":
					dates++
				}
			}
			var gotInts []located
			for _, l := range got {
				if slices.Contains(avIntFields, l.field) {
					gotInts = append(gotInts, l)
				}
			}
			slices.SortFunc(gotInts, byLocation)
			if !slices.Equal(gotInts, want16) {
				t.Errorf("got %d integers, want the %d of 16 digits\ngot  %v\nwant %v", len(gotInts), len(want16), gotInts, want16)
			}
			if decimals != 300+75 || dates != 0 {
				t.Errorf("%d decimals, %d dates, times or enums: want 375 and 0", decimals, dates)
			}
			// Everything else is as unfiltered (small batches change the
			// order of the chunks, not their values).
			if want := dropInts(all, avIntFields, keep); !sameLocated(got, want) {
				t.Errorf("filtered decode gives %d values, want the %d unfiltered ones minus the dropped integers", len(got), len(want))
			}
		})
	}
}

// TestAvroIntegerFilterKeepsAll: a filter that keeps every digit count
// changes nothing.
func TestAvroIntegerFilterKeepsAll(t *testing.T) {
	data := writeAvIntRows(t, avIntRows(60))
	all, err := collect(t, data, "x.avro", false)
	if err != nil {
		t.Fatal(err)
	}
	filter, _ := digitFilter(^uint32(0))
	got, err := collectWith(t, data, "x.avro", false, DecodeOptions{IntegerDigits: filter})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, all) {
		t.Errorf("a filter keeping everything gives %d values, unfiltered %d", len(got), len(all))
	}
}

// TestAvroIntegerFilterBound: past maxGroups templates in one object the
// filter is not asked again and the new templates' integers are kept, so
// that a map with endless keys neither grows the table nor loses a value.
func TestAvroIntegerFilterBound(t *testing.T) {
	data := writeAvIntRows(t, avIntRows(60))
	all, err := collect(t, data, "x.avro", false)
	if err != nil {
		t.Fatal(err)
	}
	lim := defaultLimits
	lim.maxGroups = 3
	filter, asked := digitFilter(1 << 16)
	got, err := decodeAvroLocated(t, data, &lim, filter)
	if err != nil {
		t.Fatal(err)
	}
	// The first three templates met: the first record's id, small, card.
	filtered := []string{"$.card", "$.id", "$.small"}
	if fields := slices.Sorted(maps.Keys(asked)); !slices.Equal(fields, filtered) {
		t.Errorf("filter asked for %v, want %v", fields, filtered)
	}
	if want := dropInts(all, filtered, 1<<16); !sameLocated(got, want) {
		t.Errorf("got %d values, want %d: the unfiltered ones without the short ids, smalls and cards", len(got), len(want))
	}
}

// sameLocated reports whether a and b hold the same values at the same
// places, in any order.
func sameLocated(a, b []located) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, byLocation)
	slices.SortFunc(b, byLocation)
	return slices.Equal(a, b)
}

// TestAvroIntegerFilterAllocs: the filter costs no allocation per value,
// only its table's entries, once per template and object.
func TestAvroIntegerFilterAllocs(t *testing.T) {
	rows := avIntRows(1000)
	var buf bytes.Buffer
	enc, err := ocf.NewEncoder(avIntSchema, &buf, ocf.WithBlockLength(100))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if err := enc.Encode(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	allocs := func(ints func(string) uint32) float64 {
		return testing.AllocsPerRun(10, func() {
			_, err := DecodeObjectWith(t.Context(), bytes.NewReader(data), Object{Key: "x.avro"}, DecodeOptions{IntegerDigits: ints}, func(*Chunk) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	plain, filtered := allocs(nil), allocs(keepCardDigits)
	if filtered > plain+float64(len(avIntFields))+4 {
		t.Errorf("%.0f allocations per object with the filter, %.0f without: more than its %d templates' entries", filtered, plain, len(avIntFields))
	}
}

// decodeAvroLocated decodes an Avro file with limits lim and integer
// filter ints, as collect does.
func decodeAvroLocated(t testing.TB, data []byte, lim *limits, ints func(string) uint32) ([]located, error) {
	t.Helper()
	in := &input{br: newBufReader(bytes.NewReader(data)), size: -1, arch: newArchiveState(DefaultArchiveLimits), ints: ints}
	var out []located
	var line int64
	err := decodeAvro(context.Background(), in, lim, func(ch *Chunk) error {
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("chunk contract: %v", err)
		}
		for i, s := range ch.Starts {
			end := len(ch.Data)
			if i+1 < len(ch.Starts) {
				end = int(ch.Starts[i+1]) - 1
			}
			out = append(out, located{value: string(ch.Data[s:end]), field: ch.Field, path: ch.Path(i), index: ch.Index(i)})
		}
		return nil
	})
	return out, err
}

type benchAvroIntRow struct {
	ID      int64  `avro:"id"`
	OrderID int64  `avro:"order_id"`
	Qty     int32  `avro:"qty"`
	Cents   int64  `avro:"amount_cents"`
	Card    int64  `avro:"card"`
	Email   string `avro:"email"`
}

const benchAvroIntSchema = `{"type":"record","name":"Order","fields":[
 {"name":"id","type":"long"},{"name":"order_id","type":"long"},{"name":"qty","type":"int"},
 {"name":"amount_cents","type":"long"},{"name":"card","type":"long"},{"name":"email","type":"string"}]}`

// keepCardDigits is what the default catalogue asks of most integer
// columns: 13 to 19 digits (card numbers).
func keepCardDigits(string) uint32 { return 1<<20 - 1<<13 }

// BenchmarkDecodeAvroIntegerDigits decodes an Avro file of ID, count and
// amount columns, a card-number column and a string column, with no
// integer filter and with one keeping 13-19 digits; SetBytes counts the
// values' text, about 4 MB.
func BenchmarkDecodeAvroIntegerDigits(b *testing.B) {
	var av bytes.Buffer
	enc, err := ocf.NewEncoder(benchAvroIntSchema, &av, ocf.WithCodec(ocf.Snappy), ocf.WithBlockLength(1000))
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for i := 0; size < 4<<20; i++ {
		r := benchAvroIntRow{ID: int64(i), OrderID: 7_000_000 + int64(i)*13, Qty: int32(1 + i%20), Cents: int64(i*7919) % 1_000_000,
			Card: 4000000000000000 + int64(i)*7919, Email: fmt.Sprintf("user%d@example.com", i)}
		size += int64(len(fmt.Sprint(r.ID, r.OrderID, r.Qty, r.Cents, r.Card)) - 4 + len(r.Email))
		if err := enc.Encode(&r); err != nil {
			b.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		b.Fatal(err)
	}
	data := av.Bytes()
	for _, tc := range []struct {
		name string
		opts DecodeOptions
	}{{"all", DecodeOptions{}}, {"13-19", DecodeOptions{IntegerDigits: keepCardDigits}}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			var values int
			emit := func(ch *Chunk) error { values += len(ch.Starts); return nil }
			start := cpuTime()
			for b.Loop() {
				if _, err := DecodeObjectWith(context.Background(), bytes.NewReader(data), Object{Key: "a.avro", Size: int64(len(data))}, tc.opts, emit); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start, int(size))
			b.ReportMetric(float64(values)/float64(b.N), "values/op")
		})
	}
}

// FuzzAvroIntegerFilter: on any input, a filtered decode gives the
// unfiltered values less some that sit at a template the filter was asked
// about and read as an integer of a digit count it does not keep (a
// union's string branch shares its template with a long, so such values
// may stay); the filter is asked once per template.
func FuzzAvroIntegerFilter(f *testing.F) {
	rows := avIntRows(20)
	for _, codec := range []ocf.CodecName{ocf.Null, ocf.Snappy} {
		var buf bytes.Buffer
		enc, err := ocf.NewEncoder(avIntSchema, &buf, ocf.WithCodec(codec), ocf.WithBlockLength(3))
		if err != nil {
			f.Fatal(err)
		}
		for i := range rows {
			if err := enc.Encode(&rows[i]); err != nil {
				f.Fatal(err)
			}
		}
		if err := enc.Close(); err != nil {
			f.Fatal(err)
		}
		data := buf.Bytes()
		f.Add(data, uint32(1<<16))
		f.Add(data[:len(data)*2/3], uint32(1<<1|1<<17))
	}
	f.Add(writeAvro(f, ocf.Null, avroRecords(12)), uint32(0))
	f.Fuzz(func(t *testing.T, data []byte, keep uint32) {
		for _, lim := range []*limits{&small, &defaultLimits} {
			all, errAll := decodeAvroLocated(t, data, lim, nil)
			filter, asked := digitFilter(keep)
			got, err := decodeAvroLocated(t, data, lim, filter)
			if (err == nil) != (errAll == nil) {
				t.Fatalf("filtered decode: %v, unfiltered: %v", err, errAll)
			}
			for field, n := range asked {
				if n != 1 {
					t.Fatalf("filter asked %d times for %q", n, field)
				}
			}
			left := map[located]int{}
			for _, l := range got {
				left[l]++
			}
			for _, l := range all {
				if left[l] > 0 {
					left[l]--
					continue
				}
				if _, ok := asked[l.field]; !ok {
					t.Fatalf("value at %s (record %d) dropped, at a template the filter was not asked about", l.path, l.index)
				}
				u, err := strconv.ParseInt(l.value, 10, 64)
				if err != nil || keep&(1<<decimalDigits(absInt64(u))) != 0 {
					t.Fatalf("value at %s (record %d) dropped, not an integer the filter rules out", l.path, l.index)
				}
			}
			for l, n := range left {
				if n > 0 {
					t.Fatalf("filtered decode has a value at %s (record %d) the unfiltered one has not", l.path, l.index)
				}
			}
		}
	})
}
