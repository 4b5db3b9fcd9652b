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

	// quick: quickSkip will ask for the classes of windows with digits, so
	// window computes them with the digits (one load, shared constants).
	quick    bool
	cls      numClasses // the window's classes, when clsBase == base
	clsBase  int
	planBase int // cls is planned for the window at planBase
}

func newDigitCursor(data []byte, quick bool) digitCursor {
	return digitCursor{data: data, base: -1 << 40, quick: quick, clsBase: -1 << 40, planBase: -1 << 40}
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
	if c.quick && i >= 2 && (isDigit(c.data[i]) || (i+1 < n && isDigit(c.data[i+1]))) {
		// A digit in the window's first two bytes: start it two bytes
		// earlier. quickSkip decides no run there (the letters before it
		// are outside), and moved the window again for it (every hex
		// digest after a NUL).
		c.base = min(i-2, n-64)
	}
	w := (*[64]byte)(c.data[c.base : c.base+64])
	if !c.quick {
		c.bits = digitBits64(w)
		return true
	}
	if c.bits = digitClassBits64(w, &c.cls); c.bits != 0 {
		c.clsBase = c.base
	}
	return true
}

// next returns the index of the first digit at or after data[i], or
// len(data).
func (c *digitCursor) next(i int) int {
	for i < len(c.data) {
		// (window's own test first, without the call: most questions
		// are about the window there is)
		if uint(i-c.base) >= 64 && !c.window(i) {
			return nextDigitSWAR(c.data, i)
		}
		if m := c.bits >> (i - c.base); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
		i = c.base + 64
		if c.quick && c.bits == 0 {
			// After a window without digits, the blocks without any
			// (prose, names, cities) are passed at one compare each, and
			// the next window starts at the digit.
			i = nextDigitBlocks(c.data, i)
		}
	}
	return len(c.data)
}

// runEnd returns the index of the first non-digit at or after data[j], or
// len(data).
func (c *digitCursor) runEnd(j int) int {
	for j < len(c.data) {
		if uint(j-c.base) >= 64 && !c.window(j) {
			return digitRunEndSWAR(c.data, j)
		}
		if m := ^c.bits >> (j - c.base); m != 0 {
			return j + bits.TrailingZeros64(m)
		}
		j = c.base + 64
	}
	return len(c.data)
}

// numClasses are the byte classes of a 64-byte window that decide most
// digit runs of the numeric pass (bit k for byte k).
type numClasses struct {
	digit, alpha, upper uint64
	joiner              uint64 // ' ' or '-': joins digit groups
	dot                 uint64

	// attn and quietTo let quickSkip pass many runs at once (see
	// planQuiet);
	// attnReady says attn is planned.
	attn      uint64
	quietTo   int
	attnReady bool
}

// The plan of a window marks the run starts that decide must look at
// (attn); every other run starting below quietTo is skipped as decide
// would skip it. A run needs a look when it starts a token (no letter
// before it) and is long, or ends at a joiner or (with IP addresses) a dot
// before a digit: a token of groups, a decimal, an IPv4 address; but not
// when its token ends below quietTo and numericToken would drop it (see
// planAttn). quietTo is the last byte (at most 62) outside every
// alphanumeric token, so that the runs below it, their ends and the byte
// after each are in the window.
// With IBANs, a digit run after two capitals (which decide sends to the
// full examination unless an earlier run of its token skipped the token)
// turns the plan off for the window: runs are then decided one by one.
//
// planQuiet plans quietTo once per window (and the whole plan when IBANs
// turn it off); planAttn plans attn only when a run below quietTo is
// reached: a window whose runs all lie after its last quiet byte, as a
// hex digest's, needs none.
func (cl *numClasses) planQuiet(hasIBAN bool) {
	d, a := cl.digit, cl.alpha
	cl.attn, cl.quietTo, cl.attnReady = 0, 0, true
	if hasIBAN && (d&^(d<<1))&(a<<1)&(cl.upper<<1)&(cl.upper<<2) != 0 {
		return
	}
	cl.attnReady = false
	if quiet := ^(d | a) & (1<<63 - 1); quiet != 0 {
		cl.quietTo = 63 - bits.LeadingZeros64(quiet)
	}
}

