package testcorpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The people reading: every full name (a first and a last name of the
// generator's lists, as written, a space between) and every street address
// in one of the generator's forms is a NAME or ADDRESS label. It reads the
// generator's word lists, as it must: it checks that the generator labels
// every name and address it writes, and writes no other. What a detector
// makes of them is measured in scanner/accuracy_test.go, with detectors that
// know none of these lists.

// repeats reports whether values of label type or negative kind typ may
// repeat in a file.
func repeats(typ string) bool {
	switch typ {
	case TypeName, TypeAddress, NegNotAName, NegNotAnAddress:
		return true
	}
	return false
}

func (a *auditedFile) addPeople(file, text string, loc func(off int) Location) {
	for _, h := range peopleHits(text) {
		a.people = append(a.people, Label{File: file, Type: h.typ, Location: loc(h.off)})
	}
}

// peopleHits returns the names and addresses in text.
func peopleHits(text string) []hit {
	var hits []hit
	for _, f := range firstNames {
		for from := 0; ; {
			i := strings.Index(text[from:], f.display+" ")
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			if !boundaryBefore(text, i) {
				continue
			}
			rest := text[i+len(f.display)+1:]
			for _, l := range lastNames {
				if strings.HasPrefix(rest, l.display) && boundaryAfter(rest, len(l.display)) {
					hits = append(hits, hit{typ: TypeName, off: i})
					break
				}
			}
		}
	}
	for _, m := range addressPattern.FindAllStringSubmatchIndex(text, -1) {
		hits = append(hits, hit{typ: TypeAddress, off: m[2]})
	}
	return hits
}

func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// addressPattern finds streetAddress's forms; group 1 is the address.
var addressPattern = func() *regexp.Regexp {
	alt := func(xs []string) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = regexp.QuoteMeta(x)
		}
		return "(?:" + strings.Join(q, "|") + ")"
	}
	forms := []string{
		`[1-9]\d{0,3}[A-D]? (?:[NSEW] )?` + alt(englishStreetNames) + ` ` + alt(englishStreetTypes),
		alt(suffixStreets) + ` [1-9]\d{0,2}[a-c]?`,
		alt(typeFirstStreetNames) + `,? [1-9]\d{0,2}`,
		`[1-9]\d{0,2} ` + alt(frenchStreets),
		alt(plainStreets) + ` [1-9]\d?`,
	}
	return regexp.MustCompile(`(?:^|[^\p{L}\p{N}])((?:` + strings.Join(forms, "|") + `))(?:[^\p{L}\p{N}]|$)`)
}()
