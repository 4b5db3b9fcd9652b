package testcorpus

// The audit reads a generated corpus back with the standard library's
// readers (bufio lines, encoding/csv, encoding/json), never with the
// generator's own code paths, and runs a reference reading of the rules over
// every value: what it finds must be exactly the manifest's labels, nothing
// may sit at a negative's location, and no value may be ambiguous (found
// under one reasonable reading of the rules but not another).

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// hit is what the reference reading finds in one value.
type hit struct {
	typ     string
	off     int    // byte offset in the value's text
	problem string // set when the corpus is ambiguous or unclean here
	// quiet names a keyword type whose valid value sits here with no
	// keyword near: only a label's or a listed negative's value may.
	quiet string
}

// kwFunc says whether keywords are present near [from, to) under every
// reading of the rules, and whether they are absent under every reading
// with a generous window; both false means it depends on the reading.
type kwFunc func(kws []string, from, to int) (present, absent bool)

type reading struct{ underscore, plural bool }

var readings = []reading{{false, false}, {false, true}, {true, false}, {true, true}}

func allReadings(text string, kws []string, from, to, window int) bool {
	for _, r := range readings {
		if !keywordAt(text, kws, from, to, window, r.underscore, r.plural) {
			return false
		}
	}
	return true
}

func anyReading(text string, kws []string, from, to, window int) bool {
	for _, r := range readings {
		if keywordAt(text, kws, from, to, window, r.underscore, r.plural) {
			return true
		}
	}
	return false
}

func normalizedKeywords(kws []string) []string {
	out := make([]string, len(kws))
	for i, k := range kws {
		out[i] = normalizeName(k)
	}
	return out
}

// namesKW is the keyword test for a value under field names: names are the
// normalized path elements or column name. A keyword in a name counts at
// any distance; one in the value's own text within 30 characters.
func namesKW(names []string, text string) kwFunc {
	joined := strings.Join(names, " ")
	apart := strings.Join(names, " | ")
	return func(kws []string, from, to int) (bool, bool) {
		nk := normalizedKeywords(kws)
		inNames := allReadings(joined, nk, 0, 0, -1) && allReadings(apart, nk, 0, 0, -1)
		anyNames := anyReading(joined, nk, 0, 0, -1) || anyReading(apart, nk, 0, 0, -1)
		present := inNames || allReadings(text, kws, from, to, 30)
		absent := !anyNames && !anyReading(text, kws, from, to, absentWindow(kws))
		return present, absent
	}
}

// lineKW is the keyword test for a value on a line of text: within 30
// characters on the line counts; absence is checked across line breaks.
func lineKW(line string, file []byte, lineStart int) kwFunc {
	return func(kws []string, from, to int) (bool, bool) {
		present := allReadings(line, kws, from, to, 30)
		lo := max(0, lineStart+from-240)
		hi := min(len(file), lineStart+to+240)
		around := string(file[lo:hi])
		absent := !anyReading(around, kws, lineStart+from-lo, lineStart+to-lo, absentWindow(kws))
		return present, absent
	}
}

// absentWindow is how far, in bytes, no keyword may be for a value to
// count as having none: 45 characters, or 45 characters of three bytes
// when the keywords are not ASCII (Japanese, Hindi).
func absentWindow(kws []string) int {
	for _, k := range kws {
		for i := 0; i < len(k); i++ {
			if k[i] >= utf8.RuneSelf {
				return 3 * 45
			}
		}
	}
	return 45
}

