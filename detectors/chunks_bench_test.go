package detectors

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"testing"
)

// benchChunk is one chunk as the scanner hands it to the engine.
type benchChunk struct {
	kind  byte // 0 lines (text), 1 cells (CSV column), 2 records (JSON path)
	field string
	data  []byte
}

// readChunkDump reads chunks written as: kind byte, little-endian uint32
// field length, field, uint32 data length, data — what the decoders emit
// for a corpus (go run ./bench/chunkdump), recorded once so that the
// engine's cost on real chunks can be measured alone.
func readChunkDump(path string) ([]benchChunk, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var chunks []benchChunk
	for len(raw) > 0 {
		if len(raw) < 9 {
			return nil, fmt.Errorf("%s: truncated chunk dump", path)
		}
		kind := raw[0]
		n := int(binary.LittleEndian.Uint32(raw[1:]))
		if len(raw)-9 < n {
			return nil, fmt.Errorf("%s: truncated chunk dump", path)
		}
		field := string(raw[5 : 5+n])
		raw = raw[5+n:]
		m := int(binary.LittleEndian.Uint32(raw))
		if len(raw)-4 < m {
			return nil, fmt.Errorf("%s: truncated chunk dump", path)
		}
		chunks = append(chunks, benchChunk{kind: kind, field: field, data: raw[4 : 4+m]})
		raw = raw[4+m:]
	}
	return chunks, nil
}

// chunkDumpBench reads the chunk dump named by PIISCAN_CHUNKS, skipping b
// when none is, and compiles the default catalogue.
func chunkDumpBench(b *testing.B) ([]benchChunk, *Engine) {
	b.Helper()
	path := os.Getenv("PIISCAN_CHUNKS")
	if path == "" {
		b.Skip("PIISCAN_CHUNKS names no chunk dump")
	}
	chunks, err := readChunkDump(path)
	if err != nil {
		b.Fatal(err)
	}
	e, err := Compile(Options{})
	if err != nil {
		b.Fatal(err)
	}
	return chunks, e
}

// BenchmarkScanChunks scans the chunks of a dump named by PIISCAN_CHUNKS
// (skipped when unset), each with its field's context, by chunk kind:
// the engine's cost on the data a whole scan gives it.
func BenchmarkScanChunks(b *testing.B) {
	chunks, e := chunkDumpBench(b)
	for _, kind := range []struct {
		name string
		kind int
	}{{"txt", 0}, {"csv", 1}, {"jsonl", 2}, {"all", -1}} {
		var set []benchChunk
		var fields []FieldContext
		size := 0
		for _, c := range chunks {
			if kind.kind < 0 || int(c.kind) == kind.kind {
				set = append(set, c)
				fields = append(fields, e.Field(c.field))
				size += len(c.data)
			}
		}
		if len(set) == 0 {
			continue
		}
		b.Run(kind.name, func(b *testing.B) {
			s := e.NewScanner()
			n := 0
			fn := func(Match) { n++ }
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				for i, c := range set {
					s.Scan(c.data, fields[i], fn)
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
			b.ReportMetric(float64(n)/float64(b.N), "matches/op")
		})
	}
}

// BenchmarkScanChunksByField is BenchmarkScanChunks per field: one
// sub-benchmark per CSV column or JSON path of the dump ("csv:iban",
// "jsonl:$.payment.iban"), and one for all text ("txt"), largest first.
// The engine's cost differs by an order of magnitude between columns
// (a column of hashes against one of IBANs, where every value is a
// finding), so this is where to look for the next column to speed up:
//
//	PIISCAN_CHUNKS=/tmp/chunks GOEXPERIMENT=simd go test ./detectors -run '^$' -bench 'ScanChunksByField/csv:iban'
func BenchmarkScanChunksByField(b *testing.B) {
	chunks, e := chunkDumpBench(b)
	type group struct {
		name   string
		chunks []benchChunk
		size   int
	}
	byName := map[string]*group{}
	var groups []*group
	for _, c := range chunks {
		name := "txt"
		switch c.kind {
		case 1:
			name = "csv:" + c.field
		case 2:
			name = "jsonl:" + c.field
		}
		g := byName[name]
		if g == nil {
			g = &group{name: name}
			byName[name] = g
			groups = append(groups, g)
		}
		g.chunks = append(g.chunks, c)
		g.size += len(c.data)
	}
	slices.SortStableFunc(groups, func(x, y *group) int { return y.size - x.size })
	for _, g := range groups {
		field := e.Field(g.chunks[0].field)
		b.Run(g.name, func(b *testing.B) {
			s := e.NewScanner()
			n := 0
			fn := func(Match) { n++ }
			b.SetBytes(int64(g.size))
			cpu0 := cpuTime()
			for b.Loop() {
				for _, c := range g.chunks {
					s.Scan(c.data, field, fn)
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(g.size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
			b.ReportMetric(float64(n)/float64(b.N)/(float64(g.size)/1e6), "matches/MB")
		})
	}
}
