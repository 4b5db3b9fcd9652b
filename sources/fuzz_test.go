package sources

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzDecode runs decode with small and default limits and checks that it
// neither panics nor breaks the chunk contract, and that any error other
// than emit's is an *ObjectError or a read error.
func fuzzDecode(t *testing.T, data []byte, decode func(lim *limits, r *bytes.Reader, emit func(*Chunk) error) error) {
	for _, lim := range []*limits{&small, &defaultLimits} {
		var line int64
		err := decode(lim, bytes.NewReader(data), func(ch *Chunk) error {
			if err := checkChunk(ch, &line); err != nil {
				t.Fatalf("chunk contract: %v", err)
			}
			return nil
		})
		var oe *ObjectError
		if err != nil && !errors.As(err, &oe) {
			t.Fatalf("error is not an *ObjectError: %v", err)
		}
		checkNoLeak(t, err, data)
	}
}

// checkNoLeak fails if err's message quotes a value of data: a run of
// input bytes holding an '@' or eight digits (an email, a card or account
// number). Errors say where an object stopped making sense, never what it
// held, since they reach the results and the logs. A run of words alone
// is no evidence: the seeds include golden files, which hold error texts.
func checkNoLeak(t *testing.T, err error, data []byte) {
	t.Helper()
	if err == nil {
		return
	}
	const run = 16
	msg := err.Error()
	for i := 0; i+run <= len(msg); i++ {
		w := msg[i : i+run]
		digits := 0
		for _, c := range []byte(w) {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		if (digits >= 8 || strings.IndexByte(w, '@') >= 0) && bytes.Contains(data, []byte(w)) {
			t.Fatalf("error quotes the input: %q", msg)
		}
	}
}

func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", "decode", p))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzText(f *testing.F) {
	addSeeds(f, "*.txt", "*.unknownext")
	f.Add([]byte("\xef\xbb\xbfa\nb\r\n\xff\xfe€\n"))
	f.Add(bytes.Repeat([]byte("é"), 700))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, func(lim *limits, r *bytes.Reader, emit func(*Chunk) error) error {
			return decodeText(context.Background(), r, lim, emit)
		})
	})
}

func FuzzCSV(f *testing.F) {
	addSeeds(f, "*.csv", "*.tsv")
	f.Add([]byte("a,b\n\"x\"\"y\",\"z\r\n\"\r\n,\n\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, comma := range []byte{',', '\t'} {
			fuzzDecode(t, data, func(lim *limits, r *bytes.Reader, emit func(*Chunk) error) error {
				return decodeCSV(context.Background(), r, comma, lim, emit)
			})
		}
	})
}

