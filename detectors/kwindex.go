package detectors

import "math/bits"

// kwIndex finds, in one pass over a buffer, every keyword of every
// keyword-required shape: the keyword-first half of the engine. A large
// catalogue of keyword-required identifiers (passports, licences, tax IDs,
// phone numbers) then costs one pass, and only the characters around each
// hit are examined for the shapes that own the keyword.
//
// The pass looks only at word starts (a letter after a non-alphanumeric
// byte, a camelCase boundary, or a UTF-8 lead byte when some keyword is not
// ASCII), found eight bytes at a time (SWAR), and rejects most of them with
// one bit test on their first two bytes, lowercased. Measured against a
// first-byte table over every byte, this visits about a sixth of the bytes
// and does one L1-resident load for each.
type kwIndex struct {
	words    []string   // normalised keywords
	owners   [][]uint16 // indexes of the shape rules owning each word
	bigram   [1 << 16 / 64]uint64
	byBigram map[uint16][]uint16 // first two bytes, lowercased -> words
	high     bool                // some keyword starts with a non-ASCII byte
}

func newKwIndex() *kwIndex { return &kwIndex{byBigram: map[uint16][]uint16{}} }

// add indexes normalised keyword w for shape rule owner.
func (x *kwIndex) add(w string, owner uint16) {
	for i, v := range x.words {
		if v == w {
			x.owners[i] = append(x.owners[i], owner)
			return
		}
	}
	wi := uint16(len(x.words))
	x.words = append(x.words, w)
	x.owners = append(x.owners, []uint16{owner})
	if w[0] >= 0x80 {
		x.high = true
	}
	var seconds []byte
	switch {
	case len(w) == 1:
		// Any second byte: index every one.
		for c := 0; c < 256; c++ {
			seconds = append(seconds, byte(c))
		}
	case w[1] == ' ':
		// A space matches a run of separators or a camelCase boundary.
		seconds = []byte{' ', '\t', '\r', '\n', '_', '-', '.'}
		if len(w) > 2 {
			seconds = append(seconds, w[2])
		}
	default:
		seconds = []byte{w[1]}
	}
	for _, c := range seconds {
		h := uint16(w[0])<<8 | uint16(toLower(c))
		x.bigram[h>>6] |= 1 << (h & 63)
		x.byBigram[h] = append(x.byBigram[h], wi)
	}
}

// rangeMask returns the top bit of each byte of x (bytes < 0x80) that lies
// in [lo, hi].
func rangeMask(x uint64, lo, hi byte) uint64 {
	ge := x + uint64(0x80-lo)*lsb
	gt := x + uint64(0x80-hi-1)*lsb
	return ge &^ gt & msb
}

// scan calls fn for every keyword occurrence in data, in increasing start
// order, with the rules owning it.
func (x *kwIndex) scan(data []byte, fn func(ks, ke int, owners []uint16)) {
	n := len(data)
	var carryAlnum, carryLower uint64
	i := 0
	for ; i+8 <= n; i += 8 {
		w := load64(data[i:])
		ascii := ^w & msb
		x7 := w &^ msb
		alpha := rangeMask(x7|0x2020202020202020, 'a', 'z') & ascii
		lower := rangeMask(x7, 'a', 'z') & ascii
		alnum := alpha | digitMask(w)
		starts := alpha &^ (alnum<<8 | carryAlnum)
		starts |= (alpha &^ lower) & (lower<<8 | carryLower)
		if x.high {
			starts |= w & (w << 1) & msb
		}
		carryAlnum, carryLower = alnum>>56, lower>>56
		for starts != 0 {
			p := i + bits.TrailingZeros64(starts)>>3
			starts &= starts - 1
			x.at(data, p, fn)
		}
	}
	for ; i < n; i++ {
		c := data[i]
		var start bool
		if isAlpha(c) {
			start = i == 0 || !isAlnum(data[i-1]) || (isLower(data[i-1]) && isUpper(c))
		} else {
			start = x.high && c >= 0xC0
		}
		if start {
			x.at(data, i, fn)
		}
	}
}

func (x *kwIndex) at(data []byte, p int, fn func(ks, ke int, owners []uint16)) {
	if p+1 >= len(data) {
		return
	}
	h := uint16(toLower(data[p]))<<8 | uint16(toLower(data[p+1]))
	if x.bigram[h>>6]&(1<<(h&63)) == 0 {
		return
	}
	for _, wi := range x.byBigram[h] {
		w := x.words[wi]
		if end, ok := matchAt(data, p, len(data), w); ok && wordEnd(data, end, w[len(w)-1]) {
			fn(p, end, x.owners[wi])
		}
	}
}
