package detectors

import "testing"

// BenchmarkKeywordPassChunks is the keyword pass alone on the text and
// note chunks of a dump named by PIISCAN_CHUNKS (skipped when unset): the
// pass's share of BenchmarkScanChunksByField's most expensive bytes.
func BenchmarkKeywordPassChunks(b *testing.B) {
	chunks, e := chunkDumpBench(b)
	for _, set := range []struct {
		name  string
		match func(c benchChunk) bool
	}{
		{"txt", func(c benchChunk) bool { return c.kind == 0 }},
		{"notes", func(c benchChunk) bool { return c.field == "notes" || c.field == "$.note" }},
		{"hex", func(c benchChunk) bool { return c.field == "sha256" || c.field == "customer_id" }},
	} {
		var data [][]byte
		size := 0
		for _, c := range chunks {
			if set.match(c) {
				data = append(data, c.data)
				size += len(c.data)
			}
		}
		hits := 0
		fn := func(ks, ke int, wi uint16) { hits++ }
		b.Run(set.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			cpu0 := cpuTime()
			for b.Loop() {
				for _, d := range data {
					e.kwIdx.scan(d, fn)
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}