// scanValue is the reference reading of the rules over one value's text.
func scanValue(s string, kw kwFunc) []hit {
	var hits []hit
	decide := func(kws []string, from, to int, withKW, without string, what string) {
		present, absent := kw(kws, from, to)
		switch {
		case present && withKW != "":
			hits = append(hits, hit{typ: withKW, off: from})
		case absent && without != "":
			hits = append(hits, hit{typ: without, off: from})
		case absent || present:
		default:
			hits = append(hits, hit{off: from, problem: what + " whose keyword depends on the reading"})
		}
	}
	// Digit groups joined by single spaces or dashes: cards and SSNs.
	for _, seq := range digitSeqs(s) {
		for i := range seq {
			for j := i; j < len(seq); j++ {
				start, end := seq[i].start, seq[j].end
				bounded := (start == 0 || !isAlnum(s[start-1])) && (end == len(s) || !isAlnum(s[end]))
				var d strings.Builder
				sizes := make([]int, 0, j-i+1)
				seps := map[byte]bool{}
				for k := i; k <= j; k++ {
					d.WriteString(s[seq[k].start:seq[k].end])
					sizes = append(sizes, seq[k].end-seq[k].start)
					if k > i {
						seps[s[seq[k].start-1]] = true
					}
				}
				digits := d.String()
				sameSep := len(seps) <= 1
				if cardLike(digits) && start >= 2 && s[start-2:start] == "%B" && end < len(s) && s[end] == '^' {
					continue // a track 1's card number: the magnetic stripe reading's (audit_national_test.go)
				}
				if cardLike(digits) {
					shape := len(sizes) == 1 && (len(digits) == 15 || len(digits) == 16) ||
						sameSep && (equalInts(sizes, 4, 4, 4, 4) || equalInts(sizes, 4, 6, 5))
					if !(shape && bounded && isCardNumber(digits)) {
						hits = append(hits, hit{off: start, problem: "card-like digits " + digits + " outside the planted shapes"})
						continue
					}
					decide(cardKeywords, start, end, TypeCreditCard, TypeCreditCardNoKeyword, "card number")
				}
				if len(digits) == 9 && bounded && ssnDigitsValid(digits) && (len(sizes) == 1 || equalInts(sizes, 3, 2, 4)) {
					if !sameSep {
						decide(ssnKeywords, start, end, "", "", "mixed-separator SSN")
						continue
					}
					decide(ssnKeywords, start, end, TypeSSN, "", "SSN")
				}
			}
		}
	}
	// German IBANs.
	for i := 0; i+2 <= len(s); i++ {
		if !equalFoldASCII(s[i:i+2], "de") || i > 0 && isAlnum(s[i-1]) {
			continue
		}
		var d []byte
		j := i + 2
		for j < len(s) && len(d) < 20 {
			if isDigit(s[j]) {
				d = append(d, s[j])
				j++
			} else if s[j] == ' ' && j+1 < len(s) && isDigit(s[j+1]) && len(d) > 0 {
				j++
			} else {
				break
			}
		}
		if len(d) != 20 || !germanIBANValid("DE"+string(d)) {
			continue
		}
		text := s[i:j]
		ok := s[i:i+2] == "DE" && (j == len(s) || !isAlnum(s[j]) && !(s[j] == ' ' && j+1 < len(s) && isDigit(s[j+1])))
		grouped := "DE" + string(d[:2])
		for k := 2; k < 20; k += 4 {
			grouped += " " + string(d[k:min(k+4, 20)])
		}
		if !ok || text != "DE"+string(d) && text != grouped {
			hits = append(hits, hit{off: i, problem: "German IBAN in an unplanted shape"})
			continue
		}
		hits = append(hits, hit{typ: TypeGermanIBAN, off: i})
	}
	// AWS access key ids: AKIA and 16 of [A-Z2-7], bounded.
	for i := 0; ; {
		k := strings.Index(s[i:], "AKIA")
		if k < 0 {
			break
		}
		k += i
		n := 0
		for k+4+n < len(s) && strings.IndexByte(awsKeyChars, s[k+4+n]) >= 0 {
			n++
		}
		end := k + 4 + n
		if n == 16 && (k == 0 || !isAlnum(s[k-1])) && (end == len(s) || !isAlnum(s[end])) {
			hits = append(hits, hit{typ: TypeAWSCredentials, off: k})
		}
		i = k + 1
	}
	// AWS secret keys: 40 of [A-Za-z0-9/+], bounded, with the keyword.
	inSecret := func(c byte) bool { return isAlnum(c) || c == '/' || c == '+' }
	for i := 0; i+40 <= len(s); i++ {
		if i > 0 && isAlnum(s[i-1]) || !inSecret(s[i]) {
			continue
		}
		all := true
		for k := i; k < i+40; k++ {
			if !inSecret(s[k]) {
				all = false
				break
			}
		}
		if !all || i+40 < len(s) && isAlnum(s[i+40]) {
			continue
		}
		decide(secretKeywords, i, i+40, TypeAWSCredentials, "", "40-character secret")
	}
	// JWTs: three base64url segments, the first a JSON header with "alg".
	inURL := func(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }
	for i := 0; ; {
		k := strings.Index(s[i:], "eyJ")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		if k > 0 && inURL(s[k-1]) {
			continue
		}
		var segs []string
		j := k
		for {
			e := j
			for e < len(s) && inURL(s[e]) {
				e++
			}
			segs = append(segs, s[j:e])
			if e < len(s) && s[e] == '.' && e+1 < len(s) && inURL(s[e+1]) {
				j = e + 1
				continue
			}
			j = e
			break
		}
		if len(segs) < 3 {
			continue
		}
		hdr, err := base64.RawURLEncoding.DecodeString(segs[0])
		var h map[string]any
		if len(segs) != 3 || err != nil || json.Unmarshal(hdr, &h) != nil || h["alg"] == nil {
			hits = append(hits, hit{off: k, problem: "three-segment eyJ string that is not a planted JWT"})
			continue
		}
		hits = append(hits, hit{typ: TypeJWT, off: k})
	}
	// The further types: national ids, IBANs, IP addresses, credentials.
	hits = append(hits, scanFurther(s, kw)...)
	// Email addresses.
	inLocal := func(c byte) bool { return isAlnum(c) || strings.IndexByte("._%+-", c) >= 0 }
	inDomain := func(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		a := i
		for a > 0 && inLocal(s[a-1]) {
			a--
		}
		b := i + 1
		for b < len(s) && inDomain(s[b]) {
			b++
		}
		domain := strings.TrimRight(s[i+1:b], ".")
		dot := strings.LastIndexByte(domain, '.')
		if a == i || dot < 1 || len(domain)-dot-1 < 2 {
			hits = append(hits, hit{off: i, problem: "an @ that is not an email address"})
			continue
		}
		hits = append(hits, hit{typ: TypeEmail, off: a})
	}
	return hits
}

