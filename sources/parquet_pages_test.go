package sources

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/gzip"
	"github.com/parquet-go/parquet-go/compress/lz4"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// pqRawChunk is a copy of an emitted chunk as it is, Uses included.
type pqRawChunk struct {
	pqChunk
	Uses []int32
}

// decodeParquetRaw decodes data with opts and returns copies of the
// chunks and the final error.
func decodeParquetRaw(t testing.TB, data []byte, lim *limits, opts pqOptions) ([]pqRawChunk, error) {
	t.Helper()
	in := &input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits)}
	var out []pqRawChunk
	err := decodeParquetWith(context.Background(), in, lim, func(ch *Chunk) error {
		out = append(out, rawChunkOf(ch))
		return nil
	}, opts)
	return out, err
}

// rawChunkOf copies an emitted chunk as it is, Uses included.
func rawChunkOf(ch *Chunk) pqRawChunk {
	return pqRawChunk{pqChunk{
		Kind: ch.Kind, Data: string(ch.Data), ReportFrom: ch.ReportFrom, ReportTo: ch.ReportTo, Field: ch.Field,
		Starts: slices.Clone(ch.Starts), IndexBase: ch.IndexBase, IndexDelta: slices.Clone(ch.IndexDelta), Paths: slices.Clone(ch.Paths),
		FieldSlots: slices.Clone(ch.FieldSlots), Positions: slices.Clone(ch.Positions),
	}, slices.Clone(ch.Uses)}
}

// pqPagesVariants adds to parquetVariants the dictionary pages pqPages
// reads: every codec, v1 pages, no compression, a dictionary that fills
// up and leaves plain pages after it.
func pqPagesVariants(t testing.TB) map[string][]byte {
	v := parquetVariants(t)
	dict := pqDictRows(300)
	v["dict v1 snappy"] = writeParquet(t, dict, pq.Compression(&snappy.Codec{}), pq.DataPageVersion(1), pq.PageBufferSize(150))
	v["dict zstd"] = writeParquet(t, dict, pq.Compression(&zstd.Codec{}), pq.PageBufferSize(150), pq.DictionaryMaxBytes(200))
	v["dict gzip v1"] = writeParquet(t, dict, pq.Compression(&gzip.Codec{}), pq.DataPageVersion(1), pq.DictionaryMaxBytes(300))
	v["dict snappy then plain"] = writeParquet(t, dict, pq.Compression(&snappy.Codec{}), pq.PageBufferSize(120), pq.DictionaryMaxBytes(100))
	enc := pqEncRows(300)
	v["delta and split"] = writeParquet(t, enc, pq.Compression(&snappy.Codec{}), pq.PageBufferSize(150))
	v["delta and split v1"] = writeParquet(t, enc, pq.DataPageVersion(1), pq.PageBufferSize(150))
	v["nested v1"] = writeParquet(t, pqRows(200), pq.DataPageVersion(1), pq.PageBufferSize(100))
	return v
}

// pqEncRow has a column of each other encoding pqPages decodes through
// parquet-go's: DELTA_BINARY_PACKED, DELTA_BYTE_ARRAY (strings and fixed
// arrays) and BYTE_STREAM_SPLIT (floats and integers).
type pqEncRow struct {
	ID    int64    `parquet:"id,delta"`
	Small int32    `parquet:"small,delta"`
	Email string   `parquet:"email,delta"`
	Code  [3]byte  `parquet:"code,delta"`
	Price float64  `parquet:"price,split"`
	Ratio float32  `parquet:"ratio,split"`
	Card  int64    `parquet:"card,split"`
	Tags  []string `parquet:"tags,list"`
}

func pqEncRows(n int) []pqEncRow {
	rows := make([]pqEncRow, n)
	for i, f := range pqFlatRows(n) {
		rows[i] = pqEncRow{ID: int64(i) * 37, Small: f.Small, Email: f.Name + "@example.com", Code: f.Code, Price: f.Price,
			Ratio: float32(i) / 8, Card: f.Card, Tags: f.Tags}
	}
	return rows
}

