package detectors

import (
	"encoding/binary"
	"math/bits"
)

// kwIndex finds, in one pass over a buffer, every keyword of every
// keyword-required shape and every anchor of every anchored shape: the
// keyword-first half of the engine. A large catalogue of keyword-required
// identifiers (passports, licences, tax IDs, health numbers) then costs one
// pass, and only the characters around each hit are examined for the
// shapes that own the keyword.
//
// The pass looks only at word starts (a letter after a non-alphanumeric
// byte, a camelCase boundary, or a UTF-8 lead byte when some keyword is not
// ASCII), found 64 bytes at a time with AVX-512 (vector_simd.go) or eight
// at a time (SWAR), and rejects most of them with one bit test on their
// first three bytes, hashed to 15 bits (a 4 KiB table, in L1; see
// triHash). Measured on BenchmarkScan's corpus with the default catalogue
// (631k word starts in 8 MiB): a two-byte test passed 48% of word starts,
// this three-byte test 13% (the rest are real prefixes: "con", "acc",
// "pro", "tra"); an 18-bit hash with a distinct code per letter and digit
// passed the same 13%. A second test on four bytes (quad) and an
// eight-byte compare per word (kwPrefix) then spare nearly all keyword
// comparisons: the pass's time went from mostly candidates to mostly word
// starts.
type kwIndex struct {
	words []string // normalised keywords and anchors
	// The indexes of the shape rules owning word i are
	// owners[ownerOff[i]:ownerOff[i+1]], in the order added.
	ownerOff []uint32
	owners   []uint16
	anchor   []bool // the word is an anchor: its owners' values start at it
	tri      [1 << 15 / 64]uint64
	high     bool // some word starts with a non-ASCII byte

	// quad is a second filter on the first four bytes (20 bits, 128 KiB)
	// for word starts that pass tri. Most of those are real three-letter
	// prefixes of keywords ("num", "car", "con", "acc"); the fourth byte
	// rejects most of them before any keyword is compared. An array, so
	// that its index (20 bits) needs no bounds check.
	quad *[1 << 20 / 64]uint64

	// pair is tri's first two bytes alone, bit code1&7 of byte
	// code0<<2|code1>>3 (codes: the low five bits, as triHash reads them):
	// a table that 64 word starts look up at once with AVX-512 VBMI (see
	// scanAVX512). Every start that passes tri passes pair.
	pair [128]byte
	// pairNext is the same for tri's second and third bytes. Of the word
	// starts in the bench corpus's text, pair passes 46 %, pair and
	// pairNext 30 %, tri 9 %; hex digests and UUIDs, whose digits share
	// their five low bits with the letters p-y, fail pairNext more often.
	pairNext [128]byte
	// pairSkip is the same for tri's first and third bytes: of the word
	// starts of a chunk dump's notes that pass pair and pairNext, it drops
	// a third ("team", "part", "revi", "mana") for a few more vector
	// operations per 64 bytes.
	pairSkip [128]byte

	// Words by prefix hash, flattened after the last add: the words of
	// hash h are triPrefix[triOff[h]:triOff[h+1]]. Offsets of 16 bits
	// (a bucket list of the whole catalogue holds some 2,000 words): a
	// 64 KiB table where 32 bits took 128 KiB, 32 pages of fresh memory
	// for every process to fault in. Buckets numbered by their rank
	// among tri's set bits took one page, but the rank's popcount made
	// the keyword pass 3-4 % slower on prose (at runs per candidate).
	triOff []uint16
	// triRank[k] counts the set bits of tri before tri[k]: finish numbers
	// the buckets by it while placing their words.
	triRank [1 << 15 / 64]uint16
	// triPrefix holds the words of every bucket, each as its kwPrefix
	// (with its index), in the order added, so that at reads a bucket's
	// words in a row: through a list of indexes into the words' prefixes,
	// the load of each word's prefix was a cache miss of its own, and a
	// sixth of the keyword pass on prose.
	triPrefix []kwPrefix

	// sepAt[h], when not -1, is a place every word of hash h needs a word
	// boundary at (kwPrefix.next, the same for all of them): a lowercase
	// letter or a digit there rules out the bucket at one byte's test.
	// Prose that starts with a short keyword ("printed" for "pr no",
	// "finance" for "fin") was 29 % of the buckets the keyword pass
	// tried on the chunk dump's text and notes.
	sepAt [1 << 15]int8

	// While adding (finish drops them): word<<16|owner for every owner,
	// in the order added; and the words' entries, an
	// open-addressing table of word index+1 by word and anchor flag (an
	// anchor and a keyword that are the same word are two entries; a map
	// of them was the largest allocation of the catalogue's compile).
	ownerPairs []uint32
	byWord     []uint16
}

