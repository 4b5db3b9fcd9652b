package sources

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

type testMember struct {
	name  string
	data  []byte
	store bool
}

var memberTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func makeZip(t testing.TB, members ...testMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: memberTime}
		if m.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func makeTar(t testing.TB, members ...testMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "dir/", Typeflag: tar.TypeDir, Mode: 0o755, ModTime: memberTime})
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Name: m.name, Typeflag: tar.TypeReg, Size: int64(len(m.data)), Mode: 0o644, ModTime: memberTime}); err != nil {
			t.Fatal(err)
		}
		tw.Write(m.data)
	}
	tw.WriteHeader(&tar.Header{Name: "link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd", ModTime: memberTime})
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// collectArchive decodes with limits and returns "embedded|path|value"
// for every value (Lines chunks: their text).
func collectArchive(t *testing.T, data []byte, name string, lim ArchiveLimits, ra bool) ([]string, error) {
	t.Helper()
	var r interface{ Read([]byte) (int, error) } = bytes.NewReader(data)
	if !ra {
		r = struct{ *bytes.Buffer }{bytes.NewBuffer(data)}
	}
	var out []string
	var line int64
	_, err := DecodeObjectWith(context.Background(), r, Object{Key: name, Size: int64(len(data))}, DecodeOptions{Archive: lim}, func(ch *Chunk) error {
		line = 0
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("chunk contract: %v", err)
		}
		emb := ""
		if ch.Embedded != nil {
			emb = ch.Embedded.FilePath
			if !ch.Embedded.FileLastModified.Equal(memberTime) && !strings.Contains(emb, "parquet") {
				t.Errorf("%s: modified %v", emb, ch.Embedded.FileLastModified)
			}
		}
		if ch.Kind == Lines {
			out = append(out, emb+"|"+strings.TrimSpace(string(ch.Data)))
			return nil
		}
		for i, s := range ch.Starts {
			end := len(ch.Data)
			if i+1 < len(ch.Starts) {
				end = int(ch.Starts[i+1]) - 1
			}
			out = append(out, emb+"|"+string(ch.Data[s:end]))
		}
		return nil
	})
	return out, err
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestArchives(t *testing.T) {
	pqData := writeParquet(t, pqRows(5))
	inner := gzBytes(makeTar(t, testMember{name: "deep/c.csv", data: []byte("email\ndeep@example.com\n")}))
	zipData := makeZip(t,
		testMember{name: "a.csv", data: []byte("email\na@example.com\n")},
		testMember{name: "dir/", data: nil},
		testMember{name: "b.parquet", data: pqData, store: true},
		testMember{name: "inner.tar.gz", data: inner},
		testMember{name: "../../etc/evil.txt", data: []byte("escape attempt\n")},
		testMember{name: "nul\x00name.txt", data: []byte("nul name\n")},
	)
	tgz := gzBytes(makeTar(t,
		testMember{name: "x.zip", data: zipData},
		testMember{name: "notes.txt", data: []byte("hello tar\n")},
	))
	for _, tc := range []struct {
		name string
		data []byte
		file string
		ra   bool
		want []string
	}{
		{"zip", zipData, "a.zip", true, []string{"a.csv|a@example.com", "b.parquet|user0@example.com", "inner.tar.gz/deep/c.csv|deep@example.com", "../../etc/evil.txt|escape attempt", "nul\uFFFDname.txt|nul name"}},
		{"zip streamed", zipData, "a.zip", false, []string{"a.csv|a@example.com", "b.parquet|user0@example.com"}},
		{"tar.gz with a zip", tgz, "a.tgz", false, []string{"notes.txt|hello tar", "x.zip/a.csv|a@example.com", "x.zip/b.parquet|user0@example.com", "x.zip/inner.tar.gz/deep/c.csv|deep@example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := collectArchive(t, tc.data, tc.file, DefaultArchiveLimits, tc.ra)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !has(got, w) {
					t.Errorf("missing %q in %q", w, got)
				}
			}
		})
	}
}

