package sources

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/hamba/avro/v2/ocf"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
)

// appendAvroString appends s as Avro bytes: its zigzag length, then s.
func appendAvroString(b []byte, s string) []byte {
	return append(binary.AppendVarint(b, int64(len(s))), s...)
}

// avroStringHeader is the header of a container file of strings, with
// codec c ("" for none), ending with a zero sync marker.
func avroStringHeader(c string) []byte {
	b := []byte("Obj\x01")
	if c == "" {
		b = binary.AppendVarint(b, 1)
	} else {
		b = binary.AppendVarint(b, 2)
		b = appendAvroString(appendAvroString(b, "avro.codec"), c)
	}
	b = appendAvroString(appendAvroString(b, "avro.schema"), `"string"`)
	return append(b, make([]byte, 17)...) // the end of the map, the sync marker
}

// allocatedBy is how many bytes f allocates, the least of three runs (the
// count is the whole process's).
func allocatedBy(f func()) uint64 {
	least := uint64(1<<64 - 1)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// TestAvroLyingLengths: a file that claims a header string or a block of
// 60 MiB but ends (or fails) a few bytes later is malformed (or
// unreadable), keeps the values of the blocks before it, and costs about
// what it holds, not what it claims.
func TestAvroLyingLengths(t *testing.T) {
	const claim = 60 << 20
	lie := binary.AppendVarint(nil, claim)
	good := writeAvro(t, ocf.Null, avroRecords(20))
	cut := func(b []byte, tail string) []byte { return append(b, tail...) }
	block := func(head []byte) []byte { return cut(append(binary.AppendVarint(head, 1), lie...), "\x0aabcde") }
	held := strings.Repeat("x", 3<<20)
	// Compressed blocks whose own header claims 60 MiB of output.
	snappyLie := binary.BigEndian.AppendUint32(append(binary.AppendUvarint(nil, claim), "\x10abcde"...), 0)
	zstdLie := append([]byte{0x28, 0xb5, 0x2f, 0xfd, 0xa0}, binary.LittleEndian.AppendUint32(nil, claim)...)
	zstdLie = append(zstdLie, 0x29, 0, 0, 'a', 'b', 'c', 'd', 'e') // one raw block of 5 bytes
	codecBlock := func(head, b []byte) []byte {
		head = binary.AppendVarint(binary.AppendVarint(head, 1), int64(len(b)))
		return append(append(head, b...), make([]byte, 16)...)
	}
	for _, tc := range []struct {
		name     string
		data     []byte
		failRead bool // the reader fails after data instead of ending
		reason   string
		partial  bool
		maxBytes uint64
	}{
		{"metadata key", cut(append([]byte("Obj\x01\x02"), lie...), "avro."), false, ReasonMalformedFile, false, 1 << 20},
		{"schema", cut(appendAvroString([]byte("Obj\x01\x02"), "avro.schema"), string(lie)+`{"type":`), false, ReasonMalformedFile, false, 1 << 20},
		{"other metadata", cut(appendAvroString([]byte("Obj\x01\x02"), "x.note"), string(lie)+"hello"), false, ReasonMalformedFile, false, 1 << 20},
		{"block", block(avroStringHeader("")), false, ReasonMalformedFile, false, 1 << 20},
		{"deflate block", block(avroStringHeader("deflate")), false, ReasonMalformedFile, false, 1 << 20},
		{"block after good ones", block(bytes.Clone(good)), false, ReasonMalformedFile, true, 1 << 20},
		{"block holding 3 MiB", cut(append(binary.AppendVarint(avroStringHeader(""), 1), lie...), held), false, ReasonMalformedFile, false, 12 << 20},
		{"block, read error", block(bytes.Clone(good)), true, ReasonUnreadable, true, 1 << 20},
		{"schema, read error", cut(appendAvroString([]byte("Obj\x01\x02"), "avro.schema"), string(lie)+`{"type":`), true, ReasonUnreadable, false, 1 << 20},
		{"snappy block", codecBlock(avroStringHeader("snappy"), snappyLie), false, ReasonMalformedFile, false, 1 << 20},
		{"zstandard block", codecBlock(avroStringHeader("zstandard"), zstdLie), false, ReasonMalformedFile, false, 1 << 20},
		// Lengths adding up past the largest int.
		{"metadata past int", cut(appendAvroString([]byte("Obj\x01\x02"), "avro.codec"), string(binary.AppendVarint(nil, 1<<63-1))+"null"), false, ReasonMalformedFile, false, 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			var values int
			decode := func() {
				var r io.Reader = bytes.NewReader(tc.data)
				if tc.failRead {
					r = &failingReader{r, errors.New("connection reset")}
				}
				values = 0
				// A fresh decoder, which has no buffers yet: what a
				// file costs at worst.
				for len(avroDecoders) > 0 {
					<-avroDecoders
				}
				_, err = DecodeObject(context.Background(), r, Object{Key: "x.avro"}, func(ch *Chunk) error {
					values += len(ch.Starts)
					return nil
				})
			}
			n := allocatedBy(decode)
			t.Logf("%d-byte file: %v, %d values, %d bytes allocated", len(tc.data), err, values, n)
			var oe *ObjectError
			if !errors.As(err, &oe) || oe.Reason != tc.reason || (oe.Status == StatusPartial) != tc.partial {
				t.Fatalf("err = %v, want reason %s (partial %v)", err, tc.reason, tc.partial)
			}
			if tc.partial && values == 0 {
				t.Error("the values of the blocks before are lost")
			}
			if n > tc.maxBytes {
				t.Errorf("a %d-byte file claiming %d MiB allocated %.1f MiB, want at most %.1f", len(tc.data), claim>>20, float64(n)/(1<<20), float64(tc.maxBytes)/(1<<20))
			}
		})
	}
}