// kwSeps are the bytes a space in a keyword stands for.
const kwSeps = " \t\r\n_-."

// triHash hashes three bytes to 15 bits. It reads the low five bits of
// each byte, which are the same for an ASCII letter in either case, so
// text needs no folding; separators differ, so keywords are indexed under
// every separator they may meet.
func triHash(a, b, c byte) uint32 { return uint32(a&31)<<10 | uint32(b&31)<<5 | uint32(c&31) }

// quadHash hashes four bytes to 20 bits, folding case as triHash does.
func quadHash(a, b, c, d byte) uint32 {
	return uint32(a&31)<<15 | uint32(b&31)<<10 | uint32(c&31)<<5 | uint32(d&31)
}

// kwPrefix is a word's bytes up to its first space (at most eight), as a
// little-endian word: text at p holds the prefix iff
// (load64(text[p:]) | fold) & mask == bytes. fold sets bit 5 at ASCII
// letters, which lowercases an uppercase letter and changes no byte into a
// lowercase letter that was not one of that letter's two cases.
//
// next, when not -1, is the offset after the prefix where the word needs a
// word boundary: a space follows the prefix in the word (a separator or a
// camelCase capital in text), or the word ends there with a letter or
// digit (wordEnd). Either way a lowercase letter or a digit there rules the
// word out: prose words that start with a keyword ("printed" for "pr no",
// "password" for "pass nr", "finance" for "fin") then cost no matchAt.
//
// follow, when not 0, is the byte after that space in the word: the first
// letter of its next part, which text must show after one separator (or
// as a camelCase capital). Keywords that share a prefix ("account number",
// "account no", "account details") otherwise each cost a matchAt at every
// "account manager" of prose.
type kwPrefix struct {
	bytes, fold, mask uint64
	next              int8 // (at most 8)
	follow            byte
	word              uint16 // the word's index (words, owners)
}

func newKwPrefix(w string) kwPrefix {
	p := kwPrefix{next: -1}
	i := 0
	for ; i < len(w) && i < 8 && w[i] != ' '; i++ {
		c := uint64(w[i])
		p.bytes |= c << (8 * i)
		p.mask |= 0xFF << (8 * i)
		if isLower(w[i]) {
			p.fold |= 0x20 << (8 * i)
		}
	}
	if i < 8 && ((i < len(w) && w[i] == ' ') || (i == len(w) && isAlnum(w[i-1]))) {
		p.next = int8(i)
		if i+1 < len(w) {
			p.follow = w[i+1]
		}
	}
	return p
}

// follows reports whether the text at data[q], where a space of a word
// whose next part starts with f lies, may continue the word: one
// separator and then f (more separators: matchAt decides), or f as a
// camelCase capital. matchAt compares the bytes with toLower.
func follows(data []byte, q int, f byte) bool {
	c := data[q]
	if isKeywordSep(c) {
		if q+1 >= len(data) {
			return false
		}
		if c = data[q+1]; isKeywordSep(c) {
			return true
		}
	}
	return toLower(c) == f
}

// newKwIndex returns an empty index for about adds calls of add (a
// capacity, not a limit).
func newKwIndex(adds int) *kwIndex { return newKwIndexIn(adds, nil, nil) }

// kwTables are a kwIndex's two large tables, its quad filter and its
// prefix buckets' offsets, as one piece of storage.
type kwTables struct {
	quad   [1 << 20 / 64]uint64
	triOff [1<<15 + 1]uint16
}

// newKwIndexIn is newKwIndex in the storage given (zeroed, used by no
// other index), where not nil.
func newKwIndexIn(adds int, x *kwIndex, tabs *kwTables) *kwIndex {
	if x == nil {
		x = new(kwIndex)
	}
	if tabs == nil {
		x.quad = new([1 << 20 / 64]uint64)
	} else {
		x.quad, x.triOff = &tabs.quad, tabs.triOff[:]
	}
	x.words = make([]string, 0, adds)
	x.anchor = make([]bool, 0, adds)
	x.ownerPairs = make([]uint32, 0, adds)
	x.byWord = make([]uint16, max(64, 1<<bits.Len(uint(2*adds))))
	return x
}

