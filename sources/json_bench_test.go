package sources

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// benchJSONLinesOrders has the shape of the bench corpus's JSON Lines
// (testcorpus orders): compact records of about 450 bytes, thirty-odd
// short members, nested objects, a small array of objects, many nulls.
func benchJSONLinesOrders() []byte {
	rng := rand.New(rand.NewPCG(11, 12))
	names := []string{"Anna Walsh", "Amélie Nguyen", "太郎 Bianchi", "Sofia Okafor", "Jonas Dubois", "Priya Ivanova"}
	cities := []string{"Graz", "Dublin", "Zürich", "Sevilla", "Milano", "München", "Austin"}
	phones := []string{"null", `"see CRM"`, `"withheld"`, `"ask reception"`, `"n/a"`}
	skus := []string{"SKU-HEADSET", "SKU-WATER-BTL", "SKU-NOTEBOOK-A5", "SKU-USB-HUB", "SKU-DESK-LAMP"}
	orNull := func(p int, s string) string {
		if rng.IntN(100) < p {
			return `"` + s + `"`
		}
		return "null"
	}
	var b bytes.Buffer
	for b.Len() < 8<<20 {
		fmt.Fprintf(&b, `{"order_id":"ORD-20%02d-%06d","ts":"20%02d-%02d-%02dT%02d:%02d:%02dZ","status":"shipped","customer":{"name":"%s","email":%s,"phone":%s},"shipping":{"city":"%s","postal_code":"%05d"},"items":[`,
			rng.IntN(30), rng.IntN(1e6), rng.IntN(30), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60),
			names[rng.IntN(len(names))], orNull(10, fmt.Sprintf("user%d@example.com", rng.IntN(1e5))), phones[rng.IntN(len(phones))],
			cities[rng.IntN(len(cities))], rng.IntN(1e5))
		for i := range 1 + rng.IntN(3) {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"sku":"%s","qty":%d,"price":%d.%02d}`, skus[rng.IntN(len(skus))], 1+rng.IntN(5), rng.IntN(5000), rng.IntN(100))
		}
		fmt.Fprintf(&b, `],"payment":{"card_number":%s,"ref":%s,"iban":%s},"auth":{"token":%s},"note":%s}`+"\n",
			orNull(30, fmt.Sprintf("************%04d", rng.IntN(1e4))), orNull(50, fmt.Sprintf("tok_%024d", rng.Int64())),
			orNull(10, fmt.Sprintf("DE%020d", rng.Int64())), orNull(10, "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJwYWdlIjoxMjcsImFmdGVyIjoiM2ViYTllZTMwNzMzIn0"),
			orNull(50, "The returns desk requested the invoice, and everyone was informed."))
	}
	return b.Bytes()
}

// BenchmarkDecodeJSONLinesOrders decodes orders-shaped JSON Lines with a
// key filter that rejects every key, as a scan's does for keys like these.
func BenchmarkDecodeJSONLinesOrders(b *testing.B) {
	runBenchKeys(b, benchJSONLinesOrders())
}

// BenchmarkDecodeJSONLinesCorpus decodes up to 8 MB of the JSON Lines
// files in $PIISCAN_BENCH_JSONL (the bench corpus's jsonl directory), or
// is skipped.
func BenchmarkDecodeJSONLinesCorpus(b *testing.B) {
	data := benchJSONCorpus(b)
	runBenchKeys(b, data)
}

// BenchmarkDecodeJSONLinesFiles decodes the first 40 JSON Lines files in
// $PIISCAN_BENCH_JSONL one object each, as a scan does, so that B/op shows
// what a pooled scanner allocates per object (or is skipped).
func BenchmarkDecodeJSONLinesFiles(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(os.Getenv("PIISCAN_BENCH_JSONL"), "*.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 || os.Getenv("PIISCAN_BENCH_JSONL") == "" {
		b.Skip("no .jsonl files in $PIISCAN_BENCH_JSONL")
	}
	var objects [][]byte
	size := 0
	for _, f := range files[:min(len(files), 40)] {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		objects = append(objects, d)
		size += len(d)
	}
	opts := DecodeOptions{KeyFilter: func(string, []byte) bool { return false }}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, d := range objects {
			if _, err := DecodeObjectWith(context.Background(), bytes.NewReader(d), Object{Key: "a.jsonl"}, opts, func(*Chunk) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, start, size)
}

// benchJSONCorpus returns jsonCorpus's data, or skips b without it.
func benchJSONCorpus(b *testing.B) []byte {
	b.Helper()
	data, err := jsonCorpus()
	if err != nil {
		b.Fatal(err)
	}
	if data == nil {
		b.Skip("no .jsonl files in $PIISCAN_BENCH_JSONL")
	}
	return data
}

// jsonCorpus reads the corpus once: a benchmark function runs several
// times, and reading it each time made garbage for the decode to wait on.
var jsonCorpus = sync.OnceValues(func() ([]byte, error) {
	dir := os.Getenv("PIISCAN_BENCH_JSONL")
	if dir == "" {
		return nil, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	var data []byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		data = append(data, d...)
		if len(data) >= 8<<20 {
			break
		}
	}
	return data, nil
})

func runBenchKeys(b *testing.B, data []byte) {
	b.Helper()
	opts := DecodeOptions{KeyFilter: func(string, []byte) bool { return false }}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := DecodeObjectWith(context.Background(), bytes.NewReader(data), Object{Key: "a.jsonl"}, opts, func(*Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(data))
}

// BenchmarkDecodeJSONLinesCorpusByShape decodes BenchmarkDecodeJSONLinesCorpus's
// records grouped by shape (keys, punctuation and literals; see
// recordShape), each group in the corpus's order: the same records, the
// same work, but for the shape that varies from one record to the next
// (random nulls, array lengths) and the branches it mispredicts. The two
// benchmarks' ratio bounds what predicting shapes better could gain (or it
// is skipped).
func BenchmarkDecodeJSONLinesCorpusByShape(b *testing.B) {
	data := benchJSONCorpus(b)
	type record struct {
		shape string
		line  []byte
	}
	var recs []record
	for l := range bytes.Lines(data) {
		recs = append(recs, record{recordShape(l), l})
	}
	slices.SortStableFunc(recs, func(x, y record) int { return strings.Compare(x.shape, y.shape) })
	out := make([]byte, 0, len(data))
	for _, r := range recs {
		out = append(out, r.line...)
	}
	runBenchKeys(b, out)
}

// recordShape is a JSON Lines record with each string value replaced by
// 'S' and each number by 'N': its keys, punctuation and literals.
func recordShape(l []byte) string {
	var sh []byte
	for i := 0; i < len(l); {
		switch c := l[i]; {
		case c == '"':
			j := i + 1
			for j < len(l) && l[j] != '"' {
				if l[j] == '\\' {
					j++
				}
				j++
			}
			j++
			k := j
			for k < len(l) && (l[k] == ' ' || l[k] == '\t') {
				k++
			}
			if k < len(l) && l[k] == ':' {
				sh = append(sh, l[i:min(j, len(l))]...)
			} else {
				sh = append(sh, 'S')
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			for i < len(l) && numberByte[l[i]] {
				i++
			}
			sh = append(sh, 'N')
		default:
			sh = append(sh, c)
			i++
		}
	}
	return string(sh)
}
