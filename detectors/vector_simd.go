//go:build goexperiment.simd && amd64

package detectors

import (
	"encoding/binary"
	"math/bits"
	"simd/archsimd"
)

// hasAVX512 selects the 64-byte loop; CPUs without AVX-512 run the
// portable one.
var hasAVX512 = archsimd.X86.AVX512()

// hasVBMI adds the keyword pass's two-byte test (byte permutes).
var hasVBMI = hasAVX512 && archsimd.X86.AVX512VBMI()

// hasVBMI2 lets the keyword pass list a batch's word starts with byte
// compresses (see kwStartList).
var hasVBMI2 = hasVBMI && archsimd.X86.AVX512VBMI2()

// scanBlocks runs the keyword pass's bulk loop. With AVX-512 the byte
// classes of 64 bytes (digit, letter, lowercase, UTF-8 lead byte) are four
// vector compares, each one bit per byte, and word starts are a few
// operations on those words: classifying bytes, which is most of the
// portable loop's time, becomes nearly free (BenchmarkKeywordPass: about
// twice the portable loop's rate on BenchmarkScan's corpus), and what
// remains is the work per word start.
func (x *kwIndex) scanBlocks(data []byte, fn func(ks, ke int, wi uint16)) int {
	if !hasAVX512 {
		return x.scanSWAR(data, fn)
	}
	return x.scanAVX512(data, fn)
}

// kwBatch is how many 64-byte blocks the AVX-512 keyword loop classifies
// (kwStartBlocks) before it tests their word starts one by one: the
// classifying loop makes no call, so its constants stay in vector
// registers, where a call to at in the same loop made the compiler save
// and reload all of them around it.
const kwBatch = 32

// kwStartList is a batch's word starts as kwStartBlocks lists them with
// VBMI2, in order: start j is byte blk[j]*64 + off[j] of the batch. The
// three- and four-byte tests then run over the batch's starts in one loop:
// tested block by block, a loop over the bits of each block's starts, the
// exit of every one of them mispredicted (about three and a half starts a
// block in prose, never the same number twice), cost more than the tests:
// BenchmarkKeywordPassChunks 1.2x on text and notes with the list
// (medians of alternating runs).
type kwStartList struct {
	off, blk [kwBatch*64 + 64]uint8 // 64 more: each block stores 64 bytes
	n        int
}

func (x *kwIndex) scanAVX512(data []byte, fn func(ks, ke int, wi uint16)) int {
	var carry [3]uint64
	var starts [kwBatch]uint64
	// (on the stack: 4 KiB to clear per buffer, where a Scanner's
	// scratch space would take a field of scan.go's)
	var starts2 kwStartList
	var list *kwStartList
	if hasVBMI2 {
		list = &starts2
	}
	i := 0
	for {
		nb := x.kwStartBlocks(data[i:], &carry, &starts, list)
		if nb == 0 {
			return i
		}
		if list != nil {
			x.testStarts(data, i, nb, list, fn)
			i += nb * 64
			continue
		}
		for b, m := range starts[:nb] {
			at := i + b*64
			// kwStartBlocks's blocks leave four bytes to read at any
			// start (and one more, so that blk's length lets the
			// compiler drop the bounds checks).
			blk := (*[64 + 4]byte)(data[at : at+64+4])
			// The three- and four-byte tests without a branch per start:
			// after the pair tests about a third pass each, as good as
			// random for a branch predictor.
			var pass uint64
			for ; m != 0; m &= m - 1 {
				k := bits.TrailingZeros64(m) & 63 // (m != 0) the mask drops a bounds check
				u := binary.LittleEndian.Uint32(blk[k:])
				h := triHash4(u)
				q := h<<5 | (u >> 24 & 31)
				pass |= (x.tri[h>>6] >> (h & 63)) & (x.quad[q>>6] >> (q & 63)) & 1 << k
			}
			for ; pass != 0; pass &= pass - 1 {
				k := bits.TrailingZeros64(pass) & 63
				x.at(data, at+k, triHash4(binary.LittleEndian.Uint32(blk[k:])), fn)
			}
		}
		i += nb * 64
	}
}

