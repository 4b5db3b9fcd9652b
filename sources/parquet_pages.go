package sources

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/bits"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/encoding/plain"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
	"github.com/pierrec/lz4/v4"
)

// Real writers dictionary-encode every column, and a column chunk's
// dictionary is up to about a megabyte. parquet-go's FilePages decodes
// each one into buffers made for it (Column.decodeDictionary: values,
// offsets and a Dictionary), so a dictionary-encoded file allocated about
// 290 MB per 130 MB file in dictionaries alone, which paced the GC to a
// 70 MB heap (RSS 100 MB against 45 MB for the same rows plain) and cost
// page faults on fresh memory. parquet-go cannot decode a dictionary into
// a buffer of ours (Column.DecodeDictionary allocates as FilePages does),
// and its public Column.DecodeDataPageV1/V2 need page headers only
// FilePages can make, so for a flat column chunk with a dictionary the
// decoder reads the pages itself (pqPages), with parquet-go's public
// decoders (thrift page headers, PLAIN values, RLE levels and dictionary
// indexes) into buffers it keeps across column chunks and files, PLAIN
// byte arrays located in the page rather than copied. A page it does not
// decode (an encoding parquet-go lacks, a dictionary-encoded page before
// any dictionary) hands the column chunk over to FilePages at that row.
//
// It reads every column chunk that way, with a dictionary or without,
// flat or nested, whatever the values' encoding (the others through
// parquet-go's encodings, into the same buffers), because FilePages
// also loses LZ4_RAW pages: Column.decompress keeps its own buffer when
// the codec returns a new one of the same length, which the LZ4 codec
// does whenever a page compressed less than 3:1 (parquet-go#608, open in
// v0.32.0); decompressInto keeps what the codec returns.

// pqPlain holds decoded PLAIN values of one kind, reused page after page.
type pqPlain struct {
	bytes []byte
	offs  []uint32
	i32   []int32
	i64   []int64
	f32   []float32
	f64   []float64
}

func (b *pqPlain) footprint() int {
	return cap(b.bytes) + 4*cap(b.offs) + 4*cap(b.i32) + 8*cap(b.i64) + 4*cap(b.f32) + 8*cap(b.f64)
}

// decode decodes PLAIN src of physical type phys (typeLen for a
// FIXED_LEN_BYTE_ARRAY) into b and points v, of v.kind, at it.
func (b *pqPlain) decode(v *pqValues, phys pq.Kind, typeLen int, src []byte) error {
	if phys != pq.ByteArray {
		return b.decodeWith(&plain.Encoding{}, v, phys, typeLen, src)
	}
	kind := v.kind
	*v = pqValues{kind: kind}
	var err error
	b.offs, err = plainByteArrayOffsets(b.offs, src)
	if err != nil {
		*v = pqValues{kind: kind}
		return err
	}
	v.bytes, v.offsets, v.gap = src, b.offs, 4
	v.n = max(len(v.offsets)-1, 0)
	return nil
}

// decodeWith decodes src, values of physical type phys encoded with enc,
// into b and points v, of v.kind, at them.
func (b *pqPlain) decodeWith(enc encoding.Encoding, v *pqValues, phys pq.Kind, typeLen int, src []byte) error {
	var err error
	kind := v.kind
	*v = pqValues{kind: kind}
	switch phys {
	case pq.ByteArray:
		b.bytes, b.offs, err = enc.DecodeByteArray(b.bytes[:0], src, b.offs[:0])
		v.bytes, v.offsets = b.bytes, b.offs
		v.n = max(len(v.offsets)-1, 0)
	case pq.FixedLenByteArray:
		if typeLen <= 0 {
			return errors.New("fixed-length byte array of length 0")
		}
		b.bytes, err = enc.DecodeFixedLenByteArray(b.bytes[:0], src, typeLen)
		v.bytes, v.size = b.bytes, typeLen
		v.n = len(v.bytes) / typeLen
	case pq.Int32:
		b.i32, err = enc.DecodeInt32(b.i32[:0], src)
		v.i32, v.n = b.i32, len(b.i32)
	case pq.Int64:
		b.i64, err = enc.DecodeInt64(b.i64[:0], src)
		v.i64, v.n = b.i64, len(b.i64)
	case pq.Float:
		b.f32, err = enc.DecodeFloat(b.f32[:0], src)
		v.f32, v.n = b.f32, len(b.f32)
	case pq.Double:
		b.f64, err = enc.DecodeDouble(b.f64[:0], src)
		v.f64, v.n = b.f64, len(b.f64)
	default:
		return fmt.Errorf("%s values of type %s", enc, phys)
	}
	if err != nil {
		*v = pqValues{kind: kind}
	}
	return err
}