// TestParquetPagesLZ4: pqPages reads LZ4_RAW pages whatever their
// compression ratio, flat and nested, v1 and v2: what it emits for a file
// is what FilePages emits for the same file written with snappy.
// FilePages itself loses such pages (parquet-go#608): the LZ4 codec
// returns a buffer of its own when the page's is under 3 times the
// compressed size, and Column.decompress keeps its page buffer.
func TestParquetPagesLZ4(t *testing.T) {
	// Random letters compress less than 3:1, and pages of tens of KiB
	// are larger than parquet-go's smallest pooled buffers.
	rng := rand.New(rand.NewPCG(3, 4))
	rows := pqRows(3000)
	for i := range rows {
		b := make([]byte, 40)
		for j := range b {
			b[j] = byte('a' + rng.IntN(26))
		}
		rows[i].Customer.Name = string(b)
	}
	write := func(opts ...pq.WriterOption) []byte { // one row group: whole pages
		var buf bytes.Buffer
		if err := pq.Write(&buf, rows, opts...); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, version := range []int{1, 2} {
		opts := []pq.WriterOption{pq.DataPageVersion(version), pq.PageBufferSize(48 << 10)}
		want, werr := decodeParquetRaw(t, write(append(opts, pq.Compression(&snappy.Codec{}))...), &small, pqOptions{filePages: true})
		got, gerr := decodeParquetRaw(t, write(append(opts, pq.Compression(&lz4.Codec{}))...), &small, pqOptions{})
		if gerr != nil || werr != nil {
			t.Fatalf("v%d: error %v (snappy, FilePages: %v)", version, gerr, werr)
		}
		sameChunks(t, "lz4 pqPages", "snappy FilePages", got, want)
	}
}

// diffPQPages fails unless pqPages (handing over at handOver) emits what
// FilePages does, chunk for chunk, and ends with an error exactly when it
// does, a malformed one. Handing over with share, a batch of shared values
// ends where the dictionary changes hands (sharedBytes flushes on a new
// dictionary), so there the values and their uses must match, in order.
func diffPQPages(t *testing.T, data []byte, lim *limits, share bool, handOver int) {
	t.Helper()
	if share && handOver > 0 {
		want, werr, _ := decodeParquetUses(t, data, lim, pqOptions{share: true, filePages: true})
		got, gerr, _ := decodeParquetUses(t, data, lim, pqOptions{share: true, handOver: handOver})
		if (gerr == "") != (werr == "") || !reflect.DeepEqual(got, want) {
			t.Fatalf("handing over at data page %d: %d values (error %q), want %d (error %q)", handOver, len(got), gerr, len(want), werr)
		}
		return
	}
	want, werr := decodeParquetRaw(t, data, lim, pqOptions{share: share, filePages: true})
	got, gerr := decodeParquetRaw(t, data, lim, pqOptions{share: share, handOver: handOver})
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("error %v, want %v", gerr, werr)
	}
	var me *malformedError
	if gerr != nil && !errors.As(gerr, &me) {
		t.Fatalf("error %v is not malformed", gerr)
	}
	sameChunks(t, "pqPages  ", "FilePages", got, want)
}

// TestParquetPagesMatchFilePages holds pqPages to parquet-go's FilePages:
// the same chunks, shared or not, on every variant and limit, and when it
// hands a column chunk over to FilePages at its first, second or fifth
// data page.
func TestParquetPagesMatchFilePages(t *testing.T) {
	for vname, data := range pqPagesVariants(t) {
		for lname, lim := range pqDiffLimits {
			for _, share := range []bool{false, true} {
				for _, handOver := range []int{0, 1, 2, 5} {
					t.Run(vname+"/"+lname, func(t *testing.T) {
						diffPQPages(t, data, lim, share, handOver)
					})
				}
			}
		}
	}
}

