package sources

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	pq "github.com/parquet-go/parquet-go"
)

// pqUse is one value as a consumer of the chunks sees it: its text, record,
// path and report window, whether it came in a chunk of its own or as a
// use of a shared one.
type pqUse struct {
	value, path    string
	index          int64
	reportFrom, to int
}

// decodeParquetUses decodes data with opts and returns every value (every
// use of a shared one) in the order emitted, and the final error. It also
// checks the shape of the chunks: uses only with share, and every one in
// range.
func decodeParquetUses(t *testing.T, data []byte, lim *limits, opts pqOptions) ([]pqUse, string, int) {
	t.Helper()
	in := &input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits)}
	var out []pqUse
	shared := 0
	err := decodeParquetWith(context.Background(), in, lim, func(ch *Chunk) error {
		value := func(v int) string {
			end := len(ch.Data)
			if v+1 < len(ch.Starts) {
				end = int(ch.Starts[v+1]) - 1
			}
			return string(ch.Data[ch.Starts[v]:end])
		}
		if ch.Uses == nil {
			var line int64
			if err := checkChunk(ch, &line); err != nil {
				t.Fatalf("chunk contract: %v", err)
			}
			from, to := ch.ReportFrom, ch.ReportTo // a window of a long value's
			if from == 0 && to == len(ch.Data) {
				from, to = 0, 0 // a batch's: its length is the batching's
			}
			for i := range ch.Starts {
				out = append(out, pqUse{value(i), ch.Path(i), ch.Index(i), from, to})
			}
			return nil
		}
		if !opts.share {
			t.Fatal("a chunk with Uses without share")
		}
		shared++
		if len(ch.Uses) != len(ch.IndexDelta) || len(ch.Starts) == 0 || ch.ReportTo != len(ch.Data) || ch.Paths != nil || ch.FieldSlots != nil {
			t.Fatalf("shared chunk: %d uses, %d indexes, %d values", len(ch.Uses), len(ch.IndexDelta), len(ch.Starts))
		}
		if len(ch.Uses) > lim.batchVals || len(ch.Data)-(len(ch.Data)-int(ch.Starts[len(ch.Starts)-1])) > lim.batchBytes {
			t.Fatalf("shared chunk of %d uses and %d bytes past the batch limits", len(ch.Uses), len(ch.Data))
		}
		seen := make([]bool, len(ch.Starts))
		for u, v := range ch.Uses {
			if v < 0 || int(v) >= len(ch.Starts) || (u > 0 && ch.Index(u) <= ch.Index(u-1)) {
				t.Fatalf("use %d: value %d of %d, record %d", u, v, len(ch.Starts), ch.Index(u))
			}
			seen[v] = true
			out = append(out, pqUse{value(int(v)), ch.Path(u), ch.Index(u), 0, 0})
		}
		for v, ok := range seen {
			if !ok {
				t.Fatalf("value %d of a shared chunk is never used", v)
			}
		}
		return nil
	}, opts)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return out, msg, shared
}

// TestParquetShareMatchesPlain: sharing dictionary values changes how the
// values are batched, never which values, records and paths a consumer
// sees, nor in what order, nor the error a damaged file ends with.
func TestParquetShareMatchesPlain(t *testing.T) {
	sharedAny := false
	for vname, data := range parquetVariants(t) {
		for lname, lim := range pqDiffLimits {
			t.Run(vname+"/"+lname, func(t *testing.T) {
				diffShare(t, data, lim)
				if _, _, n := decodeParquetUses(t, data, lim, pqOptions{share: true}); n > 0 {
					sharedAny = true
				}
			})
		}
	}
	if !sharedAny {
		t.Fatal("no variant made a shared chunk: the test checks nothing")
	}
}

func diffShare(t *testing.T, data []byte, lim *limits) {
	t.Helper()
	want, werr, _ := decodeParquetUses(t, data, lim, pqOptions{})
	got, gerr, _ := decodeParquetUses(t, data, lim, pqOptions{share: true})
	if gerr != werr {
		t.Fatalf("error %q, want %q", gerr, werr)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("value %d of %d/%d: %+v, want %+v", i, len(got), len(want), got[i], want[i])
			}
		}
		t.Fatalf("%d values, want %d", len(got), len(want))
	}
}

// TestParquetShareOnDamage: a damaged dictionary page or index ends the
// shared decode where it ends the plain one, with the values before it.
func TestParquetShareOnDamage(t *testing.T) {
	for _, vname := range []string{"dict small pages", "dict then plain"} {
		data := parquetVariants(t)[vname]
		t.Run(vname, func(t *testing.T) {
			for off := 4; off < len(data)-8; off += max(1, len(data)/211) {
				c := bytes.Clone(data)
				c[off] ^= 0x5a
				diffShare(t, c, &small)
			}
		})
	}
}

// BenchmarkParquetShare decodes a dictionary-encoded column of few
// distinct values with and without sharing (the decoder's side only).
func BenchmarkParquetShare(b *testing.B) {
	type cityRow struct {
		City string `parquet:"city,dict"`
	}
	rows := make([]cityRow, 200_000)
	for i := range rows {
		rows[i].City = fmt.Sprintf("city %d", i%16)
	}
	var buf bytes.Buffer
	w := pq.NewGenericWriter[cityRow](&buf)
	if _, err := w.Write(rows); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, share := range []bool{false, true} {
		b.Run(fmt.Sprintf("share=%v", share), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				in := &input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits)}
				if err := decodeParquetWith(context.Background(), in, &defaultLimits, func(*Chunk) error { return nil }, pqOptions{share: share}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
