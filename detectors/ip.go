package detectors

import (
	"bytes"
	"math/bits"
)

// IP addresses (Matcher "ip"; not a Macie managed identifier).
//
// IPv4: a dotted quad of decimal octets 0-255 without leading zeros,
// found from the digit-run pass (a run of one to three digits followed by
// '.'). It must be a whole token: not after a letter, digit or '.', not
// before a letter, digit or ".<digit>" — so version strings ("v1.2.3.4",
// "1.2.3.4.5") and OIDs are not addresses. Loopback (127/8), "this
// network" (0/8), limited broadcast and the documentation ranges
// (192.0.2/24, 198.51.100/24, 203.0.113/24, RFC 5737) are example values,
// not reported.
//
// IPv6: found from each ':' whose previous byte is a hex digit or ':':
// eight groups of one to four hex digits, or fewer with exactly one "::"
// (RFC 4291 text forms; the embedded-IPv4 form is not matched). The
// documentation prefix 2001:db8::/32 (RFC 3849), "::" and "::1" are not
// reported. Times ("10:20:30") and MAC addresses (six groups, no "::")
// are not addresses by this grammar.

func isHex(c byte) bool { return isDigit(c) || (c|0x20)-'a' <= 'f'-'a' }

// ipv4At parses a dotted quad starting at data[st] (a digit) and returns
// its end, or 0.
func ipv4At(data []byte, st int) int {
	if st > 0 {
		if c := data[st-1]; isAlnum(c) || c == '.' || c == '_' {
			return 0
		}
	}
	var oct [4]int
	i := st
	n := len(data)
	for k := 0; k < 4; k++ {
		if k > 0 {
			if i >= n || data[i] != '.' {
				return 0
			}
			i++
		}
		s := i
		v := 0
		for i < n && isDigit(data[i]) && i-s < 4 {
			v = v*10 + int(data[i]-'0')
			i++
		}
		if i == s || i-s > 3 || v > 255 || (i-s > 1 && data[s] == '0') {
			return 0
		}
		oct[k] = v
	}
	if i < n {
		if c := data[i]; isAlnum(c) || c == '_' || (c == '.' && i+1 < n && isDigit(data[i+1])) {
			return 0
		}
	}
	switch {
	case oct[0] == 0 || oct[0] == 127 || (oct[0] == 255 && oct[1] == 255 && oct[2] == 255 && oct[3] == 255):
		return 0
	case oct[0] == 192 && oct[1] == 0 && oct[2] == 2, oct[0] == 198 && oct[1] == 51 && oct[2] == 100, oct[0] == 203 && oct[1] == 0 && oct[2] == 113:
		return 0
	}
	return i
}

// ipv6Around checks for an IPv6 address containing the ':' at data[k].
// It returns the address's start and end (end 0 if there is none) and
// where to resume searching.
func ipv6Around(data []byte, k int) (start, end, next int) {
	n := len(data)
	st := k
	for st > 0 && k-st < 40 && (isHex(data[st-1]) || data[st-1] == ':') {
		st--
	}
	if st > 0 {
		if c := data[st-1]; isAlnum(c) || c == '.' || c == '_' {
			return 0, 0, skipIPv6Token(data, k)
		}
	}
	i := st
	groups, double := 0, false
	if i+1 < n && data[i] == ':' && data[i+1] == ':' {
		double = true
		i += 2
	}
	for i < n {
		s := i
		for i < n && isHex(data[i]) && i-s < 5 {
			i++
		}
		if i-s > 4 {
			return 0, 0, skipIPv6Token(data, k)
		}
		if i == s {
			break
		}
		groups++
		if i+1 < n && data[i] == ':' && data[i+1] == ':' {
			if double {
				return 0, 0, skipIPv6Token(data, k)
			}
			double = true
			i += 2
			continue
		}
		if i+1 < n && data[i] == ':' && isHex(data[i+1]) {
			i++
			continue
		}
		break
	}
	if i < n {
		if c := data[i]; isAlnum(c) || c == '.' || c == '_' || c == ':' {
			return 0, 0, skipIPv6Token(data, k)
		}
	}
	if (double && groups > 7) || (!double && groups != 8) || groups < 2 && !double || groups == 0 {
		return 0, 0, max(i, k+1)
	}
	if groups <= 1 && double {
		return 0, 0, max(i, k+1) // "::" and "::1"-like shorthands
	}
	if a := bytes.ToLower(data[st:min(st+9, i)]); bytes.HasPrefix(a, []byte("2001:db8:")) || bytes.HasPrefix(a, []byte("2001:0db8")) {
		return 0, 0, i
	}
	return st, i, i
}

func skipIPv6Token(data []byte, k int) int {
	i := k + 1
	for i < len(data) && (isHex(data[i]) || data[i] == ':') {
		i++
	}
	return i
}

