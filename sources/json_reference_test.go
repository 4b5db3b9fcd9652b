package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// jsonDecodeFunc is decodeJSONKeys's signature, shared by the reference
// decoder (json_ref_test.go).
type jsonDecodeFunc func(ctx context.Context, r io.Reader, lines bool, lim *limits, keys func(string, []byte) bool, emit func(*Chunk) error) error

// renderWith is renderAll with a given decoder.
func renderWith(decode jsonDecodeFunc, data []byte, lines bool, lim *limits, keys func(string, []byte) bool) string {
	var w bytes.Buffer
	err := decode(context.Background(), bytes.NewReader(data), lines, lim, keys, func(ch *Chunk) error {
		fmt.Fprintf(&w, "kind=%d field=%q line=%d col=%d report=[%d,%d) data=%q starts=%v index=%d+%v slots=%v positions=%v paths=%q\n",
			ch.Kind, ch.Field, ch.Line, ch.Column, ch.ReportFrom, ch.ReportTo, ch.Data, ch.Starts, ch.IndexBase, ch.IndexDelta, ch.FieldSlots, ch.Positions, ch.Paths)
		return nil
	})
	var oe *ObjectError
	if errors.As(err, &oe) {
		fmt.Fprintf(&w, "status=%s reason=%s ", oe.Status, oe.Reason)
	}
	fmt.Fprintf(&w, "err=%v\n", err)
	return w.String()
}

// referenceLimits are the limits the decoder is held to the reference
// under: the default ones (the fast paths), small batches and groups
// (flushes, group recycling, the nesting limit) and small everything
// (values split into windows).
var referenceLimits = []struct {
	name string
	lim  *limits
}{{"default", &defaultLimits}, {"smallBatches", &smallBatches}, {"small", &small}}

// checkReference decodes data with decodeJSONKeys and with the reference
// decoder, under each of referenceLimits, with the read buffer at its size
// and at each of bufs, with and without a key filter: every chunk, error,
// status and reason must be the same.
func checkReference(t *testing.T, data []byte, lines bool, bufs []int) {
	t.Helper()
	keys := func(_ string, k []byte) bool { return len(k)%3 != 1 }
	for _, rl := range referenceLimits {
		for _, rb := range append([]int{0}, bufs...) {
			l := *rl.lim
			lim := rl.lim
			if rb != 0 {
				l.readBuf = rb
				lim = &l
			}
			for _, kf := range []func(string, []byte) bool{nil, keys} {
				want := renderWith(refDecodeJSONKeys, data, lines, lim, kf)
				if got := renderWith(decodeJSONKeys, data, lines, lim, kf); got != want {
					t.Fatalf("lines=%v limits=%s readBuf=%d key filter=%v: output differs from the reference's\ninput %q\n%s",
						lines, rl.name, lim.readBuf, kf != nil, data, firstDiffLine(got, want))
				}
			}
		}
	}
}

// firstDiffLine shows the first line where got and want differ.
func firstDiffLine(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d\n got %s\nwant %s", i, gl, wl)
		}
	}
	return "(same)"
}

// ordersLines returns the first n records of benchJSONLinesOrders, the
// shape of the bench corpus.
func ordersLines(n int) []byte {
	data := benchJSONLinesOrders()
	end := 0
	for range n {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			return data
		}
		end += i + 1
	}
	return data[:end]
}

// TestJSONMatchesReference holds the decoder to the reference on generated
// documents, valid and damaged, and on corpus-shaped JSON Lines.
func TestJSONMatchesReference(t *testing.T) {
	seeds := uint64(60)
	if testing.Short() {
		seeds = 12
	}
	for seed := range seeds {
		for _, lines := range []bool{false, true} {
			for _, broken := range []bool{false, true} {
				doc := newJSONGen(seed, lines, broken).doc(1 + int(seed%5)*1500)
				checkReference(t, doc, lines, []int{8, 61, 200})
			}
		}
	}
	orders := ordersLines(400)
	checkReference(t, orders, true, []int{64, 4099})
	checkReference(t, orders, false, []int{64})
}

