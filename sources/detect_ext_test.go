package sources

import (
	"bytes"
	"context"
	"testing"
)

// TestByExtensionTable checks the extension table against the scan of the
// format table it replaces: the first format with the extension, for every
// extension any format has, in any case, and for names with none.
func TestByExtensionTable(t *testing.T) {
	scan := func(name string) *format {
		e := ext(name)
		for _, f := range formats {
			if _, ok := f.exts[e]; ok {
				return f
			}
		}
		return nil
	}
	names := []string{"", "README", "a.", "a.unknown", "dir.csv/file", ".csv", "x.tar.gz", "a.CSV", "b.Json", "c.JSONL"}
	for _, f := range formats {
		for e := range f.exts {
			names = append(names, "file"+e, "dir/file"+e, "FILE"+e+".bak", "a.b"+e)
		}
	}
	for _, n := range names {
		if got, want := byExtension(n), scan(n); got != want {
			t.Errorf("byExtension(%q) = %v, want %v", n, got, want)
		}
	}
}

func TestRandomAccessExt(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.parquet", true},
		{"dir/b.PARQUET", true},
		{"x.zip", true},
		{"year=2025/part-0001.snappy.parquet", true},
		{"a.parquet.gz", false}, // a gzip stream
		{"a.tar", false},
		{"a.avro", false},
		{"a.csv", false},
		{"a.json", false},
		{"parquet", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := RandomAccessExt(tt.name); got != tt.want {
			t.Errorf("RandomAccessExt(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// streamCounter is an object that is an io.ReaderAt, counting the bytes
// read from it as a stream.
type streamCounter struct {
	*bytes.Reader
	streamed int
}

func (s *streamCounter) Read(p []byte) (int, error) {
	n, err := s.Reader.Read(p)
	s.streamed += n
	return n, err
}

// TestRandomAccessFormatsDoNotStream holds RandomAccessExt to its word:
// every format it names, given an object larger than the decoder's peek
// as an io.ReaderAt, reads no more of the stream than that peek.
func TestRandomAccessFormatsDoNotStream(t *testing.T) {
	big := bytes.Repeat([]byte("4111 1111 1111 1111 and some text to scan\n"), 8000)
	samples := map[string]struct {
		name string
		data []byte
	}{
		"parquet": {"t.parquet", writeParquet(t, pqRows(5000))},
		"zip": {"t.zip", makeZip(t,
			testMember{name: "a.txt", data: big, store: true},
			testMember{name: "b.txt", data: big})},
	}
	for _, f := range formats {
		if !f.readsAt {
			continue
		}
		s, ok := samples[f.name]
		if !ok {
			t.Errorf("format %s reads at offsets: add a sample here", f.name)
			continue
		}
		if !RandomAccessExt(s.name) {
			t.Errorf("RandomAccessExt(%q) = false", s.name)
		}
		if len(s.data) <= 2*jsonSniffLen {
			t.Fatalf("%s sample of %d bytes: too small to tell", f.name, len(s.data))
		}
		r := &streamCounter{Reader: bytes.NewReader(s.data)}
		chunks := 0
		_, err := DecodeObject(context.Background(), r, Object{Key: s.name, Size: int64(len(s.data))}, func(*Chunk) error { chunks++; return nil })
		if err != nil || chunks == 0 {
			t.Fatalf("decode %s: %d chunks, %v", s.name, chunks, err)
		}
		t.Logf("%s: %d of %d bytes read as a stream", s.name, r.streamed, len(s.data))
		if r.streamed > jsonSniffLen {
			t.Errorf("%s: %d bytes of %d read as a stream, want at most the %d-byte peek", s.name, r.streamed, len(s.data), jsonSniffLen)
		}
	}
}
