package sources

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// zipAheadFixture is a zip archive for the read-ahead tests: CSV files
// larger than a piece, deflated and stored, a nested zip and a Parquet
// file stored, a directory, and a large file compressed with a method
// archive/zip lacks.
func zipAheadFixture(t *testing.T) (data []byte, skipped string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	csv := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("id,email,note\n")
		for row := 0; b.Len() < n; row++ {
			email := ""
			if row%100 == 0 {
				email = fmt.Sprintf("user.%d@example.com", row)
			}
			fmt.Fprintf(&b, "%d,%s,%x\n", rng.Int64(), email, rng.Uint64())
		}
		return b.Bytes()
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(h *zip.FileHeader, body []byte) {
		h.Modified = memberTime
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	add(&zip.FileHeader{Name: "a.csv", Method: zip.Deflate}, csv(3<<20))
	add(&zip.FileHeader{Name: "dir/"}, nil)
	add(&zip.FileHeader{Name: "b.csv", Method: zip.Store}, csv(1500<<10))
	// A method archive/zip lacks: raw bytes, never decompressed.
	skipped = "odd.bin"
	w, err := zw.CreateRaw(&zip.FileHeader{Name: skipped, Method: 99, Modified: memberTime,
		CompressedSize64: 3 << 20, UncompressedSize64: 3 << 20})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(csv(3 << 20)[:3<<20])
	add(&zip.FileHeader{Name: "in.zip", Method: zip.Store}, makeZip(t, testMember{name: "deep.csv", data: csv(200 << 10)}))
	add(&zip.FileHeader{Name: "t.parquet", Method: zip.Store}, writeParquet(t, pqRows(2000)))
	add(&zip.FileHeader{Name: "c.json", Method: zip.Deflate}, []byte(`{"email":"json@example.com"}`))
	add(&zip.FileHeader{Name: "empty.txt", Method: zip.Deflate}, nil)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), skipped
}

// decodeZipAhead decodes data as an object read at offsets through rec,
// with the reads ahead given, and returns every chunk's member, kind and
// bytes, and the error's text.
func decodeZipAhead(t *testing.T, data []byte, rec io.ReaderAt, lim ArchiveLimits, ahead int) []string {
	t.Helper()
	r := readerAtFile{bytes.NewReader(data), rec}
	var out []string
	_, err := DecodeObjectWith(context.Background(), r, Object{Key: "x.zip", Size: int64(len(data))},
		DecodeOptions{Archive: lim, RangeReadsAhead: ahead}, func(ch *Chunk) error {
			emb := ""
			if ch.Embedded != nil {
				emb = ch.Embedded.FilePath
			}
			out = append(out, fmt.Sprintf("%s|%d|%s", emb, ch.Kind, ch.Data))
			return nil
		})
	if err != nil {
		out = append(out, "error: "+err.Error())
	}
	return out
}