// plainByteArrayOffsets locates the PLAIN byte arrays of src (each a
// 4-byte little-endian length and its bytes) in place, without copying
// them: value k is src[offs[k] : offs[k+1]-4] (pqValues.gap).
func plainByteArrayOffsets(offs []uint32, src []byte) ([]uint32, error) {
	offs = offs[:0]
	if uint64(len(src)) > 1<<32-8 {
		return offs, errors.New("plain byte arrays: page too large")
	}
	i := 0
	for i < len(src) {
		if len(src)-i < 4 {
			return offs, io.ErrUnexpectedEOF
		}
		n := uint64(binary.LittleEndian.Uint32(src[i:]))
		i += 4
		if n > uint64(len(src)-i) {
			return offs, io.ErrUnexpectedEOF
		}
		offs = append(offs, uint32(i))
		i += int(n)
	}
	return append(offs, uint32(i+4)), nil
}

// pqPages reads a column chunk's pages: its buffers outlive the
// chunk (they are the decoder's), so a dictionary or a page costs no
// allocation once they have grown to the file's largest.
type pqPages struct {
	rbuf  *bufio.Reader
	sec   io.SectionReader
	proto thrift.CompactProtocol
	dec   thrift.Decoder
	hdr   pqPageHeader
	// hbuf holds the page header being read (readThrift), and hreader
	// gives it to dec: a bytes reader of the protocol's, which skips the
	// fields pqPageHeader lacks without a copy.
	hbuf    []byte
	hreader thrift.BytesReader

	raw  []byte // a page as stored
	unz  []byte // a page's decompressed bytes
	dbuf []byte // the dictionary page's bytes, which its values point into
	reps []byte // the data page's repetition levels, nested columns only
	defs []byte
	keys []int32

	dictVals pqPlain
	pageVals pqPlain
	dict     pqValues
	vals     pqValues
	hasDict  bool
	keyed    bool // the data page is dictionary indexes (p.keys)
	// The data page's entries (levels; values when it has none) and
	// values, counted as FilePages's pages count them.
	entries, nonNull int

	dataPages int // data pages read of the chunk
	handOver  int // pqOptions.handOver
}

func (p *pqPages) footprint() int {
	return cap(p.raw) + cap(p.unz) + cap(p.dbuf) + cap(p.reps) + cap(p.defs) + 4*cap(p.keys) + p.dictVals.footprint() + p.pageVals.footprint()
}

// pqPageHeader is format.PageHeader without the page statistics, which
// the decoder does not use: parquet-go's thrift decoder skips a field the
// struct lacks without allocating it, where it allocates a field's byte
// string at the length the file states, up to 2 GiB, before reading it.
type pqPageHeader struct {
	Type                 pqformat.PageType                          `thrift:"1,required"`
	UncompressedPageSize int32                                      `thrift:"2,required"`
	CompressedPageSize   int32                                      `thrift:"3,required"`
	CRC                  int32                                      `thrift:"4,optional"`
	DataPageHeader       thrift.Null[pqDataPageHeader]              `thrift:"5,optional"`
	DictionaryPageHeader thrift.Null[pqformat.DictionaryPageHeader] `thrift:"7,optional"`
	DataPageHeaderV2     thrift.Null[pqDataPageHeaderV2]            `thrift:"8,optional"`
}

// pqDataPageHeader is format.DataPageHeader without its statistics.
type pqDataPageHeader struct {
	NumValues               int32             `thrift:"1,required"`
	Encoding                pqformat.Encoding `thrift:"2,required"`
	DefinitionLevelEncoding pqformat.Encoding `thrift:"3,required"`
	RepetitionLevelEncoding pqformat.Encoding `thrift:"4,required"`
}

// pqDataPageHeaderV2 is format.DataPageHeaderV2 without its statistics.
type pqDataPageHeaderV2 struct {
	NumValues                  int32             `thrift:"1,required"`
	NumNulls                   int32             `thrift:"2,required"`
	NumRows                    int32             `thrift:"3,required"`
	Encoding                   pqformat.Encoding `thrift:"4,required"`
	DefinitionLevelsByteLength int32             `thrift:"5,required"`
	RepetitionLevelsByteLength int32             `thrift:"6,required"`
	IsCompressed               thrift.Null[bool] `thrift:"7,optional"`
}

