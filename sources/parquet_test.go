package sources

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// located is one scanned value and where the decoder says it is.
type located struct {
	value, field, path string
	index              int64
	embedded           string
}

// collect decodes data named name and returns every value of every chunk
// (windows of long values come back as themselves).
func collect(t testing.TB, data []byte, name string, ra bool) ([]located, error) {
	t.Helper()
	return collectWith(t, data, name, ra, DecodeOptions{})
}

// collectWith is collect with decode options.
func collectWith(t testing.TB, data []byte, name string, ra bool, opts DecodeOptions) ([]located, error) {
	t.Helper()
	var out []located
	var r interface{ Read([]byte) (int, error) } = bytes.NewReader(data)
	if !ra {
		r = struct{ *bytes.Buffer }{bytes.NewBuffer(data)}
	}
	var line int64
	_, err := DecodeObjectWith(context.Background(), r, Object{Key: name, Size: int64(len(data))}, opts, func(ch *Chunk) error {
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("chunk contract: %v", err)
		}
		if ch.Kind != Records {
			return nil
		}
		for i, s := range ch.Starts {
			end := len(ch.Data)
			if i+1 < len(ch.Starts) {
				end = int(ch.Starts[i+1]) - 1
			}
			p := ch.Path(i)
			l := located{value: string(ch.Data[s:end]), field: ch.Field, path: p, index: ch.Index(i)}
			if ch.Embedded != nil {
				l.embedded = ch.Embedded.FilePath
			}
			out = append(out, l)
		}
		return nil
	})
	return out, err
}

type pqCard struct {
	Number string `parquet:"number,dict"`
	Exp    string `parquet:"exp,optional"`
}

type pqCustomer struct {
	Name  string            `parquet:"name"`
	Cards []pqCard          `parquet:"cards,list"`
	Tags  []string          `parquet:"tags"`
	Attrs map[string]string `parquet:"attrs"`
}

type pqRow struct {
	ID       int64      `parquet:"id"`
	Email    *string    `parquet:"email,optional"`
	CardNum  int64      `parquet:"card_int"`
	Amount   int64      `parquet:"amount,decimal(2:18)"`
	Active   bool       `parquet:"active"`
	Customer pqCustomer `parquet:"customer"`
}

func pqRows(n int) []pqRow {
	rows := make([]pqRow, n)
	for i := range rows {
		r := &rows[i]
		r.ID = int64(i)
		if i%3 != 1 {
			e := fmt.Sprintf("user%d@example.com", i)
			r.Email = &e
		}
		r.CardNum = 4111111111111111 + int64(i)
		r.Amount = int64(i*100 + 5)
		r.Customer.Name = fmt.Sprintf("name %d", i)
		for c := 0; c < i%3; c++ {
			r.Customer.Cards = append(r.Customer.Cards, pqCard{Number: fmt.Sprintf("card-%d-%d", i, c), Exp: fmt.Sprintf("0%d/29", c+1)})
		}
		if i%2 == 0 {
			r.Customer.Tags = []string{"t" + fmt.Sprint(i), "u" + fmt.Sprint(i)}
		}
		if i%4 == 0 {
			r.Customer.Attrs = map[string]string{"k": fmt.Sprintf("v%d", i)}
		}
	}
	return rows
}

