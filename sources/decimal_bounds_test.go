package sources

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
)

// hostileDecimal is a 2 MiB "decimal" (longer than maxValue) holding
// text, as a mislabelled column would.
func hostileDecimal() []byte {
	b := bytes.Repeat([]byte("0123456789abcdef"), 2<<20/16)
	copy(b[1<<20:], "card 4111111111111111 here")
	return b
}

// checkHostileDecimals checks what a decoder makes of decimals that no
// writer makes: a scale past maxDecimalScale is ignored (the stored
// integer or bytes are scanned), and a value wider than maxDecimalBytes is
// scanned as its bytes, in windows; the ordinary decimals beside them are
// formatted. want counts the short values by column.
func checkHostileDecimals(t *testing.T, got []located, want map[string]int) {
	t.Helper()
	short := map[string]int{}
	windows, found := 0, false
	for _, l := range got {
		if len(l.value) < 1000 {
			short[strings.TrimPrefix(l.field, "$.")+" "+l.value]++
			continue
		}
		windows++
		if len(l.value) > defaultLimits.maxValue+defaultLimits.carry() {
			t.Errorf("a window of %d bytes, over the limit", len(l.value))
		}
		found = found || strings.Contains(l.value, "card 4111111111111111 here")
	}
	if !maps.Equal(short, want) {
		t.Errorf("values %v, want %v", short, want)
	}
	if windows < 2 || !found {
		t.Errorf("%d windows (want ≥ 2), the text in one of them: %v", windows, found)
	}
}

// decimalsParquet writes two rows of decimal columns: BYTE_ARRAY ones of
// scale 2 ("sane": -12.34 twice; "wide": wide, then 12.34), one of scale
// 2^30 ("bigscale": bytes 1 and 2) and an INT64 one of scale 1000
// ("scaled": 5).
func decimalsParquet(t testing.TB, wide []byte) []byte {
	schema := pq.NewSchema("t", pq.Group{
		"sane":     pq.Decimal(2, 38, pq.ByteArrayType),
		"scaled":   pq.Decimal(1000, 18, pq.Int64Type),
		"bigscale": pq.Decimal(1<<30, 1<<30, pq.ByteArrayType),
		"wide":     pq.Decimal(2, 38, pq.ByteArrayType),
	})
	var buf bytes.Buffer
	w := pq.NewWriter(&buf, schema)
	// Columns in name order: bigscale, sane, scaled, wide.
	for _, wide := range [][]byte{wide, {0x04, 0xd2}} {
		row := pq.Row{
			pq.ByteArrayValue([]byte{1, 2}).Level(0, 0, 0),
			pq.ByteArrayValue([]byte{0xfb, 0x2e}).Level(0, 0, 1), // -1234
			pq.Int64Value(5).Level(0, 0, 2),
			pq.ByteArrayValue(wide).Level(0, 0, 3),
		}
		if _, err := w.WriteRows([]pq.Row{row}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParquetHostileDecimals(t *testing.T) {
	got, err := collect(t, decimalsParquet(t, hostileDecimal()), "d.parquet", true)
	if err != nil {
		t.Fatal(err)
	}
	checkHostileDecimals(t, got, map[string]int{
		"bigscale \x01\x02": 2, "sane -12.34": 2, "scaled 5": 2, "wide 12.34": 1,
	})
}

func TestAvroHostileDecimals(t *testing.T) {
	const schema = `{"type":"record","name":"R","fields":[
 {"name":"sane","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":2}},
 {"name":"bigscale","type":{"type":"bytes","logicalType":"decimal","precision":2000000000,"scale":1000000000}},
 {"name":"wide","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":2}}
]}`
	type row struct {
		Sane     []byte `avro:"sane"`
		BigScale []byte `avro:"bigscale"`
		Wide     []byte `avro:"wide"`
	}
	rows := []row{
		{[]byte{0xfb, 0x2e}, []byte{1, 2}, hostileDecimal()},
		{[]byte{0xfb, 0x2e}, []byte{1, 2}, []byte{0x04, 0xd2}},
	}
	got, err := collect(t, encodeOCF(t, schema, rows), "d.avro", true)
	if err != nil {
		t.Fatal(err)
	}
	checkHostileDecimals(t, got, map[string]int{"bigscale \x01\x02": 2, "sane -12.34": 2, "wide 12.34": 1})
}