// planAttn plans attn, after planQuiet (see there).
func (cl *numClasses) planAttn(minDigits int, hasIP bool, forms tokenForms) {
	d := cl.digit
	starts := d &^ (d << 1)
	afterLetter := starts & (cl.alpha << 1)
	cl.attnReady = true
	var long uint64
	if minDigits <= 64 {
		long = starts &^ afterLetter & runsOfAtLeast(d, minDigits)
	}
	marks := cl.joiner
	if hasIP && cl.dot != 0 {
		// A dot matters only as an IPv4 address's: after at most three
		// digits, before at most three and a dot, or before digits that
		// run past the window (decide's test). Amounts ("1484.68",
		// "68.34") need no look.
		dot := cl.dot &^ ((d << 1) & (d << 2) & (d << 3) & (d << 4))
		topRun := 64 - bits.LeadingZeros64(^d) // digits from here to bit 63
		ipNext := (cl.dot >> 2) | (d>>2)&((cl.dot>>3)|(d>>3)&(cl.dot>>4))
		if topRun < 64 {
			ipNext |= ^uint64(0) << max(topRun-1, 0)
		}
		marks |= dot & ipNext
	}
	// Marks after a run that follows a letter need no look (decide skips
	// the run's token): d + afterLetter carries each such run into the
	// byte after it. UUIDs and hex tokens then cost no turn of the loop.
	afterLetterEnds := (d + afterLetter) &^ d
	f := ^d & (d << 1) & marks & (d >> 1) &^ afterLetterEnds
	// A token of joined groups that numericToken would drop, ending at or
	// below quietTo, needs no look either: quickSkip, at its first run
	// that has one, skips it whole to its end, and the attention of its
	// later runs with it. Those are most tokens with a look: ISO dates
	// (too few digits), order IDs ("ORD-2024-825818") and plain
	// ten-digit numbers (too few groups, no group of a contiguous
	// length). Not when a dot ends the token and marks its last run (with
	// IP addresses): decide examines that run. The counts are the whole
	// token's, at least those from any run of it on, so a token dropped
	// whole is dropped from wherever quickSkip would look.
	joins := cl.joiner & (d << 1) & (d >> 1)
	tok := d | joins
	dotMarks := f &^ joins
	for src := long | f&joins; src != 0; {
		// (b < 64, and te ≤ quietTo ≤ 62 past the break: the shifts'
		// masks spare their tests against 64)
		b := bits.TrailingZeros64(src) & 63
		te := runEndIn(tok, b)
		if te > cl.quietTo {
			break // (and so do the tokens after it)
		}
		te &= 63
		span := uint64(1)<<te - 1
		if before := ^tok & (1<<b - 1); before != 0 {
			span &^= uint64(2)<<((63-bits.LeadingZeros64(before))&63) - 1
		}
		src &^= span
		if dotMarks>>te&1 == 0 && dropsToken(d&span, joins&span, minDigits, forms) {
			f &^= span
			long &^= span
		}
	}
	attn := long
	for ; f != 0; f &= f - 1 {
		// The start of the run that ends at this mark.
		if before := starts & (1<<bits.TrailingZeros64(f) - 1); before != 0 {
			attn |= 1 << (63 - bits.LeadingZeros64(before))
		}
	}
	// A run after a letter is skipped with its token (decide), which ends
	// below quietTo: only its own token's runs need no look either.
	cl.attn = attn &^ afterLetter
}

// dropsToken reports whether numericToken drops the token whose digits
// and joins (between digits) are d and joins: fewer than minDigits
// digits or, with the token filter (forms), fewer groups than any
// grouped form and no group of a contiguous length.
func dropsToken(d, joins uint64, minDigits int, forms tokenForms) bool {
	if bits.OnesCount64(d) < minDigits {
		return true
	}
	if bits.OnesCount64(joins)+1 >= forms.minForm {
		return false // (always, without the filter: minForm is 0)
	}
	for r := d &^ (d << 1); r != 0; r &= r - 1 {
		k := bits.TrailingZeros64(r)
		if forms.contig&lenBit(runEndIn(d, k)-k) != 0 {
			return false
		}
	}
	return true
}