// pqMaxPage bounds a page's stored and decompressed sizes. Writers make
// pages of about 1 MiB (parquet-mr, Arrow, Spark) and dictionaries up to a
// few; a header is read before its page, and one claiming 2 GB would
// otherwise be allocated 2 GB for. Only pqPages checks it: parquet-go's
// FilePages, which reads the other column chunks, allocates what a header
// claims.
const pqMaxPage = 256 << 20

// errPQUnhandled says a page is not one pqPages decodes: FilePages takes
// the column chunk over from that page's first row.
var errPQUnhandled = errors.New("page not handled")

// ownPages reports whether the decoder reads column chunk cc of leaf
// itself: an unencrypted chunk of a physical type it scans, with levels
// that fit in bytes.
func ownPages(cc pq.ColumnChunk, meta *pqformat.ColumnChunk, leaf *pqLeaf) (*pq.Column, bool) {
	fc, ok := cc.(*pq.FileColumnChunk)
	if !ok || meta == nil || leaf.maxRep > 0xff || leaf.maxDef > 0xff || chunkStart(&meta.MetaData) <= 0 ||
		meta.CryptoMetadata.Value != nil || len(meta.EncryptedColumnMetadata) > 0 || meta.MetaData.TotalCompressedSize <= 0 {
		return nil, false
	}
	col, ok := fc.Node().(*pq.Column)
	if !ok {
		return nil, false
	}
	switch col.Type().Kind() {
	case pq.ByteArray, pq.FixedLenByteArray, pq.Int32, pq.Int64, pq.Float, pq.Double:
		return col, true
	}
	return nil, false
}

// chunkStart is where a column chunk's first page is: its dictionary
// page, if the metadata places one before the data pages (some writers
// leave dictionary_page_offset 0, and some set it without a dictionary).
func chunkStart(md *pqformat.ColumnMetaData) int64 {
	if d := md.DictionaryPageOffset; d > 0 && d < md.DataPageOffset {
		return d
	}
	return md.DataPageOffset
}

// ownColumnChunk is columnChunk reading the pages itself (ownPages).
func (d *pqDecoder) ownColumnChunk(ctx context.Context, cc pq.ColumnChunk, col *pq.Column, meta *pqformat.ColumnChunk, rowStart int64) error {
	leaf := d.leaf
	p := &d.pages
	md := &meta.MetaData
	p.sec = *io.NewSectionReader(d.ra, chunkStart(md), md.TotalCompressedSize)
	if p.rbuf == nil {
		p.rbuf = bufio.NewReaderSize(&p.sec, parquetReadBuffer)
	} else {
		p.rbuf.Reset(&p.sec)
	}
	if p.hreader == nil {
		p.hreader = p.proto.NewReaderFromBytes(nil)
		p.dec.Reset(p.hreader)
	}
	p.hasDict, p.dataPages = false, 0
	defer func() { p.sec = io.SectionReader{}; p.rbuf.Reset(nil) }()
	var codec compress.Codec
	if c := col.Compression(); c != nil && c.CompressionCodec() != pqformat.Uncompressed {
		codec = c
	}
	typ := col.Type()
	phys, typeLen := typ.Kind(), typ.Length()
	row := rowStart - 1
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		isData, err := p.next(codec, phys, typeLen, leaf)
		if err == nil && isData {
			var rep, def []byte
			if leaf.maxRep > 0 {
				rep = p.reps
			}
			if leaf.maxDef > 0 {
				def = p.defs
			}
			var keys []int32
			if p.keyed {
				keys = p.keys
			}
			row, err = d.values(&p.vals, keys, rep, def, p.entries, row)
			if err != nil {
				return d.faulted(err)
			}
			continue
		}
		switch {
		case err == nil:
			continue
		case err == io.EOF:
			return d.flush()
		case errors.Is(err, errPQUnhandled):
			if err := d.pagesSound(cc, meta); err != nil {
				if ferr := d.flush(); ferr != nil {
					return ferr
				}
				return err
			}
			pages := cc.Pages()
			defer pages.Close()
			if err := pages.SeekToRow(row - rowStart + 1); err != nil {
				if ferr := d.flush(); ferr != nil {
					return ferr
				}
				return &malformedError{fmt.Errorf("parquet: column %s: %w", leaf.tmpl, err)}
			}
			return d.filePages(ctx, pages, row)
		default:
			if ferr := d.flush(); ferr != nil {
				return ferr
			}
			return &malformedError{fmt.Errorf("parquet: column %s: %w", leaf.tmpl, err)}
		}
	}
}

