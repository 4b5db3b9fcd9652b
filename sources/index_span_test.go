package sources

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/hamba/avro/v2/ocf"
	pq "github.com/parquet-go/parquet-go"
)

func TestChunkIndex(t *testing.T) {
	ch := Chunk{IndexBase: 5<<32 + 7, IndexDelta: []uint32{0, 1, math.MaxUint32}}
	for i, want := range []int64{5<<32 + 7, 5<<32 + 8, 6<<32 + 6} {
		if got := ch.Index(i); got != want {
			t.Errorf("Index(%d) = %d, want %d", i, got, want)
		}
	}
}

// spanGaps are the records without a value before each record with one:
// such records fill no batch, so only the index span cuts a batch across
// them (2^32 of them, in a huge object).
var spanGaps = []int{0, 1, 0, 3, 4, 5, 9, 1, 0, 17, 2}

// spanValues decodes with lim, checking that no value starts past
// lim.batchBytes into its chunk (Chunk.Starts is 32 bits), and returns
// every value as "index column path value", a shared one once per use,
// and the largest IndexDelta of any chunk.
func spanValues(t *testing.T, lim *limits, decode func(*limits, func(*Chunk) error) error) ([]string, uint32) {
	t.Helper()
	var out []string
	var maxDelta uint32
	var line int64
	err := decode(lim, func(ch *Chunk) error {
		if ch.Uses == nil {
			if err := checkChunk(ch, &line); err != nil {
				t.Fatalf("chunk contract: %v", err)
			}
		}
		if len(ch.Starts) > 0 && int(ch.Starts[len(ch.Starts)-1]) > lim.batchBytes {
			t.Fatalf("a value starts at %d, past the batch's %d bytes", ch.Starts[len(ch.Starts)-1], lim.batchBytes)
		}
		for _, d := range ch.IndexDelta {
			maxDelta = max(maxDelta, d)
		}
		value := func(v int) string {
			end := len(ch.Data)
			if v+1 < len(ch.Starts) {
				end = int(ch.Starts[v+1]) - 1
			}
			return string(ch.Data[ch.Starts[v]:end])
		}
		for i := range ch.IndexDelta {
			v := i
			if ch.Uses != nil {
				v = int(ch.Uses[i])
			}
			out = append(out, fmt.Sprintf("%d %d %s %q", ch.Index(i), ch.Column, ch.Path(i), value(v)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out) // a cut batch emits its columns' chunks in another order
	return out, maxDelta
}

// TestIndexSpanCutsBatches decodes objects whose values are records apart
// with batches whose indexes may span only a few records: no chunk's
// IndexDelta passes the span, and every value has the index it has with
// the default limits.
func TestIndexSpanCutsBatches(t *testing.T) {
	var csv, jsonl strings.Builder
	csv.WriteString("a,b\n")
	type avRec struct {
		S *string `avro:"s"`
	}
	type pqRec struct {
		S    *string  `parquet:"s,optional"`
		D    *string  `parquet:"d,optional,dict"`
		N    *int64   `parquet:"n,optional"`
		List []string `parquet:"list,list"`
	}
	var avRecs []avRec
	var pqRecs []pqRec
	for i, gap := range spanGaps {
		for k := range gap {
			csv.WriteString([]string{",\n", "\"\",\n", "\n"}[k%3]) // an empty line is no record
			jsonl.WriteString([]string{"{}\n", "\n", `{"a":null,"b":[]}` + "\n"}[k%3])
			avRecs = append(avRecs, avRec{})
			pqRecs = append(pqRecs, pqRec{})
		}
		s := fmt.Sprintf("v%d", i)
		d, n := []string{"red", "blue"}[i%2], int64(i)
		fmt.Fprintf(&csv, "%s,w%d\n", s, i)
		fmt.Fprintf(&jsonl, `{"a":%q,"b":[1,"w%d"]}`+"\n", s, i)
		avRecs = append(avRecs, avRec{S: &s})
		pqRecs = append(pqRecs, pqRec{S: &s, D: &d, N: &n, List: []string{"x", s}})
	}
	avro := encodeOCF(t, `{"type":"record","name":"R","fields":[{"name":"s","type":["null","string"]}]}`, avRecs, ocf.WithBlockLength(5))
	// Pages of a few entries each, so that the fast paths see pages that
	// fit the span, and the batches they cut between pages.
	parquet := writeParquet(t, pqRecs, pq.PageBufferSize(16))

	ctx := context.Background()
	parquetWith := func(opts pqOptions) func(*limits, func(*Chunk) error) error {
		return func(lim *limits, emit func(*Chunk) error) error {
			in := &input{br: newBufReader(bytes.NewReader(parquet)), raw: bytes.NewReader(parquet), size: int64(len(parquet)), arch: newArchiveState(DefaultArchiveLimits)}
			return decodeParquetWith(ctx, in, lim, emit, opts)
		}
	}
	decoders := map[string]func(*limits, func(*Chunk) error) error{
		"csv": func(lim *limits, emit func(*Chunk) error) error {
			return decodeCSV(ctx, strings.NewReader(csv.String()), ',', lim, emit)
		},
		"jsonl": func(lim *limits, emit func(*Chunk) error) error {
			return decodeJSON(ctx, strings.NewReader(jsonl.String()), true, lim, emit)
		},
		"avro": func(lim *limits, emit func(*Chunk) error) error {
			return decodeAvro(ctx, &input{br: newBufReader(bytes.NewReader(avro)), size: -1, arch: newArchiveState(DefaultArchiveLimits)}, lim, emit)
		},
		"parquet":         parquetWith(pqOptions{}),
		"parquet slow":    parquetWith(pqOptions{slow: true}),
		"parquet shared":  parquetWith(pqOptions{share: true, shareMinUses: 1}),
		"parquet unowned": parquetWith(pqOptions{filePages: true}),
	}
	for name, decode := range decoders {
		want, _ := spanValues(t, &defaultLimits, decode)
		if len(want) < len(spanGaps) {
			t.Fatalf("%s: %d values: the test checks nothing", name, len(want))
		}
		for _, span := range []int64{0, 1, 3, 10, -1} {
			lim := defaultLimits
			lim.indexSpan = span
			if span < 0 {
				lim = small // small batches too, and the starts they bound
				span = lim.indexSpan
			}
			got, maxDelta := spanValues(t, &lim, decode)
			if int64(maxDelta) > span {
				t.Errorf("%s, span %d: a chunk's indexes span %d", name, span, maxDelta)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, span %d: values\n%q\nwant\n%q", name, span, got, want)
			}
		}
	}
}