// testStarts runs the three- and four-byte tests on the starts of list,
// in batch (kwStartList), and matches the words at those that pass; the
// batch is nb blocks of data from base, which kwStartBlocks left four
// bytes more after.
func (x *kwIndex) testStarts(data []byte, base, nb int, list *kwStartList, fn func(ks, ke int, wi uint16)) {
	batch := data[base : base+nb*64+4]
	m := x.quadPass(batch, list)
	for j := range m {
		p := int(list.blk[j&(kwBatch*64-1)])<<6 | int(list.off[j&(kwBatch*64-1)])
		h := triHash4(binary.LittleEndian.Uint32(batch[p:]))
		if s := x.sepAt[h&(1<<15-1)]; s >= 0 {
			if q := base + p + int(s); q < len(data) && (isLower(data[q]) || isDigit(data[q])) {
				continue // (see kwIndex.sepAt)
			}
		}
		x.at(data, base+p, h, fn)
	}
}

// quadPass moves the starts of list that pass the four-byte test to its
// front, in order (m ≤ j), without a branch, and returns how many. Only
// the four-byte test: every four bytes that pass it pass the three-byte
// one (add marks quad only where it marks tri). Its own function, so that
// nothing of testStarts's is live in its loop: inside testStarts, whose
// call of at needs the rest, the loop reloaded five values from the stack
// per start.
//
//go:noinline
func (x *kwIndex) quadPass(batch []byte, list *kwStartList) int {
	quad := x.quad
	m := 0
	for j := range list.n {
		o, b := list.off[j&(kwBatch*64-1)], list.blk[j&(kwBatch*64-1)]
		q := quadHash4(binary.LittleEndian.Uint32(batch[int(b)<<6|int(o):]))
		list.off[m&(kwBatch*64-1)], list.blk[m&(kwBatch*64-1)] = o, b
		m += int(quad[q>>6&(1<<20/64-1)] >> (q & 63) & 1)
	}
	return m
}

// quadHash4 is quadHash of the four bytes of a little-endian word.
func quadHash4(u uint32) uint32 { return triHash4(u)<<5 | (u >> 24 & 31) }

// kwBitOf and kwOffsets are constants of kwStartBlocks: the byte
// selecting bit k&7 of a table byte, and k, at index k. Built once: built
// per call, as local arrays, they were a tenth of its time on prose.
var kwBitOf, kwOffsets = func() (bitOf, offsets [64]uint8) {
	for k := range 64 {
		bitOf[k] = 1 << (k & 7)
		offsets[k] = uint8(k)
	}
	return bitOf, offsets
}()