// next reads the next page: a dictionary page into p.dict (a second one
// is skipped, as FilePages does), a data page into p.defs, p.keys or
// p.vals. It returns io.EOF at the end of the chunk and errPQUnhandled,
// having read nothing of it, for a page it does not decode.
func (p *pqPages) next(codec compress.Codec, phys pq.Kind, typeLen int, leaf *pqLeaf) (isData bool, err error) {
	// The header is read and checked (readThrift) before parquet-go's
	// decoder sees it: one that claims more than the column chunk holds,
	// or nests too deep, is malformed here rather than an allocation or a
	// stack overflow there.
	left := int64(p.rbuf.Buffered())
	if pos, err := p.sec.Seek(0, io.SeekCurrent); err == nil {
		left += p.sec.Size() - pos
	}
	if left <= 0 {
		return false, io.EOF
	}
	if p.hbuf, err = readThrift(p.rbuf, left, p.hbuf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return false, fmt.Errorf("page header: %w", err)
	}
	h := &p.hdr
	*h = pqPageHeader{}
	p.hreader.ResetBytes(p.hbuf)
	if err := p.dec.Decode(h); err != nil {
		return false, err
	}
	if h.CompressedPageSize < 0 || h.UncompressedPageSize < 0 ||
		(h.DataPageHeader.Valid && h.DataPageHeader.V.NumValues < 0) ||
		(h.DictionaryPageHeader.Valid && h.DictionaryPageHeader.V.NumValues < 0) {
		return false, errors.New("invalid page header: negative size or count")
	}
	if h.CompressedPageSize > pqMaxPage || h.UncompressedPageSize > pqMaxPage {
		return false, fmt.Errorf("invalid page header: a page of %d bytes (%d compressed), over the %d-byte limit", h.UncompressedPageSize, h.CompressedPageSize, pqMaxPage)
	}
	if h2 := &h.DataPageHeaderV2; h2.Valid && (h2.V.NumValues < 0 || h2.V.NumNulls < 0 || h2.V.NumRows < 0 ||
		h2.V.RepetitionLevelsByteLength < 0 || h2.V.DefinitionLevelsByteLength < 0) {
		return false, errors.New("invalid page header: negative size or count")
	}
	switch h.Type {
	case pqformat.DictionaryPage:
		if p.hasDict {
			_, err := p.rbuf.Discard(int(h.CompressedPageSize))
			return false, err
		}
		if !h.DictionaryPageHeader.Valid {
			return false, errors.New("missing dictionary page header")
		}
		//lint:ignore SA1019 older writers mark dictionary pages so
		if e := h.DictionaryPageHeader.V.Encoding; e != pqformat.Plain && e != pqformat.PlainDictionary {
			return false, errPQUnhandled
		}
	case pqformat.DataPage, pqformat.DataPageV2:
		if p.dataPages++; p.dataPages == p.handOver {
			return false, errPQUnhandled
		}
	}
	switch h.Type {
	case pqformat.DictionaryPage:
	case pqformat.DataPage:
		if !h.DataPageHeader.Valid {
			return false, errors.New("missing data page header")
		}
		v := &h.DataPageHeader.V
		if !p.valueEncoding(v.Encoding, phys) || (leaf.maxDef > 0 && v.DefinitionLevelEncoding != pqformat.RLE) ||
			(leaf.maxRep > 0 && v.RepetitionLevelEncoding != pqformat.RLE) {
			return false, errPQUnhandled
		}
	case pqformat.DataPageV2:
		if !h.DataPageHeaderV2.Valid {
			return false, errors.New("missing data page header")
		}
		if !p.valueEncoding(h.DataPageHeaderV2.V.Encoding, phys) {
			return false, errPQUnhandled
		}
	default:
		return false, errPQUnhandled
	}
	if err := p.read(int(h.CompressedPageSize)); err != nil {
		return false, err
	}
	switch h.Type {
	case pqformat.DictionaryPage:
		var data []byte
		if codec == nil {
			// Keep the page: the next one is read into the other buffer.
			p.raw, p.dbuf = p.dbuf[:0], p.raw
			data = p.dbuf
		} else {
			var err error
			if data, err = decompressInto(&p.dbuf, codec, p.raw, int(h.UncompressedPageSize)); err != nil {
				return false, fmt.Errorf("decompressing dictionary page: %w", err)
			}
		}
		p.dict.kind = leaf.kind
		if err := p.dictVals.decode(&p.dict, phys, typeLen, data); err != nil {
			return false, fmt.Errorf("decoding dictionary page: %w", err)
		}
		p.hasDict = true
		return false, nil
	case pqformat.DataPage:
		data, err := p.decompress(codec, p.raw, int(h.UncompressedPageSize))
		if err != nil {
			return false, fmt.Errorf("decompressing data page v1: %w", err)
		}
		n := int(h.DataPageHeader.V.NumValues)
		p.entries, p.nonNull = n, n
		// Levels v1: each a 4-byte length and RLE runs, repetition first.
		levelsV1 := func(dst *[]byte, max int, what string) error {
			if len(data) < 4 {
				return io.ErrUnexpectedEOF
			}
			j := 4 + uint64(binary.LittleEndian.Uint32(data))
			if j > uint64(len(data)) {
				return io.ErrUnexpectedEOF
			}
			if err := decodeLevels(dst, data[4:j], n, max, what); err != nil {
				return err
			}
			data = data[j:]
			return nil
		}
		if leaf.maxRep > 0 {
			if err := levelsV1(&p.reps, leaf.maxRep, "repetition"); err != nil {
				return false, err
			}
		}
		if leaf.maxDef > 0 {
			if err := levelsV1(&p.defs, leaf.maxDef, "definition"); err != nil {
				return false, err
			}
			for _, l := range p.defs {
				if int(l) != leaf.maxDef {
					p.nonNull--
				}
			}
		}
		return true, p.pageValues(data, h.DataPageHeader.V.Encoding, phys, typeLen, leaf)
	default: // DataPageV2
		v := &h.DataPageHeaderV2.V
		data := p.raw
		if v.NumNulls > v.NumValues {
			return false, errors.New("more nulls than values")
		}
		p.entries, p.nonNull = int(v.NumValues), int(v.NumValues-v.NumNulls)
		if leaf.maxDef == 0 {
			p.entries = p.nonNull
		}
		repLen, defLen := int(v.RepetitionLevelsByteLength), int(v.DefinitionLevelsByteLength)
		if leaf.maxRep > 0 {
			if repLen > len(data) {
				return false, io.ErrUnexpectedEOF
			}
			if err := decodeLevels(&p.reps, data[:repLen], int(v.NumValues), leaf.maxRep, "repetition"); err != nil {
				return false, err
			}
			data = data[repLen:]
		} else if repLen > 0 {
			// Some writers store levels for a column that is not repeated
			// (apache/parquet-testing#24): skipped, as FilePages does.
			if repLen >= len(data) {
				return false, io.ErrUnexpectedEOF
			}
			data = data[repLen:]
		}
		p.defs = p.defs[:0]
		if defLen > 0 {
			if leaf.maxDef == 0 {
				if defLen >= len(data) {
					return false, io.ErrUnexpectedEOF
				}
			} else {
				if defLen > len(data) {
					return false, io.ErrUnexpectedEOF
				}
				if err := decodeLevels(&p.defs, data[:defLen], int(v.NumValues), leaf.maxDef, "definition"); err != nil {
					return false, err
				}
			}
			data = data[defLen:]
		}
		if !v.IsCompressed.Valid || v.IsCompressed.V {
			var err error
			if data, err = p.decompress(codec, data, int(h.UncompressedPageSize)); err != nil {
				return false, fmt.Errorf("decompressing data page v2: %w", err)
			}
		}
		return true, p.pageValues(data, v.Encoding, phys, typeLen, leaf)
	}
}

