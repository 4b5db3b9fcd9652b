package sources

import (
	"bytes"
	"context"
	"fmt"
	"slices"
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
			out = append(out, fmt.Sprintf("%d|%s", ch.Index[i], ch.Path(i)))
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