// kwStartBlocks sets out[b] to the word starts of data's 64-byte block b
// that pass the pair tests, for as many blocks as out holds and data holds
// with four bytes more, and returns how many; with list (not nil, VBMI2)
// it lists the starts there instead. carry holds the alphanumeric and
// lowercase bits of the byte before the first block and how many blocks of
// the last batch had starts (see dense), and is updated.
// With AVX-512 the byte classes of 64 bytes (digit, letter, lowercase,
// UTF-8 lead byte) are four vector compares, each one bit per byte, and
// word starts are a few operations on those words.
func (x *kwIndex) kwStartBlocks(data []byte, carry *[3]uint64, out *[kwBatch]uint64, list *kwStartList) int {
	zero, nine := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9)
	a, z25, bit5 := archsimd.BroadcastUint8x64('a'), archsimd.BroadcastUint8x64('z'-'a'), archsimd.BroadcastUint8x64(0x20)
	lead := archsimd.BroadcastUint8x64(0xC0)
	carryAlnum, carryLower := carry[0], carry[1]
	// The pair tables (two 64-byte halves each), and the byte selecting
	// bit k of a table byte at index k of every 16-byte group.
	pairLo := archsimd.LoadUint8x64((*[64]uint8)(x.pair[:64]))
	pairHi := archsimd.LoadUint8x64((*[64]uint8)(x.pair[64:]))
	nextLo := archsimd.LoadUint8x64((*[64]uint8)(x.pairNext[:64]))
	nextHi := archsimd.LoadUint8x64((*[64]uint8)(x.pairNext[64:]))
	skipLo := archsimd.LoadUint8x64((*[64]uint8)(x.pairSkip[:64]))
	skipHi := archsimd.LoadUint8x64((*[64]uint8)(x.pairSkip[64:]))
	bitOf := archsimd.LoadUint8x64(&kwBitOf)
	low5, low2 := archsimd.BroadcastUint8x64(31), archsimd.BroadcastUint8x64(3)
	offsets := archsimd.LoadUint8x64(&kwOffsets)
	n := 0
	vbmi := hasVBMI
	// dense: the last batch had starts in more than one block in eight.
	// Its blocks' starts are then tested and listed without a branch on
	// them: in columns of hex digests and UUIDs a block has a start about
	// every other time, as good as random for the branch predictor, and
	// the tests cost less than its misses (BenchmarkKeywordPassChunks hex
	// 1.5x). Where blocks have none (dates, amounts, IDs), the branch is
	// always right and spares the tests (the keyword pass 5-10 % of
	// BenchmarkScanChunksByField on such columns).
	dense := carry[2] > kwBatch/8
	withStarts := uint64(0)
	nb := min((len(data)-4)/64, kwBatch)
	for b := range nb {
		blk := (*[64 + 2]byte)(data[b*64 : b*64+64+2])
		v := archsimd.LoadUint8x64((*[64]uint8)(blk[:64]))
		digit := v.Sub(zero).LessEqual(nine).ToBits()
		alpha := v.Or(bit5).Sub(a).LessEqual(z25).ToBits()
		lower := v.Sub(a).LessEqual(z25).ToBits()
		alnum := alpha | digit
		starts := alpha &^ (alnum<<1 | carryAlnum)
		starts |= (alpha &^ lower) & (lower<<1 | carryLower)
		if x.high {
			starts |= v.GreaterEqual(lead).ToBits()
		}
		carryAlnum, carryLower = alnum>>63, lower>>63
		withStarts += (starts | -starts) >> 63
		if vbmi && (dense || starts != 0) {
			// Half the word starts of text fail on their first two bytes
			// (pair): test all 64 with two table lookups rather than one
			// by one. The tables' indexes are a byte's code (its low five bits)
			// times four and two bits of the next byte's code: the
			// permutes read seven bits of an index, so the codes times
			// four need no mask; VPSHUFB reads four bits of bitOf's
			// (bit k&7 at k), so the low five bits serve as well as three.
			// Fewer constants: the loop's live vectors exceed the
			// registers the compiler uses, and the rest are reloaded.
			v1 := archsimd.LoadUint8x64((*[64]uint8)(blk[1:65]))
			v4 := v.Add(v)
			v4 = v4.Add(v4)
			row := pairLo.ConcatPermute(pairHi, v4.Or(v1.AsUint16x32().ShiftAllRight(3).AsUint8x64().And(low2)))
			bit := bitOf.PermuteOrZeroGrouped(v1.And(low5).AsInt8x64())
			// The same test of the second and third bytes (pairNext)
			// drops a third (text) to a half (the columns) of what is left.
			v2 := archsimd.LoadUint8x64((*[64]uint8)(blk[2:66]))
			hi2 := v2.AsUint16x32().ShiftAllRight(3).AsUint8x64().And(low2)
			v1x4 := v1.Add(v1)
			v1x4 = v1x4.Add(v1x4)
			row2 := nextLo.ConcatPermute(nextHi, v1x4.Or(hi2))
			bit2 := bitOf.PermuteOrZeroGrouped(v2.And(low5).AsInt8x64())
			// And of the first and third (pairSkip), whose bit is the
			// third byte's, as pairNext's: one test of both rows.
			row3 := skipLo.ConcatPermute(skipHi, v4.Or(hi2))
			starts &= row.And(bit).Equal(bit).ToBits() & row2.And(row3).And(bit2).Equal(bit2).ToBits()
		}
		if list != nil {
			if !dense && starts == 0 {
				continue
			}
			// (stored whether or not there are starts: n grows by none)
			offsets.Compress(archsimd.Mask8x64FromBits(starts)).Store((*[64]uint8)(list.off[n : n+64]))
			archsimd.BroadcastUint8x64(uint8(b)).Store((*[64]uint8)(list.blk[n : n+64]))
			n += bits.OnesCount64(starts)
		} else {
			out[b] = starts
		}
	}
	if list != nil {
		list.n = n
	}
	carry[0], carry[1], carry[2] = carryAlnum, carryLower, withStarts
	return nb
}