// valueEncoding says whether p decodes a data page's values encoded so.
func (p *pqPages) valueEncoding(e pqformat.Encoding, phys pq.Kind) bool {
	switch e {
	case pqformat.Plain:
		return true
	//lint:ignore SA1019 older writers mark dictionary indexes so
	case pqformat.PlainDictionary, pqformat.RLEDictionary:
		return p.hasDict // no dictionary yet: FilePages looks for one
	case pqformat.DeltaBinaryPacked:
		return phys == pq.Int32 || phys == pq.Int64
	case pqformat.DeltaLengthByteArray:
		return phys == pq.ByteArray
	case pqformat.DeltaByteArray:
		return phys == pq.ByteArray || phys == pq.FixedLenByteArray
	case pqformat.ByteStreamSplit:
		return phys != pq.ByteArray
	}
	return false
}

// read reads the page body after its header into p.raw.
func (p *pqPages) read(n int) error {
	// A page is inside its column chunk: a header claiming more than is
	// left of it is not worth a buffer of that size.
	if pos, err := p.sec.Seek(0, io.SeekCurrent); err == nil && int64(n) > p.sec.Size()-pos+int64(p.rbuf.Buffered()) {
		return io.ErrUnexpectedEOF
	}
	if n > cap(p.raw) {
		p.raw = make([]byte, n, pageBufCap(n))
	}
	p.raw = p.raw[:n]
	if _, err := io.ReadFull(p.rbuf, p.raw); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if p.hdr.CRC != 0 && uint32(p.hdr.CRC) != crc32.ChecksumIEEE(p.raw) {
		return fmt.Errorf("page checksum mismatch: %w", pq.ErrCorrupted)
	}
	return nil
}