// writeParquet writes rows as a Parquet file of several row groups.
func writeParquet[T any](t testing.TB, rows []T, opts ...pq.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := pq.NewGenericWriter[T](&buf, opts...)
	for i := 0; i < len(rows); i += 7 {
		if _, err := w.Write(rows[i:min(i+7, len(rows))]); err != nil {
			t.Fatal(err)
		}
		if i%21 == 0 {
			if err := w.Flush(); err != nil { // several row groups
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParquetLocations(t *testing.T) {
	rows := pqRows(50)
	for _, tc := range []struct {
		name string
		opts []pq.WriterOption
		ra   bool
	}{
		{"snappy", []pq.WriterOption{pq.Compression(&snappy.Codec{})}, true},
		{"zstd", []pq.WriterOption{pq.Compression(&zstd.Codec{})}, true},
		{"small pages, spooled", []pq.WriterOption{pq.PageBufferSize(64)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := writeParquet(t, rows, tc.opts...)
			got, err := collect(t, data, "x.parquet", tc.ra)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for i, r := range rows {
				add := func(v, path string) { want[fmt.Sprintf("%d|%s|%s", i, path, v)] = true }
				add(fmt.Sprint(r.ID), "$.id")
				if r.Email != nil {
					add(*r.Email, "$.email")
				}
				add(fmt.Sprint(r.CardNum), "$.card_int")
				add(fmt.Sprintf("%d.%02d", r.Amount/100, r.Amount%100), "$.amount")
				add(r.Customer.Name, "$.customer.name")
				for c, card := range r.Customer.Cards {
					add(card.Number, fmt.Sprintf("$.customer.cards[%d].number", c))
					add(card.Exp, fmt.Sprintf("$.customer.cards[%d].exp", c))
				}
				for k, tag := range r.Customer.Tags {
					add(tag, fmt.Sprintf("$.customer.tags[%d]", k))
				}
				for k, v := range r.Customer.Attrs {
					add(k, "$.customer.attrs[0].key")
					add(v, "$.customer.attrs[0].value")
				}
			}
			gotSet := map[string]bool{}
			for _, l := range got {
				k := fmt.Sprintf("%d|%s|%s", l.index, l.path, l.value)
				gotSet[k] = true
				if !want[k] {
					t.Errorf("unexpected value %s (field %s)", k, l.field)
				}
			}
			for k := range want {
				if !gotSet[k] {
					t.Errorf("missing %s", k)
				}
			}
		})
	}
}

func TestParquetBadInput(t *testing.T) {
	data := writeParquet(t, pqRows(200), pq.PageBufferSize(256))
	for _, tc := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"truncated footer", data[:len(data)-10], ReasonMalformedFile},
		{"magic only", []byte("PAR1"), ReasonMalformedFile},
		{"corrupt middle", corrupt(data), ReasonMalformedFile},
		// Footer lengths the file cannot hold: parquet-go would allocate
		// them (789 MiB, 2 GiB) before it failed.
		{"PAR1PAR1", []byte("PAR1PAR1"), ReasonMalformedFile},
		{"footer longer than the file", []byte("PAR1\xff\xff\xff\x7fPAR1"), ReasonMalformedFile},
		{"footer one byte too long", slices.Concat(data[:len(data)-8], le32(len(data)-11), []byte("PAR1")), ReasonMalformedFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := collect(t, tc.data, "x.parquet", true)
			runtime.ReadMemStats(&after)
			var oe *ObjectError
			if !errors.As(err, &oe) || oe.Reason != tc.reason {
				t.Fatalf("err = %v, want reason %s", err, tc.reason)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
				t.Errorf("%d MiB allocated for a file of %d bytes", n>>20, len(tc.data))
			}
		})
	}
}

// le32 is n as the 4 little-endian bytes of a Parquet footer length.
func le32(n int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(n)) }

// TestParquetTail: reads within the tail or the head are served from
// them; of a read that straddles the tail's start, only the part before
// it is read from the file; others are read from the file.
func TestParquetTail(t *testing.T) {
	file := make([]byte, parquetTailBytes+1000)
	for i := range file {
		file[i] = byte(i * 7)
	}
	copy(file[len(file)-8:], slices.Concat(le32(100), []byte("PAR1")))
	file[len(file)-108] = 0 // the footer: an empty struct, then filler
	ra := &recordingReaderAt{data: file}
	tail, err := readParquetTail(ra, int64(len(file)), parquetTailBytes)
	if err != nil {
		t.Fatal(err)
	}
	tail.head = file[:100]
	size := int64(len(file))
	for _, r := range []struct {
		off, n int64
		reads  []byteRange // what reaches the file
	}{
		{size - 8, 8, nil}, {size - parquetTailBytes, parquetTailBytes, nil}, {size - 1, 1, nil},
		{size - parquetTailBytes - 1, 2, []byteRange{{size - parquetTailBytes - 1, size - parquetTailBytes}}},
		{0, 100, nil}, {50, 100, []byteRange{{100, 150}}}, {200, 300, []byteRange{{200, 500}}},
		{500, 2000, []byteRange{{500, size - parquetTailBytes}}},
		{90, size - 90, []byteRange{{100, size - parquetTailBytes}}},
	} {
		ra.calls = nil
		p := make([]byte, r.n)
		if n, err := tail.ReadAt(p, r.off); n != int(r.n) || err != nil || !bytes.Equal(p, file[r.off:r.off+r.n]) {
			t.Errorf("ReadAt(%d bytes at %d) = %d, %v, equal %v", r.n, r.off, n, err, bytes.Equal(p, file[r.off:r.off+r.n]))
		}
		if !slices.Equal(ra.seen(), r.reads) {
			t.Errorf("ReadAt(%d bytes at %d) read %v of the file, want %v", r.n, r.off, ra.seen(), r.reads)
		}
	}
	// Past the end: what there is, and io.EOF.
	p := make([]byte, 20)
	if n, err := tail.ReadAt(p, size-10); n != 10 || err != io.EOF {
		t.Errorf("ReadAt past the end = %d, %v; want 10, EOF", n, err)
	}
	// A footer longer than the tail (many row groups) is read past it.
	big := writeParquet(t, pqRows(4000))
	if n := binary.LittleEndian.Uint32(big[len(big)-8:]); n <= parquetTailBytes {
		t.Fatalf("footer of %d bytes: the test wants one longer than the tail", n)
	}
	got, err := collect(t, big, "big.parquet", true)
	if err != nil || len(got) < 4000*4 {
		t.Fatalf("%d values, err %v", len(got), err)
	}
}

// readerAtFile is a file read as a stream by Read and at offsets by
// ReadAt, through different readers.
type readerAtFile struct {
	io.Reader
	at io.ReaderAt
}

func (f readerAtFile) ReadAt(p []byte, off int64) (int, error) { return f.at.ReadAt(p, off) }

