package testcorpus

// The reference reading of the further identifier types
// (identifiers_values.go): numbers with check digits in every layout a
// detector might accept, IBANs of France, Spain, Italy and the UK, IP
// addresses, NINOs, DNIs, VINs, and the credential shapes. Any value that
// passes a type's validator is either a label, a keyword-less value with no
// keyword anywhere near, or a problem.

import (
	"encoding/base64"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// digitGroup is a run of digits (ASCII or full-width) at [start, end) of
// the text, and its digits in ASCII.
type digitGroup struct {
	start, end int
	digits     string
}

// isFullWidthDigit reports ０-９ at s[i:].
func fullWidthDigitAt(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return n == 3 && r >= '０' && r <= '９'
}

// digitGroupSeqs returns runs of digit groups joined by a single ' ', '-'
// or '.'.
func digitGroupSeqs(s string) [][]digitGroup {
	var out [][]digitGroup
	var cur []digitGroup
	for i := 0; i < len(s); {
		if !isDigit(s[i]) && !fullWidthDigitAt(s, i) {
			i++
			continue
		}
		j := i
		var d []byte
		for j < len(s) {
			if isDigit(s[j]) {
				d = append(d, s[j])
				j++
			} else if fullWidthDigitAt(s, j) {
				r, _ := utf8.DecodeRuneInString(s[j:])
				d = append(d, byte('0'+r-'０'))
				j += 3
			} else {
				break
			}
		}
		cur = append(cur, digitGroup{i, j, string(d)})
		if j+1 < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && (isDigit(s[j+1]) || fullWidthDigitAt(s, j+1)) {
			i = j + 1
			continue
		}
		out = append(out, cur)
		cur = nil
		i = j
	}
	return out
}

// boundedAt reports whether [start, end) of s has no letter or digit
// (ASCII or full-width) on either side.
func boundedAt(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if r < utf8.RuneSelf && isAlnum(byte(r)) || r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'ｚ' {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if r < utf8.RuneSelf && isAlnum(byte(r)) || r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'ｚ' {
			return false
		}
	}
	return true
}

// numericRule is one numeric type: its length, validator and the layouts
// it is planted in (group sizes and the separators allowed between them).
type numericRule struct {
	typ     string
	length  int
	valid   func(string) bool
	layouts [][]int
	seps    string // separators a grouped layout may use (one kind per value)
	cpf     bool   // the ddd.ddd.ddd-dd layout
}

var numericRules = []numericRule{
	{TypeCanadaSIN, 9, sinValid, [][]int{{9}, {3, 3, 3}}, " -", false},
	{TypeUKNHS, 10, nhsValid, [][]int{{10}, {3, 3, 4}}, " ", false},
	{TypeUSNPI, 10, npiValid, [][]int{{10}}, "", false},
	{TypeBrazilCPF, 11, cpfValid, [][]int{{11}}, "", true},
	{TypeIndiaAadhaar, 12, aadhaarValid, [][]int{{12}, {4, 4, 4}}, " ", false},
	{TypeJapanMyNumber, 12, myNumberValid, [][]int{{12}, {4, 4, 4}}, " -", false},
	{TypeJapanCorporate, 13, corporateValid, [][]int{{13}}, "", false},
}

func (nr *numericRule) planted(sizes []int, seps []byte) bool {
	if nr.cpf && equalInts(sizes, 3, 3, 3, 2) && string(seps) == "..-" {
		return true
	}
	for _, l := range nr.layouts {
		if !equalInts(sizes, l...) {
			continue
		}
		if len(seps) == 0 {
			return true
		}
		same := true
		for _, c := range seps {
			same = same && c == seps[0]
		}
		return same && strings.IndexByte(nr.seps, seps[0]) >= 0
	}
	return false
}

var ibanTypes = map[string]string{"FR": TypeFranceIBAN, "ES": TypeSpainIBAN, "IT": TypeItalyIBAN, "GB": TypeUKIBAN}

// scanFurther is the reference reading of the further types over one value.
func scanFurther(s string, kw kwFunc) []hit {
	var hits []hit
	// decide labels a valid value of a keyword type: with its keyword near
	// under every reading it is typ; with none near under any, nothing
	// (a keyword-less negative or harmless filler); otherwise ambiguous.
	decide := func(typ string, from, to int, planted bool) {
		kws := idKeywords[typ]
		present, absent := kw(kws, from, to)
		switch {
		case !planted && !absent:
			hits = append(hits, hit{off: from, problem: typ + " in an unplanted layout near its keyword"})
		case !planted:
			// A layout the type is never written in (an order id's
			// 2024-000123 as a ten-digit NPI): harmless without a keyword.
		case present:
			hits = append(hits, hit{typ: typ, off: from})
		case absent && typ == TypeJapanCorporate:
			// Whether 法人番号 is needed is the detector's call: none may
			// sit anywhere without it.
			hits = append(hits, hit{off: from, problem: "a corporate number without its keyword"})
		case absent:
			hits = append(hits, hit{off: from, quiet: typ})
		default:
			hits = append(hits, hit{off: from, problem: typ + " whose keyword depends on the reading"})
		}
	}

	for _, seq := range digitGroupSeqs(s) {
		for i := range seq {
			for j := i; j < len(seq); j++ {
				start, end := seq[i].start, seq[j].end
				if !boundedAt(s, start, end) {
					continue
				}
				var d strings.Builder
				var sizes []int
				var seps []byte
				for k := i; k <= j; k++ {
					d.WriteString(seq[k].digits)
					sizes = append(sizes, len(seq[k].digits))
					if k > i {
						seps = append(seps, s[seq[k].start-1])
					}
				}
				digits := d.String()
				if cardLike(digits) && len(digits) != end-start-len(seps) {
					// Full-width digits: a detector reading them as digits
					// would see a card number the ASCII card check cannot.
					hits = append(hits, hit{off: start, problem: "card-like full-width digits"})
				}
				for r := range numericRules {
					nr := &numericRules[r]
					if len(digits) == nr.length && nr.valid(digits) {
						decide(nr.typ, start, end, nr.planted(sizes, seps))
					}
				}
			}
		}
	}

	// NINOs: AB123456C or AB 12 34 56 C.
	for i := 0; i+9 <= len(s); i++ {
		if !isUpper(s[i]) || !isUpper(s[i+1]) || i > 0 && isAlnum(s[i-1]) {
			continue
		}
		var compact string
		end := 0
		switch {
		case allDigits(s[i+2:i+8]) && isUpper(s[i+8]):
			compact, end = s[i:i+9], i+9
		case i+13 <= len(s) && s[i+2] == ' ' && allDigits(s[i+3:i+5]) && s[i+5] == ' ' && allDigits(s[i+6:i+8]) &&
			s[i+8] == ' ' && allDigits(s[i+9:i+11]) && s[i+11] == ' ' && isUpper(s[i+12]):
			compact, end = s[i:i+2]+s[i+3:i+5]+s[i+6:i+8]+s[i+9:i+11]+s[i+12:i+13], i+13
		default:
			continue
		}
		if (end == len(s) || !isAlnum(s[end])) && ninoValid(compact) {
			decide(TypeUKNINO, i, end, true)
		}
	}

	// DNIs: eight digits, an optional '-', a letter.
	for i := 0; i+9 <= len(s); i++ {
		if !allDigits(s[i:i+8]) || i > 0 && isAlnum(s[i-1]) {
			continue
		}
		k := i + 8
		if s[k] == '-' && k+1 < len(s) {
			k++
		}
		if !isUpper(s[k]) || k+1 < len(s) && isAlnum(s[k+1]) {
			continue
		}
		if dniValid(s[i:i+8], s[k]) {
			decide(TypeSpainDNI, i, k+1, true)
		}
	}

	// VINs: a bounded run of 17 upper-case letters and digits.
	for i := 0; i < len(s); {
		if !isUpper(s[i]) && !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && (isUpper(s[j]) || isDigit(s[j])) {
			j++
		}
		if j-i == 17 && (i == 0 || !isAlnum(s[i-1])) && (j == len(s) || !isAlnum(s[j])) && vinValid(s[i:j]) {
			decide(TypeVIN, i, j, true)
		}
		i = j
	}

	// IBANs of France, Spain, Italy and the UK, contiguous or in groups of 4.
	hits = append(hits, ibanHits(s, func(cc string) bool { _, ok := ibanTypes[cc]; return ok },
		func(compact string) (string, bool) { return ibanTypes[compact[:2]], ibanOK(compact) })...)

	// Google Cloud API keys: AIza and 35 of [A-Za-z0-9_-], bounded.
	inGCP := func(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }
	for i := 0; ; {
		k := strings.Index(s[i:], "AIza")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		if k > 0 && inGCP(s[k-1]) {
			continue
		}
		e := k + 4
		for e < len(s) && inGCP(s[e]) {
			e++
		}
		if e-k == 39 {
			decide(TypeGCPAPIKey, k, e, true)
		}
	}

	// Stripe live secret keys: sk_live_ and 24 or more letters and digits.
	for i := 0; ; {
		k := strings.Index(s[i:], "sk_live_")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		if k > 0 && (isAlnum(s[k-1]) || s[k-1] == '_') {
			continue
		}
		e := k + 8
		for e < len(s) && isAlnum(s[e]) {
			e++
		}
		if e-k-8 >= 24 && (e == len(s) || s[e] != '_') {
			hits = append(hits, hit{typ: TypeStripeCredentials, off: k})
		}
	}

	// HTTP basic authorization headers: the label is at "Authorization".
	for i := 0; ; {
		k := strings.Index(strings.ToLower(s[i:]), "authorization: basic ")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		e := k + len("authorization: basic ")
		t := e
		for t < len(s) && (isAlnum(s[t]) || s[t] == '+' || s[t] == '/' || s[t] == '=') {
			t++
		}
		if t == e {
			continue // a placeholder
		}
		raw, err := base64.StdEncoding.DecodeString(s[e:t])
		if err != nil || !strings.Contains(string(raw), ":") || t < len(s) && isAlnum(s[t]) {
			hits = append(hits, hit{off: k, problem: "a basic authorization header that is not user:password"})
			continue
		}
		hits = append(hits, hit{typ: TypeHTTPBasicAuthHeader, off: k})
	}

	// IPv4: every bounded dotted quad is a valid address or the planted
	// out-of-range negative.
	for _, off := range dottedQuads(s) {
		e := off
		for e < len(s) && (isDigit(s[e]) || s[e] == '.') {
			e++
		}
		quad := strings.TrimRight(s[off:e], ".")
		if a, err := netip.ParseAddr(quad); err == nil && a.Is4() {
			hits = append(hits, hit{typ: TypeIPAddress, off: off})
			continue
		}
		if !oneOctetOutOfRange(quad) {
			hits = append(hits, hit{off: off, problem: "a dotted quad that is neither an address nor a planted negative"})
		}
	}
	// IPv6: runs of hex digits and colons with a "::" or seven colons.
	inV6 := func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' }
	for i := 0; i < len(s); {
		if !inV6(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && inV6(s[j]) {
			j++
		}
		run := s[i:j]
		bounded := (i == 0 || !isAlnum(s[i-1])) && (j == len(s) || !isAlnum(s[j]) && s[j] != '.')
		if strings.Contains(run, "::") || strings.Count(run, ":") >= 7 {
			a, err := netip.ParseAddr(run)
			switch {
			case err == nil && a.Is6() && bounded:
				hits = append(hits, hit{typ: TypeIPAddress, off: i})
			default:
				hits = append(hits, hit{off: i, problem: "colon-hex groups that are not a planted IPv6 address"})
			}
		}
		i = j
	}
	return append(hits, scanNational(s, kw)...)
}

func formatGroups(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// oneOctetOutOfRange reports the planted negative's shape: four parts
// without leading zeros, one of them 256-299, the others 0-255.
func oneOctetOutOfRange(q string) bool {
	parts := strings.Split(q, ".")
	if len(parts) != 4 {
		return false
	}
	bad := 0
	for _, p := range parts {
		if p == "" || len(p) > 3 || len(p) > 1 && p[0] == '0' || !allDigits(p) {
			return false
		}
		switch n := atoi(p); {
		case n >= 256 && n <= 299:
			bad++
		case n > 299:
			return false
		}
	}
	return bad == 1
}

// checkQuietValues: a valid value of a keyword type with no keyword near
// may only be (part of) a label's or a listed negative's value; anywhere
// else it is filler that a detector without the keyword rule, or with a
// keyword list wider than the reference's, would report.
func checkQuietValues(errorf func(string, ...any), a *auditedFile, file string, labels []Label, negs []Negative) {
	if len(a.quiet) == 0 {
		return
	}
	type span struct{ from, to int64 }
	spans := map[int64][]span{} // line -> rune columns of planted values
	locs := map[string]bool{}
	addPlant := func(loc Location, value string) {
		locs[locKey(loc)] = true
		if lr := loc.LineRange; lr != nil && lr.Start == lr.End {
			spans[lr.Start] = append(spans[lr.Start], span{lr.StartColumn, lr.StartColumn + int64(utf8.RuneCountInString(value))})
		}
	}
	for _, l := range labels {
		addPlant(l.Location, l.value)
	}
	for _, n := range negs {
		addPlant(n.Location, n.value)
	}
next:
	for _, q := range a.quiet {
		if lr := q.Location.LineRange; lr != nil {
			for _, sp := range spans[lr.Start] {
				if lr.StartColumn >= sp.from && lr.StartColumn < sp.to {
					continue next
				}
			}
		} else if locs[locKey(q.Location)] {
			continue
		}
		errorf("%s: a valid %s with no keyword near, at %s, is neither a label nor a listed negative", file, q.Type, q.Location)
	}
}

// ibanHits reads the IBANs of s, contiguous or in groups of 4, whose country
// code known accepts and that pass mod 97: typed by valid where the country's
// length and structure hold and the layout is one the corpus plants, a
// problem otherwise.
func ibanHits(s string, known func(cc string) bool, valid func(compact string) (typ string, ok bool)) []hit {
	var hits []hit
	for i := 0; i+4 <= len(s); i++ {
		if !known(s[i:i+2]) || i > 0 && isAlnum(s[i-1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			continue
		}
		var compact []byte
		j := i
		for j < len(s) && len(compact) < 36 {
			c := s[j]
			if isUpper(c) || isDigit(c) {
				compact = append(compact, c)
				j++
			} else if c == ' ' && len(compact)%4 == 0 && j+1 < len(s) && (isUpper(s[j+1]) || isDigit(s[j+1])) {
				j++
			} else {
				break
			}
		}
		if j < len(s) && isAlnum(s[j]) || !ibanValid(string(compact)) {
			continue
		}
		text := s[i:j]
		typ, ok := valid(string(compact))
		switch {
		case ok && (text == string(compact) || text == formatGroups(string(compact))):
			hits = append(hits, hit{typ: typ, off: i})
		case ok:
			hits = append(hits, hit{off: i, problem: typ + " in an unplanted layout"})
		case text != string(compact):
			hits = append(hits, hit{off: i, problem: "a grouped mod-97 valid IBAN of the wrong length"})
		}
	}
	return hits
}