// quickSkip decides digit runs from the window's byte classes, starting
// with the one at data[s], the way scanNumeric would decide them byte by
// byte, for as long as all that decides a run is in the window: a run after
// a letter skips its alphanumeric token; a token of joined groups with
// fewer than minDigits digits in all, that is not an IPv4 address or an
// IBAN's digits, is skipped whole. It returns the start of the first run
// that needs scanNumeric's full examination (a long run or token, a
// possible IPv4 address or IBAN, a token longer than a window) and true, or
// where scanning resumes, past every run of the window, and false.
//
// Short runs (dates, times, amounts, counts) are most digit runs of real
// data; deciding them with a few bit operations instead of a call and
// several byte loads per question makes the numeric pass 11–17 % faster on
// BenchmarkScan's corpus, the whole engine 6–9 % (interleaved runs);
// passing the runs that need no look in one step (the plan, see
// planQuiet) adds 2–3 %.
//
// A run whose token crosses the window's edge (or that starts in its first
// two bytes, whose letters decide) moves the window to start two bytes
// before the run and is decided there: in a column of values every window
// ended with one, and scanNumeric's examination of it, byte by byte, cost
// more than classifying the window again.
func (c *digitCursor) quickSkip(s, minDigits int, hasIBAN, hasIP bool, forms tokenForms) (int, bool) {
	k := s - c.base
	if k < 2 || k >= 64 {
		if !c.rebase(s - 2) {
			return s, true
		}
		k = s - c.base // 2, or more at the buffer's end
	}
	if c.planBase != c.base {
		c.planned(minDigits, hasIBAN, hasIP)
	}
	cl := &c.cls
	for {
		if k < cl.quietTo {
			if !cl.attnReady {
				cl.planAttn(minDigits, hasIP, forms)
			}
			// Runs before the next one that needs a look are skipped.
			if att := cl.attn & (^uint64(0) << k) & (1<<cl.quietTo - 1); att != 0 {
				k = bits.TrailingZeros64(att)
			} else if m := cl.digit >> cl.quietTo; m != 0 {
				k = cl.quietTo + bits.TrailingZeros64(m)
			} else {
				return c.base + 64, false
			}
		}
		var e int
		var ok bool
		// (2 ≤ k < 64 here: the shifts' masks spare a test of each
		// count against 64, and of k-1 and k-2 against 0.)
		k &= 63
		if cl.alpha>>((k-1)&63)&1 != 0 && !(hasIBAN && cl.upper>>((k-2)&63)&3 == 3) {
			// decide's first case without the call: a run after a
			// letter (no IBAN's country) is skipped with its
			// alphanumeric token. Hex digests, UUIDs and timestamps'
			// "T14" are most runs of their columns.
			if rest := ^(cl.digit | cl.alpha) >> k; rest != 0 {
				e, ok = k+bits.TrailingZeros64(rest), true
			} else {
				e = edgeToken
			}
		} else if d := cl.digit; cl.alpha>>((k-1)&63)&1 == 0 && (!hasIP || cl.dot>>runEndIn(d, k)&1 == 0) {
			// decide's joined-token count without the call (not after
			// an IBAN's country, nor for a run ending at a dot, an IPv4
			// address's maybe): a token ending in the window with fewer
			// than minDigits digits, as each date of a column of
			// timestamps, is skipped whole.
			joins := cl.joiner & (d << 1) & (d >> 1)
			if te := runEndIn(d|joins, k); te > 62 {
				e, ok = cl.decide(k, minDigits, hasIBAN, hasIP, forms)
			} else if span := uint64(1)<<te - 1; bits.OnesCount64(d&span>>k) < minDigits {
				e, ok = te, true
			} else if bits.OnesCount64(joins&span>>k)+1 >= forms.minForm {
				e = 0 // numericToken's look (ok false)
			} else {
				e, ok = cl.decide(k, minDigits, hasIBAN, hasIP, forms)
			}
		} else {
			e, ok = cl.decide(k, minDigits, hasIBAN, hasIP, forms)
		}
		if !ok {
			if e == edgeToken {
				// As scanNumeric would skip it (decide ruled out an
				// IBAN), in the window from the old one's last two bytes
				// on: the token ends there (but for a longer one), and
				// the runs after it are decided there. Returning the
				// token's end (alnumEnd) made scanNumeric classify a
				// window from there, after alnumEnd had classified the
				// same bytes: twice per value in a column of hex digests
				// or UUIDs, once per window of timestamps.
				end := c.base + 64
				if !c.rebase(end-2) || c.bits == 0 {
					// (without digits, the window's classes are not
					// computed: rebase leaves them zero)
					return alnumEnd(c.data, end), false
				}
				c.planned(minDigits, hasIBAN, hasIP)
				from := end - c.base // the first byte not known to be in the token
				rest := ^(cl.digit | cl.alpha) >> from
				if rest == 0 {
					return alnumEnd(c.data, c.base+64), false
				}
				e = from + bits.TrailingZeros64(rest)
				m := cl.digit >> e
				if m == 0 {
					return c.base + 64, false
				}
				k = e + bits.TrailingZeros64(m)
				continue
			}
			if at := c.base + k; e == edgeRun && k > 2 && c.rebase(at-2) {
				k = at - c.base
				c.planned(minDigits, hasIBAN, hasIP)
				continue
			}
			return c.base + k, true
		}
		// The next run start in the window, if any.
		if e >= 64 {
			return c.base + e, false
		}
		m := cl.digit >> e
		if m == 0 {
			return c.base + 64, false
		}
		k = e + bits.TrailingZeros64(m)
	}
}