// decompress returns src decompressed into p.unz (src itself without a
// codec); size is the page's uncompressed size.
func (p *pqPages) decompress(codec compress.Codec, src []byte, size int) ([]byte, error) {
	if codec == nil {
		return src, nil
	}
	return decompressInto(&p.unz, codec, src, size)
}

// decompressInto decompresses a page into *buf, growing it to size, the
// page's stated uncompressed size: a page that decompresses to more is
// corrupt. parquet-go's codecs decompress whatever the bytes say: its
// gzip and brotli codecs double their buffer until the stream ends (a
// 200 KB gzip page of zeros stated as 1,000 bytes took 512 MB), its LZ4
// one doubles it for as long as a block fails to decode (without end),
// its snappy one allocates the length the block's header states (4 GiB
// for a page of 7 bytes), its zstd one the frame's (up to 64 GiB). Each
// codec here decodes into the stated size and no further.
func decompressInto(buf *[]byte, codec compress.Codec, src []byte, size int) ([]byte, error) {
	// Never a nil buffer, even for a page stated as empty: lz4's amd64
	// decoder checks room for its 16-byte copies against dst's end less
	// 32, which wraps around for a nil dst, and writes to address 0.
	if size > cap(*buf) || *buf == nil {
		*buf = make([]byte, size, pageBufCap(size))
	}
	dst := (*buf)[:size]
	switch c := codec.CompressionCodec(); c {
	case pqformat.Snappy:
		n, err := snappy.DecodedLen(src)
		if err != nil {
			return nil, fmt.Errorf("snappy page: %w", err)
		}
		if n > size {
			return nil, fmt.Errorf("snappy page of %d bytes decodes to %d", size, n)
		}
		out, err := snappy.Decode(dst, src)
		if err != nil {
			return nil, fmt.Errorf("snappy page of %d bytes: %w", size, err)
		}
		return out, nil
	case pqformat.Lz4Raw:
		n, err := lz4.UncompressBlock(src, dst)
		if err != nil {
			return nil, fmt.Errorf("lz4 page of %d bytes: corrupt block, or one that decodes to more", size)
		}
		return dst[:n], nil
	case pqformat.Zstd:
		d := zstdPageDecoders.Get().(*zstd.Decoder)
		defer zstdPageDecoders.Put(d)
		out, err := d.DecodeAll(src, dst[:0:size])
		if err != nil {
			return nil, fmt.Errorf("zstd page of %d bytes: %w", size, err)
		}
		return out, nil
	case pqformat.Gzip, pqformat.Brotli:
		return streamInto(c, dst, src)
	}
	out, err := codec.Decode(dst, src)
	if err != nil {
		return nil, err
	}
	if len(out) > size {
		return nil, fmt.Errorf("%s page of %d bytes decodes to %d", codec, size, len(out))
	}
	if cap(out) > cap(*buf) {
		*buf = out[:0] // the codec grew it: keep the larger buffer
	}
	return out, nil
}

// zstdPageDecoders decode zstd pages into their buffer's capacity and no
// further (WithDecodeAllCapLimit); one goroutine each, none started.
var zstdPageDecoders = sync.Pool{New: func() any {
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecodeAllCapLimit(true))
	if err != nil {
		panic(fmt.Sprintf("zstd decoder: %v", err)) // only for invalid options
	}
	return d
}}

// gzipPageReaders and brotliPageReaders hold streamInto's readers for
// reuse.
var (
	gzipPageReaders   sync.Pool
	brotliPageReaders sync.Pool
)

