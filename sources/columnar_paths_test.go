package sources

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hamba/avro/v2/ocf"
	pq "github.com/parquet-go/parquet-go"
)

// pathsOf decodes with lim and returns "index|path" for every value of
// every chunk, sorted, and how many of them came in windows of a value
// longer than lim.maxValue.
func pathsOf(t *testing.T, data []byte, lim *limits, decode func(*input, *limits, func(*Chunk) error) error) ([]string, int) {
	t.Helper()
	var out []string
	windows := 0
	var line int64
	err := decode(&input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits)}, lim, func(ch *Chunk) error {
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("chunk contract: %v", err)
		}
		if ch.Paths != nil {
			windows++
		}
		for i := range ch.Starts {
			out = append(out, fmt.Sprintf("%d|%s", ch.Index(i), ch.Path(i)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return slices.Compact(out), windows
}

// TestColumnarPathsUnderSmallLimits: with tiny batches, few groups and
// values split into windows, Parquet and Avro give every value the same
// concrete path as with the default limits (paths come from FieldSlots
// and Positions, and from a made string for a window).
func TestColumnarPathsUnderSmallLimits(t *testing.T) {
	rows := pqRows(60)
	recs := avroRecords(60)
	long := strings.Repeat("4111 1111 1111 1111 ", 8) // longer than small.maxValue
	for i := range rows {
		for c := range rows[i].Customer.Cards {
			if (i+c)%4 == 0 {
				rows[i].Customer.Cards[c].Number = long + fmt.Sprint(i)
			}
		}
	}
	for i := range recs {
		for c := range recs[i].Cards {
			if (i+c)%4 == 0 {
				recs[i].Cards[c].Number = long + fmt.Sprint(i)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		decode func(*input, *limits, func(*Chunk) error) error
	}{
		{"parquet", writeParquet(t, rows, pq.PageBufferSize(256)), func(in *input, lim *limits, emit func(*Chunk) error) error {
			return decodeParquet(context.Background(), in, lim, emit)
		}},
		{"avro", writeAvro(t, ocf.Deflate, recs), func(in *input, lim *limits, emit func(*Chunk) error) error {
			return decodeAvro(context.Background(), in, lim, emit)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, _ := pathsOf(t, tc.data, &defaultLimits, tc.decode)
			got, windows := pathsOf(t, tc.data, &small, tc.decode)
			if windows == 0 {
				t.Fatal("no value was split into windows")
			}
			if !slices.Equal(got, want) {
				t.Errorf("small limits give %d paths, default %d; first difference: %v", len(got), len(want), firstDiff(got, want))
			}
			if !slices.Contains(want, "4|$.customer.cards[0].number") && !slices.Contains(want, "4|$.cards[0].number") {
				t.Errorf("no path with an array index among %d", len(want))
			}
		})
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return "one is a prefix of the other"
}

// TestAppendDecimalWide checks the 128-bit and big.Int decimal formatting
// against big.Rat for widths 1 to maxDecimalBytes and scales 0 to
// maxDecimalScale.
func TestAppendDecimalWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var d pqDecoder
	for n := 1; n <= maxDecimalBytes; n++ {
		for range 300 {
			be := make([]byte, n)
			for i := range be {
				be[i] = byte(rng.UintN(256))
			}
			switch rng.IntN(6) { // edges: 0, -1, the extremes
			case 0:
				clear(be)
			case 1:
				for i := range be {
					be[i] = 0xff
				}
			case 2:
				clear(be)
				be[0] = 0x80
			case 3:
				for i := range be {
					be[i] = 0xff
				}
				be[0] = 0x7f
			}
			scale := rng.IntN(maxDecimalScale + 1)
			v := new(big.Int).SetBytes(be)
			if be[0]&0x80 != 0 {
				v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*n)))
			}
			want := new(big.Rat).SetFrac(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)).FloatString(scale)
			if got := string(d.appendDecimal([]byte("x"), be, scale)); got != "x"+want {
				t.Fatalf("appendDecimal(%x, %d) = %q, want %q", be, scale, got, "x"+want)
			}
		}
	}
}

// TestNumberFormattingDoesNotAllocate: Parquet and Avro numbers up to
// DECIMAL(38, s) are formatted into the batch without an allocation.
func TestNumberFormattingDoesNotAllocate(t *testing.T) {
	var d pqDecoder
	buf := make([]byte, 0, 1024)
	wide := []byte{0xf1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}
	uuid := make([]byte, 16)
	allocs := testing.AllocsPerRun(100, func() {
		b := appendScaled(buf[:0], -4111111111111111, 0)
		b = appendScaled(b, 12345, 2)
		b = strconv.AppendFloat(b, 3.25, 'f', -1, 64)
		b = strconv.AppendFloat(b, float64(float32(1.5)), 'f', -1, 32)
		b = d.appendDecimal(b, wide[:5], 3)
		b = d.appendDecimal(b, wide, 18)
		_ = appendUUID(b, uuid)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}

// TestAvroLong checks the one-byte fast path of avroDecoder.long against
// encoding/binary's zig-zag varints, and that a truncated varint is an
// error.
func TestAvroLong(t *testing.T) {
	var data []byte
	var want []int64
	for v := int64(-200); v <= 200; v++ {
		want = append(want, v)
	}
	want = append(want, math.MaxInt64, math.MinInt64, 4111111111111111, -4111111111111111)
	for _, v := range want {
		data = binary.AppendVarint(data, v)
	}
	d := &avroDecoder{data: data}
	for _, v := range want {
		got, err := d.long()
		if err != nil || got != v {
			t.Fatalf("long() = %d, %v, want %d", got, err, v)
		}
	}
	if _, err := d.long(); err == nil {
		t.Error("long() past the end: no error")
	}
	d = &avroDecoder{data: []byte{0x80, 0x80}}
	if _, err := d.long(); err == nil {
		t.Error("long() of a truncated varint: no error")
	}
}