// finish flattens the prefix-hash lists and the owner lists; call it
// after the last add.
func (x *kwIndex) finish() {
	buckets := 0
	for k, w := range x.tri {
		x.triRank[k] = uint16(buckets)
		buckets += bits.OnesCount64(w)
	}
	// Each word's prefix hashes again (the walk add made, stopped at three
	// bytes: far cheaper than keeping every pair of hash and word), twice:
	// to count the words of each bucket, then to place them. A word reaches
	// a hash by several paths (separators) and is kept once: last[r] is
	// the last word counted in bucket r, plus one. Words are placed in
	// the order added.
	off := make([]uint32, buckets+1)
	last := make([]uint16, buckets)
	hs := make([]uint32, 0, 1<<10) // (not nil: see expand)
	for wi, w := range x.words {
		hs = x.prefixHashes(hs[:0], w)
		for _, h := range hs {
			if r := x.rank(h); last[r] != uint16(wi+1) {
				last[r] = uint16(wi + 1)
				off[r+1]++
			}
		}
	}
	for r := 1; r <= buckets; r++ {
		off[r] += off[r-1]
	}
	if off[buckets] > 1<<16-1 {
		panic("kwIndex: more than 65535 words in the prefix buckets")
	}
	x.triPrefix = make([]kwPrefix, off[buckets])
	clear(last)
	for i := range x.sepAt {
		x.sepAt[i] = -1
	}
	for wi, w := range x.words {
		pf := newKwPrefix(w)
		pf.word = uint16(wi)
		hs = x.prefixHashes(hs[:0], w)
		for _, h := range hs {
			r := x.rank(h)
			if last[r] == uint16(wi+1) {
				continue
			}
			// A bucket's first word sets sepAt; one that differs clears it.
			if last[r] == 0 {
				x.sepAt[h] = pf.next
			} else if x.sepAt[h] != pf.next {
				x.sepAt[h] = -1
			}
			last[r] = uint16(wi + 1)
			x.triPrefix[off[r]] = pf
			off[r]++
		}
	}
	// off[r] is now where bucket r+1 starts. The offsets by hash: an
	// empty bucket starts (and ends) where the next one starts.
	if len(x.triOff) != 1<<15+1 { // (not in storage given to newKwIndexIn)
		x.triOff = make([]uint16, 1<<15+1)
	}
	start := uint16(0) // where the next bucket with words starts
	r := 0
	for h := range 1 << 15 {
		x.triOff[h] = start
		if x.tri[h>>6]&(1<<(h&63)) != 0 {
			start = uint16(off[r])
			r++
		}
	}
	x.triOff[1<<15] = start
	x.pair, x.pairNext, x.pairSkip = [128]byte{}, [128]byte{}, [128]byte{}
	for k, w := range x.tri {
		for ; w != 0; w &= w - 1 {
			h := uint32(k<<6 | bits.TrailingZeros64(w))
			c0, c1, c2 := h>>10, h>>5&31, h&31
			x.pair[c0<<2|c1>>3] |= 1 << (c1 & 7)
			x.pairNext[c1<<2|c2>>3] |= 1 << (c2 & 7)
			x.pairSkip[c0<<2|c2>>3] |= 1 << (c2 & 7)
		}
	}
	// The owners by word, in the order added: a counting sort.
	x.ownerOff = make([]uint32, len(x.words)+1)
	for _, p := range x.ownerPairs {
		x.ownerOff[p>>16+1]++
	}
	for i := 1; i <= len(x.words); i++ {
		x.ownerOff[i] += x.ownerOff[i-1]
	}
	x.owners = make([]uint16, len(x.ownerPairs))
	next := make([]uint32, len(x.words))
	copy(next, x.ownerOff)
	for _, p := range x.ownerPairs {
		wi := p >> 16
		x.owners[next[wi]] = uint16(p)
		next[wi]++
	}
	x.ownerPairs, x.byWord = nil, nil
}