// streamInto decompresses a gzip or brotli page src into dst, whose
// length is the page's stated size: reading on past it finds the stream's
// end, or the page is corrupt.
func streamInto(codec pqformat.CompressionCodec, dst, src []byte) ([]byte, error) {
	var r io.Reader
	in := bytes.NewReader(src)
	if codec == pqformat.Gzip {
		z, _ := gzipPageReaders.Get().(*gzip.Reader)
		var err error
		if z == nil {
			z, err = gzip.NewReader(in)
		} else {
			err = z.Reset(in)
		}
		if err != nil {
			return nil, fmt.Errorf("gzip page: %w", err)
		}
		defer gzipPageReaders.Put(z)
		r = z
	} else {
		b, _ := brotliPageReaders.Get().(*brotli.Reader)
		if b == nil {
			b = brotli.NewReader(in)
		} else if err := b.Reset(in); err != nil {
			return nil, fmt.Errorf("brotli page: %w", err)
		}
		defer brotliPageReaders.Put(b)
		r = b
	}
	// Read to the stream's end, which must come within dst (a v2 page's
	// stream is shorter than stated: its levels are not in it).
	var one [1]byte
	for n := 0; ; {
		b := dst[n:]
		if len(b) == 0 {
			b = one[:] // full: only the end may follow
		}
		m, err := r.Read(b)
		if m > 0 && len(dst[n:]) == 0 {
			return nil, fmt.Errorf("%s page of %d bytes decodes to more", codec, len(dst))
		}
		n += m
		switch {
		case err == io.EOF:
			return dst[:n], nil
		case err != nil:
			return nil, fmt.Errorf("%s page of %d bytes: %w", codec, len(dst), err)
		}
	}
}

// pagesSound checks, before FilePages reads a column chunk, that each of
// its page headers fits in what is left of the chunk (checkThrift: the
// lengths it gives, its statistics' included, are allocated by
// parquet-go's thrift decoder) and, when the chunk is compressed, that
// each page decompresses within its stated size (see decompressInto):
// parquet-go's codecs are bounded only by what the bytes say. The chunk
// is read twice, but FilePages reads only the rare chunk pqPages does
// not.
func (d *pqDecoder) pagesSound(cc pq.ColumnChunk, meta *pqformat.ColumnChunk) error {
	codec := pqformat.Uncompressed
	if meta != nil {
		codec = meta.MetaData.Codec
	} else if fc, ok := cc.(*pq.FileColumnChunk); ok && fc.Node().Compression() != nil {
		codec = fc.Node().Compression().CompressionCodec()
	}
	var c compress.Codec
	switch {
	case codec != pqformat.Uncompressed:
		c = pq.LookupCompressionCodec(codec)
	case meta == nil:
		return nil // no offsets to check against: FilePages has none either
	}
	if err := chunkSound(d.ra, meta, c); err != nil {
		return &malformedError{fmt.Errorf("parquet: column %s: %w", d.leaf.tmpl, err)}
	}
	return nil
}

// chunkSound walks the pages of a column chunk, checking each header
// against the bytes left, and decompresses each page compressed with
// codec (nil: none) into a buffer of its stated size; it says which page
// does not fit.
func chunkSound(ra io.ReaderAt, meta *pqformat.ColumnChunk, codec compress.Codec) error {
	if meta == nil || chunkStart(&meta.MetaData) <= 0 || meta.MetaData.TotalCompressedSize <= 0 {
		return errors.New("a column chunk whose place in the file the footer does not give")
	}
	md := &meta.MetaData
	r := bufio.NewReaderSize(io.NewSectionReader(ra, chunkStart(md), md.TotalCompressedSize), int(min(parquetReadBuffer, md.TotalCompressedSize)))
	var proto thrift.CompactProtocol
	hreader := proto.NewReaderFromBytes(nil)
	dec := thrift.NewDecoder(hreader)
	var hbuf, raw, unz []byte
	for left, page := md.TotalCompressedSize, 0; left > 0; page++ {
		var err error
		if hbuf, err = readThrift(r, left, hbuf); err != nil {
			return fmt.Errorf("page %d header: %w", page, err)
		}
		var h pqPageHeader
		hreader.ResetBytes(hbuf)
		if err := dec.Decode(&h); err != nil {
			return fmt.Errorf("page %d header: %w", page, err)
		}
		left -= int64(len(hbuf))
		if h.CompressedPageSize < 0 || int64(h.CompressedPageSize) > left || h.UncompressedPageSize < 0 || h.UncompressedPageSize > pqMaxPage {
			return fmt.Errorf("page %d header: a page of %d bytes (%d compressed) in %d bytes left", page, h.UncompressedPageSize, h.CompressedPageSize, left)
		}
		n := int(h.CompressedPageSize)
		left -= int64(n)
		if codec == nil {
			if _, err := r.Discard(n); err != nil {
				return fmt.Errorf("page %d: %w", page, err)
			}
			continue
		}
		if n > cap(raw) {
			raw = make([]byte, n, pageBufCap(n))
		}
		raw = raw[:n]
		if _, err := io.ReadFull(r, raw); err != nil {
			return fmt.Errorf("page %d: %w", page, err)
		}
		src := raw
		switch h.Type {
		case pqformat.DictionaryPage, pqformat.DataPage:
		case pqformat.DataPageV2:
			v := &h.DataPageHeaderV2.V
			if !h.DataPageHeaderV2.Valid || v.IsCompressed.Valid && !v.IsCompressed.V {
				continue
			}
			levels := int64(v.RepetitionLevelsByteLength) + int64(v.DefinitionLevelsByteLength)
			if levels < 0 || levels > int64(len(src)) {
				return fmt.Errorf("page %d: levels of %d bytes in a page of %d", page, levels, len(src))
			}
			src = src[levels:]
		default:
			continue // not decompressed
		}
		if _, err := decompressInto(&unz, codec, src, int(h.UncompressedPageSize)); err != nil {
			return fmt.Errorf("page %d: %w", page, err)
		}
	}
	return nil
}

