package detectors

import (
	"encoding/binary"
	"math/bits"
)

func load64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasDigit reports whether any byte of w is an ASCII digit, eight bytes per
// step (SWAR): most bytes of real data are not digits, and the byte loop it
// replaces was the scan's largest cost. Bytes >= 0x80 never count.
func hasDigit(w uint64) bool { return digitMask(w) != 0 }

// digitMask returns w with the top bit of each byte set iff that byte is an
// ASCII digit, all other bits clear. With little-endian loads,
// bits.TrailingZeros64(mask)/8 is the index of the first digit.
func digitMask(w uint64) uint64 {
	// For each byte b < 0x80: b+(0x80-'0') sets the top bit iff b >= '0';
	// b+(0x80-('9'+1)) sets it iff b > '9'. Mask off bytes >= 0x80 first.
	ascii := ^w & msb
	x := w &^ msb
	ge0 := x + (0x80-'0')*lsb
	gt9 := x + (0x80-'9'-1)*lsb
	return ge0 &^ gt9 & ascii
}

// nextDigitSWAR returns the index of the first digit at or after data[i],
// or len(data), eight bytes at a time.
func nextDigitSWAR(data []byte, i int) int {
	n := len(data)
	for i+8 <= n {
		if m := digitMask(load64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < n && !isDigit(data[i]) {
		i++
	}
	return i
}

// digitRunEndSWAR returns the index of the first non-digit at or after
// data[j], or len(data), eight bytes at a time.
func digitRunEndSWAR(data []byte, j int) int {
	n := len(data)
	for j+8 <= n {
		if m := ^digitMask(load64(data[j:])) & msb; m != 0 {
			return j + bits.TrailingZeros64(m)>>3
		}
		j += 8
	}
	for j < n && isDigit(data[j]) {
		j++
	}
	return j
}

// packMSB gathers the top bit of each byte of m (all other bits clear) into
// the low byte, byte k's to bit k.
func packMSB(m uint64) uint64 { return (m >> 7) * 0x0102040810204080 >> 56 }