// TestZipReadAhead decodes zip archives, sound, damaged and cut short by
// limits, with and without reads ahead: the chunks and the error are the
// same; with reads ahead, several reads are in flight at once and the
// bytes of a file that is not scanned are not read.
func TestZipReadAhead(t *testing.T) {
	good, skipped := zipAheadFixture(t)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	dataOf := func(name string) (from, to int64) {
		for _, f := range zr.File {
			if f.Name == name {
				off, _ := f.DataOffset()
				return off, off + int64(f.CompressedSize64)
			}
		}
		t.Fatalf("no %s", name)
		return 0, 0
	}
	skipFrom, skipTo := dataOf(skipped)
	corrupt := func(name string) []byte { // overwrite 4 KiB in the middle of a file's data
		from, to := dataOf(name)
		c := bytes.Clone(good)
		for j := (from + to) / 2; j < (from+to)/2+4096 && j < to; j++ {
			c[j] ^= 0x5a
		}
		return c
	}
	// Two entries whose local header offsets point to one header.
	overlap := bytes.Clone(good)
	if i := bytes.LastIndex(overlap, []byte("PK\x01\x02")); i > 0 {
		binary.LittleEndian.PutUint32(overlap[i+42:], 0)
	}
	// A local header whose signature is gone.
	badHeader := bytes.Clone(good)
	if i := bytes.Index(badHeader[100:], []byte("PK\x03\x04")); i >= 0 {
		badHeader[100+i] = 'X'
	}
	dirAt := int(binary.LittleEndian.Uint32(good[len(good)-22+16:]))
	tests := []struct {
		name string
		data []byte
		lim  ArchiveLimits
	}{
		{"sound", good, DefaultArchiveLimits},
		{"deflated data damaged", corrupt("a.csv"), DefaultArchiveLimits},
		{"stored Parquet damaged", corrupt("t.parquet"), DefaultArchiveLimits},
		{"stored zip damaged", corrupt("in.zip"), DefaultArchiveLimits},
		{"overlapping entries", overlap, DefaultArchiveLimits},
		{"local header damaged", badHeader, DefaultArchiveLimits},
		{"cut in the directory", good[:dirAt+100], DefaultArchiveLimits},
		{"cut in a file", good[:len(good)/2], DefaultArchiveLimits},
		{"directory of a shorter file", append(bytes.Clone(good[:len(good)/2]), good[dirAt:]...), DefaultArchiveLimits},
		{"file over its limit", good, ArchiveLimits{MaxNesting: 10, MaxFiles: 100, MaxTotalBytes: 1 << 30, MaxFileBytes: 1 << 20}},
		{"total over its limit", good, ArchiveLimits{MaxNesting: 10, MaxFiles: 100, MaxTotalBytes: 2 << 20, MaxFileBytes: 1 << 30}},
		{"too many files", good, ArchiveLimits{MaxNesting: 10, MaxFiles: 3, MaxTotalBytes: 1 << 30, MaxFileBytes: 1 << 30}},
		{"nesting over its limit", good, ArchiveLimits{MaxNesting: 1, MaxFiles: 100, MaxTotalBytes: 1 << 30, MaxFileBytes: 1 << 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := decodeZipAhead(t, tt.data, bytes.NewReader(tt.data), tt.lim, 0)
			t.Logf("%d chunks, last %.100q", len(want), append([]string{""}, want...)[len(want)])
			if tt.name == "sound" && (len(want) < 10 || !strings.Contains(want[len(want)-1], "compression method 99")) {
				t.Fatalf("the sound archive decoded to %d chunks, last %.80q; want the unprocessed file's status", len(want), want[len(want)-1])
			}
			for _, ahead := range []int{1, 3, 8} {
				rec := &recordingReaderAt{data: tt.data}
				if tt.name == "sound" && ahead > 1 {
					rec.together = 2
				}
				got := decodeZipAhead(t, tt.data, rec, tt.lim, ahead)
				if !slices.Equal(got, want) {
					i := 0
					for i < min(len(got), len(want)) && got[i] == want[i] {
						i++
					}
					t.Fatalf("%d ahead: %d chunks, want %d; first difference at %d: %.100q, want %.100q", ahead, len(got), len(want), i,
						append(got, "")[i], append(want, "")[i])
				}
				if tt.name != "sound" {
					continue
				}
				if ahead > 1 && rec.peak < 2 {
					t.Errorf("%d ahead: at most %d reads at once", ahead, rec.peak)
				}
				// Headers within prefetchMergeGap are read with the bytes
				// between them; beyond that, nothing of the skipped file.
				for _, r := range rec.calls {
					if r.off < skipTo-prefetchMergeGap && r.end > skipFrom+prefetchMergeGap {
						t.Errorf("%d ahead: a read of [%d, %d), in %s's data [%d, %d), which is not scanned", ahead, r.off, r.end, skipped, skipFrom, skipTo)
					}
				}
			}
		})
	}
}
