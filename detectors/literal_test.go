package detectors

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLiteralFinder(t *testing.T) {
	tests := []struct {
		lit, data string
		from      int
		want      int
	}{
		{"AKIA", "xx AKIA", 0, 3},
		{"AKIA", "AKIA", 0, 0},
		{"AKIA", "AKI", 0, -1},
		{"AKIA", "AKIAAKIA", 1, 4},
		{"eyJ", "J eyJ", 0, 2},
		{"-----BEGIN ", "----BEGIN -----BEGIN X", 0, 10},
		{"ecret", "ECRET secret", 0, 7},
		{"ecret", "ecre", 0, -1},
		{"ecret", "x ecret", 1, 2},
	}
	for _, tt := range tests {
		f := newLiteralFinder(tt.lit)
		if got := f.index([]byte(tt.data), tt.from); got != tt.want {
			t.Errorf("index(%q in %q from %d) = %d, want %d", tt.lit, tt.data, tt.from, got, tt.want)
		}
	}
}

// TestLiteralFinderLong checks index against bytes.Index on random buffers
// long enough for the 64-byte loop, made mostly of the literal's own bytes
// so that anchor bytes and partial matches are everywhere.
func TestLiteralFinderLong(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, lit := range []string{"AKIA", "ASIA", "eyJ", "-----BEGIN ", "K", "KK", "ecret"} {
		f := newLiteralFinder(lit)
		for trial := 0; trial < 200; trial++ {
			data := make([]byte, r.IntN(300))
			for i := range data {
				if r.IntN(8) == 0 {
					data[i] = byte(r.IntN(256))
				} else {
					data[i] = lit[r.IntN(len(lit))]
				}
			}
			if len(data) > len(lit) && r.IntN(2) == 0 {
				copy(data[r.IntN(len(data)-len(lit)):], lit)
			}
			for from := 0; from <= len(data); from += 1 + r.IntN(20) {
				want := bytes.Index(data[from:], []byte(lit))
				if want >= 0 {
					want += from
				}
				if got := f.index(data, from); got != want {
					t.Fatalf("index(%q in %q from %d) = %d, bytes.Index says %d", lit, data, from, got, want)
				}
			}
		}
	}
}

func FuzzLiteralFinder(f *testing.F) {
	f.Add("AKIA", []byte("xAKIAy"), 0)
	f.Add("-----BEGIN ", []byte("-----BEGIN-----BEGIN "), 3)
	f.Add("eyJ", []byte("eyeyJJ"), 1)
	// Long enough for the 64-byte loop: hits and anchor-only near misses
	// on both sides of a window edge, and in the tail.
	f.Add("AKIA", []byte(strings.Repeat("AKxA KIA ", 14)+"AKIA"), 0)
	f.Add("-----BEGIN ", []byte(strings.Repeat("-", 60)+"BEGIN -----BEGIN "+strings.Repeat("B G ", 30)), 2)
	f.Add("eyJ", []byte(strings.Repeat("e", 63)+"eyJ"+strings.Repeat("yJ", 40)+"eyJ"), 64)
	f.Add("K", []byte(strings.Repeat("k", 130)+"K"), 0)
	f.Fuzz(func(t *testing.T, lit string, data []byte, from int) {
		if lit == "" || from < 0 || from > len(data) {
			return
		}
		fd := newLiteralFinder(lit)
		want := bytes.Index(data[from:], []byte(lit))
		if want >= 0 {
			want += from
		}
		if got := fd.index(data, from); got != want {
			t.Fatalf("index(%q in %q from %d) = %d, bytes.Index says %d", lit, data, from, got, want)
		}
	})
}

// BenchmarkLiteralFinder compares the rare-byte search with bytes.Index on
// the benchmark corpus, per anchor (the choice commonByte encodes).
func BenchmarkLiteralFinder(b *testing.B) {
	data := benchCorpus()
	for _, lit := range []string{"ecret", "ECRET", "AKIA", "ASIA", "eyJ", "-----BEGIN "} {
		f := newLiteralFinder(lit)
		b.Run(lit+"/rare-byte", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				for i := 0; ; {
					k := f.index(data, i)
					if k < 0 {
						break
					}
					i = k + 1
				}
			}
		})
		b.Run(lit+"/bytes.Index", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				for i := 0; ; {
					k := bytes.Index(data[i:], f.lit)
					if k < 0 {
						break
					}
					i += k + 1
				}
			}
		})
	}
}