// rebase moves the window to start at data[b] (or end at the buffer's
// end), with its classes; false when that is no other window, or there is
// none.
func (c *digitCursor) rebase(b int) bool {
	n := len(c.data)
	if b < 0 || n < 64 {
		return false
	}
	b = min(b, n-64)
	if b == c.base {
		return false
	}
	c.base = b
	w := (*[64]byte)(c.data[b : b+64])
	if c.bits = digitClassBits64(w, &c.cls); c.bits == 0 {
		c.cls = numClasses{} // no digits: digitClassBits64 left cls as it was
	}
	c.clsBase = b
	return true
}

// planned makes sure the window has its classes and plan.
func (c *digitCursor) planned(minDigits int, hasIBAN, hasIP bool) {
	if c.clsBase != c.base {
		c.cls = numClassBits64((*[64]byte)(c.data[c.base : c.base+64]))
		c.clsBase = c.base
	}
	if c.planBase != c.base {
		c.cls.planQuiet(hasIBAN)
		c.planBase = c.base
	}
}

// What decide returns, with false, for a run it cannot decide in the
// window.
const (
	edgeRun   = -1
	edgeToken = -2
)

// tokenForms is what numericToken's token filter needs to drop a token no
// numeric form fits: the fewest groups of any grouped form and the
// contiguous lengths (Engine.minForm, Engine.contigLens). The zero value
// drops nothing (the filter off).
type tokenForms struct {
	minForm int
	contig  uint64
}

