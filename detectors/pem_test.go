package detectors

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// pemBlockEndRef is pemBlockEnd as first written: the next BEGIN line
// bounds the search, then the END lines are tried in order.
func pemBlockEndRef(data []byte, from int, label []byte) int {
	limit := min(len(data), from+pemSearchLimit)
	if k := bytes.IndexByte(data[from:limit], 0); k >= 0 {
		limit = from + k
	}
	if k := bytes.Index(data[from:limit], pemBegin); k >= 0 {
		limit = from + k
	}
	p := from
	for p < limit {
		k := bytes.Index(data[p:limit], pemEnd)
		if k < 0 {
			break
		}
		x := p + k + len(pemEnd)
		if bytes.HasPrefix(data[x:limit], label) && bytes.HasPrefix(data[x+len(label):limit], pemDash) {
			return x + len(label) + len(pemDash)
		}
		p = x
	}
	return from
}

// TestPEMBlockEndAgreesWithReference: the one-search pemBlockEnd ends a
// block where the reference does, on text dense in BEGIN and END lines,
// dashes, labels, NULs and lines that overlap, and past the search limit.
func TestPEMBlockEndAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	labels := [][]byte{[]byte("RSA PRIVATE KEY"), []byte("PRIVATE KEY"), []byte("EC PRIVATE KEY")}
	pieces := []string{"-----BEGIN ", "-----END ", "-----", "-", "------", "RSA PRIVATE KEY", "PRIVATE KEY", "EC ", "\n", "MIIEow", "\x00", " ", "END", "BEGIN"}
	for range 20000 {
		var b []byte
		for range 1 + r.IntN(30) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		if r.IntN(50) == 0 {
			b = append(b, bytes.Repeat([]byte("x"), pemSearchLimit)...)
			b = append(b, "-----END RSA PRIVATE KEY-----"...)
		}
		label := labels[r.IntN(len(labels))]
		for from := 0; from <= len(b); from += 1 + r.IntN(5) {
			if got, want := pemBlockEnd(b, from, label), pemBlockEndRef(b, from, label); got != want {
				t.Fatalf("pemBlockEnd(%q, %d, %q) = %d, want %d", b, from, label, got, want)
			}
		}
	}
}
