package detectors

import "bytes"

// literalFinder finds a short literal by searching for its rarest byte with
// bytes.IndexByte (vectorised, ~10x faster than bytes.Index when that byte is
// rare) and checking the literal around each hit. Even for a literal of
// common bytes it measured faster than bytes.Index on mixed data
// (BenchmarkLiteralFinder: "ecret" by its 'c', 3.2-3.6 ms against 4.7-6.7 ms
// per 8 MiB; "eyJ" by its 'J', 0.15 ms against 5-10 ms).
//
// With AVX-512 (vector_simd.go) a 64-byte window is tested for the two
// rarest bytes at their offsets at once, which stops only where both occur:
// in JSON Lines with "SKU-…" in every record, 'K' alone (AKIA's rarest
// byte) stopped IndexByte every few hundred bytes, and the four literal
// searches were a tenth of the engine's time on the bench corpus.
type literalFinder struct {
	lit  []byte
	off  int  // offset of rare in lit
	rare byte // the byte searched for
	// off2 and rare2: the rarest byte at another offset (off itself for a
	// one-byte literal), the 64-byte loop's second test.
	off2  int
	rare2 byte
}

func newLiteralFinder(lit string) literalFinder {
	f := literalFinder{lit: []byte(lit)}
	for i := 0; i < len(lit); i++ {
		if byteCommonness(lit[i]) < byteCommonness(lit[f.off]) {
			f.off = i
		}
	}
	f.rare = lit[f.off]
	f.off2 = f.off
	for i := 0; i < len(lit); i++ {
		if i != f.off && (f.off2 == f.off || byteCommonness(lit[i]) < byteCommonness(lit[f.off2])) {
			f.off2 = i
		}
	}
	f.rare2 = lit[f.off2]
	return f
}

// index returns the offset of the first occurrence of the literal in data at
// or after from, or -1.
func (f *literalFinder) index(data []byte, from int) int {
	return f.indexBlocks(data, from)
}

// indexRare is index by the rare byte alone, with bytes.IndexByte.
func (f *literalFinder) indexRare(data []byte, from int) int {
	p := from + f.off
	for p < len(data) {
		k := bytes.IndexByte(data[p:], f.rare)
		if k < 0 {
			return -1
		}
		p += k
		st := p - f.off
		if st+len(f.lit) <= len(data) && bytes.Equal(data[st:st+len(f.lit)], f.lit) {
			return st
		}
		p++
	}
	return -1
}

// byteCommonness ranks how common a byte is in the text, logs, CSV and JSON
// we scan (higher is more common); only the order matters. Lowercase letters,
// digits, space and field punctuation are everywhere; uppercase letters are
// rarer, the consonants rarest.
func byteCommonness(c byte) int {
	switch {
	case c == ' ' || c == 'e' || c == 't' || c == 'a' || c == 'o' || c == 'i' || c == 'n':
		return 100
	case isLower(c) || isDigit(c):
		return 80
	case c == ',' || c == '"' || c == '.' || c == '-' || c == ':' || c == '\n' || c == '_' || c == '/':
		return 70
	case c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'S' || c == 'T' || c == 'N' || c == 'R' || c == 'C' || c == 'D' || c == 'M' || c == 'L':
		return 40
	case isUpper(c):
		return 20
	}
	return 30
}

// The literal anchors of the AWS key ID, PEM and JWT passes, as indexes of
// a literalFrom.
const (
	litAKIA = iota // awsKeyIDFinders[0]
	litASIA        // awsKeyIDFinders[1]
	litPEM         // pemBeginFinder
	litJWT         // jwtAnchorFinder
	numLiterals
)

// literalFrom holds, per literal anchor, an offset before which the
// literal does not occur in the buffer: where its search may start.
type literalFrom [numLiterals]int

// Two bytes of each literal anchor at their offsets, tested together by
// literalAnchorsFrom (vector_simd.go): a literal occurs only where both
// do. Each pair is the literal's own bytes (TestLiteralAnchorPairs), the
// rarest two but for ASIA, whose bytes are all as common as each other.
const (
	akiaOff0, akiaByte0, akiaOff1, akiaByte1 = 0, 'A', 1, 'K'
	asiaOff0, asiaByte0, asiaOff1, asiaByte1 = 0, 'A', 1, 'S'
	pemOff0, pemByte0, pemOff1, pemByte1     = 5, 'B', 7, 'G'
	jwtOff0, jwtByte0, jwtOff1, jwtByte1     = 1, 'y', 2, 'J'
)
