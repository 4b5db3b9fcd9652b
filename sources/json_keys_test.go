package sources

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
)

// TestJSONKeyFilter: with a key filter, a key is filed at every occurrence
// when the filter accepts it and never when it rejects it, the filter is
// asked once per key, path and object, and values are untouched.
func TestJSONKeyFilter(t *testing.T) {
	doc := strings.Repeat(`{"email":"x","ssn":"y","attrs":{"bob@example.com":1,"plain":2},"list":[{"carol@example.com":3}]}`+"\n", 5)
	type ask struct{ field, key string }
	for _, lines := range []bool{true, false} {
		name := "a.jsonl"
		data := doc
		if !lines {
			name, data = "a.json", "["+strings.ReplaceAll(strings.TrimSuffix(doc, "\n"), "\n", ",")+"]"
		}
		for pass := range 2 { // a pooled scanner keeps its trie: verdicts must not outlive the object
			var asked []ask
			opts := DecodeOptions{KeyFilter: func(field string, key []byte) bool {
				asked = append(asked, ask{field, string(key)})
				return bytes.IndexByte(key, '@') >= 0
			}}
			got, err := collectWith(t, []byte(data), name, true, opts)
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string][]int64{}
			values := 0
			for _, l := range got {
				switch l.value {
				case "email", "ssn", "attrs", "plain", "list":
					t.Errorf("%s pass %d: rejected key %q filed at %s", name, pass, l.value, l.path)
				case "bob@example.com", "carol@example.com":
					keys[l.value+" "+l.path] = append(keys[l.value+" "+l.path], l.index)
				default:
					values++
				}
			}
			prefix := "$"
			if !lines {
				prefix = "$[]"
			}
			indexes := []int64{0, 1, 2, 3, 4}
			if !lines {
				indexes = []int64{0, 0, 0, 0, 0} // one record: the document
			}
			wantKeys := map[string][]int64{
				"bob@example.com $.attrs":     indexes,
				"carol@example.com $.list[0]": indexes,
			}
			if !lines {
				wantKeys = map[string][]int64{}
				for i := range 5 {
					wantKeys["bob@example.com $["+string(rune('0'+i))+"].attrs"] = []int64{0}
					wantKeys["carol@example.com $["+string(rune('0'+i))+"].list[0]"] = []int64{0}
				}
			}
			if len(keys) != len(wantKeys) {
				t.Errorf("%s pass %d: accepted keys filed as %v, want %v", name, pass, keys, wantKeys)
			}
			for k, want := range wantKeys {
				if !slices.Equal(keys[k], want) {
					t.Errorf("%s pass %d: %s at records %v, want %v", name, pass, k, keys[k], want)
				}
			}
			if values != 5*5 {
				t.Errorf("%s pass %d: %d values, want 25", name, pass, values)
			}
			wantAsked := []ask{{prefix, "email"}, {prefix, "ssn"}, {prefix, "attrs"}, {prefix + ".attrs", "bob@example.com"},
				{prefix + ".attrs", "plain"}, {prefix, "list"}, {prefix + ".list[]", "carol@example.com"}}
			if !slices.Equal(asked, wantAsked) {
				t.Errorf("%s pass %d: asked %v, want %v (once per key and path)", name, pass, asked, wantAsked)
			}
		}
	}
}

// TestJSONKeyFilterOff: without a filter every key is filed.
func TestJSONKeyFilterOff(t *testing.T) {
	got, err := collect(t, []byte(`{"a":{"b":1}}`+"\n"+`{"a":{"b":2}}`+"\n"), "a.jsonl", true)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range got {
		if l.value == "a" || l.value == "b" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d keys filed, want 4: %v", n, got)
	}
}

func BenchmarkDecodeJSONLinesKeyFilter(b *testing.B) {
	data := benchJSONLines()
	opts := DecodeOptions{KeyFilter: func(string, []byte) bool { return false }}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeObjectWith(context.Background(), bytes.NewReader(data), Object{Key: "a.jsonl"}, opts, func(*Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
