package sources

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
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

// zipOfFiles is a zip archive of n deflated CSV files of about size bytes
// each, an email in every tenth.
func zipOfFiles(t *testing.T, n, size int) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("part/%05d.csv", i), Method: zip.Deflate, Modified: memberTime})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.WriteString("id,email,note\n")
		for row := 0; b.Len() < size; row++ {
			email := ""
			if row == 0 && i%10 == 0 {
				email = fmt.Sprintf("user.%d@example.com", i)
			}
			fmt.Fprintf(&b, "%d,%s,%x\n", rng.Int64(), email, rng.Uint64())
		}
		if _, err := w.Write(b.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withZipKeepBudget has the test's zips keep pieces within limit bytes.
func withZipKeepBudget(t *testing.T, limit int64) *byteBudget {
	t.Helper()
	saved := zipKeepBudget
	zipKeepBudget = &byteBudget{limit: limit}
	t.Cleanup(func() { zipKeepBudget = saved })
	return zipKeepBudget
}

// TestZipReadOnce: read with reads ahead, an archive of small files,
// through which the headers' pass reads, is fetched about once, not once
// per pass; one over the budget for pieces kept has the rest fetched
// again, with no more kept than the budget; one of large files is fetched
// once, as before, keeping nothing. The chunks are those read without
// reads ahead, and every kept piece is given back.
func TestZipReadOnce(t *testing.T) {
	small := zipOfFiles(t, 3000, 5<<10)
	large := zipOfFiles(t, 5, 1500<<10)
	tests := []struct {
		name   string
		data   []byte
		budget int64
		// again is the most bytes read twice, but for 1 MiB: the
		// directory, read in blocks of 1 MiB. keptLeast is the least kept
		// at once (a piece costs a little more than its buffer).
		again, keptLeast int64
	}{
		{"small files", small, zipKeepBytes, int64(len(small)) / 10, 7 << 20},
		{"small files over the budget", small, 4 << 20, int64(len(small))*11/10 - 4<<20, 3 << 20},
		{"large files", large, zipKeepBytes, int64(len(large)) / 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			budget := withZipKeepBudget(t, tt.budget)
			want := decodeZipAhead(t, tt.data, bytes.NewReader(tt.data), DefaultArchiveLimits, 0)
			if len(want) < 5 || strings.HasPrefix(want[len(want)-1], "error") {
				t.Fatalf("%d chunks, last %.100q", len(want), want[len(want)-1])
			}
			rec := &recordingReaderAt{data: tt.data}
			// Fewer ahead than the pieces of the archive.
			got := decodeZipAhead(t, tt.data, rec, DefaultArchiveLimits, 2)
			if !slices.Equal(got, want) {
				t.Fatalf("%d chunks with reads ahead, %d without", len(got), len(want))
			}
			var read int64
			for _, r := range rec.seen() {
				read += min(r.end, int64(len(tt.data))) - r.off
			}
			t.Logf("%d bytes, %d read in %d reads, %d kept at most", len(tt.data), read, len(rec.seen()), budget.peak.Load())
			if most := int64(len(tt.data)) + tt.again + 1<<20; read > most {
				t.Errorf("read %d bytes of an archive of %d; want at most %d", read, len(tt.data), most)
			}
			if peak := budget.peak.Load(); peak > tt.budget || peak < tt.keptLeast || (tt.keptLeast == 0 && peak != 0) {
				t.Errorf("%d bytes kept at most; want within [%d, %d]", peak, tt.keptLeast, tt.budget)
			}
			if used := budget.used.Load(); used != 0 {
				t.Errorf("%d bytes still kept after the decode", used)
			}
		})
	}
}