type group struct{ start, end int }

// digitSeqs returns runs of digit groups joined by single spaces or dashes.
func digitSeqs(s string) [][]group {
	var out [][]group
	var cur []group
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		cur = append(cur, group{i, j})
		if j+1 < len(s) && (s[j] == ' ' || s[j] == '-') && isDigit(s[j+1]) {
			i = j + 1
			continue
		}
		out = append(out, cur)
		cur = nil
		i = j
	}
	return out
}

func equalInts(xs []int, want ...int) bool {
	if len(xs) != len(want) {
		return false
	}
	for i := range xs {
		if xs[i] != want[i] {
			return false
		}
	}
	return true
}

// auditedFile is what the audit read from one file.
type auditedFile struct {
	found    []Label           // what the reference reading found (type and location)
	problems []string          // ambiguities and unclean filler
	values   map[string]string // location key -> the text there
	lines    []string          // text files: the lines
	quiet    []Label           // valid keyword-less values of keyword types (Type is the type)
	people   []Label           // names and addresses (peopleHits), kept apart: the sample labels none
}

func locKey(l Location) string { return l.String() }

func readCorpusFile(dir string, info FileInfo) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(info.Path)))
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(info.Path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	return data, nil
}

func auditFile(dir string, info FileInfo) (*auditedFile, error) {
	data, err := readCorpusFile(dir, info)
	if err != nil {
		return nil, err
	}
	a := &auditedFile{values: map[string]string{}}
	switch strings.TrimSuffix(info.Format, ".gz") {
	case "txt", "log":
		a.auditText(info.Path, data)
	case "csv":
		err = a.auditTable(info.Path, data, ',')
	case "tsv":
		err = a.auditTable(info.Path, data, '\t')
	case "json":
		var doc any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err = dec.Decode(&doc); err == nil {
			a.auditJSON(info.Path, 0, "$", nil, doc)
		}
	case "jsonl":
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for idx := int64(0); sc.Scan(); idx++ {
			var doc any
			dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			dec.UseNumber()
			if err = dec.Decode(&doc); err != nil {
				break
			}
			a.auditJSON(info.Path, idx, "$", nil, doc)
		}
		if err == nil {
			err = sc.Err()
		}
	default:
		var ok bool
		if ok, err = a.auditColumnar(info.Path, strings.TrimSuffix(info.Format, ".gz"), data); !ok {
			err = fmt.Errorf("no audit for format %s", info.Format)
		}
	}
	return a, err
}

