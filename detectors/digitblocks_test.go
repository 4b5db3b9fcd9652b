package detectors

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestNextDigitBlocks: nextDigitBlocks passes no digit, and stops at a
// digit or (with vector compares: numQuick) where fewer than 64 bytes
// remain, from every start, in text with digits rare, dense and absent.
func TestNextDigitBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	for round := range 300 {
		b := make([]byte, r.IntN(400))
		for k := range b {
			b[k] = "abc xyz,.\x00\xff/:"[r.IntN(13)]
			if r.IntN(1+round%100) == 0 {
				b[k] = byte('0' + r.IntN(10))
			}
		}
		for i := range len(b) + 1 {
			got := nextDigitBlocks(b, i)
			if got < i || got > len(b) {
				t.Fatalf("nextDigitBlocks(%q, %d) = %d: out of range", b, i, got)
			}
			if k := bytes.IndexFunc(b[i:got], func(c rune) bool { return c >= '0' && c <= '9' }); k >= 0 {
				t.Fatalf("nextDigitBlocks(%q, %d) = %d: passes the digit at %d", b, i, got, i+k)
			}
			if got < len(b) && !isDigit(b[got]) && len(b)-got >= 64 && numQuick {
				t.Fatalf("nextDigitBlocks(%q, %d) = %d: stops at no digit with %d bytes left", b, i, got, len(b)-got)
			}
		}
	}
}

// TestQuickRunsAfterDigitlessBlocks: values after stretches without
// digits (names, prose) of every length up to several windows, at every
// place in a window, are found as the byte-by-byte pass finds them (the
// numeric pass passes such blocks at one compare each).
func TestQuickRunsAfterDigitlessBlocks(t *testing.T) {
	e := mustCompile(t, Options{})
	field := e.Field("card number ssn iban")
	names := []byte("Priya Schneider\x00Henrik M\xc3\xbcller\x00Lukas Garc\xc3\xada\x00Emma Kim\x00")
	values := []string{"4111 1111 1111 1111", "536-22-8726", "192.168.1.254", "DE89 3704 0044 0532 0130 00", "2021-06-29T14:29:41Z", "7"}
	for _, v := range values {
		for n := 0; n <= 260; n += 7 {
			var data []byte
			for len(data) < n {
				data = append(data, names...)
			}
			data = append(append(append(data[:n], v...), '\x00'), names...)
			for off := range 64 {
				scanBoth(t, e, append(bytes.Repeat([]byte{'x'}, off), data...), field)
			}
		}
	}
}