func TestArchiveLimits(t *testing.T) {
	csv := []byte("email\n" + strings.Repeat("someone@example.com\n", 100))
	many := makeZip(t, testMember{name: "1.csv", data: csv}, testMember{name: "2.csv", data: csv}, testMember{name: "3.csv", data: csv})
	nested := makeZip(t, testMember{name: "top.csv", data: csv})
	for range 3 {
		nested = makeZip(t, testMember{name: "n.zip", data: nested}, testMember{name: "side.csv", data: csv})
	}
	bomb := gzBytes([]byte(strings.Repeat("aaaaaaaaaaaaaaa\n", 1<<16)))
	withBinary := makeZip(t, testMember{name: "1.csv", data: csv}, testMember{name: "x.bin", data: []byte{0, 1, 2, 3, 0, 0, 0, 9}})
	small := func(f func(*ArchiveLimits)) ArchiveLimits { l := DefaultArchiveLimits; f(&l); return l }
	for _, tc := range []struct {
		name      string
		data      []byte
		file      string
		lim       ArchiveLimits
		reason    string
		wantFirst string
	}{
		{"files", many, "m.zip", small(func(l *ArchiveLimits) { l.MaxFiles = 2 }), ReasonArchiveDocumentsOverLimit, "2.csv|someone@example.com"},
		{"total bytes", many, "m.zip", small(func(l *ArchiveLimits) { l.MaxTotalBytes = int64(len(csv)) + 100 }), ReasonArchiveBytesOverLimit, "1.csv|someone@example.com"},
		{"file bytes", many, "m.zip", small(func(l *ArchiveLimits) { l.MaxFileBytes = 100 }), ReasonFileExceedsSizeLimit, "3.csv|someone@example.com"},
		{"nesting", nested, "n.zip", small(func(l *ArchiveLimits) { l.MaxNesting = 2 }), ReasonArchiveNestingOverLimit, "n.zip/side.csv|someone@example.com"},
		{"gzip bomb", bomb, "b.txt.gz", small(func(l *ArchiveLimits) { l.MaxTotalBytes = 1 << 16 }), ReasonArchiveBytesOverLimit, ""},
		{"unsupported member", withBinary, "u.zip", DefaultArchiveLimits, ReasonArchiveUnprocessedFiles, "1.csv|someone@example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := collectArchive(t, tc.data, tc.file, tc.lim, true)
			var oe *ObjectError
			if !errors.As(err, &oe) || oe.Reason != tc.reason || oe.Status != StatusPartial {
				t.Fatalf("err = %v, want PARTIAL %s", err, tc.reason)
			}
			if len(got) == 0 {
				t.Fatal("nothing kept before the limit")
			}
			if tc.wantFirst != "" && !has(got, tc.wantFirst) {
				t.Errorf("missing %q", tc.wantFirst)
			}
		})
	}
}

// TestZipOverlap: two entries whose data is the same bytes (the
// overlapping-entry bomb's trick) are refused before anything is scanned.
func TestZipOverlap(t *testing.T) {
	data := makeZip(t, testMember{name: "a.txt", data: []byte("one\n"), store: true}, testMember{name: "b.txt", data: []byte("two\n"), store: true})
	second := bytes.LastIndex(data, []byte("PK\x01\x02"))
	binary.LittleEndian.PutUint32(data[second+42:], 0) // b's local header offset -> a's
	got, err := collectArchive(t, data, "o.zip", DefaultArchiveLimits, true)
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile || oe.Status != StatusSkipped || len(got) != 0 {
		t.Fatalf("err = %v, %d values; want SKIPPED MALFORMED_FILE and nothing", err, len(got))
	}
}

func TestArchiveCorrupt(t *testing.T) {
	z := makeZip(t, testMember{name: "a.csv", data: []byte("email\na@example.com\n")}, testMember{name: "b.csv", data: []byte("x\ny\n")})
	tg := gzBytes(makeTar(t, testMember{name: "a.txt", data: []byte("first file\n")}, testMember{name: "b.txt", data: bytes.Repeat([]byte("second\n"), 1000)}))
	for _, tc := range []struct {
		name string
		data []byte
		file string
	}{
		{"truncated zip", z[:len(z)-30], "t.zip"},
		{"truncated tar.gz", tg[:len(tg)/2], "t.tar.gz"},
		{"truncated gzip", gzBytes([]byte("some text\n"))[:15], "t.txt.gz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := collectArchive(t, tc.data, tc.file, DefaultArchiveLimits, true)
			var oe *ObjectError
			if !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile {
				t.Fatalf("err = %v, want MALFORMED_FILE", err)
			}
		})
	}
}

func fuzzArchive(t *testing.T, data []byte, name string) {
	lim := ArchiveLimits{MaxNesting: 4, MaxFiles: 50, MaxTotalBytes: 1 << 20, MaxFileBytes: 1 << 19}
	var line int64
	_, err := DecodeObjectWith(context.Background(), bytes.NewReader(data), Object{Key: name, Size: int64(len(data))}, DecodeOptions{Archive: lim}, func(ch *Chunk) error {
		line = 0
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("chunk contract: %v", err)
		}
		return nil
	})
	var oe *ObjectError
	if err != nil && !errors.As(err, &oe) {
		t.Fatalf("error is not an *ObjectError: %v", err)
	}
	if strings.HasSuffix(name, ".zip") {
		// Read ahead, as on S3: the same chunks and the same error.
		want := decodeZipAhead(t, data, bytes.NewReader(data), lim, 0)
		if got := decodeZipAhead(t, data, bytes.NewReader(data), lim, 2); !slices.Equal(got, want) {
			t.Fatalf("read ahead: %d chunks, %.200q; without: %d, %.200q", len(got), got, len(want), want)
		}
	}
}

func FuzzZip(f *testing.F) {
	z := makeZip(f, testMember{name: "a.csv", data: []byte("email\na@example.com\n")}, testMember{name: "s.txt", data: []byte("stored\n"), store: true},
		testMember{name: "in.zip", data: makeZip(f, testMember{name: "b.json", data: []byte(`{"a":"b"}`)})})
	f.Add(z)
	for _, n := range []int{10, len(z) / 2, len(z) - 22, len(z) - 1} {
		f.Add(z[:n])
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzArchive(t, data, "f.zip") })
}

func FuzzTar(f *testing.F) {
	tr := makeTar(f, testMember{name: "a.csv", data: []byte("email\na@example.com\n")}, testMember{name: "z.zip", data: makeZip(f, testMember{name: "b.txt", data: []byte("x\n")})})
	f.Add(tr)
	f.Add(tr[:700])
	f.Add(gzBytes(tr))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzArchive(t, data, "f.tar")
		fuzzArchive(t, data, "f.tgz")
	})
}
