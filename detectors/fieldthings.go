package detectors

import "strings"

// fieldThings is a compiled Spec.FieldThings.
type fieldThings struct {
	keyword string
	things  map[string]bool
}

// about reports whether field name is about one of the things: its last
// word is the keyword and the word qualifying it is a thing (see
// fieldQualifier).
func (ft *fieldThings) about(name string) bool {
	q, ok := fieldQualifier(name, ft.keyword)
	return ok && ft.isThing(q)
}

// qualifies reports whether the keyword found at text[start:end] is the
// ambiguous one qualified by a thing: "product name: Desk Lamp",
// "item_name=Desk Lamp", "productName". The qualifier is the word just
// before it, joined by spaces, '_' or '-' or by a camelCase boundary, as
// in a field name.
func (ft *fieldThings) qualifies(text []byte, start, end int) bool {
	if end-start != len(ft.keyword) || !strings.EqualFold(string(text[start:end]), ft.keyword) {
		return false
	}
	j := start
	for j > 0 && start-j < 3 && (text[j-1] == ' ' || text[j-1] == '_' || text[j-1] == '-') {
		j--
	}
	if j == 0 || text[j-1] < 0x80 && !isAlnum(text[j-1]) {
		return false // "Name" after punctuation or at the start: unqualified
	}
	q, _ := lastWord(text[max(0, j-maxThingLen):j])
	return ft.isThing(q)
}

// isThing reports whether word, in any case and singular or plural, is
// one of the things. It allocates nothing.
func (ft *fieldThings) isThing(word []byte) bool {
	if len(word) > maxThingLen {
		return false
	}
	var buf [maxThingLen]byte
	w := buf[:len(word)]
	for i, c := range word {
		if isUpper(c) {
			c += 'a' - 'A'
		}
		w[i] = c
	}
	return ft.things[string(singular(w))]
}

// maxThingLen bounds the qualifier looked at before a keyword in text;
// longer words are not things.
const maxThingLen = 24

// fieldQualifier returns the word that qualifies a field
// name's last word when that word is keyword: the word before it in the
// same element ("product" in "product_name", "productName", "Product
// Name"), or, when the element is the keyword alone, the last word of the
// element before it ("items" in "$.items[].name" and "$.items[3].name";
// array indexes are not elements). Elements are separated by '.', '/', '$',
// '[' and ']'; words within one by other punctuation, spaces and camelCase
// boundaries. ok is false when the last word is not keyword or nothing
// qualifies it ("name", "$.name").
func fieldQualifier(name, keyword string) (q []byte, ok bool) {
	end := len(name)
	elem := func() (string, bool) { // the next element back from end
		for {
			for end > 0 && elementSep(name[end-1]) {
				end--
			}
			if end == 0 {
				return "", false
			}
			start := end
			for start > 0 && !elementSep(name[start-1]) {
				start--
			}
			e := name[start:end]
			end = start
			if strings.Trim(e, "0123456789") != "" { // not an array index
				return e, true
			}
		}
	}
	own, ok := elem()
	if !ok {
		return nil, false
	}
	last, rest := lastWord([]byte(own))
	if !strings.EqualFold(string(last), keyword) {
		return nil, false
	}
	if len(rest) == 0 {
		parent, ok := elem()
		if !ok {
			return nil, false
		}
		rest = []byte(parent)
	}
	q, _ = lastWord(rest)
	return q, len(q) > 0
}

// lastWord splits s before its last word: words are runs of letters,
// digits and non-ASCII bytes, split where a lowercase letter or digit is
// followed by an uppercase one ("product|Name") and before the last
// capital of a run followed by a lowercase letter ("SKU|Name").
func lastWord(s []byte) (word, rest []byte) {
	end := len(s)
	for end > 0 && wordSep(s[end-1]) {
		end--
	}
	if end == 0 {
		return nil, nil
	}
	start := end - 1
	for start > 0 {
		p, c := s[start-1], s[start]
		if wordSep(p) ||
			isUpper(c) && (isLower(p) || isDigit(p)) ||
			isUpper(c) && isUpper(p) && start+1 < end && isLower(s[start+1]) {
			break
		}
		start--
	}
	rest = s[:start]
	for len(rest) > 0 && wordSep(rest[len(rest)-1]) {
		rest = rest[:len(rest)-1]
	}
	return s[start:end], rest
}

// elementSep reports whether c separates the elements of a field name
// (JSON path punctuation; '.' also joins flattened column names).
func elementSep(c byte) bool {
	switch c {
	case '.', '/', '$', '[', ']':
		return true
	}
	return false
}

// wordSep reports whether c separates words within an element.
func wordSep(c byte) bool { return c < 0x80 && !isAlnum(c) }

// fieldWord reports whether w is one lowercase ASCII word.
func fieldWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isLower(w[i]) && !isDigit(w[i]) {
			return false
		}
	}
	return true
}

// singular is w without an English plural ending: "categories" →
// "category", "items" → "item"; "address", "status" and short words are
// left as they are. It may write into w.
func singular(w []byte) []byte {
	n := len(w)
	switch {
	case n > 4 && w[n-3] == 'i' && w[n-2] == 'e' && w[n-1] == 's':
		w[n-3] = 'y'
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u':
		return w[:n-1]
	}
	return w
}
