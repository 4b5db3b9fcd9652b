package testcorpus

// The reference reading of the national identifiers and per-country IBANs
// (national_values.go, country_iban.go): a national value is read in every
// layout its type is planted in, bounded by anything but a letter or digit;
// it is a label when its check passes with one of its type's keywords near
// under every reading, nothing when no keyword is near under any, and a
// problem otherwise. A per-country IBAN is read as the other IBANs are,
// contiguous or in groups of four, and needs no keyword.

import (
	"strings"
	"testing"
)

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

	hits = append(hits, ibanHits(s, func(cc string) bool { _, ok := countryIBANByCC[cc]; return ok },
		func(compact string) (string, bool) {
			if c, ok := countryIBANValid(compact); ok {
				return c.typ, true
			}
			return "", false
		})...)
	return hits
}

// TestNationalReading: the reference reading of the national types finds a
// valid value next to its keyword once, gives a value that two types read
// to the one the other yields to, and finds nothing for a wrong check digit
// or a value without its keyword.
func TestNationalReading(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"PESEL 44051401359 zweryfikowany.", TypePolandPESEL},
		{"PESEL 44051401358 zweryfikowany.", ""},
		{"Reference 44051401359 archived.", ""},
		{"Numéro de sécurité sociale : 1 85 05 78 006 084 91", TypeFranceNIR},
		{"CNI 185057800608491 vérifiée.", TypeFranceNationalID},
		{"Korkort 811218-9876 giltigt.", TypeSwedenDrivers},
		{"RUT: 12.345.678-5", TypeChileRUT},
		{"RUT: 12.345.678-4", ""},
		{"Wire to LV80 BANK 0000 4351 9500 1 today.", "LATVIA_BANK_ACCOUNT_NUMBER"},
		{"Wire to LV81 BANK 0000 4351 9500 1 today.", ""},
		{"Track 1: %B5382199351819096^SMITH/JOHN^2811201000000000000000987000000?", TypeMagStripe},
		{"Track 1: %B5382199351819097^SMITH/JOHN^2811201000000000000000987000000?", ""},
		{"Cookie: sessionid=38afes7a8; lang=en", TypeHTTPCookie},
		{"Cookie: <redacted>", ""},
	} {
		var got []string
		for _, h := range scanNational(tc.text, namesKW(nil, tc.text)) {
			got = append(got, h.typ+h.problem)
		}
		want := []string{}
		if tc.want != "" {
			want = []string{tc.want}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("scanNational(%q) = %q, want %q", tc.text, got, want)
		}
	}
}