func (a *auditedFile) add(file string, hits []hit, loc func(off int) Location) {
	for _, h := range hits {
		if h.problem != "" {
			a.problems = append(a.problems, fmt.Sprintf("%s %s: %s", file, loc(h.off), h.problem))
			continue
		}
		if h.quiet != "" {
			a.quiet = append(a.quiet, Label{File: file, Type: h.quiet, Location: loc(h.off)})
			continue
		}
		a.found = append(a.found, Label{File: file, Type: h.typ, Location: loc(h.off)})
	}
}

var privateLabels = map[string]string{
	"OPENSSH PRIVATE KEY": TypeOpenSSHPrivateKey, "RSA PRIVATE KEY": TypePKCS,
	"PRIVATE KEY": TypePKCS, "EC PRIVATE KEY": TypePKCS,
}

func (a *auditedFile) auditText(file string, data []byte) {
	a.lines = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	offset := 0
	for i, line := range a.lines {
		n := int64(i + 1)
		a.values[fmt.Sprintf("line %d", n)] = line
		if !utf8.ValidString(line) {
			a.problems = append(a.problems, fmt.Sprintf("%s line %d: invalid UTF-8", file, n))
		}
		lineLoc := func(off int) Location {
			return Location{LineRange: &LineRange{Start: n, End: n, StartColumn: int64(utf8.RuneCountInString(line[:off])) + 1}}
		}
		a.add(file, scanValue(line, lineKW(line, data, offset)), lineLoc)
		a.addPeople(file, line, lineLoc)
		if strings.HasPrefix(line, "-----BEGIN ") && strings.HasSuffix(line, "-----") {
			label := strings.TrimSuffix(strings.TrimPrefix(line, "-----BEGIN "), "-----")
			end := -1
			for k := i + 1; k < len(a.lines); k++ {
				if a.lines[k] == "-----END "+label+"-----" {
					end = k
					break
				}
				if strings.Trim(a.lines[k], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != "" {
					break
				}
			}
			switch typ, private := privateLabels[label]; {
			case end < 0:
				a.problems = append(a.problems, fmt.Sprintf("%s line %d: BEGIN %s without END", file, n, label))
			case private:
				a.found = append(a.found, Label{File: file, Type: typ, Location: Location{LineRange: &LineRange{Start: n, End: int64(end + 1), StartColumn: 1}}})
			}
		} else if strings.Contains(line, "-----BEGIN") {
			a.problems = append(a.problems, fmt.Sprintf("%s line %d: BEGIN not at a line start", file, n))
		}
		offset += len(line) + 1
	}
}

func (a *auditedFile) auditTable(file string, data []byte, sep rune) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return err
	}
	for row := int64(2); ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		for c, cell := range rec {
			loc := Location{Cell: &Cell{Row: row, Column: int64(c) + 1, ColumnName: header[c]}}
			a.values[locKey(loc)] = cell
			names := []string{normalizeName(header[c])}
			a.add(file, scanValue(cell, namesKW(names, cell)), func(int) Location { return loc })
			a.addPeople(file, cell, func(int) Location { return loc })
		}
	}
}

func (a *auditedFile) auditJSON(file string, idx int64, path string, names []string, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			a.auditJSON(file, idx, path+"."+k, append(names[:len(names):len(names)], normalizeName(k)), x[k])
		}
	case []any:
		for i, e := range x {
			a.auditJSON(file, idx, path+"["+strconv.Itoa(i)+"]", names, e)
		}
	case string, json.Number:
		text := fmt.Sprint(x)
		loc := Location{Record: &Record{RecordIndex: idx, JSONPath: path}}
		a.values[locKey(loc)] = text
		a.add(file, scanValue(text, namesKW(names, text)), func(int) Location { return loc })
		a.addPeople(file, text, func(int) Location { return loc })
	}
}

// dottedQuads returns the offsets of d.d.d.d runs (1-3 digits each) bounded
// by non-alphanumerics.
func dottedQuads(s string) []int {
	var out []int
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && (isAlnum(s[i-1]) || s[i-1] == '.') {
			continue
		}
		j, parts := i, 0
		for parts < 4 {
			k := j
			for k < len(s) && isDigit(s[k]) && k-j < 4 {
				k++
			}
			if k == j || k-j > 3 {
				break
			}
			parts++
			j = k
			if parts < 4 {
				if j >= len(s) || s[j] != '.' {
					break
				}
				j++
			}
		}
		if parts == 4 && (j == len(s) || !isAlnum(s[j])) {
			out = append(out, i)
		}
	}
	return out
}
