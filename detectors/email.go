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
	de, ok := domainAfter(data, at)
	if !ok {
		return 0, 0, false
	}
	return ls, de, true
}

// domainAfter reads the domain after the '@' at data[at] and returns its
// end: the run of domain characters, read at most one character further
// than is worth reading, trailing dots dropped, at least two labels of 1
// to 63 letters, digits and '-' (not at either end), the last a TLD of 2
// to 24 letters. One pass checks the labels as it finds them: a column
// of addresses spent a third of its time reading each domain twice.
func domainAfter(data []byte, at int) (end int, ok bool) {
	hi := min(len(data), at+1+maxEmailDomain+9)
	label := at + 1  // start of the current label
	te := at + 1     // end of the domain without its trailing dots
	tld := at + 1    // start of the label that ends at te
	bad := len(data) // the first dot that ends a label no domain may have
	nonAlpha := at   // the last character of the run that is not a letter
	i := at + 1
	for ; i < hi; i++ {
		c := data[i]
		k := emailClass[c]
		if k&emDomain == 0 {
			break
		}
		if c == '.' {
			if i < bad && (i == label || i-label > maxLabel || data[label] == '-' || data[i-1] == '-') {
				bad = i
			}
			label = i + 1
			continue
		}
		te, tld = i+1, label
		if k&emAlpha == 0 {
			nonAlpha = i
		}
	}
	// A bad label counts unless only the dropped dots follow it; a TLD
	// of letters neither starts nor ends with '-'.
	if i-at-1 > maxEmailDomain+8 || te-at-1 > maxEmailDomain || bad < te || tld == at+1 ||
		te-tld < minTLD || te-tld > maxTLD || nonAlpha >= tld {
		return 0, false
	}
	return te, true
}
