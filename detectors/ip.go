package detectors

import "bytes"

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

func (s *Scanner) scanIPv6(data []byte, field FieldContext) {
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
