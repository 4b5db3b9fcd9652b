package sources

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
	})
}

func FuzzJSONLines(f *testing.F) {
	addSeeds(f, "*.jsonl", "lines-in.json")
	f.Add([]byte("{\"a\":1}\n\n{\"a\":\n\"s\"\n[1,2] 3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, func(lim *limits, r *bytes.Reader, emit func(*Chunk) error) error {
			return decodeJSON(context.Background(), r, true, lim, emit)
		})
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
			}
		}
	})
}