// pageBufCap is the capacity of a page buffer grown to n bytes: the next
// power of two, so that pages growing a little at a time (a dictionary
// filling up, row group after row group) reallocate it a few times per
// file, not once per page.
func pageBufCap(n int) int {
	if n <= 4096 {
		return 4096
	}
	return 1 << bits.Len(uint(n-1))
}

// decodeLevels decodes n RLE levels of at most max into *dst; what names
// them in errors.
func decodeLevels(dst *[]byte, src []byte, n, max int, what string) error {
	enc := rle.Encoding{BitWidth: bits.Len8(uint8(max))}
	levels, err := enc.DecodeLevels((*dst)[:0], src)
	if err != nil {
		return fmt.Errorf("decoding %s levels: %w", what, err)
	}
	if len(levels) < n {
		return fmt.Errorf("decoding %s levels: %d of %d", what, len(levels), n)
	}
	*dst = levels[:n]
	return nil
}

// pageValues decodes a data page's values: dictionary indexes into
// p.keys with p.vals the dictionary, or PLAIN values into p.vals.
func (p *pqPages) pageValues(data []byte, enc pqformat.Encoding, phys pq.Kind, typeLen int, leaf *pqLeaf) error {
	//lint:ignore SA1019 older writers mark dictionary indexes so
	if enc == pqformat.PlainDictionary || enc == pqformat.RLEDictionary {
		var rd rle.DictionaryEncoding
		keys, err := rd.DecodeInt32(p.keys, data)
		if err != nil {
			return fmt.Errorf("decoding dictionary indexes: %w", err)
		}
		// As FilePages does: a writer may leave out trailing zero indexes.
		for len(keys) < p.nonNull {
			keys = append(keys, 0)
		}
		p.keys, p.keyed, p.vals = keys[:p.nonNull], true, p.dict
		return nil
	}
	p.keyed = false
	p.vals.kind = leaf.kind
	var err error
	if enc == pqformat.Plain {
		err = p.pageVals.decode(&p.vals, phys, typeLen, data)
	} else {
		err = p.pageVals.decodeWith(pq.LookupEncoding(enc), &p.vals, phys, typeLen, data)
	}
	if err != nil {
		return fmt.Errorf("decoding values: %w", err)
	}
	if leaf.maxDef == 0 && phys == pq.ByteArray {
		// FilePages's page of a required byte array column holds the
		// values there are, up to the header's count.
		p.entries = min(p.entries, p.vals.n)
	}
	return nil
}

// reset forgets the file p read, keeping its buffers.
func (p *pqPages) reset() pqPages {
	return pqPages{rbuf: p.rbuf, dec: p.dec, hbuf: p.hbuf[:0], hreader: p.hreader, raw: p.raw[:0], unz: p.unz[:0], dbuf: p.dbuf[:0], reps: p.reps[:0], defs: p.defs[:0], keys: p.keys[:0], dictVals: p.dictVals, pageVals: p.pageVals}
}