// scanIPv6 visits, in order, each ':' whose previous byte is a hex digit or
// ':', skipping those before where the last visit said to resume. Where
// ipv6Blocks holds (AVX-512) it finds them 64 bytes at a time: ':' is
// everywhere in logs and JSON, and the byte loop's call per ':' was most
// of this pass's time.
func (s *Scanner) scanIPv6(data []byte, field FieldContext) {
	if ipv6Blocks {
		// Every ':' the blocks visit is a ':' of data: a buffer without
		// one (most columns: names, amounts, hashes, IDs) costs one
		// IndexByte instead of the classes of every block.
		k := bytes.IndexByte(data, ':')
		if k < 0 {
			return
		}
		// Where ':' is rare (prose: "Note:", a time now and then) the
		// byte loop's IndexByte per ':' costs less than the classes of
		// every block: on the bench corpus's text chunks, one ':' in
		// 2.8 KB, 3.9x less; on its timestamp columns, one in 26
		// bytes, the blocks cost 2.9x less. Both find the same.
		if bytes.Count(data[k:], colonByte)*ipv6SparseBytes < len(data)-k {
			s.scanIPv6Bytes(data, field)
		} else {
			s.scanIPv6Blocks(data, field)
		}
		return
	}
	s.scanIPv6Bytes(data, field)
}

// ipv6SparseBytes: scanIPv6 takes the byte loop when there is less than
// one ':' per this many bytes (the two loops cost the same at about one
// per 90 bytes of the bench corpus).
const ipv6SparseBytes = 128

var colonByte = []byte{':'}

// scanIPv6Bytes is scanIPv6 a ':' at a time.
func (s *Scanner) scanIPv6Bytes(data []byte, field FieldContext) {
	i := 0
	for i < len(data) {
		k := bytes.IndexByte(data[i:], ':')
		if k < 0 {
			return
		}
		k += i
		if k == 0 || !(isHex(data[k-1]) || data[k-1] == ':') {
			i = k + 1
			continue
		}
		st, en, next := ipv6Around(data, k)
		if en > 0 {
			s.emit(s.e.ip, data, st, en, field)
		}
		i = max(next, k+1)
	}
}

// scanIPv6Blocks is scanIPv6 over bit masks of 64 bytes, and finds exactly
// what the byte loop finds. Besides the ':' that cannot start a visit, it
// drops every ':' of a token (a run of hex digits and ':') that follows a
// letter, '.' or '_', such as the "12:30:45" of "T12:30:45": the byte loop
// visits such a token's first candidate, ipv6Around rejects it (its start
// is not a token boundary) and resumes after the token, so no other ':' of
// it is visited. That holds even when the token is longer than
// ipv6Around's 40-byte look-back: the only ':' then looked back to is one
// that begins the token, followed by 40 hex digits, too long a group.
func (s *Scanner) scanIPv6Blocks(data []byte, field FieldContext) {
	var c ipv6Carry
	var masks [ipv6Batch]uint64
	var tail [64]byte
	next := 0
	for i := 0; i < len(data); {
		nb := ipv6CandidateBlocks(data[i:], &c, &masks)
		if nb == 0 {
			copy(tail[:], data[i:]) // NUL padding ends any token
			nb = ipv6CandidateBlocks(tail[:], &c, &masks)
		}
		for b, m := range masks[:nb] {
			for m != 0 {
				k := i + b*64 + bits.TrailingZeros64(m)
				m &= m - 1
				if k < next {
					continue
				}
				st, en, nx := ipv6Around(data, k)
				if en > 0 {
					s.emit(s.e.ip, data, st, en, field)
				}
				next = max(nx, k+1)
			}
		}
		i += nb * 64
	}
}

// ipv6Batch is how many 64-byte blocks ipv6CandidateBlocks classifies per
// call.
const ipv6Batch = 16

// ipv6Carry is what one 64-byte block's masks need from the block before:
// each field is 0 or 1, for that block's last byte.
type ipv6Carry struct {
	hexColon uint64 // a hex digit or ':'
	boundary uint64 // a letter, '.' or '_' that is not a hex digit
	poisoned uint64 // in a token that follows such a byte
}

// candidates returns one bit per byte of a block, set for each ':' that
// scanIPv6Blocks must visit, given the block's byte classes: colon, hex
// digits, and the non-hex bytes (letters, '.', '_') that make a following
// token not an address.
func (c *ipv6Carry) candidates(colon, hex, boundary uint64) uint64 {
	hc := hex | colon
	prevHC := hc<<1 | c.hexColon
	starts := hc &^ prevHC
	// One bit at the low end of each poisoned run of hc, so that adding it
	// carries through the run and clears it; a run that reaches bit 63
	// carries out, into the next block.
	seeds := starts&(boundary<<1|c.boundary) | hc&c.poisoned
	sum, out := bits.Add64(hc, seeds, 0)
	poisoned := hc &^ sum
	c.hexColon, c.boundary, c.poisoned = hc>>63, boundary>>63, out
	return colon & prevHC &^ poisoned
}

// ipv6CandidateBlocksPortable is ipv6CandidateBlocks a byte at a time.
func ipv6CandidateBlocksPortable(data []byte, c *ipv6Carry, out *[ipv6Batch]uint64) int {
	nb := min(len(data)/64, ipv6Batch)
	for b := range nb {
		out[b] = c.candidates(ipv6Classes64Portable((*[64]byte)(data[b*64:])))
	}
	return nb
}

// ipv6Classes64Portable returns one bit per byte of b for ':', for hex
// digits, and for the other letters, '.' and '_' (see
// ipv6Carry.candidates).
func ipv6Classes64Portable(b *[64]byte) (colon, hex, boundary uint64) {
	for i, c := range b {
		bit := uint64(1) << i
		switch {
		case c == ':':
			colon |= bit
		case isHex(c):
			hex |= bit
		case isAlpha(c) || c == '.' || c == '_':
			boundary |= bit
		}
	}
	return colon, hex, boundary
}