// TestParquetHeadServed: the bytes peeked to detect the format serve
// parquet-go's check of the magic number at offset 0 and the start of the
// first column chunk: no read within them reaches the file (on S3, the
// magic number was a GET of 4 bytes).
func TestParquetHeadServed(t *testing.T) {
	data := writeParquet(t, pqRows(4000), pq.PageBufferSize(4<<10))
	if len(data) <= parquetTailBytes+jsonSniffLen {
		t.Fatalf("a file of %d bytes: too small to tell the head from the tail", len(data))
	}
	ra := &recordingReaderAt{data: data}
	var chunks int
	_, err := DecodeObjectWith(context.Background(), readerAtFile{bytes.NewReader(data), ra}, Object{Key: "rows.parquet", Size: int64(len(data))},
		DecodeOptions{}, func(*Chunk) error { chunks++; return nil })
	if err != nil || chunks == 0 {
		t.Fatalf("%d chunks, %v", chunks, err)
	}
	for _, c := range ra.seen() {
		if c.off < sniffLen {
			t.Errorf("a read of [%d, %d), within the head", c.off, c.end)
		}
	}
}

// corrupt overwrites the middle of a file, keeping its footer.
func corrupt(b []byte) []byte {
	c := bytes.Clone(b)
	for i := len(c) / 3; i < len(c)/2; i++ {
		c[i] = 0xff
	}
	return c
}

func TestAppendScaled(t *testing.T) {
	for _, tc := range []struct {
		v     int64
		scale int
		want  string
	}{{5, 0, "5"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {12345, 2, "123.45"}, {-12345, 3, "-12.345"}, {100, 2, "1.00"}} {
		if got := string(appendScaled([]byte("x"), tc.v, tc.scale)); got != "x"+tc.want {
			t.Errorf("appendScaled(%d, %d) = %q, want %q", tc.v, tc.scale, got, "x"+tc.want)
		}
	}
}

func FuzzParquet(f *testing.F) {
	data := writeParquet(f, pqRows(20), pq.PageBufferSize(128))
	f.Add(data)
	for _, n := range []int{4, 20, len(data) / 2, len(data) - 9, len(data) - 1} {
		f.Add(data[:n])
	}
	f.Add(corrupt(data))
	// Flat, nullable and dictionary-encoded columns, for the fast paths.
	f.Add(writeParquet(f, pqFlatRows(20), pq.PageBufferSize(128)))
	dict := writeParquet(f, pqDictRows(20), pq.PageBufferSize(128), pq.DictionaryMaxBytes(48))
	f.Add(dict)
	f.Add(corrupt(dict))
	// Decimals: BYTE_ARRAY ones, one too wide, scales out of bounds.
	f.Add(decimalsParquet(f, bytes.Repeat([]byte{0x7f}, maxDecimalBytes+1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fast paths emit what pageSlow does, damage and all.
		for _, lim := range []*limits{&small, pqDiffLimits["one value per batch"]} {
			diffParquetPaths(t, data, lim, nil)
			diffShare(t, data, lim)
		}
		// Reading ahead the ranges a hostile footer names changes nothing
		// of what comes out, nor of the error.
		want, _, _ := decodeParquetAhead(t, data, nil, &small, nil, pqAhead{})
		got, _, _ := decodeParquetAhead(t, data, nil, &small, nil, pqAhead{ahead: 3, piece: 64, gap: 16, tail: 8, peek: len(data)%2 == 0})
		sameChunks(t, "read ahead", "on demand", got, want)
		for _, lim := range []*limits{&small, &defaultLimits} {
			in := &input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits)}
			var line int64
			err := decodeParquet(context.Background(), in, lim, func(ch *Chunk) error {
				if err := checkChunk(ch, &line); err != nil {
					t.Fatalf("chunk contract: %v", err)
				}
				return nil
			})
			var me *malformedError
			var oe *ObjectError
			if err != nil && !errors.As(err, &me) && !errors.As(err, &oe) {
				t.Fatalf("error is neither malformed nor an *ObjectError: %v", err)
			}
		}
	})
}

// TestParquetSpoolLimit: a Parquet stream without random access is
// spooled, up to the per-file limit.
func TestParquetSpoolLimit(t *testing.T) {
	data := writeParquet(t, pqRows(50))
	lim := DefaultArchiveLimits
	lim.MaxFileBytes = int64(len(data)) - 1
	_, err := DecodeObjectWith(context.Background(), struct{ *bytes.Buffer }{bytes.NewBuffer(data)}, Object{Key: "s.parquet"}, DecodeOptions{Archive: lim}, func(*Chunk) error { return nil })
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonFileExceedsSizeLimit || oe.Status != StatusSkipped {
		t.Fatalf("err = %v, want SKIPPED FILE_EXCEEDS_SIZE_LIMIT", err)
	}
	lim.MaxFileBytes = int64(len(data))
	if _, err := DecodeObjectWith(context.Background(), struct{ *bytes.Buffer }{bytes.NewBuffer(data)}, Object{Key: "s.parquet"}, DecodeOptions{Archive: lim}, func(*Chunk) error { return nil }); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
}