func FuzzJSON(f *testing.F) {
	addSeeds(f, "*.json")
	f.Add([]byte(`{"a\u0000b":"\ud83d\ude00\ud800x\\","n":-1.5e+3,"t":[true,false,null,{}],"":[]}`))
	f.Add([]byte(`[[[[[[[[[["deep"]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, func(lim *limits, r *bytes.Reader, emit func(*Chunk) error) error {
			return decodeJSON(context.Background(), r, false, lim, emit)
		})
		checkJSONPaths(t, data, false)
	})
}

func FuzzJSONLines(f *testing.F) {
	addSeeds(f, "*.jsonl", "lines-in.json")
	f.Add([]byte("{\"a\":1}\n\n{\"a\":\n\"s\"\n[1,2] 3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, func(lim *limits, r *bytes.Reader, emit func(*Chunk) error) error {
			return decodeJSON(context.Background(), r, true, lim, emit)
		})
		checkJSONPaths(t, data, true)
	})
}

// FuzzDecodeObject goes through detection, gzip included: each input is
// tried as itself and gzipped, under several names.
func FuzzDecodeObject(f *testing.F) {
	addSeeds(f, "*")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, in := range [][]byte{data, gz(data)} {
			for _, name := range []string{"x.txt", "x.csv", "x.tsv", "x.json", "x.jsonl", "x", "x.gz"} {
				var line int64
				_, err := DecodeObject(context.Background(), bytes.NewReader(in), Object{Key: name}, func(ch *Chunk) error {
					if err := checkChunk(ch, &line); err != nil {
						t.Fatalf("%s: chunk contract: %v", name, err)
					}
					return nil
				})
				var oe *ObjectError
				if err != nil && !errors.As(err, &oe) {
					t.Fatalf("%s: error is not an *ObjectError: %v", name, err)
				}
				checkNoLeak(t, err, data)
			}
		}
	})
}

// jsonPaths decodes data with the default limits and returns Path(i) of
// every value, sorted.
func jsonPaths(t *testing.T, data []byte, lines bool) []string {
	t.Helper()
	var got []string
	err := decodeJSON(context.Background(), bytes.NewReader(data), lines, &defaultLimits, func(ch *Chunk) error {
		for i := range ch.Starts {
			got = append(got, ch.Path(i))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	slices.Sort(got)
	return got
}

// checkJSONPaths compares the decoder's concrete paths with a slow
// reference walked over encoding/json's tokens, for input both accept:
// valid UTF-8 (encoding/json rewrites invalid bytes in names), and one
// valid JSON text (or, for JSON Lines, one per non-blank line).
func checkJSONPaths(t *testing.T, data []byte, lines bool) {
	if !utf8.Valid(data) || bytes.HasPrefix(data, utf8BOM) {
		return
	}
	texts := [][]byte{data}
	if lines {
		texts = bytes.Split(data, []byte{'\n'})
	}
	var want []string
	for _, text := range texts {
		if lines && strings.Trim(string(text), " \t\r") == "" {
			continue
		}
		if !json.Valid(text) {
			return
		}
		paths, ok := referencePaths(text)
		if !ok {
			return
		}
		want = append(want, paths...)
	}
	var oe *ObjectError
	if err := decodeJSON(context.Background(), bytes.NewReader(data), lines, &defaultLimits, func(*Chunk) error { return nil }); errors.As(err, &oe) {
		return // nesting past our limit, which encoding/json allows
	}
	slices.Sort(want)
	if got := jsonPaths(t, data, lines); !slices.Equal(got, want) {
		t.Fatalf("paths differ from encoding/json's:\n got %q\nwant %q", got, want)
	}
}

// referencePaths lists the concrete path of every non-empty string, every
// number and every non-empty key of one JSON text, as JSONDecoder names them.
func referencePaths(text []byte) ([]string, bool) {
	type frame struct {
		array  bool
		n      int    // array: elements seen
		key    bool   // object: the next string is a key
		path   string // the container's path
		member string // object: the path of the member being read
	}
	var stack []*frame
	var paths []string
	valuePath := func() string {
		if len(stack) == 0 {
			return "$"
		}
		top := stack[len(stack)-1]
		if top.array {
			top.n++
			return top.path + "[" + strconv.Itoa(top.n-1) + "]"
		}
		return top.member
	}
	afterValue := func() {
		if len(stack) > 0 && !stack[len(stack)-1].array {
			stack[len(stack)-1].key = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return paths, true
		}
		if err != nil {
			return nil, false
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				stack = append(stack, &frame{array: v == '[', key: v == '{', path: valuePath()})
				continue
			}
			stack = stack[:len(stack)-1]
			afterValue()
		case string:
			if top := len(stack) - 1; top >= 0 && stack[top].key {
				if v != "" {
					paths = append(paths, stack[top].path) // an empty key is not scanned
				}
				stack[top].member, stack[top].key = stack[top].path+referenceSegment(v), false
				continue
			}
			if p := valuePath(); v != "" {
				paths = append(paths, p)
			}
			afterValue()
		case json.Number:
			paths = append(paths, valuePath())
			afterValue()
		default: // true, false, null: not scanned
			valuePath()
			afterValue()
		}
	}
}

// referenceSegment is what a member name adds to a path: ".name" for an
// identifier, else "['name']" with ' and \ escaped; a name longer than
// maxName bytes keeps its last maxName, cut at a rune start.
func referenceSegment(name string) string {
	if len(name) > maxName {
		name = name[runeStart([]byte(name), len(name)-maxName):]
	}
	if isIdent([]byte(name)) {
		return "." + name
	}
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "['" + r.Replace(name) + "']"
}
