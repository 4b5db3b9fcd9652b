package detectors

const (
	maxEmailLocal  = 64
	maxEmailDomain = 253
	maxLabel       = 63
	minTLD, maxTLD = 2, 24
)

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isDomainChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// Byte classes of e-mail addresses (emailClass).
const (
	emLocal  = 1 << iota // isEmailLocal
	emDomain             // isDomainChar
	emAlpha              // isAlpha
)

// emailClass holds each byte's classes: a column of addresses spent most
// of its time in emailAround's runs of comparisons per character.
var emailClass = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if isEmailLocal(b) {
			t[c] |= emLocal
		}
		if isDomainChar(b) {
			t[c] |= emDomain
		}
		if isAlpha(b) {
			t[c] |= emAlpha
		}
	}
	return t
}()

// emailAround checks for an e-mail address around the '@' at data[at] and
// returns its bounds. The local part is the run of local-part characters
// before '@' (leading dots dropped as punctuation), 1 to 64 of them, not
// ending with '.' and without "..". The domain is the run of domain
// characters after '@' (trailing dots dropped as punctuation): at least two
// labels of 1 to 63 letters, digits and '-' (not at either end), the last
// being a TLD of 2 to 24 letters.
func emailAround(data []byte, at int) (start, end int, ok bool) {
	// The local part's run, read back at most one character further than
	// is worth reading (a run this long is not an address), noting the
	// last ".." in it.
	lo := max(at-(maxEmailLocal+9), 0)
	ls := at
	dots := -1 // start of the last ".." of the run
	prevDot := false
	for ls > lo {
		c := data[ls-1]
		if emailClass[c]&emLocal == 0 {
			break
		}
		dot := c == '.'
		if dot && prevDot && dots < 0 {
			dots = ls - 1
		}
		prevDot = dot
		ls--
	}
	if at-ls > maxEmailLocal+8 {
		return 0, 0, false
	}
	for ls < at && data[ls] == '.' {
		ls++
	}
	if ls == at || at-ls > maxEmailLocal || data[at-1] == '.' || dots >= ls {
		return 0, 0, false
	}
	hi := min(len(data), at+1+maxEmailDomain+9)
	de := at + 1
	for de < hi && emailClass[data[de]]&emDomain != 0 {
		de++
	}
	if de-at-1 > maxEmailDomain+8 {
		return 0, 0, false
	}
	for de > at+1 && data[de-1] == '.' {
		de--
	}
	if de-at-1 > maxEmailDomain || !domainValid(data[at+1:de]) {
		return 0, 0, false
	}
	return ls, de, true
}

func domainValid(d []byte) bool {
	labels := 0
	ls := 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			continue
		}
		l := d[ls:i]
		if len(l) == 0 || len(l) > maxLabel || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		labels++
		if i == len(d) { // the TLD
			if len(l) < minTLD || len(l) > maxTLD {
				return false
			}
			for _, c := range l {
				if emailClass[c]&emAlpha == 0 {
					return false
				}
			}
		}
		ls = i + 1
	}
	return labels >= 2
}
