package detectors

import "math/bits"

// digitCursor answers the numeric pass's two questions — where is the next
// digit, where does this run of digits end — from one bit per byte of a
// 64-byte window of the buffer, computed once (digitBits64: AVX-512 under
// GOEXPERIMENT=simd, SWAR otherwise) and reused by every question inside
// it: digit-heavy data (dates, amounts, IDs) asks several per window.
type digitCursor struct {
	data []byte
	base int    // the window is data[base:base+64]
	bits uint64 // bit k: data[base+k] is an ASCII digit
}

func newDigitCursor(data []byte) digitCursor {
	return digitCursor{data: data, base: -1 << 40}
}

// window makes data[i] part of the window, and reports false when the
// buffer is shorter than a window.
func (c *digitCursor) window(i int) bool {
	if i-c.base < 64 && i >= c.base {
		return true
	}
	n := len(c.data)
	if n < 64 {
		return false
	}
	c.base = min(i, n-64)
	c.bits = digitBits64((*[64]byte)(c.data[c.base : c.base+64]))
	return true
}

// next returns the index of the first digit at or after data[i], or
// len(data).
func (c *digitCursor) next(i int) int {
	for i < len(c.data) {
		if !c.window(i) {
			return nextDigitSWAR(c.data, i)
		}
		if m := c.bits >> (i - c.base); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
		i = c.base + 64
	}
	return len(c.data)
}

// runEnd returns the index of the first non-digit at or after data[j], or
// len(data).
func (c *digitCursor) runEnd(j int) int {
	for j < len(c.data) {
		if !c.window(j) {
			return digitRunEndSWAR(c.data, j)
		}
		if m := ^c.bits >> (j - c.base); m != 0 {
			return j + bits.TrailingZeros64(m)
		}
		j = c.base + 64
	}
	return len(c.data)
}

// digitBits64SWAR is digitBits64 eight bytes at a time.
func digitBits64SWAR(b *[64]byte) uint64 {
	var m uint64
	for k := 0; k < 64; k += 8 {
		m |= packMSB(digitMask(load64(b[k:]))) << k
	}
	return m
}