// TestAvroBigBlocks: blocks and header values longer than the step in
// which a claimed length is read decode whole, in every codec.
func TestAvroBigBlocks(t *testing.T) {
	var vals []string
	for i := range 24 {
		vals = append(vals, fmt.Sprintf("v%03d-%s", i, strings.Repeat(string(rune('a'+i)), 200<<10+i)))
	}
	big := strings.Repeat("n", 3<<20)
	for _, codec := range []ocf.CodecName{ocf.Null, ocf.Deflate, ocf.Snappy, ocf.ZStandard} {
		t.Run(string(codec), func(t *testing.T) {
			var buf bytes.Buffer
			enc, err := ocf.NewEncoder(`"string"`, &buf, ocf.WithCodec(codec), ocf.WithBlockLength(12),
				ocf.WithMetadata(map[string][]byte{"x.big": []byte(big)}))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if err := enc.Encode(v); err != nil {
					t.Fatal(err)
				}
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := collect(t, buf.Bytes(), "x.avro", false)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(vals) {
				t.Fatalf("%d values, want %d", len(got), len(vals))
			}
			for i, l := range got {
				if l.value != vals[i] || l.index != int64(i) {
					t.Errorf("value %d: record %d, %d bytes %.8q, want %d bytes %.8q", i, l.index, len(l.value), l.value, len(vals[i]), vals[i])
				}
			}
		})
	}
}

// TestAvroSchemaOfItsOwn: a file's schema cannot name a type that only
// another file (scanned before it) defines.
func TestAvroSchemaOfItsOwn(t *testing.T) {
	if _, err := collect(t, writeAvro(t, ocf.Null, avroRecords(3)), "a.avro", false); err != nil { // defines Customer
		t.Fatal(err)
	}
	data := appendAvroString(appendAvroString([]byte("Obj\x01\x02"), "avro.schema"), `{"type":"array","items":"Customer"}`)
	data = append(data, make([]byte, 17)...)
	_, err := collect(t, data, "b.avro", false)
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonUnableToParse {
		t.Fatalf("a schema naming another file's type: err %v, want %s", err, ReasonUnableToParse)
	}
}

// TestAvroDeflateLimit: a deflate block may inflate to maxAvroBlock and
// no further.
func TestAvroDeflateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates two blocks of 64 MiB")
	}
	for _, tc := range []struct {
		size   int
		reason string
	}{{maxAvroBlock, ""}, {maxAvroBlock + 1, ReasonMalformedFile}} {
		// One string value, whose length takes 4 bytes: the block
		// inflates to size bytes.
		var zb bytes.Buffer
		zw, err := flate.NewWriter(&zb, flate.BestSpeed)
		if err != nil {
			t.Fatal(err)
		}
		value := tc.size - 4
		zw.Write(binary.AppendVarint(nil, int64(value)))
		piece := bytes.Repeat([]byte("4111 1111 1111 1111 "), 64<<10/20)
		for left := value; left > 0; left -= min(left, len(piece)) {
			zw.Write(piece[:min(left, len(piece))])
		}
		zw.Close()
		data := binary.AppendVarint(binary.AppendVarint(avroStringHeader("deflate"), 1), int64(zb.Len()))
		data = append(append(data, zb.Bytes()...), make([]byte, 16)...)
		var got int
		_, err = DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: "x.avro"}, func(ch *Chunk) error {
			got += len(ch.Data)
			return nil
		})
		var oe *ObjectError
		if tc.reason == "" && (err != nil || got < value) {
			t.Errorf("a block inflating to %d bytes: err %v, %d bytes of values", tc.size, err, got)
		}
		if tc.reason != "" && (!errors.As(err, &oe) || oe.Reason != tc.reason || !strings.Contains(err.Error(), "past the block limit")) {
			t.Errorf("a block inflating to %d bytes: err %v, want %s", tc.size, err, tc.reason)
		}
	}
}

