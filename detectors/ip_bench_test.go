package detectors

import "testing"

// BenchmarkIPv6Pass is the IPv6 pass alone on BenchmarkScan's corpus:
// "blocks" finds candidate ':' 64 bytes at a time (AVX-512 byte classes
// under GOEXPERIMENT=simd, a byte loop otherwise), "bytes" with
// bytes.IndexByte; scanIPv6 uses "blocks" only with AVX-512.
func BenchmarkIPv6Pass(b *testing.B) {
	e, err := Compile(Options{Managed: []string{"IP_ADDRESS"}})
	if err != nil {
		b.Fatal(err)
	}
	s := e.NewScanner()
	data := benchCorpus()
	for _, v := range []struct {
		name string
		scan func([]byte, FieldContext)
	}{{"blocks", s.scanIPv6Blocks}, {"bytes", s.scanIPv6Bytes}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				s.matches = s.matches[:0]
				v.scan(data, FieldContext{})
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}