// rank returns the bucket number of prefix hash h, whose tri bit is set.
func (x *kwIndex) rank(h uint32) uint32 {
	k := h >> 6 & (1<<15/64 - 1)
	return uint32(x.triRank[k]) + uint32(bits.OnesCount64(x.tri[k]&(1<<(h&63)-1)))
}

// bucket returns the words whose prefix hash is h.
func (x *kwIndex) bucket(h uint32) []kwPrefix {
	return x.triPrefix[x.triOff[h]:x.triOff[h+1]]
}

// ownersOf returns the shape rules owning word wi.
func (x *kwIndex) ownersOf(wi uint16) []uint16 {
	return x.owners[x.ownerOff[wi]:x.ownerOff[wi+1]]
}

// wordSlot returns the slot of byWord for key: the one holding its word,
// or the empty one where it would go.
func (x *kwIndex) wordSlot(w string, anchor bool) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	if anchor {
		h = (h ^ 1) * 16777619
	}
	mask := len(x.byWord) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		wi := x.byWord[i]
		if wi == 0 || (x.words[wi-1] == w && x.anchor[wi-1] == anchor) {
			return i
		}
	}
}

// add indexes normalised keyword w for shape rule owner; anchor says the
// owner's values start where w does.
func (x *kwIndex) add(w string, owner uint16, anchor bool) {
	slot := x.wordSlot(w, anchor)
	if wi := x.byWord[slot]; wi != 0 {
		x.ownerPairs = append(x.ownerPairs, uint32(wi-1)<<16|uint32(owner))
		return
	}
	if len(x.words) == 1<<16-1 {
		panic("kwIndex: more than 65535 words")
	}
	wi := uint16(len(x.words))
	x.byWord[slot] = wi + 1
	x.words = append(x.words, w)
	x.anchor = append(x.anchor, anchor)
	x.ownerPairs = append(x.ownerPairs, uint32(wi)<<16|uint32(owner))
	if 2*len(x.words) > len(x.byWord) {
		old := x.byWord
		x.byWord = make([]uint16, 2*len(old))
		for _, v := range old {
			if v != 0 {
				x.byWord[x.wordSlot(x.words[v-1], x.anchor[v-1])] = v
			}
		}
	}
	if w[0] >= 0x80 {
		x.high = true
	}
	// Mark the four-byte prefixes text can show for w: a space in w is one
	// separator or more, or nothing at a camelCase boundary; after the
	// word comes a byte that may end it, then anything. The hashes read
	// five bits of a byte, so past the word's end 32 values stand for all
	// 256 (and every one of the 32 has a byte that ends any word: the
	// control bytes).
	var pre [4]byte
	x.expand(&pre, 0, w, false, nil)
}

// prefixHashes appends to hs the three-byte prefix hashes of word w that
// add marks in tri (repeats included).
func (x *kwIndex) prefixHashes(hs []uint32, w string) []uint32 {
	var pre [4]byte
	return x.expand(&pre, 0, w, false, hs)
}

// expand is add's walk over the prefixes of a word: pre[:n] is the prefix
// so far, rest what the word has left, ended whether it has ended. It
// marks tri and quad; with hs not nil (prefixHashes), it only appends the
// three-byte hashes to hs, and returns it.
func (x *kwIndex) expand(pre *[4]byte, n int, rest string, ended bool, hs []uint32) []uint32 {
	switch n {
	case 3:
		h := triHash(pre[0], pre[1], pre[2])
		if hs != nil {
			return append(hs, h)
		}
		x.tri[h>>6] |= 1 << (h & 63)
	case 4:
		q := quadHash(pre[0], pre[1], pre[2], pre[3])
		x.quad[q>>6] |= 1 << (q & 63)
		return hs
	}
	if ended || rest == "" {
		for c := range 32 {
			pre[n] = byte(c)
			hs = x.expand(pre, n+1, "", true, hs)
		}
		return hs
	}
	if rest[0] == ' ' {
		for i := 0; i < len(kwSeps); i++ {
			pre[n] = kwSeps[i]
			hs = x.expand(pre, n+1, rest[1:], false, hs) // one separator
			pre[n] = kwSeps[i]
			hs = x.expand(pre, n+1, rest, false, hs) // more
		}
		return x.expand(pre, n, rest[1:], false, hs) // camelCase
	}
	pre[n] = rest[0]
	return x.expand(pre, n+1, rest[1:], false, hs)
}

