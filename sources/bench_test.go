package sources

import (
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	kgzip "github.com/klauspost/compress/gzip"
)

// Generated inputs of about 8 MB, deterministic.
func benchText() []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for b.Len() < 8<<20 {
		fmt.Fprintf(&b, "2026-11-22T10:%02d:%02d INFO user=%d email=user%d@example.com card=4111 1111 1111 %04d msg=\"request served in %d ms\"\n",
			rng.IntN(60), rng.IntN(60), rng.IntN(1e6), rng.IntN(1e6), rng.IntN(1e4), rng.IntN(1000))
	}
	return b.Bytes()
}

func benchCSV(sep string) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var b bytes.Buffer
	fmt.Fprintf(&b, "id%sname%semail%sssn%snote\n", sep, sep, sep, sep)
	for i := 0; b.Len() < 8<<20; i++ {
		note := "plain"
		if sep == "," && i%10 == 0 {
			note = `"quoted, with ""quotes"""`
		}
		fmt.Fprintf(&b, "%d%sName %d%suser%d@example.com%s%03d-%02d-%04d%s%s\n", i, sep, rng.IntN(1e6), sep, i, sep, rng.IntN(900), rng.IntN(100), rng.IntN(1e4), sep, note)
	}
	return b.Bytes()
}

func benchJSONLines() []byte {
	rng := rand.New(rand.NewPCG(5, 6))
	var b bytes.Buffer
	for i := 0; b.Len() < 8<<20; i++ {
		fmt.Fprintf(&b, `{"id":%d,"customer":{"name":"Name %d","email":"user%d@example.com","address":{"city":"Paris","zip":"75%03d"}},"cards":[{"number":"4111111111111111","exp":"12/29"},{"number":"5500 0000 0000 %04d"}],"score":%d.5,"active":true,"note":"caf\u00e9 \"quoted\""}`+"\n",
			i, rng.IntN(1e6), i, rng.IntN(1000), rng.IntN(1e4), rng.IntN(100))
	}
	return b.Bytes()
}

// benchJSONLinesText has records with long free-text fields (a few
// hundred bytes, the shape of a ticket or a log message), where the
// string scan rather than the per-value work dominates.
func benchJSONLinesText() []byte {
	rng := rand.New(rand.NewPCG(9, 10))
	words := []string{"the", "customer", "called", "about", "card", "ending", "refund", "of", "order", "delivered", "late", "and", "asked", "for", "a", "callback", "on", "phone", "number", "email"}
	var b, text bytes.Buffer
	for i := 0; b.Len() < 8<<20; i++ {
		text.Reset()
		for text.Len() < 150+rng.IntN(500) {
			text.WriteString(words[rng.IntN(len(words))])
			text.WriteByte(' ')
		}
		fmt.Fprintf(&b, `{"id":%d,"subject":"ticket %d","body":"%s","agent":{"name":"Agent %d","notes":"%s"}}`+"\n", i, i, text.Bytes(), rng.IntN(100), text.Bytes()[:text.Len()/3])
	}
	return b.Bytes()
}

func benchJSON() []byte {
	l := benchJSONLines()
	l = bytes.ReplaceAll(bytes.TrimSuffix(l, []byte("\n")), []byte("\n"), []byte(",\n"))
	return append(append([]byte(`{"records":[`), l...), "]}"...)
}

func runBench(b *testing.B, name string, data []byte) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	ctx := context.Background()
	var values int
	emit := func(ch *Chunk) error { values += len(ch.Starts); return nil }
	start := cpuTime()
	for b.Loop() {
		if _, err := DecodeObject(ctx, bytes.NewReader(data), Object{Key: name}, emit); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(data))
}

func reportCPU(b *testing.B, start time.Duration, size int) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "MB/cpu-s")
	}
}

func BenchmarkDecodeText(b *testing.B)      { runBench(b, "a.log", benchText()) }
func BenchmarkDecodeCSV(b *testing.B)       { runBench(b, "a.csv", benchCSV(",")) }
func BenchmarkDecodeTSV(b *testing.B)       { runBench(b, "a.tsv", benchCSV("\t")) }
func BenchmarkDecodeJSON(b *testing.B)      { runBench(b, "a.json", benchJSON()) }
func BenchmarkDecodeJSONLines(b *testing.B) { runBench(b, "a.jsonl", benchJSONLines()) }
func BenchmarkDecodeJSONLinesText(b *testing.B) {
	runBench(b, "a.jsonl", benchJSONLinesText())
}

// BenchmarkDecodeGzipJSONLines: SetBytes counts the decompressed bytes.
func BenchmarkDecodeGzipJSONLines(b *testing.B) {
	raw := benchJSONLines()
	data := gz(raw)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: "a.jsonl.gz"}, func(*Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(raw))
}

// BenchmarkGunzip compares the two inflaters on the same stream, which is
// how decodeGzip's choice was made.
func BenchmarkGunzip(b *testing.B) {
	raw := benchJSONLines()
	data := gz(raw)
	buf := make([]byte, 256<<10)
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			zr, _ := stdgzip.NewReader(bytes.NewReader(data))
			if _, err := io.CopyBuffer(io.Discard, zr, buf); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start, len(raw))
	})
	b.Run("klauspost", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			zr, _ := kgzip.NewReader(bytes.NewReader(data))
			if _, err := io.CopyBuffer(io.Discard, zr, buf); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start, len(raw))
	})
}