// TestParquetPagesOnDamage: a damaged or truncated file read by pqPages
// ends in a malformed error, never a panic, and emits nothing FilePages
// would not: what it emits is a prefix of FilePages's values or FilePages
// failed too.
func TestParquetPagesOnDamage(t *testing.T) {
	for _, vname := range []string{"dict", "dict v1 snappy", "dict snappy then plain", "dict then plain v1"} {
		data := pqPagesVariants(t)[vname]
		t.Run(vname, func(t *testing.T) {
			for off := 4; off < len(data)-8; off += max(1, len(data)/151) {
				for _, b := range []byte{0x00, 0xff, 0x5a} {
					c := bytes.Clone(data)
					c[off] ^= b
					checkPQPagesDamage(t, c)
				}
			}
			for _, n := range []int{len(data) / 3, len(data) / 2, len(data) - 9} {
				checkPQPagesDamage(t, data[:n])
			}
		})
	}
}

func checkPQPagesDamage(t *testing.T, data []byte) {
	t.Helper()
	got, gerr := decodeParquetRaw(t, data, &small, pqOptions{share: true})
	var me *malformedError
	if gerr != nil && !errors.As(gerr, &me) {
		t.Fatalf("error %v is not malformed", gerr)
	}
	want, werr := decodeParquetRaw(t, data, &small, pqOptions{share: true, filePages: true})
	if gerr == nil && werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("both read the damaged file, differently: %d chunks, want %d", len(got), len(want))
	}
}

// pqNameRow is a row of one dictionary-encoded string column.
type pqNameRow struct {
	Name string `parquet:"name,dict"`
}

// pqNameRows returns n rows of 676 distinct customer names.
func pqNameRows(n int) []pqNameRow {
	rows := make([]pqNameRow, n)
	for i := range rows {
		rows[i].Name = "customer " + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
	}
	return rows
}

// TestParquetPagesCorruptDictionary: garbage in a dictionary page makes
// the object malformed (ReasonMalformedFile), with no panic.
func TestParquetPagesCorruptDictionary(t *testing.T) {
	rows := pqNameRows(500)
	for _, codec := range []pq.WriterOption{pq.Compression(&pq.Uncompressed), pq.Compression(&snappy.Codec{})} {
		data := writeParquet(t, rows, codec)
		f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		md := f.Metadata().RowGroups[0].Columns[0].MetaData
		if md.DictionaryPageOffset <= 0 {
			t.Fatal("no dictionary page")
		}
		// The page body follows a header of a few dozen bytes: overwrite
		// from past the header to the first data page.
		for _, from := range []int64{md.DictionaryPageOffset + 24, md.DictionaryPageOffset + 40} {
			c := bytes.Clone(data)
			for i := from; i < md.DataPageOffset; i++ {
				c[i] = 0xff
			}
			_, err := DecodeObject(context.Background(), bytes.NewReader(c), Object{Key: "x.parquet", Size: int64(len(c))}, func(*Chunk) error { return nil })
			var oe *ObjectError
			if !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile {
				t.Fatalf("corrupt dictionary page: %v, want %s", err, ReasonMalformedFile)
			}
		}
	}
}

// FuzzParquetPages holds pqPages to FilePages on any input: where
// FilePages reads a file without error, pqPages emits the same chunks.
func FuzzParquetPages(f *testing.F) {
	for _, name := range []string{"dict", "dict v1 snappy", "dict snappy then plain", "dict zstd", "dict then plain v1"} {
		data := pqPagesVariants(f)[name]
		f.Add(data, uint8(0))
		f.Add(corrupt(data), uint8(2))
		f.Add(data[:len(data)*2/3], uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, handOver uint8) {
		got, gerr := decodeParquetRaw(t, data, &small, pqOptions{share: handOver%2 == 0, handOver: int(handOver % 4)})
		var me *malformedError
		var oe *ObjectError
		if gerr != nil && !errors.As(gerr, &me) && !errors.As(gerr, &oe) {
			t.Fatalf("error is neither malformed nor an *ObjectError: %v", gerr)
		}
		want, werr := decodeParquetRaw(t, data, &small, pqOptions{share: handOver%2 == 0, filePages: true})
		if werr == nil && (gerr != nil || !reflect.DeepEqual(got, want)) {
			t.Fatalf("FilePages reads the file; pqPages: %v, %d chunks, want %d", gerr, len(got), len(want))
		}
	})
}

