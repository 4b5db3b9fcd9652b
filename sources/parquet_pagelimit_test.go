package sources

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// TestParquetPageSizeClaims: a page header or a snappy block claiming a
// page of gigabytes makes the object malformed, and nothing near that size
// is allocated for it.
func TestParquetPageSizeClaims(t *testing.T) {
	data := writeParquet(t, pqNameRows(500), pq.Compression(&snappy.Codec{}))
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	off := f.Metadata().RowGroups[0].Columns[0].MetaData.DictionaryPageOffset
	if off <= 0 {
		t.Fatal("no dictionary page")
	}
	// The dictionary page's header, re-encoded to find its length.
	var proto thrift.CompactProtocol
	var h pqformat.PageHeader
	if err := thrift.NewDecoder(proto.NewReader(bytes.NewReader(data[off:]))).Decode(&h); err != nil {
		t.Fatal(err)
	}
	orig, err := thrift.Marshal(&proto, &h)
	if err != nil || !bytes.Equal(orig, data[off:off+int64(len(orig))]) {
		t.Fatalf("the header does not re-encode to its bytes (%v)", err)
	}
	body := off + int64(len(orig))

	huge := func(name string, c []byte) {
		t.Helper()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := DecodeObject(context.Background(), bytes.NewReader(c), Object{Key: "x.parquet", Size: int64(len(c))}, func(*Chunk) error { return nil })
		runtime.ReadMemStats(&after)
		var oe *ObjectError
		if !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile {
			t.Errorf("%s: %v, want %s", name, err, ReasonMalformedFile)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
			t.Errorf("%s: %d MB allocated", name, n>>20)
		}
	}

	// A header claiming 2 GB uncompressed.
	lying := h
	lying.UncompressedPageSize = 2_000_000_000
	hdr, err := thrift.Marshal(&proto, &lying)
	if err != nil {
		t.Fatal(err)
	}
	huge("header", append(append(bytes.Clone(data[:off]), hdr...), data[body:]...))

	// A snappy block whose own length prefix says 2 GB (five bytes of
	// varint over the start of the block): the decoder refuses it before
	// allocating.
	var prefix []byte
	for v := uint64(2_000_000_000); ; v >>= 7 {
		if v < 0x80 {
			prefix = append(prefix, byte(v))
			break
		}
		prefix = append(prefix, byte(v)|0x80)
	}
	c := bytes.Clone(data)
	copy(c[body:], prefix)
	huge("snappy block", c)
}