// TestZipReadOnceCancel cancels the decode of an archive of small files,
// larger than the budget for pieces kept, in the headers' pass and in the
// files' pass past the pieces kept: it returns the context's error, gives
// back what it kept, and starts no read after the reads ahead in flight.
func TestZipReadOnceCancel(t *testing.T) {
	data := zipOfFiles(t, 3000, 5<<10)
	for _, pass := range []string{"headers", "files"} {
		t.Run(pass, func(t *testing.T) {
			budget := withZipKeepBudget(t, 2<<20)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rec := &recordingReaderAt{data: data}
			var atCancel int
			if pass == "headers" {
				// The first reads are of the end record and the directory.
				rec.fail = func(int64, int) (int, error, bool) {
					rec.mu.Lock()
					defer rec.mu.Unlock()
					if len(rec.calls) == 4 {
						atCancel = len(rec.calls)
						cancel()
					}
					return 0, nil, false
				}
			}
			chunks := 0
			_, err := DecodeObjectWith(ctx, readerAtFile{bytes.NewReader(data), rec}, Object{Key: "x.zip", Size: int64(len(data))},
				DecodeOptions{RangeReadsAhead: 8}, func(ch *Chunk) error {
					// 2,000 files in, past the first 2 MiB.
					if chunks++; chunks == 2000 && pass == "files" {
						_, _, atCancel = rec.state()
						cancel()
					}
					return nil
				})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want the context's error", err)
			}
			inFlight, _, calls := rec.state()
			t.Logf("%d reads, %d when cancelled, %d bytes kept at most", calls, atCancel, budget.peak.Load())
			if inFlight != 0 {
				t.Errorf("%d reads still in flight", inFlight)
			}
			if atCancel == 0 || calls > atCancel+8 {
				t.Errorf("%d reads, %d when cancelled: more than the 8 ahead after", calls, atCancel)
			}
			if peak := budget.peak.Load(); pass == "files" && (peak < 1<<20 || peak > 2<<20) {
				t.Errorf("%d bytes kept at most; want at least a piece, within the budget's 2 MiB", peak)
			}
			if used := budget.used.Load(); used != 0 {
				t.Errorf("%d bytes still kept after the decode", used)
			}
		})
	}
}

// TestKeptPieces: what is kept and what it costs, reads across adjoining
// pieces, a plan's ranges trimmed of what is kept, and everything given
// back.
func TestKeptPieces(t *testing.T) {
	data := testFile(1000)
	budget := &byteBudget{limit: 3*(100+keptPieceBytes) + 40 + keptPieceBytes}
	k := &keptPieces{budget: budget}
	piece := func(off, n int) (*[]byte, int) {
		b := make([]byte, 100)
		copy(b, data[off:off+n])
		return &b, n
	}
	for _, tc := range []struct {
		off, n int
		owned  bool
	}{
		{300, 100, true},  // full: its buffer kept
		{0, 30, false},    // a header alone: not kept
		{100, 100, true},  // out of order
		{200, 40, false},  // less than half full: copied
		{500, 100, true},  // apart from the others
		{250, 100, false}, // over the budget
	} {
		buf, n := piece(tc.off, tc.n)
		if got := k.add(int64(tc.off), buf, n); got != tc.owned {
			t.Errorf("add(%d, %d bytes) = %v, want %v", tc.off, tc.n, got, tc.owned)
		}
	}
	if used := budget.used.Load(); used != budget.limit {
		t.Fatalf("%d bytes of the budget used, want all %d", used, budget.limit)
	}
	k.sort()
	got := make([]byte, 150)
	if n := k.read(got, 150); n != 90 || !bytes.Equal(got[:n], data[150:240]) {
		t.Fatalf("read at 150: %d bytes, want [150, 240)", n)
	}
	for _, tc := range []struct{ r, want byteRange }{
		{byteRange{150, 260}, byteRange{240, 260}},
		{byteRange{260, 550}, byteRange{260, 500}},
		{byteRange{120, 220}, byteRange{240, 240}},
		{byteRange{40, 350}, byteRange{40, 300}}, // [100, 240) kept within: read again
		{byteRange{600, 700}, byteRange{600, 700}},
	} {
		if got := k.trim(tc.r); got != tc.want {
			t.Errorf("trim(%v) = %v, want %v", tc.r, got, tc.want)
		}
	}
	k.release(300)
	if n := k.read(got, 150); n != 0 {
		t.Errorf("read %d bytes at 150 after release(300)", n)
	}
	if n := k.read(got[:50], 350); n != 50 || !bytes.Equal(got[:50], data[350:400]) {
		t.Errorf("read at 350 after release(300): %d bytes", n)
	}
	k.close()
	if used := budget.used.Load(); used != 0 {
		t.Fatalf("%d bytes of the budget still used", used)
	}
	// Overlapping pieces (two entries sharing a header): the later one is
	// given back.
	k = &keptPieces{budget: budget}
	budget.limit = 1 << 20
	for _, off := range []int{50, 0} {
		buf, n := piece(off, 100)
		k.add(int64(off), buf, n)
	}
	k.sort()
	if len(k.pieces) != 1 || k.pieces[0].off != 0 || budget.used.Load() != 100+keptPieceBytes {
		t.Fatalf("%d pieces kept, %d bytes of the budget used; want [0, 100) alone", len(k.pieces), budget.used.Load())
	}
	k.close()
}