// TestJSONMatchesReferenceAtEveryOffset moves corpus-shaped records and
// records with escapes, surrogates, long keys and numbers across every
// offset of the 64-byte blocks and of the read buffer's end, and cuts
// them short at every byte.
func TestJSONMatchesReferenceAtEveryOffset(t *testing.T) {
	records := []string{
		string(ordersLines(2)),
		`{"a":"x\"y","bb":"\\","c":"\u00e9\ud83d\ude00\ud800x","d":-12.5e+3,"e":[1,{"f":null}],"g":true,"h":false}` + "\n",
		`{"exactly15bytes_":"v","sixteen_bytes_ab":"w","twenty_byte_key_abcd":1,"a_key_of_twenty_one_":2,"k":"` + strings.Repeat("z", 70) + `"}` + "\n",
		`{ "a" : "x" , "b" :[ 1 , 2 ] ,"c":{ } ,"d":[ ]}` + "\n",
		`{"a":"x","a":"y","b":{"a":"z"},"q\"k":1,"t\\k":2}` + "\n",
		`{"a":1}{"a":2}` + "\n" + `{"a":"unterminated` + "\n" + `{"a":[1,2` + "\n" + `{"a":nul}` + "\n" + `{"a":1,}` + "\n",
	}
	for _, rec := range records {
		for pad := range 70 {
			data := []byte(strings.Repeat(" ", pad) + rec + rec)
			checkReference(t, data, true, []int{64 + pad%7})
			if pad%9 == 0 {
				checkReference(t, data, false, []int{61})
			}
		}
		for cut := range len(rec) {
			checkReference(t, []byte(rec[:cut]), cut%2 == 0, nil)
		}
	}
}

// TestJSONMatchesReferenceNesting checks the nesting limit at and around
// 256 levels, in objects and arrays, with the keys' fast paths in play.
func TestJSONMatchesReferenceNesting(t *testing.T) {
	for _, depth := range []int{255, 256, 257, 300} {
		for _, open := range []string{`[`, `{"a":`, `{"a":1,"b":`} {
			var b strings.Builder
			for range depth {
				b.WriteString(open)
			}
			b.WriteString(`"deep"`)
			for i := depth - 1; i >= 0; i-- {
				if open == `[` {
					b.WriteByte(']')
				} else {
					b.WriteByte('}')
				}
			}
			doc := b.String() + "\n" + `{"after":"x"}` + "\n"
			checkReference(t, []byte(doc), true, []int{100})
			checkReference(t, []byte(doc), false, nil)
		}
	}
}

// FuzzJSONMatchesReference is checkReference on fuzzed input, JSON and
// JSON Lines.
func FuzzJSONMatchesReference(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(newJSONGen(seed, seed%2 == 0, seed%3 == 0).doc(300 + int(seed)*100))
	}
	f.Add(ordersLines(3))
	f.Add([]byte("{\"a\":nul\n{\"a\":null}\n{\"a\":tru}\r\n{\"a\":-}\n{\"a\":1e+}\n{\"a\":\"x\\u12\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReference(t, data, true, []int{13})
		checkReference(t, data, false, []int{13})
	})
}