// rangeMask returns the top bit of each byte of x (bytes < 0x80) that lies
// in [lo, hi].
func rangeMask(x uint64, lo, hi byte) uint64 {
	ge := x + uint64(0x80-lo)*lsb
	gt := x + uint64(0x80-hi-1)*lsb
	return ge &^ gt & msb
}

// scan calls fn for every keyword or anchor occurrence in data, in
// increasing start order, with the rules owning it.
func (x *kwIndex) scan(data []byte, fn func(ks, ke int, wi uint16)) {
	// The bulk of data goes through the widest loop this build and CPU
	// have (see scanBlocks); the last bytes, byte by byte.
	x.scanTail(data, x.scanBlocks(data, fn), fn)
}

// scanTail is scan's byte loop, from data[i] to the end.
func (x *kwIndex) scanTail(data []byte, i int, fn func(ks, ke int, wi uint16)) {
	n := len(data)
	for ; i < n; i++ {
		c := data[i]
		var start bool
		if isAlpha(c) {
			start = i == 0 || !isAlnum(data[i-1]) || (isLower(data[i-1]) && isUpper(c))
		} else {
			start = x.high && c >= 0xC0
		}
		if start {
			// Past the end of data counts as a separator, which is
			// what the index expects after a word that ends there.
			b1, b2 := byte(' '), byte(' ')
			if i+1 < n {
				b1 = data[i+1]
			}
			if i+2 < n {
				b2 = data[i+2]
			}
			h := triHash(c, b1, b2)
			if x.tri[h>>6]&(1<<(h&63)) != 0 {
				x.at(data, i, h, fn)
			}
		}
	}
}

func (x *kwIndex) at(data []byte, p int, h uint32, fn func(ks, ke int, wi uint16)) {
	bucket := x.bucket(h)
	if p+8 > len(data) {
		for i := range bucket {
			x.try(data, p, bucket[i].word, fn)
		}
		return
	}
	// The eight bytes at p, loaded once for every word of the bucket.
	t := load64(data[p:])
	for i := range bucket {
		pf := &bucket[i]
		if (t|pf.fold)&pf.mask != pf.bytes {
			continue
		}
		if pf.next >= 0 {
			if c := byte(t >> (8 * pf.next)); isLower(c) || isDigit(c) {
				continue
			}
			if pf.follow != 0 && !follows(data, p+int(pf.next), pf.follow) {
				continue
			}
		}
		x.try(data, p, pf.word, fn)
	}
}

// try matches word wi at data[p] (whose prefix at has checked, when eight
// bytes remain) and calls fn if it occurs there.
func (x *kwIndex) try(data []byte, p int, wi uint16, fn func(ks, ke int, wi uint16)) {
	w := x.words[wi]
	if end, ok := matchAt(data, p, len(data), w); ok && wordEnd(data, end, w[len(w)-1]) {
		fn(p, end, wi)
	}
}

// scanSWAR is scan's portable loop: word starts found eight bytes at a
// time. It returns where it stopped (a multiple of eight, at least four
// bytes before the end) for the byte loop to finish.
func (x *kwIndex) scanSWAR(data []byte, fn func(ks, ke int, wi uint16)) int {
	n := len(data)
	var carryAlnum, carryLower uint64
	i := 0
	for ; i+11 <= n; i += 8 {
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
			u := binary.LittleEndian.Uint32(data[p:])
			if h := triHash4(u); x.tri[h>>6]&(1<<(h&63)) != 0 {
				x.candidate(data, p, h, u, fn)
			}
		}
	}
	return i
}

// triHash4 is triHash of the first three bytes of a little-endian word.
func triHash4(u uint32) uint32 { return (u&31)<<10 | (u>>8&31)<<5 | (u >> 16 & 31) }

// candidate continues the filter for a word start at data[p] that passed
// the three-byte test (h is its hash, u its four bytes): the four-byte
// test, then the words themselves. Kept out of line: most starts never
// get here, and the loops around it stay small.
func (x *kwIndex) candidate(data []byte, p int, h, u uint32, fn func(ks, ke int, wi uint16)) {
	if q := h<<5 | (u >> 24 & 31); x.quad[q>>6]&(1<<(q&63)) != 0 {
		x.at(data, p, h, fn)
	}
}