// benchDictRow is benchPQRow dictionary-encoded, as parquet-mr and pyarrow
// write every column.
type benchDictRow struct {
	ID    int64  `parquet:"id,dict"`
	Name  string `parquet:"name,dict"`
	Email string `parquet:"email,dict"`
	SSN   string `parquet:"ssn,dict"`
	Card  int64  `parquet:"card,dict"`
	Note  string `parquet:"note,dict"`
}

// BenchmarkParquetPages decodes a dictionary-encoded file (snappy, 1 MiB
// dictionaries falling back to plain pages, as writers do) with pqPages
// and with FilePages, values shared; SetBytes counts the column data.
func BenchmarkParquetPages(b *testing.B) {
	var buf bytes.Buffer
	w := pq.NewGenericWriter[benchDictRow](&buf, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(128<<10), pq.DictionaryMaxBytes(1<<20))
	var size int64
	rows := make([]benchDictRow, 0, 1024)
	for i := 0; size < 16<<20; i++ {
		r := benchDictRow{ID: int64(i), Name: fmt.Sprintf("Name %d", i*7919%100000), Email: fmt.Sprintf("user%d@example.com", i),
			SSN: fmt.Sprintf("%03d-%02d-%04d", 100+i%600, 1+i%98, 1+i%9998), Card: 4000000000000000 + int64(i)*7919, Note: "request served in " + fmt.Sprint(i%1000) + " ms"}
		size += int64(len(fmt.Sprint(r.ID)) + len(r.Name) + len(r.Email) + len(r.SSN) + 16 + len(r.Note))
		rows = append(rows, r)
		if len(rows) == cap(rows) {
			if _, err := w.Write(rows); err != nil {
				b.Fatal(err)
			}
			rows = rows[:0]
		}
	}
	if _, err := w.Write(rows); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, tc := range []struct {
		name string
		opts pqOptions
	}{{"pqPages", pqOptions{share: true}}, {"FilePages", pqOptions{share: true, filePages: true}}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				in := &input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits)}
				if err := decodeParquetWith(context.Background(), in, &defaultLimits, func(*Chunk) error { return nil }, tc.opts); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start, int(size))
		})
	}
}

// TestParquetShareMinUses: sharing only dictionaries used pqShareMinUses
// times a value (decodeParquet's choice) gives every value, record and
// path of the plain decode, in order, and still shares a dictionary of
// few values while leaving out one of values used once.
func TestParquetShareMinUses(t *testing.T) {
	type row struct {
		City string `parquet:"city,dict"`
		ID   string `parquet:"id,dict"`
	}
	rows := make([]row, 2000)
	for i := range rows {
		rows[i] = row{City: fmt.Sprintf("city %d", i%7), ID: fmt.Sprintf("id-%06d", i)}
	}
	var buf bytes.Buffer
	w := pq.NewGenericWriter[row](&buf, pq.Compression(&snappy.Codec{}), pq.PageBufferSize(512), pq.MaxRowsPerRowGroup(1000))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for name, lim := range pqDiffLimits {
		t.Run(name, func(t *testing.T) {
			want, werr, _ := decodeParquetUses(t, data, lim, pqOptions{})
			got, gerr, shared := decodeParquetUses(t, data, lim, pqOptions{share: true, shareMinUses: pqShareMinUses})
			if gerr != werr || !reflect.DeepEqual(got, want) {
				t.Fatalf("%d values (error %q), want %d (error %q)", len(got), gerr, len(want), werr)
			}
			if shared == 0 {
				t.Fatal("the city dictionary was not shared")
			}
		})
	}
	var ids, cities int
	chunks, err := decodeParquetRaw(t, data, &defaultLimits, pqOptions{share: true, shareMinUses: pqShareMinUses})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range chunks {
		switch {
		case ch.Field == "$.id" && ch.Uses != nil:
			ids++
		case ch.Field == "$.city" && ch.Uses != nil:
			cities++
		}
	}
	if ids != 0 || cities == 0 {
		t.Fatalf("shared chunks: %d of ids (want none), %d of cities (want some)", ids, cities)
	}
}