// decide decides the digit run starting at bit k (k ≥ 2) as quickSkip
// says; it returns where scanning resumes, or false: with edgeRun when
// what decides the run lies past the window's end, edgeToken when the run
// is in a token of letters and digits that does (and is skipped with it). A token that lies in
// the window and that numericToken would drop — fewer than minDigits
// digits, or (forms) fewer groups than any grouped form and no group of a
// contiguous length: order IDs like ORD-2024-825818 — is skipped whole.
func (cl *numClasses) decide(k, minDigits int, hasIBAN, hasIP bool, forms tokenForms) (int, bool) {
	d := cl.digit
	if cl.alpha>>(k-1)&1 != 0 {
		if hasIBAN && cl.upper>>(k-1)&1 != 0 && cl.upper>>(k-2)&1 != 0 {
			return 0, false // an IBAN's country, maybe
		}
		rest := ^(d | cl.alpha) >> k // the end of the alphanumeric token
		if rest == 0 {
			return edgeToken, false
		}
		return k + bits.TrailingZeros64(rest), true
	}
	// From here the byte before is no letter, so no IBAN country either.
	e := runEndIn(d, k)
	if e > 62 {
		return edgeRun, false
	}
	if hasIP && e-k <= 3 && cl.dot>>e&1 != 0 && d>>(e+1)&1 != 0 {
		// ipv4At needs a second group of at most three digits followed by
		// a dot: "123.45" (an amount) is no address. A dot joins no groups.
		if e2 := runEndIn(d, e+1); e2 > 63 {
			return edgeRun, false
		} else if e2-e-1 <= 3 && cl.dot>>e2&1 != 0 {
			return 0, false
		}
	}
	// Groups, digits and group lengths only grow along the token: once
	// numericToken would keep it, it keeps it whatever follows. So a
	// token that ends in the window is decided whole: its digits and
	// joiners (between digits) counted at once, where the loop below
	// branched twice per group (dates: a third of decide's time in a
	// column of timestamps). Group lengths, which only a token with
	// enough digits and too few groups needs, are the loop's.
	joins := cl.joiner & (d << 1) & (d >> 1)
	if te := runEndIn(d|joins, k); te <= 62 {
		span := (uint64(1)<<te - 1) &^ (uint64(1)<<k - 1)
		if bits.OnesCount64(d&span) < minDigits {
			return te, true
		}
		if bits.OnesCount64(joins&span)+1 >= forms.minForm {
			return 0, false
		}
	}
	total, ng, lens := e-k, 1, lenBit(e-k)
	for {
		if total >= minDigits && (ng >= forms.minForm || lens&forms.contig != 0) {
			return 0, false
		}
		if cl.joiner>>e&1 == 0 || d>>(e+1)&1 == 0 {
			return e, true // numericToken would stop here and drop the token
		}
		g := e + 1
		e = runEndIn(d, g)
		if e > 62 {
			return edgeRun, false
		}
		total += e - g
		ng++
		lens |= lenBit(e - g)
	}
}

// runsOfAtLeast returns the bits k of d (1 ≤ n ≤ 64) that start n ones in
// a row (bits k to k+n-1), in log2(n) steps: after the doubling steps bit
// k covers bits k to k+w-1 (w a power of two, w ≤ n < 2w), and one more
// shift by n-w ≤ w covers the rest.
//
// The catalogue's n (minDigits, 9) takes three steps and a fourth without
// the loop's branches.
func runsOfAtLeast(d uint64, n int) uint64 {
	if n >= 8 && n < 16 {
		d &= d >> 1
		d &= d >> 2
		d &= d >> 4
		return d & (d >> (n - 8))
	}
	w := 1
	for 2*w <= n {
		d &= d >> w
		w *= 2
	}
	if n > w {
		d &= d >> (n - w)
	}
	return d
}

// runEndIn returns the index of the first zero bit of d at or after bit k
// (0 ≤ k < 64; 64 when the run of ones reaches the top). (The mask spares
// a test of k against 64 at every call: the callers' k is a bit index.)
func runEndIn(d uint64, k int) int {
	return k + bits.TrailingZeros64(^d>>(k&63))
}

// numClassBits64SWAR is numClassBits64 eight bytes at a time.
func numClassBits64SWAR(b *[64]byte) numClasses {
	var c numClasses
	for k := 0; k < 64; k += 8 {
		w := load64(b[k:])
		ascii := ^w & msb
		x := w &^ msb
		c.digit |= packMSB(rangeMask(x, '0', '9')&ascii) << k
		c.alpha |= packMSB(rangeMask(x|0x2020202020202020, 'a', 'z')&ascii) << k
		c.upper |= packMSB(rangeMask(x, 'A', 'Z')&ascii) << k
		c.joiner |= packMSB((rangeMask(x, ' ', ' ')|rangeMask(x, '-', '-'))&ascii) << k
		c.dot |= packMSB(rangeMask(x, '.', '.')&ascii) << k
	}
	return c
}

// digitClassBits64SWAR is digitClassBits64 eight bytes at a time.
func digitClassBits64SWAR(b *[64]byte, cl *numClasses) uint64 {
	d := digitBits64SWAR(b)
	if d != 0 {
		c := numClassBits64SWAR(b)
		cl.digit, cl.alpha, cl.upper, cl.joiner, cl.dot = c.digit, c.alpha, c.upper, c.joiner, c.dot
	}
	return d
}

// digitBits64SWAR is digitBits64 eight bytes at a time.
func digitBits64SWAR(b *[64]byte) uint64 {
	var m uint64
	for k := 0; k < 64; k += 8 {
		m |= packMSB(digitMask(load64(b[k:]))) << k
	}
	return m
}
