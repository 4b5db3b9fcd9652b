package sources

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	pq "github.com/parquet-go/parquet-go"
)

func TestDecimalDigits(t *testing.T) {
	check := func(u uint64) {
		if got, want := decimalDigits(u), len(strconv.FormatUint(u, 10)); got != want {
			t.Fatalf("decimalDigits(%d) = %d, want %d", u, got, want)
		}
	}
	for _, p := range powersOf10 {
		check(p - 1)
		check(p)
		check(p + 1)
	}
	check(math.MaxUint64)
	check(uint64(math.MaxInt64))
	check(absInt64(math.MinInt64))
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		check(r.Uint64() >> r.IntN(64))
	}
}

type pqIntRow struct {
	ID    int64 `parquet:"id"`
	Small int32 `parquet:"small"`
	Card  int64 `parquet:"card"`
	Neg   int64 `parquet:"neg"`
	Cents int64 `parquet:"cents,decimal(2:18)"`
}

func pqIntRows(n int) []pqIntRow {
	rows := make([]pqIntRow, n)
	for i := range rows {
		rows[i] = pqIntRow{ID: int64(i), Small: int32(i % 100), Card: 100000000 + int64(i), Neg: -int64(i), Cents: 4111111111111111}
		if i%5 == 0 {
			rows[i].Card = 4111111111111111 + int64(i)
			rows[i].Neg = -4111111111111111 - int64(i)
		}
	}
	return rows
}

// TestParquetIntegerFilter: a filtered integer column keeps only the
// values whose digit count the filter names, each at its own row; decimals
// are never filtered.
func TestParquetIntegerFilter(t *testing.T) {
	rows := pqIntRows(100)
	data := writeParquet(t, rows)
	var asked []string
	opts := DecodeOptions{IntegerDigits: func(field string) uint32 {
		asked = append(asked, field)
		return 1 << 16
	}}
	for _, ra := range []bool{true, false} {
		asked = asked[:0]
		got, err := collectWith(t, data, "ints.parquet", ra, opts)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(asked)
		if want := []string{"$.card", "$.id", "$.neg", "$.small"}; !slices.Equal(asked, want) {
			t.Errorf("filter asked for %v, want %v (once per integer column, decimals excluded)", asked, want)
		}
		var want []located
		for i, r := range rows {
			if i%5 == 0 {
				want = append(want, located{value: strconv.FormatInt(r.Card, 10), field: "$.card", path: "$.card", index: int64(i)})
			}
		}
		for i, r := range rows {
			if i%5 == 0 {
				want = append(want, located{value: strconv.FormatInt(r.Neg, 10), field: "$.neg", path: "$.neg", index: int64(i)})
			}
		}
		for i := range rows {
			want = append(want, located{value: "41111111111111.11", field: "$.cents", path: "$.cents", index: int64(i)})
		}
		byColumn := func(a, b located) int {
			if c := cmpString(a.field, b.field); c != 0 {
				return c
			}
			return int(a.index - b.index)
		}
		slices.SortStableFunc(got, byColumn)
		slices.SortStableFunc(want, byColumn)
		if !slices.Equal(got, want) {
			t.Errorf("random access %v: got %d values, want %d\ngot  %v\nwant %v", ra, len(got), len(want), got, want)
		}
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestParquetIntegerFilterSkipsChunks: a column chunk whose statistics put
// every value outside the filter is not read at all — shown by wrecking
// its pages, which an unfiltered decode reports as malformed.
func TestParquetIntegerFilterSkipsChunks(t *testing.T) {
	rows := pqIntRows(100)
	data := writeParquet(t, rows)
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	wrecked := bytes.Clone(data)
	for _, rg := range f.Metadata().RowGroups {
		for c, cc := range rg.Columns {
			if f.Schema().Columns()[c][0] != "id" {
				continue
			}
			off, n := cc.MetaData.DataPageOffset, cc.MetaData.TotalCompressedSize
			if cc.MetaData.DictionaryPageOffset > 0 {
				off = min(off, cc.MetaData.DictionaryPageOffset)
			}
			for i := off; i < off+n; i++ {
				wrecked[i] = 0xff
			}
		}
	}
	if _, err := collect(t, wrecked, "ints.parquet", true); err == nil {
		t.Fatal("the wrecked id column decoded without a filter: the test wrecks nothing")
	} else if oe := (*ObjectError)(nil); !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile {
		t.Fatalf("unfiltered decode: %v, want %s", err, ReasonMalformedFile)
	}
	// ids are 0..99, at most 2 digits: 16-digit card numbers only.
	got, err := collectWith(t, wrecked, "ints.parquet", true, DecodeOptions{IntegerDigits: func(string) uint32 { return 1 << 16 }})
	if err != nil {
		t.Fatalf("filtered decode read the id column: %v", err)
	}
	n := 0
	for _, l := range got {
		if l.field == "$.card" {
			n++
		}
	}
	if n != 20 {
		t.Errorf("%d card numbers found, want 20", n)
	}
	// A filter that keeps 2-digit integers must read the column.
	if _, err := collectWith(t, wrecked, "ints.parquet", true, DecodeOptions{IntegerDigits: func(string) uint32 { return 1 << 2 }}); err == nil {
		t.Error("a filter keeping 2-digit integers skipped the id column, whose values go up to 99")
	}
}