// digitBits64 returns one bit per byte of b, set for ASCII digits: one
// vector compare with AVX-512.
func digitBits64(b *[64]byte) uint64 {
	if !hasAVX512 {
		return digitBits64SWAR(b)
	}
	v := archsimd.LoadUint8x64((*[64]uint8)(b))
	return v.Sub(archsimd.BroadcastUint8x64('0')).LessEqual(archsimd.BroadcastUint8x64(9)).ToBits()
}

// digitClassBits64 returns digitBits64(b) and, when b has digits, sets
// cl's byte classes as numClassBits64 returns them (not its plan): the
// windows of the numeric pass that hold digits are the ones quickSkip
// classifies, and one load and one digit compare serve both.
func digitClassBits64(b *[64]byte, cl *numClasses) uint64 {
	if !hasAVX512 {
		return digitClassBits64SWAR(b, cl)
	}
	k := &numClassConsts
	v := archsimd.LoadUint8x64((*[64]uint8)(b))
	d := v.Sub(archsimd.LoadUint8x64(&k.zero)).LessEqual(archsimd.LoadUint8x64(&k.nine)).ToBits()
	if d == 0 {
		return 0
	}
	z25 := archsimd.LoadUint8x64(&k.z25)
	cl.digit = d
	cl.alpha = v.Or(archsimd.LoadUint8x64(&k.bit5)).Sub(archsimd.LoadUint8x64(&k.a)).LessEqual(z25).ToBits()
	cl.upper = v.Sub(archsimd.LoadUint8x64(&k.upperA)).LessEqual(z25).ToBits()
	// (the masks or'ed as words: Or of two masks went through vectors)
	cl.joiner = v.Equal(archsimd.LoadUint8x64(&k.space)).ToBits() | v.Equal(archsimd.LoadUint8x64(&k.dash)).ToBits()
	cl.dot = v.Equal(archsimd.LoadUint8x64(&k.dot)).ToBits()
	return d
}

// numClassConsts are digitClassBits64's constants, one byte repeated: a
// load each, where a broadcast took three instructions (an immediate, a
// move to a vector register, the broadcast) per constant and call, the
// numeric pass classifying a window about every 60 bytes.
var numClassConsts = func() (k struct{ zero, nine, z25, bit5, a, upperA, space, dash, dot [64]uint8 }) {
	for i := range 64 {
		k.zero[i], k.nine[i], k.z25[i], k.bit5[i], k.a[i] = '0', 9, 'z'-'a', 0x20, 'a'
		k.upperA[i], k.space[i], k.dash[i], k.dot[i] = 'A', ' ', '-', '.'
	}
	return k
}()

// nextDigitBlocks returns the index of the first digit at or after
// data[i], 64 bytes a compare with AVX-512, or where fewer than 64 bytes
// remain (len(data) at most). The numeric pass's windows classified every
// 64 bytes of prose, names and cities, a call and two branches each, to
// find none.
func nextDigitBlocks(data []byte, i int) int {
	if !hasAVX512 {
		return i
	}
	zero, nine := archsimd.LoadUint8x64(&numClassConsts.zero), archsimd.LoadUint8x64(&numClassConsts.nine)
	for ; i+64 <= len(data); i += 64 {
		v := archsimd.LoadUint8x64((*[64]uint8)(data[i : i+64]))
		if m := v.Sub(zero).LessEqual(nine).ToBits(); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
	}
	return i
}

