package testcorpus

// The reference reading of the national identifiers and per-country IBANs
// (national_values.go, country_iban.go): a national value is read in every
// layout its type is planted in, bounded by anything but a letter or digit;
// it is a label when its check passes with one of its type's keywords near
// under every reading, nothing when no keyword is near under any, and a
// problem otherwise. A per-country IBAN is read as the other IBANs are,
// contiguous or in groups of four, and needs no keyword.

import "strings"

// matchLayout reports the end of layout matched at s[i:], or -1.
func matchLayout(s string, i int, layout string) (int, string) {
	compact := make([]byte, 0, len(layout))
	for k := 0; k < len(layout); k++ {
		if i+k >= len(s) {
			return -1, ""
		}
		c, l := s[i+k], layout[k]
		switch {
		case isClass(l):
			if !layoutClass(l, c) {
				return -1, ""
			}
			compact = append(compact, c)
		case c != l:
			return -1, ""
		}
	}
	return i + len(layout), string(compact)
}

func scanNational(s string, kw kwFunc) []hit {
	var hits []hit
	type natHit struct {
		spec *natSpec
		off  int
	}
	var found []natHit
	seen := map[[2]int]bool{}
	for n := range natSpecs {
		spec := &natSpecs[n]
		for _, layout := range spec.layouts {
			for i := 0; i < len(s); i++ {
				if i > 0 && isAlnum(s[i-1]) {
					continue
				}
				end, compact := matchLayout(s, i, layout)
				if end < 0 || end < len(s) && isAlnum(s[end]) || !spec.valid(compact) || seen[[2]int{n, i}] {
					continue
				}
				seen[[2]int{n, i}] = true
				switch present, absent := kw(spec.keywords, i, end); {
				case present:
					found = append(found, natHit{spec, i})
				case !absent:
					hits = append(hits, hit{off: i, problem: spec.typ + " whose keyword depends on the reading"})
				}
			}
		}
	}
	// A type that yields to another found on the same value is not read.
	at := map[[2]any]bool{}
	for _, f := range found {
		at[[2]any{f.spec.typ, f.off}] = true
	}
next:
	for _, f := range found {
		for _, other := range f.spec.yieldsTo {
			if at[[2]any{other, f.off}] {
				continue next
			}
		}
		hits = append(hits, hit{typ: f.spec.typ, off: f.off})
	}

	// Track 1: "%B", 13-19 digits passing Luhn, '^', a name, '^', YYMM
	// (a month 01-12) and a service code, digits, '?'.
	for i := 0; ; {
		k := strings.Index(s[i:], "%B")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		p := k + 2
		for p < len(s) && isDigit(s[p]) {
			p++
		}
		pan := s[k+2 : p]
		if len(pan) < 13 || len(pan) > 19 || p >= len(s) || s[p] != '^' {
			continue
		}
		q := strings.IndexByte(s[p+1:], '^')
		if q < 0 {
			continue
		}
		q += p + 1
		e := q + 1
		for e < len(s) && isDigit(s[e]) {
			e++
		}
		if e-q-1 < 7 || e >= len(s) || s[e] != '?' || !magStripeName(s[k:e+1]) {
			continue
		}
		if m := atoi(s[q+3 : q+5]); m < 1 || m > 12 || !luhnValid(pan) {
			continue
		}
		switch present, absent := kw(magStripeKeywords, k, e+1); {
		case present:
			hits = append(hits, hit{typ: TypeMagStripe, off: k})
		case !absent:
			hits = append(hits, hit{off: k, problem: "track 1 data whose keyword depends on the reading"})
		}
	}

	// HTTP Cookie headers: "Cookie:" and, to the end of the value or line,
	// at least one name=value pair.
	for _, anchor := range []string{"Cookie:", "cookie:", "COOKIE:"} {
		for i := 0; ; {
			k := strings.Index(s[i:], anchor)
			if k < 0 {
				break
			}
			k += i
			i = k + 1
			e := k + len(anchor)
			for e < len(s) && s[e] == ' ' {
				e++
			}
			v := s[e:]
			if n := strings.IndexAny(v, "\n\r\""); n >= 0 {
				v = v[:n]
			}
			if len(v) >= 3 && strings.IndexByte(v[1:], '=') >= 0 {
				hits = append(hits, hit{typ: TypeHTTPCookie, off: k})
			}
		}
	}

	for i := 0; i+4 <= len(s); i++ {
		if _, ok := countryIBANByCC[s[i:i+2]]; !ok || i > 0 && isAlnum(s[i-1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
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
		c, ok := countryIBANValid(string(compact))
		switch {
		case ok && (text == string(compact) || text == formatGroups(string(compact))):
			hits = append(hits, hit{typ: c.typ, off: i})
		case ok:
			hits = append(hits, hit{off: i, problem: c.typ + " in an unplanted layout"})
		case text != string(compact):
			hits = append(hits, hit{off: i, problem: "a grouped mod-97 valid IBAN of the wrong length"})
		}
	}
	return hits
}