// TestPageHeaderSkipsStatistics: a page header whose statistics claim a
// value of 1 GiB is read without allocating it (format.PageHeader would).
func TestPageHeaderSkipsStatistics(t *testing.T) {
	var proto thrift.CompactProtocol
	hdr := pqformat.PageHeader{Type: pqformat.DataPage, UncompressedPageSize: 10, CompressedPageSize: 10}
	hdr.DataPageHeader.Valid = true
	hdr.DataPageHeader.V = pqformat.DataPageHeader{NumValues: 3, Statistics: pqformat.Statistics{MaxValue: []byte("MAXV")}}
	b, err := thrift.Marshal(&proto, &hdr)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("\x04MAXV"))
	if i < 0 {
		t.Fatal("the statistics' value is not where the test expects it")
	}
	hostile := slices.Concat(b[:i], binary.AppendUvarint(nil, 1<<30), b[i+5:])
	for _, tc := range []struct {
		name string
		data []byte
	}{{"sane", b}, {"claims 1 GiB", hostile}} {
		var h pqPageHeader
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := thrift.NewDecoder(proto.NewReader(bufio.NewReader(bytes.NewReader(tc.data)))).Decode(&h)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%s: %d MiB allocated to read a header of %d bytes", tc.name, n>>20, len(tc.data))
		}
		if tc.name == "sane" && (err != nil || !h.DataPageHeader.Valid || h.DataPageHeader.V.NumValues != 3 || h.CompressedPageSize != 10) {
			t.Errorf("sane header read as %+v, err %v", h, err)
		}
		// The walk before FilePages (pagesSound) of an uncompressed
		// chunk of that page: parquet-go's decoder would allocate the
		// claimed gigabyte; the walk refuses the header.
		file := slices.Concat([]byte("PAR1"), tc.data, make([]byte, 10))
		meta := &pqformat.ColumnChunk{MetaData: pqformat.ColumnMetaData{DataPageOffset: 4, TotalCompressedSize: int64(len(file) - 4)}}
		runtime.ReadMemStats(&before)
		err = chunkSound(bytes.NewReader(file), meta, nil)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%s: %d MiB allocated to walk a chunk of %d bytes", tc.name, n>>20, len(file)-4)
		}
		if (err == nil) != (tc.name == "sane") {
			t.Errorf("%s: walking the chunk: %v", tc.name, err)
		}
	}
}