// TestZstdFits: real frames (one or several, with or without checksums
// and content sizes, after a skippable frame) fit; a frame claiming more
// than its blocks hold does not, wherever it stands.
func TestZstdFits(t *testing.T) {
	text := bytes.Repeat([]byte("user17@example.com 4111111111111111 "), 20000)
	frame := func(opts ...zstd.EOption) []byte {
		enc, err := zstd.NewWriter(nil, opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer enc.Close()
		return enc.EncodeAll(text, nil)
	}
	withSum, noSum := frame(), frame(zstd.WithEncoderCRC(false), zstd.WithSingleSegment(true))
	noSize := frame(zstd.WithZeroFrames(true))
	skippable := []byte{0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'}
	// A single-segment frame claiming 60 MiB with one raw block of 5
	// bytes, and one claiming 64 bytes with a compressed block.
	liar := append([]byte{0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0, 0, 0xc0, 0x03}, 0x29, 0, 0, 'a', 'b', 'c', 'd', 'e')
	cat := func(fs ...[]byte) []byte { return bytes.Join(fs, nil) }
	for _, tc := range []struct {
		name string
		b    []byte
		fits bool
	}{
		{"checksum", withSum, true},
		{"single segment, no checksum", noSum, true},
		{"two frames after a skippable one", cat(skippable, withSum, noSum), true},
		{"no content size", noSize, true},
		{"liar", liar, false},
		{"liar after frames", cat(withSum, skippable, liar), false},
		{"truncated liar", liar[:len(liar)-2], false},
		{"truncated frame", withSum[:len(withSum)/2], false}, // corrupt either way
		{"not zstd", []byte("plain text"), true},
	} {
		if got := zstdFits(tc.b); got != tc.fits {
			t.Errorf("%s: zstdFits = %v, want %v", tc.name, got, tc.fits)
		}
	}
}

// avroBlocksFile is an Avro file of the benchmark's rows in codec c, in
// blocks of per rows.
func avroBlocksFile(t testing.TB, c ocf.CodecName, rows, per int) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := ocf.NewEncoder(benchAvroIntSchema, &buf, ocf.WithCodec(c), ocf.WithBlockLength(per))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		r := benchAvroIntRow{ID: int64(i), OrderID: 7_000_000 + int64(i)*13, Qty: int32(1 + i%20), Cents: int64(i*7919) % 1_000_000,
			Card: 4000000000000000 + int64(i)*7919, Email: fmt.Sprintf("user%d@example.com", i)}
		if err := enc.Encode(&r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAvroBlockAllocs: in steady state (a pooled decoder) a block costs no
// allocation, in any codec: the same rows in blocks of 4 rows cost about
// what they cost in one block.
func TestAvroBlockAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items, which then allocate")
	}
	const rows = 2000
	for _, codec := range []ocf.CodecName{ocf.Null, ocf.Deflate, ocf.Snappy, ocf.ZStandard} {
		t.Run(string(codec), func(t *testing.T) {
			allocs := func(data []byte) float64 {
				return testing.AllocsPerRun(5, func() {
					if _, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: "x.avro"}, func(*Chunk) error { return nil }); err != nil {
						t.Fatal(err)
					}
				})
			}
			one, many := allocs(avroBlocksFile(t, codec, rows, rows)), allocs(avroBlocksFile(t, codec, rows, 4))
			t.Logf("%.0f allocations in one block, %.0f in %d", one, many, rows/4)
			if blocks := rows / 4; many > one+float64(blocks)/20 {
				t.Errorf("%.0f allocations in %d blocks, %.0f in one", many, blocks, one)
			}
		})
	}
}

// BenchmarkDecodeAvroSmallBlocks decodes 20000 rows in blocks of 10 rows:
// the per-block cost of each codec. SetBytes counts the file's bytes.
func BenchmarkDecodeAvroSmallBlocks(b *testing.B) {
	for _, codec := range []ocf.CodecName{ocf.Null, ocf.Deflate, ocf.Snappy} {
		data := avroBlocksFile(b, codec, 20000, 10)
		b.Run(string(codec), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: "a.avro"}, func(*Chunk) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeAvroLyingBlock decodes a 54-byte file whose one block
// claims 60 MiB: what a bucket of small corrupt files costs each.
func BenchmarkDecodeAvroLyingBlock(b *testing.B) {
	data := append(binary.AppendVarint(binary.AppendVarint(avroStringHeader(""), 1), 60<<20), "\x0aabcde"...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: "a.avro"}, func(*Chunk) error { return nil }); err == nil {
			b.Fatal("decoded a truncated file")
		}
	}
}