// alnumEnd returns the end of the run of ASCII letters and digits at
// data[i:]: with AVX-512 64 bytes at a time, three compares. The numeric
// pass skips every hex digest and UUID with it (a sha256 column spent a
// third of its time in the eight-byte loop).
func alnumEnd(data []byte, i int) int {
	if hasAVX512 {
		zero, nine := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9)
		a, z25, bit5 := archsimd.BroadcastUint8x64('a'), archsimd.BroadcastUint8x64('z'-'a'), archsimd.BroadcastUint8x64(0x20)
		for ; i+64 <= len(data); i += 64 {
			v := archsimd.LoadUint8x64((*[64]uint8)(data[i : i+64]))
			alnum := v.Sub(zero).LessEqual(nine).ToBits() | v.Or(bit5).Sub(a).LessEqual(z25).ToBits()
			if m := ^alnum; m != 0 {
				return i + bits.TrailingZeros64(m)
			}
		}
	}
	return alnumEndSWAR(data, i)
}

// numQuick: the numeric pass decides short runs from byte classes only
// where five vector compares give them (with SWAR the classes cost more
// than they save: BenchmarkScan's numeric pass 0.75× slower).
var numQuick = hasAVX512

// numClassBits64 returns the byte classes the numeric pass decides short
// digit runs with (see numClasses): five vector compares with AVX-512.
func numClassBits64(b *[64]byte) numClasses {
	if !hasAVX512 {
		return numClassBits64SWAR(b)
	}
	v := archsimd.LoadUint8x64((*[64]uint8)(b))
	a, z25 := archsimd.BroadcastUint8x64('a'), archsimd.BroadcastUint8x64('z'-'a')
	return numClasses{
		digit:  v.Sub(archsimd.BroadcastUint8x64('0')).LessEqual(archsimd.BroadcastUint8x64(9)).ToBits(),
		alpha:  v.Or(archsimd.BroadcastUint8x64(0x20)).Sub(a).LessEqual(z25).ToBits(),
		upper:  v.Sub(archsimd.BroadcastUint8x64('A')).LessEqual(z25).ToBits(),
		joiner: v.Equal(archsimd.BroadcastUint8x64(' ')).Or(v.Equal(archsimd.BroadcastUint8x64('-'))).ToBits(),
		dot:    v.Equal(archsimd.BroadcastUint8x64('.')).ToBits(),
	}
}

// indexBlocks is literalFinder.index: with AVX-512, 64 candidate starts at
// a time are tested for both anchor bytes (two compares), and only starts
// with both are compared with the literal; the last bytes, and CPUs
// without AVX-512, take indexRare.
func (f *literalFinder) indexBlocks(data []byte, from int) int {
	if !hasAVX512 {
		return f.indexRare(data, from)
	}
	n, l := len(data), len(f.lit)
	r1, r2 := archsimd.BroadcastUint8x64(f.rare), archsimd.BroadcastUint8x64(f.rare2)
	p := from
	// Starts p..p+63 read up to data[p+63+l-1]: stop while that is inside.
	for ; p+64+l <= n; p += 64 {
		a := archsimd.LoadUint8x64((*[64]uint8)(data[p+f.off : p+f.off+64]))
		b := archsimd.LoadUint8x64((*[64]uint8)(data[p+f.off2 : p+f.off2+64]))
		for m := a.Equal(r1).ToBits() & b.Equal(r2).ToBits(); m != 0; m &= m - 1 {
			st := p + bits.TrailingZeros64(m)
			if string(data[st:st+l]) == string(f.lit) {
				return st
			}
		}
	}
	return f.indexRare(data, p)
}

// literalAnchors are the literals, by literalFrom index.
var literalAnchors = [numLiterals][]byte{
	litAKIA: awsKeyIDFinders[0].lit,
	litASIA: awsKeyIDFinders[1].lit,
	litPEM:  pemBeginFinder.lit,
	litJWT:  jwtAnchorFinder.lit,
}

// hasLiteralBlocks: literalAnchorsFrom tests 64-byte blocks.
var hasLiteralBlocks = hasAVX512