// TestDecompressBounded: every codec decodes a page into its stated size
// and no further. A page that decodes to more (a bomb: zeros), or not at
// all, is an error, and costs no more memory than its stated size;
// parquet-go's codecs allocated what the bytes said: 512 MB for the gzip
// bomb, 200 MB for the zstd one, 4 GiB for a snappy header, without end
// for a damaged LZ4 block. A v2 page decodes to less than its stated size
// (its levels are stored beside), which is no error.
func TestDecompressBounded(t *testing.T) {
	plain := bytes.Repeat([]byte("piiscan page "), 300)
	zeros := make([]byte, 64<<20)
	for _, codec := range []pqformat.CompressionCodec{pqformat.Snappy, pqformat.Gzip, pqformat.Brotli, pqformat.Zstd, pqformat.Lz4Raw} {
		c := pq.LookupCompressionCodec(codec)
		enc := func(b []byte) []byte {
			out, err := c.Encode(nil, b)
			if err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			return out
		}
		page, bomb := enc(plain), enc(zeros)
		for _, tc := range []struct {
			name string
			src  []byte
			size int
			want []byte // nil: an error
		}{
			{"whole", page, len(plain), plain},
			{"stated larger (v2)", page, len(plain) + 50, plain},
			{"stated size too small", page, len(plain) - 1, nil},
			{"bomb", bomb, 1000, nil},
			{"garbage", bytes.Repeat([]byte{0xff}, 64), 100, nil},
			{"cut", page[:len(page)/2], len(plain), nil},
			{"snappy header of 4 GiB", []byte{0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0}, 100, nil},
		} {
			var buf []byte
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			got, err := decompressInto(&buf, c, tc.src, tc.size)
			runtime.ReadMemStats(&after)
			switch {
			case tc.want == nil && err == nil:
				t.Errorf("%s, %s: %d bytes, no error", c, tc.name, len(got))
			case tc.want != nil && (err != nil || !bytes.Equal(got, tc.want)):
				t.Errorf("%s, %s: %d bytes, error %v; want the page", c, tc.name, len(got), err)
			}
			// A few MB: the codecs' own state (a pooled decoder's first use).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("%s, %s: %d MB allocated for a page of %d bytes", c, tc.name, alloc>>20, tc.size)
			}
		}
	}
}

// TestParquetLZ4DamagedPage: an LZ4_RAW page whose block cannot decode is
// a malformed column chunk whoever reads it, pqPages or FilePages (which
// a page pqPages does not decode hands the chunk to); parquet-go's codec
// alone grew its buffer without end.
func TestParquetLZ4DamagedPage(t *testing.T) {
	for _, version := range []int{1, 2} {
		data := writeParquet(t, pqRows(500), pq.Compression(&lz4.Codec{}), pq.DataPageVersion(version))
		f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		// The first column chunk's first page: its block, overwritten
		// with bytes no LZ4 block decodes (a literal run past the end).
		md := &f.Metadata().RowGroups[0].Columns[0].MetaData
		start := chunkStart(md)
		hdr, err := readThrift(bytes.NewReader(data[start:]), int64(len(data))-start, nil)
		if err != nil {
			t.Fatal(err)
		}
		var h pqformat.PageHeader
		if err := thrift.Unmarshal(new(thrift.CompactProtocol), hdr, &h); err != nil {
			t.Fatal(err)
		}
		body := data[start+int64(len(hdr)):][:h.CompressedPageSize]
		levels := 0
		if v := &h.DataPageHeaderV2; v.Valid {
			levels = int(v.V.RepetitionLevelsByteLength + v.V.DefinitionLevelsByteLength)
		}
		// The writer sets page checksums: the damaged page gets its own,
		// in a header of the same length (a filler whose checksum's
		// varint is as long as the old one's), as a crafted file would.
		patched := false
		for fill := byte(0xff); fill >= 0xf0 && !patched; fill-- {
			for i := levels; i < len(body); i++ {
				body[i] = fill
			}
			h.CRC = int32(crc32.ChecksumIEEE(body))
			b, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
			if err != nil {
				t.Fatal(err)
			}
			if patched = len(b) == len(hdr); patched {
				copy(data[start:], b)
			}
		}
		if !patched {
			t.Fatalf("v%d: no damaged page with a header of %d bytes", version, len(hdr))
		}
		if err := chunkSound(bytes.NewReader(data), &f.Metadata().RowGroups[0].Columns[0], &lz4.Codec{}); err == nil || !strings.Contains(err.Error(), "corrupt block") {
			t.Errorf("v%d: chunkSound: %v, want a corrupt block", version, err)
		}
		for how, opts := range map[string]pqOptions{"pqPages": {}, "FilePages": {filePages: true}, "handed over": {handOver: 1}} {
			_, err := decodeParquetRaw(t, data, &small, opts)
			var m *malformedError
			if !errors.As(err, &m) {
				t.Errorf("v%d, %s: %v, want a malformed file", version, how, err)
			}
		}
	}
}