// replayLines writes n JSON Lines records cycling through a few shapes
// (the replay's trie branches between them), with scalars of every kind
// in the same places: strings with and without escapes, empty and long
// ones, numbers, literals, and now and then a damaged record.
func replayLines(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	scalar := func() string {
		switch rng.IntN(12) {
		case 0:
			return "null"
		case 1:
			return "true"
		case 2:
			return `""`
		case 3:
			if rng.IntN(4) == 0 {
				return `"caf\u00e9 \"q\""` // an escape: value's
			}
			return `"plain"`
		case 4:
			return fmt.Sprint(rng.IntN(1e6) - 5000)
		case 5:
			if rng.IntN(4) == 0 {
				return `"` + strings.Repeat("long ", 10+rng.IntN(30)) + `"`
			}
			return `"short"`
		case 6:
			return "-1.5e+3"
		default:
			return fmt.Sprintf(`"v%d@example.com"`, rng.IntN(1000))
		}
	}
	shapes := []string{
		`{"id":%s,"name":%s,"tags":[%s,%s],"a":{"b":%s,"q\"k":%s}}`,
		`{"id":%s,"name":%s,"tags":[%s],"a":{"b":%s,"q\"k":%s},"z":%s}`,
		`{"id":%s,"name":%s,"tags":[],"a":{"b":[%s,{"c":%s}]},"e":{},"n":%s,"m":%s}`,
		`[%s,%s,{"x":%s},[%s,[%s]],%s]`,
		`{ "id" : %s , "name":%s,"tags":[%s,%s],"a":{"b":%s,"q\"k":%s}}` + "\r",
		`%s`,
		// Keys in the gap that ends the record: filed by replayKeys
		// after the last scalar.
		`{"id":%s,"tags":[%s,%s],"ee":{},"f":[],"gg":{"hh":{},"ii":[{}]}}`,
	}
	var b strings.Builder
	for range n {
		sh := shapes[rng.IntN(len(shapes))]
		if rng.IntN(3) == 0 {
			sh = shapes[0]
		}
		args := make([]any, strings.Count(sh, "%s"))
		for i := range args {
			args[i] = scalar()
		}
		line := fmt.Sprintf(sh, args...)
		switch rng.IntN(40) {
		case 0:
			line = line[:rng.IntN(len(line)+1)] // truncated
		case 1:
			line += " 1" // two values
		case 2:
			line = strings.Replace(line, ":", "\n:", 1) // split
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// TestJSONReplayMatchesReference runs records of a few repeated shapes,
// which are mostly replayed, against the reference, with batches that
// fill at every point of a record (a replay must leave the flush to
// value) and groups recycled often.
func TestJSONReplayMatchesReference(t *testing.T) {
	for _, sr := range []int{sparseRecord, 1 << 30} {
		t.Run(fmt.Sprintf("sparseRecord=%d", sr), func(t *testing.T) {
			defer func(old int) { sparseRecord = old }(sparseRecord)
			sparseRecord = sr
			checkReplayMatchesReference(t)
		})
	}
}

func checkReplayMatchesReference(t *testing.T) {
	keys := func(_ string, k []byte) bool { return len(k)%2 == 0 }
	for seed := range uint64(6) {
		data := replayLines(seed, 300)
		checkReference(t, data, true, []int{61, 4099})
		for _, bb := range []int{64, 97, 200, 1000} {
			for _, bv := range []int{3, 8, 29, 1 << 20} {
				l := smallBatches
				l.batchBytes, l.batchVals, l.maxGroups = bb, bv, 4+int(seed)
				want := renderWith(refDecodeJSONKeys, data, true, &l, keys)
				if got := renderWith(decodeJSONKeys, data, true, &l, keys); got != want {
					t.Fatalf("seed %d batchBytes=%d batchVals=%d: output differs from the reference's\n%s", seed, bb, bv, firstDiffLine(got, want))
				}
			}
		}
	}
}

// TestJSONReplayAtBufferEnd ends the read buffer at every offset of
// replayed records: in a gap, right after one (a gap may end the buffer),
// in a scalar.
func TestJSONReplayAtBufferEnd(t *testing.T) {
	var b bytes.Buffer
	for i := range 40 {
		fmt.Fprintf(&b, `{"id":%d,"a_key_of_twenty_one_":"x%d","tags":[%d,"t"],"o":{"b":null,"c":"%s"}}`+"\n", i, i*7, i, strings.Repeat("y", i%9))
		fmt.Fprintf(&b, `{"abcdefghijklmnopqrstu":%d}`+"\n", i) // a gap of 24 bytes
	}
	data := b.Bytes()
	defer func(old int) { sparseRecord = old }(sparseRecord)
	sparseRecord = 1 << 30 // replay every record
	for rb := 60; rb < 360; rb++ {
		l := defaultLimits
		l.readBuf = rb
		want := renderWith(refDecodeJSONKeys, data, true, &l, nil)
		if got := renderWith(decodeJSONKeys, data, true, &l, nil); got != want {
			t.Fatalf("readBuf=%d: output differs from the reference's\n%s", rb, firstDiffLine(got, want))
		}
	}
}

// TestJSONCorpusMatchesReference holds the decoder to the reference on
// the first 40 JSON Lines files in $PIISCAN_BENCH_JSONL (the bench
// corpus), or is skipped.
func TestJSONCorpusMatchesReference(t *testing.T) {
	dir := os.Getenv("PIISCAN_BENCH_JSONL")
	if dir == "" || testing.Short() {
		t.Skip("no $PIISCAN_BENCH_JSONL")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	keys := func(_ string, k []byte) bool { return len(k)%3 != 1 }
	for _, f := range files[:min(len(files), 40)] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, kf := range []func(string, []byte) bool{nil, keys} {
			want := renderWith(refDecodeJSONKeys, data, true, &defaultLimits, kf)
			if got := renderWith(decodeJSONKeys, data, true, &defaultLimits, kf); got != want {
				t.Fatalf("%s, key filter %v: output differs from the reference's\n%s", f, kf != nil, firstDiffLine(got, want))
			}
		}
	}
}