// literalAnchorsFrom returns, for each literal anchor, where its search
// may start: the first start in the 64-byte blocks where the literal
// occurs, or the first start past the blocks when none does. With AVX-512
// one pass tests all four anchors, five loads and seven compares per 64
// bytes, where the four searches each loaded and compared twice per 64
// bytes; only starts with both bytes of a pair (literal.go) are compared
// with the literal. The searches then run from an occurrence on, almost
// always nothing but the last bytes. (Stopping at the first pair instead,
// prose's "AS" and "ey" sent the ASIA and JWT searches over the rest of
// the buffer, 2 % of the engine's time on text.)
func literalAnchorsFrom(data []byte) literalFrom {
	var from literalFrom
	if !hasLiteralBlocks {
		return from
	}
	const reach = 7 // the largest offset loaded
	n := len(data)
	bA, bK, bS := archsimd.BroadcastUint8x64(akiaByte0), archsimd.BroadcastUint8x64(akiaByte1), archsimd.BroadcastUint8x64(asiaByte1)
	bB, bG := archsimd.BroadcastUint8x64(pemByte0), archsimd.BroadcastUint8x64(pemByte1)
	by, bJ := archsimd.BroadcastUint8x64(jwtByte0), archsimd.BroadcastUint8x64(jwtByte1)
	found := uint(0) // bit f: from[f] is set
	p := 0
	for ; p+64+reach <= n; p += 64 {
		blk := (*[64 + reach]byte)(data[p : p+64+reach])
		v0 := archsimd.LoadUint8x64((*[64]uint8)(blk[0:64]))
		v1 := archsimd.LoadUint8x64((*[64]uint8)(blk[1:65]))
		v2 := archsimd.LoadUint8x64((*[64]uint8)(blk[2:66]))
		v5 := archsimd.LoadUint8x64((*[64]uint8)(blk[5:69]))
		v7 := archsimd.LoadUint8x64((*[64]uint8)(blk[7:71]))
		a := v0.Equal(bA).ToBits()
		m := [numLiterals]uint64{
			litAKIA: a & v1.Equal(bK).ToBits(),
			litASIA: a & v1.Equal(bS).ToBits(),
			litPEM:  v5.Equal(bB).ToBits() & v7.Equal(bG).ToBits(),
			litJWT:  v1.Equal(by).ToBits() & v2.Equal(bJ).ToBits(),
		}
		if m[0]|m[1]|m[2]|m[3] == 0 {
			continue
		}
		for f, c := range m {
			if found&(1<<f) != 0 {
				continue
			}
			lit := literalAnchors[f]
			for ; c != 0; c &= c - 1 {
				if st := p + bits.TrailingZeros64(c); st+len(lit) <= n && string(data[st:st+len(lit)]) == string(lit) {
					from[f] = st
					found |= 1 << f
					break
				}
			}
		}
		if found == 1<<numLiterals-1 {
			return from
		}
	}
	for f := range from {
		if found&(1<<f) == 0 {
			from[f] = p
		}
	}
	return from
}

// plainASCII reports whether b holds only ASCII bytes other than NUL: 64
// bytes a compare with AVX-512. backChars and fwdChars test the keyword
// window around every keyword hit and every value that needs one, 50 to
// 100 bytes, eight at a time 3 % of the engine's time on text.
func plainASCII(b []byte) bool {
	if !hasAVX512 {
		return plainASCIISWAR(b)
	}
	// A byte is NUL or not ASCII iff it is 0x7F or more less one.
	one, top := archsimd.BroadcastUint8x64(1), archsimd.BroadcastUint8x64(0x7F)
	for ; len(b) >= 64; b = b[64:] {
		if archsimd.LoadUint8x64((*[64]uint8)(b[:64])).Sub(one).GreaterEqual(top).ToBits() != 0 {
			return false
		}
	}
	if len(b) == 0 {
		return true
	}
	// (the bytes past b's end load as zeroes, which the mask drops)
	return archsimd.LoadUint8x64SlicePart(b).Sub(one).GreaterEqual(top).ToBits()&(1<<len(b)-1) == 0
}
