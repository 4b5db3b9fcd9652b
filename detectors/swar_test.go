package detectors

import (
	"encoding/binary"
	"testing"
)

func FuzzHasDigit(f *testing.F) {
	for _, s := range []uint64{0, 0x3030303030303030, 0x2f2f2f2f2f2f2f2f, 0x3a3a3a3a3a3a3a3a, 0xb0b0b0b0b0b0b0b0, 0x0000000000000039, 0xffffffffffffffff} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w uint64) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], w)
		want := false
		for _, c := range b {
			want = want || isDigit(c)
		}
		if got := hasDigit(w); got != want {
			t.Fatalf("hasDigit(%#x) = %v, want %v", w, got, want)
		}
		m := digitMask(w)
		for i, c := range b {
			if got := m>>(8*i+7)&1 == 1; got != isDigit(c) {
				t.Fatalf("digitMask(%#x) byte %d = %v, want %v", w, i, got, isDigit(c))
			}
		}
		if m&^msb != 0 {
			t.Fatalf("digitMask(%#x) = %#x has bits outside the top bits", w, m)
		}
	})
}

func TestHasDigitEveryByte(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			var b [8]byte
			for i := range b {
				b[i] = 'x'
			}
			b[pos] = byte(c)
			if got, want := hasDigit(binary.LittleEndian.Uint64(b[:])), isDigit(byte(c)); got != want {
				t.Fatalf("byte %#x at %d: hasDigit = %v, want %v", c, pos, got, want)
			}
		}
	}
}