// TestParquetLZ4PageStatedEmpty: an LZ4_RAW page whose header states 0
// uncompressed bytes, but holds some, is a malformed file that the page's
// own check refuses, whether pqPages reads it or pagesSound checks it for
// FilePages. It faulted instead, caught only by decodeParquetWith's
// recover: nothing was allocated for 0 bytes, and lz4's amd64 decoder
// writes through a nil destination (see decompressInto).
func TestParquetLZ4PageStatedEmpty(t *testing.T) {
	data := writeParquet(t, pqFlatRows(30), pq.Compression(&lz4.Codec{}))
	// The first page header follows "PAR1": field 1 (type) and field 2
	// (uncompressed_page_size), both i32 varints, each field header 0x15
	// (one past the last field, i32). Field 2 becomes 0 in as many bytes
	// (a zero padded with continuation bits), so that no offset moves.
	p := 4
	for field := byte(1); field <= 2; field++ {
		if data[p] != 0x15 {
			t.Fatalf("byte %d is %#x, not the header of i32 field %d", p, data[p], field)
		}
		p++
		end := p
		for data[end]&0x80 != 0 {
			end++
		}
		if field == 2 {
			for i := p; i < end; i++ {
				data[i] = 0x80
			}
			data[end] = 0
		}
		p = end + 1
	}
	for _, filePages := range []bool{false, true} {
		_, err := decodeParquetRaw(t, data, &small, pqOptions{filePages: filePages})
		var me *malformedError
		if !errors.As(err, &me) || !strings.Contains(err.Error(), "lz4 page of 0 bytes") {
			t.Errorf("filePages=%v: %v, want a malformed lz4 page", filePages, err)
		}
	}
	_, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: "x.parquet", Size: int64(len(data))}, func(*Chunk) error { return nil })
	if oe, ok := errors.AsType[*ObjectError](err); !ok || oe.Reason != ReasonMalformedFile || strings.Contains(err.Error(), "runtime error") {
		t.Errorf("DecodeObject: %v, want a malformed file, no fault", err)
	}
}

// FuzzDecompressInto: whatever the bytes, a page decodes into at most its
// stated size; where parquet-go's codec decodes it within that size, to
// the same bytes. (parquet-go's codec is asked only for pages that decode
// within a bound, lest it allocate what the bytes say.)
func FuzzDecompressInto(f *testing.F) {
	plain := bytes.Repeat([]byte("piiscan fuzz page 4111 1111 1111 1111 "), 20)
	codecs := []pqformat.CompressionCodec{pqformat.Snappy, pqformat.Gzip, pqformat.Brotli, pqformat.Zstd, pqformat.Lz4Raw}
	for i, codec := range codecs {
		page, err := pq.LookupCompressionCodec(codec).Encode(nil, plain)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), uint16(len(plain)), page)
		f.Add(uint8(i), uint16(len(plain)/2), page)
	}
	f.Fuzz(func(t *testing.T, which uint8, size uint16, src []byte) {
		c := pq.LookupCompressionCodec(codecs[int(which)%len(codecs)])
		var buf []byte
		got, err := decompressInto(&buf, c, src, int(size))
		if err != nil {
			return
		}
		if len(got) > int(size) {
			t.Fatalf("%s: %d bytes decoded for a page of %d", c, len(got), size)
		}
		want, werr := c.Decode(make([]byte, 0, int(size)), src)
		if werr == nil && !bytes.Equal(got, want) {
			t.Fatalf("%s: decoded %d bytes, parquet-go's codec %d", c, len(got), len(want))
		}
	})
}
