package testcorpus

// The rules the corpus is planted by, implemented independently of the
// detectors that are measured against it.

// luhnValid reports whether digits (ASCII '0'..'9' only) pass the Luhn check.
func luhnValid(digits string) bool {
	if len(digits) < 2 {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// luhnCheckDigit returns the digit that, appended to body, makes it Luhn valid.
func luhnCheckDigit(body string) byte {
	sum := 0
	double := true // the check digit will be the rightmost, undoubled
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// cardIssuer is one issuer's prefix range and card length, per the rules.
type cardIssuer struct {
	name   string
	lo, hi int // prefix range, inclusive, of prefixLen digits
	digits int // prefix length
	length int // card number length
}

var cardIssuers = []cardIssuer{
	{"visa", 4, 4, 1, 16},
	{"mastercard", 51, 55, 2, 16},
	{"mastercard", 2221, 2720, 4, 16},
	{"amex", 34, 34, 2, 15},
	{"amex", 37, 37, 2, 15},
	{"discover", 6011, 6011, 4, 16},
	{"discover", 65, 65, 2, 16},
	{"jcb", 3528, 3589, 4, 16},
}

// issuerOf returns the issuer whose prefix and length digits has, or nil.
func issuerOf(digits string) *cardIssuer {
	for i := range cardIssuers {
		is := &cardIssuers[i]
		if len(digits) == is.length && prefixIn(digits, is) {
			return is
		}
	}
	return nil
}

// hasAnyIssuerPrefix reports whether digits starts with any issuer prefix,
// whatever its length: the conservative test filler numbers must fail.
func hasAnyIssuerPrefix(digits string) bool {
	for i := range cardIssuers {
		if prefixIn(digits, &cardIssuers[i]) {
			return true
		}
	}
	return false
}

func prefixIn(digits string, is *cardIssuer) bool {
	if len(digits) < is.digits {
		return false
	}
	p := 0
	for _, c := range []byte(digits[:is.digits]) {
		if c < '0' || c > '9' {
			return false
		}
		p = p*10 + int(c-'0')
	}
	return p >= is.lo && p <= is.hi
}

// isCardNumber reports whether digits is a card number by the rules: an
// issuer prefix with that issuer's length, and Luhn valid.
func isCardNumber(digits string) bool {
	return issuerOf(digits) != nil && luhnValid(digits)
}

// cardLike reports whether a bounded run of 13–19 digits could be taken for a
// card by any reasonable reading of the rules (any issuer prefix, any length
// in 13–19, Luhn valid). Filler must never be cardLike.
func cardLike(digits string) bool {
	return len(digits) >= 13 && len(digits) <= 19 && hasAnyIssuerPrefix(digits) && luhnValid(digits)
}

// knownTestCards are published test numbers that are never planted.
var knownTestCards = map[string]bool{
	"4111111111111111": true, "4242424242424242": true, "4012888888881881": true,
	"4000056655665556": true, "4222222222222": true, "5555555555554444": true,
	"5105105105105100": true, "5200828282828210": true, "2223003122003222": true,
	"378282246310005": true, "371449635398431": true, "378734493671000": true,
	"6011111111111117": true, "6011000990139424": true, "3530111333300000": true,
	"3566002020360505": true, "6011000400000000": true, "4000000000000002": true,
}

// ssnValid reports whether area-group-serial is an SSN by the rules.
func ssnValid(area, group, serial int) bool {
	if area <= 0 || area == 666 || area >= 900 || group <= 0 || group > 99 || serial <= 0 || serial > 9999 {
		return false
	}
	return !isAdvertisedSSN(area, group, serial)
}

// isAdvertisedSSN reports the numbers published in ads and examples, which
// the rules exclude.
func isAdvertisedSSN(area, group, serial int) bool {
	switch {
	case area == 78 && group == 5 && serial == 1120,
		area == 219 && group == 9 && serial == 9999,
		area == 123 && group == 45 && serial == 6789:
		return true
	}
	return false
}

// ssnDigitsValid reports whether nine ASCII digits are a valid SSN.
func ssnDigitsValid(d string) bool {
	if len(d) != 9 {
		return false
	}
	return ssnValid(atoi(d[:3]), atoi(d[3:5]), atoi(d[5:]))
}

func atoi(s string) int {
	n := 0
	for _, c := range []byte(s) {
		n = n*10 + int(c-'0')
	}
	return n
}

// ibanMod97 returns the IBAN remainder of country+check+bban rearranged
// (bban, then the country's letters as numbers, then the check digits) mod 97.
// Valid IBANs give 1. s must be upper-case letters and digits only.
func ibanMod97(s string) int {
	if len(s) < 5 {
		return -1
	}
	r := 0
	rearranged := s[4:] + s[:4]
	for _, c := range []byte(rearranged) {
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		default:
			return -1
		}
	}
	return r
}

// ibanValid reports whether s (no spaces) passes the mod-97 check.
func ibanValid(s string) bool { return ibanMod97(s) == 1 }

// germanIBANValid reports whether s (no spaces) is "DE", two check digits and
// 18 digits, mod-97 valid.
func germanIBANValid(s string) bool {
	if len(s) != 22 || s[0] != 'D' || s[1] != 'E' {
		return false
	}
	for _, c := range []byte(s[2:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return ibanValid(s)
}

// ibanCheckDigits returns the two check digits for country and bban.
func ibanCheckDigits(country, bban string) string {
	r := ibanMod97(country + "00" + bban)
	c := 98 - r
	return string([]byte{byte('0' + c/10), byte('0' + c%10)})
}

// isAlnum reports an ASCII letter or digit: the characters that may not touch
// a value for it to count as bounded.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Keyword lists, as the rules give them.
var (
	cardKeywords   = []string{"credit card", "card number", "card no", "cc#", "ccn", "card", "pan", "visa", "mastercard", "amex", "discover", "jcb"}
	ssnKeywords    = []string{"ssn", "social security", "social security number", "ss#"}
	secretKeywords = []string{"aws_secret_access_key"}
	allKeywords    = concat(cardKeywords, ssnKeywords, secretKeywords, newTypeKeywords, otherTypeWords)
)

func concat(xss ...[]string) []string {
	var out []string
	for _, xs := range xss {
		out = append(out, xs...)
	}
	return out
}

// keywordAt reports whether any keyword occurs in text on word boundaries,
// case-insensitively, with its nearest character within window bytes of
// [from, to). window < 0 means anywhere in text. When underscoreIsWord is
// set, '_' counts as a word character for the boundary test (as regexp's \b
// has it); otherwise only ASCII letters and digits do. A keyword also matches
// with a plural 's' appended when plural is set.
func keywordAt(text string, kws []string, from, to, window int, underscoreIsWord, plural bool) bool {
	for _, kw := range kws {
		for i := 0; i+len(kw) <= len(text); i++ {
			if !equalFoldASCII(text[i:i+len(kw)], kw) {
				continue
			}
			end := i + len(kw)
			if plural && end < len(text) && (text[end] == 's' || text[end] == 'S') {
				if wordBoundary(text, i, end+1, underscoreIsWord) && near(i, end+1, from, to, window) {
					return true
				}
			}
			if wordBoundary(text, i, end, underscoreIsWord) && near(i, end, from, to, window) {
				return true
			}
		}
	}
	return false
}

func near(ks, ke, from, to, window int) bool {
	if window < 0 {
		return true
	}
	if ke <= from {
		return from-ke <= window
	}
	if ks >= to {
		return ks-to <= window
	}
	return true // overlapping
}

func wordBoundary(text string, start, end int, underscoreIsWord bool) bool {
	isWord := func(c byte) bool { return isAlnum(c) || underscoreIsWord && c == '_' }
	if start > 0 && isWord(text[start-1]) && isWord(text[start]) {
		return false
	}
	if end < len(text) && isWord(text[end]) && isWord(text[end-1]) {
		return false
	}
	return true
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// hasKeyword reports whether text holds any of kws anywhere, under any of the
// readings of "word boundary" and with or without a plural: the strict test
// for text that must be free of keywords.
func hasKeyword(text string, kws []string) bool {
	return keywordAt(text, kws, 0, 0, -1, false, true) || keywordAt(text, kws, 0, 0, -1, true, true)
}

// normalizeName turns a column name or JSON key into words the way the rules
// do: '_', '-', '.' and camelCase humps become spaces, letters lower-case.
func normalizeName(s string) string {
	out := make([]byte, 0, len(s)+4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c == '-' || c == '.':
			out = append(out, ' ')
		case c >= 'A' && c <= 'Z':
			if i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
				out = append(out, ' ')
			}
			out = append(out, c+'a'-'A')
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

// digitRunsSafe reports whether s holds no bounded digit sequence a card or
// German IBAN rule could take: every maximal run of digits (a run is bounded
// by anything but a digit) is checked, so a hash's digits count even between
// letters. It is the test every random filler string passes.
func digitRunsSafe(s string) bool {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		run := s[i:j]
		if cardLike(run) {
			return false
		}
		if len(run) == 20 && i >= 2 && equalFoldASCII(s[i-2:i], "de") && germanIBANValid("DE"+run) {
			return false
		}
		i = j
	}
	return true
}

// digitGroupsSafe reports whether no run of digit groups joined by single
// spaces or dashes, taken whole or in part, reads as a card number: a phone
// number or UUID printed in groups holds such windows, and a detector
// lenient about layout might take one. Letters around the groups are
// ignored, which only makes the test stricter.
func digitGroupsSafe[T ~string | ~[]byte](s T) bool {
	return groupWindowsSafe(s, func(digits string, _ bool) bool { return cardLike(digits) })
}

// groupWindowsSafe calls bad with the digits of every run of consecutive
// digit groups (joined by single spaces or dashes) that holds 13 to 19
// digits, and whether the run spans more than one group; it reports whether
// bad never said yes.
func groupWindowsSafe[T ~string | ~[]byte](s T, bad func(digits string, grouped bool) bool) bool {
	var groups [][2]int // [start, end) of each digit group in the current sequence
	flush := func() bool {
		for i := range groups {
			n := 0
			for j := i; j < len(groups); j++ {
				n += groups[j][1] - groups[j][0]
				if n > 19 {
					break
				}
				if n >= 13 && bad(joinGroups(s, groups[i:j+1]), j > i) {
					return false
				}
			}
		}
		groups = groups[:0]
		return true
	}
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		groups = append(groups, [2]int{i, j})
		if j+1 < len(s) && (s[j] == ' ' || s[j] == '-') && isDigit(s[j+1]) {
			i = j + 1
			continue
		}
		if !flush() {
			return false
		}
		i = j
	}
	return true
}

func joinGroups[T ~string | ~[]byte](s T, groups [][2]int) string {
	b := make([]byte, 0, 19)
	for _, g := range groups {
		b = append(b, s[g[0]:g[1]]...)
	}
	return string(b)
}

// numbersSafe is digitRunsSafe and digitGroupsSafe: the test for any filler
// or random string that holds digits.
func numbersSafe(s string) bool { return digitRunsSafe(s) && digitGroupsSafe(s) }
