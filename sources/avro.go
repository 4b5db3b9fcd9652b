package sources

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"unsafe"

	"github.com/hamba/avro/v2"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
)

// Avro object container files. The schema is parsed by
// github.com/hamba/avro/v2; the container framing and the values are read
// here, because hamba's ocf.Decoder allocates each block at the size the
// file claims (make([]byte, size): a negative size panics, a huge one
// exhausts memory), inflates a block with no bound, and its generic
// ReadNext appends as many array items as a block header claims (an array
// of nulls costs no bytes per item, so a 30-byte file can ask for 2^62).
// Reading values against the schema straight from the block also costs no
// map or interface per record. The codecs are those hamba's OCF supports
// (null, deflate, snappy, zstandard), with klauspost/compress's decoders;
// the tests write files with hamba's encoder in each codec. A length the
// file claims is read as its bytes arrive (readClaimed), and what a
// compressed block claims it inflates to is held against what its bytes
// could give: a file costs what it holds, not what it claims.

// maxAvroBlock bounds a block, compressed or not, and the header's
// metadata.
const maxAvroBlock = 64 << 20

// avroReadStep is the most a length the file claims makes the decoder
// allocate before the bytes arrive (see readClaimed): as much as the
// buffered reader under it holds.
const avroReadStep = 64 << 10

var avroMagic = []byte("Obj\x01")

type avKind uint8

const (
	avNull avKind = iota
	avBool
	avInt
	avLong
	avFloat
	avDouble
	avBytes
	avString
	avFixed
	avEnum
	avRecord
	avArray
	avMap
	avUnion
)

// avNode is a compiled schema node.
type avNode struct {
	kind    avKind
	size    int  // fixed
	noText  bool // a date or time: not scanned
	decimal bool
	uuid    bool // a fixed(16) uuid: scanned in its text form
	// zero: a value takes no bytes and gives nothing to scan (null, an
	// empty record): an array of them is skipped whatever its count,
	// which the bytes left cannot bound.
	zero     bool
	scale    int
	fields   []avField
	items    *avNode
	branches []*avNode
	min      int // the fewest bytes a value takes
	// group is the batch group its values went to last, valid while gen
	// is the decoder's and the group's field is the current template (a
	// node of a named type, or under a map, has more than one): most
	// values then find their group without hashing their template.
	group *jsonGroup
	gen   uint64
	// keepField is the template under which a plain int or long last
	// asked the integer filter, and keep its answer (see
	// avroDecoder.keeps); "" before the first ask. Nodes are compiled per
	// object, as the answers are.
	keepField string
	keep      uint32
}

type avField struct {
	seg  string // ".name" or "['name']"
	node *avNode
}

// compileAvro turns a parsed schema into nodes; named types are compiled
// once, so recursive schemas make cyclic nodes.
func compileAvro(s avro.Schema, named map[string]*avNode) *avNode {
	if n, ok := s.(avro.NamedSchema); ok {
		if c := named[n.FullName()]; c != nil {
			return c
		}
	}
	n := &avNode{}
	var logical avro.LogicalType
	if ls, ok := s.(avro.LogicalTypeSchema); ok && ls.Logical() != nil {
		logical = ls.Logical().Type()
		if d, ok := ls.Logical().(*avro.DecimalLogicalSchema); ok && d.Scale() >= 0 && d.Scale() <= maxDecimalScale {
			n.decimal, n.scale = true, d.Scale()
		}
	}
	switch logical {
	case avro.Date, avro.TimeMillis, avro.TimeMicros, avro.TimestampMillis, avro.TimestampMicros, avro.LocalTimestampMillis, avro.LocalTimestampMicros:
		n.noText = true
	}
	// Logical types the schema parser does not know (Avro 1.12's
	// nanosecond timestamps, uuid on fixed) stay in the properties.
	if p, ok := s.(interface{ Prop(string) any }); ok && logical == "" {
		switch p.Prop("logicalType") {
		case "timestamp-nanos", "local-timestamp-nanos":
			n.noText = true
		case "uuid":
			n.uuid = true // applies to a fixed(16) only, below
		}
	}
	switch t := s.(type) {
	case *avro.RefSchema:
		return compileAvro(t.Schema(), named)
	case *avro.RecordSchema:
		n.kind = avRecord
		named[t.FullName()] = n
		for _, f := range t.Fields() {
			c := compileAvro(f.Type(), named)
			n.fields = append(n.fields, avField{seg: string(appendPathName(nil, f.Name())), node: c})
		}
		n.zero = true
		for _, f := range n.fields {
			n.min += f.node.min            // 0 for a recursive field not yet compiled: only a lower bound
			n.zero = n.zero && f.node.zero // false for such a field: a value of it takes bytes
		}
		return n
	case *avro.EnumSchema:
		n.kind, n.min = avEnum, 1
		named[t.FullName()] = n
		return n
	case *avro.FixedSchema:
		n.kind, n.size, n.min = avFixed, t.Size(), t.Size()
		n.zero = t.Size() == 0 && !n.decimal
		n.uuid = n.uuid && t.Size() == 16
		named[t.FullName()] = n
		return n
	case *avro.ArraySchema:
		n.kind, n.min = avArray, 1
		n.items = compileAvro(t.Items(), named)
		return n
	case *avro.MapSchema:
		n.kind, n.min = avMap, 1
		n.items = compileAvro(t.Values(), named)
		return n
	case *avro.UnionSchema:
		n.kind, n.min = avUnion, 1
		for _, b := range t.Types() {
			n.branches = append(n.branches, compileAvro(b, named))
		}
		return n
	}
	switch s.Type() {
	case avro.Boolean:
		n.kind, n.min = avBool, 1
	case avro.Int:
		n.kind, n.min = avInt, 1
	case avro.Long:
		n.kind, n.min = avLong, 1
	case avro.Float:
		n.kind, n.min = avFloat, 4
	case avro.Double:
		n.kind, n.min = avDouble, 8
	case avro.Bytes:
		n.kind, n.min = avBytes, 1
	case avro.String:
		n.kind, n.min = avString, 1
	default:
		n.kind, n.zero = avNull, true
	}
	return n
}

// avroDecoder reads one container file.
type avroDecoder struct {
	ctx  context.Context
	br   *bufio.Reader // a ReadByte per varint costs no allocation
	lim  *limits
	emit func(*Chunk) error

	block, out []byte
	data       []byte // the block being read
	pos        int
	record     int64
	indexBase  int64 // the batch's Chunk.IndexBase, a record at or before its first
	depth      int
	tmpl       []byte // the current path template: "$.cards[].number"
	// slots are the offsets in tmpl of the "[]" of the open arrays, and
	// positions the index of the item each is reading: the concrete path
	// is tmpl with positions in its slots (see Chunk.FieldSlots).
	slots     []int
	positions []int64
	num       []byte
	big       pqDecoder // for its decimal formatting

	groups     map[string]*jsonGroup
	order      []*jsonGroup
	free       []*jsonGroup // emptied groups whose buffers can be reused
	gen        uint64       // avNode.group is valid only with this gen
	batchBytes int
	batchVals  int
	scratch    []byte
	win        valueWindows
	ch         Chunk
	zstd       *zstd.Decoder

	// ints is DecodeOptions.IntegerDigits (nil: every integer is kept),
	// and intKeeps its answers for this object by template, so that it is
	// asked once per template however many nodes share one.
	ints     func(field string) uint32
	intKeeps map[string]avKeep

	// inflate is the deflate codec's reader, reset for each block (a
	// new one per block allocated 37 KB), reading blockReader.
	inflate     io.ReadCloser
	blockReader bytes.Reader
	mark        [16]byte // the magic, a sync marker
}

// avKeep is the integer filter's answer for one template; field is the
// map's own key, which a node can then hold without allocating its own.
type avKeep struct {
	field string
	keep  uint32
}

var errAvroData = errors.New("avro: block data does not match the schema")

// decodeAvro scans an Avro object container file: every string, bytes
// and fixed value, and the numbers a sensitive number may be stored as
// (int, long, float, double, decimals; not dates and times), batched by
// path as the JSON decoder batches: Field is the template
// ("$.customer.cards[].number"), Index the 0-based record index in the
// file, Chunk.Path(i) the concrete path ("$.customer.cards[1].number",
// given by FieldSlots and Positions, made only when asked for); a union's
// branch adds nothing to the path, a map's key is a member name and is
// scanned too, at the map's path. A corrupt or truncated file stops with
// ReasonMalformedFile (a bad header: ReasonUnableToParse), what came
// before standing. With in.ints, an int or long formatted as an integer
// (not an enum, a date or a time) is left out unless its number of digits
// is one in.ints keeps for its template.
func decodeAvro(ctx context.Context, in *input, lim *limits, emit func(*Chunk) error) error {
	d := newAvroDecoder(lim)
	d.ctx, d.br, d.emit, d.ints = ctx, in.br, emit, in.ints
	defer d.release()
	err := d.run()
	if err == nil || !isEmitOrCtx(err) {
		if ferr := d.flush(); ferr != nil {
			err = ferr
		}
	}
	var ee *emitError
	if errors.As(err, &ee) {
		return ee.err
	}
	return err
}

func (d *avroDecoder) run() error {
	if _, err := io.ReadFull(d.br, d.mark[:4]); err != nil || !bytes.Equal(d.mark[:4], avroMagic) {
		return &malformedError{errors.New("avro: not an object container file")}
	}
	// The metadata: only the schema and the codec are kept, the other
	// values are skipped unread into memory.
	var key, schemaText, codecName []byte
	total := 0
	for {
		count, err := binary.ReadVarint(d.br)
		if err != nil {
			return d.truncated(err)
		}
		if count == 0 {
			break
		}
		if count < 0 {
			count = -count
			if _, err := binary.ReadVarint(d.br); err != nil {
				return d.truncated(err)
			}
		}
		for range count {
			n, err := d.headerLen(&total)
			if err != nil {
				return err
			}
			if key, err = readClaimed(d.br, key, n); err != nil {
				return d.truncated(err)
			}
			if n, err = d.headerLen(&total); err != nil {
				return err
			}
			switch string(key) {
			case "avro.schema":
				schemaText, err = readClaimed(d.br, nil, n)
			case "avro.codec":
				codecName, err = readClaimed(d.br, nil, n)
			default:
				_, err = d.br.Discard(n)
			}
			if err != nil {
				return d.truncated(err)
			}
		}
	}
	// A cache of this file's own: ParseBytes's global one would keep
	// every named type of every file scanned, copy them all into each
	// parse, and let one file's schema name types only another defines.
	schema, err := avro.ParseBytesWithCache(schemaText, "", &avro.SchemaCache{})
	if err != nil {
		return &ObjectError{Status: StatusSkipped, Reason: ReasonUnableToParse, Err: errors.New("avro: the header's schema does not parse")}
	}
	codec := string(codecName)
	switch codec {
	case "", "null", "deflate", "snappy", "zstandard", "bzip2":
	default:
		return &ObjectError{Status: StatusSkipped, Reason: ReasonUnableToParse, Err: fmt.Errorf("avro: codec %.32q is not supported", codec)}
	}
	if _, err := io.ReadFull(d.br, d.mark[:]); err != nil {
		return d.truncated(err)
	}
	sync := d.mark
	root := compileAvro(schema, map[string]*avNode{})
	for {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		count, err := binary.ReadVarint(d.br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return d.truncated(err)
		}
		size, err := binary.ReadVarint(d.br)
		if err != nil {
			return d.truncated(err)
		}
		if count < 0 || size < 0 || size > maxAvroBlock {
			return &malformedError{fmt.Errorf("avro: block %d: bad count or size", d.record)}
		}
		if d.block, err = readClaimed(d.br, d.block, int(size)); err != nil {
			return d.truncated(err)
		}
		if d.data, err = d.decompress(codec, d.block); err != nil {
			return err
		}
		if root.min > 0 && count > int64(len(d.data))/int64(root.min)+1 {
			return &malformedError{fmt.Errorf("avro: block at record %d claims more records than it holds", d.record)}
		}
		d.pos = 0
		if root.zero {
			// Records of no bytes and nothing to scan: counted, not
			// walked, whatever the count claims.
			if count > math.MaxInt64-d.record {
				return &malformedError{fmt.Errorf("avro: block at record %d claims more records than it holds", d.record)}
			}
			d.record += count
			count = 0
		}
		for range count {
			if d.record-d.indexBase > d.lim.indexSpan {
				// Records without a value (all nulls) fill no batch, so
				// 2^32 of them could pass before one is flushed.
				if err := d.flush(); err != nil {
					return err
				}
				d.indexBase = d.record
			}
			d.tmpl, d.slots, d.positions = d.tmpl[:1], d.slots[:0], d.positions[:0]
			if err := d.value(root); err != nil {
				return err
			}
			d.record++
		}
		if _, err := io.ReadFull(d.br, d.mark[:]); err != nil {
			return d.truncated(err)
		}
		if d.mark != sync {
			return &malformedError{fmt.Errorf("avro: block ending before record %d has a wrong sync marker", d.record)}
		}
	}
}

func (d *avroDecoder) truncated(err error) error {
	var re *readError
	var oe *ObjectError
	if errors.As(err, &re) || errors.As(err, &oe) {
		return err
	}
	return &malformedError{fmt.Errorf("avro: truncated at record %d", d.record)}
}

// headerLen reads the length of a metadata key or value, adding it to
// total, the header's bytes so far, which must stay within maxAvroBlock.
func (d *avroDecoder) headerLen(total *int) (int, error) {
	n, err := binary.ReadVarint(d.br)
	if err != nil {
		return 0, d.truncated(err)
	}
	if n < 0 || n > int64(maxAvroBlock-*total) {
		return 0, &malformedError{errors.New("avro: bad header metadata")}
	}
	*total += int(n)
	return int(n), nil
}

// readClaimed reads n bytes, a length the file claims, into buf's storage
// (which it may replace) and returns them. A buffer of capacity n takes
// them in one read. A smaller one grows as the bytes arrive, by at most
// avroReadStep at first and then by at most doubling, so a file that
// claims 64 MiB and ends after a few bytes costs avroReadStep, and one
// that ends later about twice what it held: a file costs what it holds,
// not what it claims. (Growing a fresh buffer to a real block's size
// costs at most one more copy of it, once per pooled decoder.)
func readClaimed(r io.Reader, buf []byte, n int) ([]byte, error) {
	if n <= cap(buf) {
		buf = buf[:n]
		_, err := io.ReadFull(r, buf)
		return buf, err
	}
	buf = buf[:0]
	for len(buf) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, max(2*len(buf), avroReadStep)))
			copy(grown, buf)
			buf = grown
		}
		k, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// decompress inflates one block into d.out, refusing more than
// maxAvroBlock bytes.
func (d *avroDecoder) decompress(codec string, b []byte) ([]byte, error) {
	bad := func(err error) error {
		return &malformedError{fmt.Errorf("avro: %s block before record %d: %w", codec, d.record, err)}
	}
	switch codec {
	case "", "null":
		return b, nil
	case "deflate":
		d.blockReader.Reset(b)
		if d.inflate == nil {
			d.inflate = flate.NewReader(&d.blockReader)
		} else if err := d.inflate.(flate.Resetter).Reset(&d.blockReader, nil); err != nil {
			return nil, bad(err)
		}
		return d.readBlock(d.inflate, bad)
	case "bzip2":
		// The standard library's reader has no Reset: one per block, as
		// Avro's Java implementation makes one per block too.
		d.blockReader.Reset(b)
		return d.readBlock(bzip2.NewReader(&d.blockReader), bad)
	case "snappy":
		if len(b) < 4 {
			return nil, bad(errors.New("too short"))
		}
		body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
		n, err := snappy.DecodedLen(body)
		if err != nil {
			return nil, bad(err)
		}
		if n > maxAvroBlock {
			return nil, bad(errors.New("inflates past the block limit"))
		}
		// The decoder allocates the length the block claims: a claim
		// past what Snappy's densest element (a 3-byte copy of 64
		// bytes) could give is refused before it costs anything.
		if n > 22*len(body) {
			return nil, bad(errors.New("claims more than its bytes can hold"))
		}
		out, err := snappy.Decode(d.out[:cap(d.out)], body)
		if err != nil {
			return nil, bad(err)
		}
		d.out = out
		if crc32.ChecksumIEEE(out) != sum {
			return nil, bad(errors.New("checksum mismatch"))
		}
		return out, nil
	default: // zstandard
		if d.zstd == nil {
			zd, err := zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxAvroBlock), zstd.WithDecoderConcurrency(1))
			if err != nil {
				return nil, err
			}
			d.zstd = zd
		}
		if !zstdFits(b) {
			return nil, bad(errors.New("a frame claims more than its blocks can hold"))
		}
		out, err := d.zstd.DecodeAll(b, d.out[:0])
		if err != nil {
			return nil, bad(err)
		}
		d.out = out
		return out, nil
	}
}

// readBlock reads a block's decompressor r to its end into d.out,
// growing it (by doubling, from 32 KiB) as the output comes, up to
// maxAvroBlock bytes.
func (d *avroDecoder) readBlock(r io.Reader, bad func(error) error) ([]byte, error) {
	out := d.out[:0]
	for {
		end := min(cap(out), maxAvroBlock)
		if len(out) == end {
			if end == maxAvroBlock {
				var probe [1]byte
				if _, err := io.ReadFull(r, probe[:]); err != io.EOF {
					if err == nil {
						err = errors.New("inflates past the block limit")
					}
					return nil, bad(err)
				}
				return out, nil
			}
			out = slices.Grow(out, min(max(len(out), 32<<10), maxAvroBlock-len(out)))
			end = min(cap(out), maxAvroBlock)
		}
		n, err := r.Read(out[len(out):end])
		out = out[:len(out)+n]
		d.out = out
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, bad(err)
		}
	}
}

// zstdFits reports whether each frame of b could give the content size
// its header claims. DecodeAll allocates that size before decoding, so a
// 100-byte frame claiming 60 MiB would cost 60 MiB; a frame can give at
// most what its blocks' headers allow (a raw or RLE block its size, a
// compressed one a full block of 128 KiB), and a frame that claims more
// is corrupt. What it cannot walk it leaves to the decoder to judge.
func zstdFits(b []byte) bool {
	const maxBlock = 128 << 10
	var h zstd.Header
	for len(b) > 0 {
		rest, err := h.DecodeAndStrip(b)
		if err != nil {
			return true
		}
		if h.Skippable {
			if uint64(len(rest)) < uint64(h.SkippableSize) {
				return true
			}
			b = rest[h.SkippableSize:]
			continue
		}
		var most uint64
		for last := false; !last; {
			if len(rest) < 3 {
				return !h.HasFCS || h.FrameContentSize <= most
			}
			bh := uint32(rest[0]) | uint32(rest[1])<<8 | uint32(rest[2])<<16
			size := int(bh >> 3)
			last, rest = bh&1 != 0, rest[3:]
			switch bh >> 1 & 3 {
			case 0: // raw
				most += uint64(size)
			case 1: // RLE: one byte, repeated size times
				most, size = most+uint64(size), 1
			case 2:
				most += maxBlock
			default: // reserved: corrupt from here on
				return !h.HasFCS || h.FrameContentSize <= most
			}
			if len(rest) < size {
				return !h.HasFCS || h.FrameContentSize <= most
			}
			rest = rest[size:]
		}
		if h.HasFCS && h.FrameContentSize > most {
			return false
		}
		if h.HasCheckSum {
			if len(rest) < 4 {
				return true
			}
			rest = rest[4:]
		}
		b = rest
	}
	return true
}

func (d *avroDecoder) long() (int64, error) {
	// One byte (a length under 64, a small number, a union branch) is
	// most longs: decoded here, without binary.Varint's loop.
	if p := d.pos; p < len(d.data) && d.data[p] < 0x80 {
		u := int64(d.data[p])
		d.pos++
		return u>>1 ^ -(u & 1), nil
	}
	v, n := binary.Varint(d.data[d.pos:])
	if n <= 0 {
		return 0, errAvroData
	}
	d.pos += n
	return v, nil
}

func (d *avroDecoder) take(n int64) ([]byte, error) {
	if n < 0 || n > int64(len(d.data)-d.pos) {
		return nil, errAvroData
	}
	b := d.data[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return b, nil
}

// value reads one value of node n at the current path.
func (d *avroDecoder) value(n *avNode) error {
	if d.depth >= d.lim.maxDepth {
		return &malformedError{fmt.Errorf("avro: record %d nests deeper than %d", d.record, d.lim.maxDepth)}
	}
	switch n.kind {
	case avNull:
		return nil
	case avBool:
		_, err := d.take(1)
		return d.dataErr(err)
	case avInt, avLong, avEnum:
		v, err := d.long()
		if err != nil || n.kind == avEnum || n.noText {
			return d.dataErr(err)
		}
		if d.ints != nil && n.scale == 0 && !d.keeps(n, v) {
			return nil
		}
		d.num = appendScaled(d.num[:0], v, n.scale)
		return d.add(n, d.num)
	case avFloat:
		b, err := d.take(4)
		if err != nil {
			return d.dataErr(err)
		}
		d.num = strconv.AppendFloat(d.num[:0], float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), 'f', -1, 32)
		return d.add(n, d.num)
	case avDouble:
		b, err := d.take(8)
		if err != nil {
			return d.dataErr(err)
		}
		d.num = strconv.AppendFloat(d.num[:0], math.Float64frombits(binary.LittleEndian.Uint64(b)), 'f', -1, 64)
		return d.add(n, d.num)
	case avBytes, avString, avFixed:
		var b []byte
		var err error
		if n.kind == avFixed {
			b, err = d.take(int64(n.size))
		} else {
			var l int64
			if l, err = d.long(); err == nil {
				b, err = d.take(l)
			}
		}
		if err != nil {
			return d.dataErr(err)
		}
		switch {
		case n.decimal && len(b) <= maxDecimalBytes:
			d.num = d.big.appendDecimal(d.num[:0], b, n.scale)
			return d.add(n, d.num)
		case n.uuid:
			d.num = appendUUID(d.num[:0], b)
			return d.add(n, d.num)
		}
		return d.add(n, b)
	case avRecord:
		// Depth is counted here and not with a defer: a deferred call
		// per value was a tenth of the decode time.
		d.depth++
		tl := len(d.tmpl)
		for _, f := range n.fields {
			d.tmpl = append(d.tmpl, f.seg...)
			err := d.value(f.node)
			d.tmpl = d.tmpl[:tl]
			if err != nil {
				d.depth--
				return err
			}
		}
		d.depth--
		return nil
	case avUnion:
		i, err := d.long()
		if err != nil || i < 0 || i >= int64(len(n.branches)) {
			return d.dataErr(errAvroData)
		}
		d.depth++
		err = d.value(n.branches[i])
		d.depth--
		return err
	case avArray, avMap:
		d.depth++
		tl, k := len(d.tmpl), len(d.slots)
		if n.kind == avArray {
			// Every item has the same template: one slot for the array.
			d.slots, d.positions = append(d.slots, tl), append(d.positions, 0)
			d.tmpl = append(d.tmpl, '[', ']')
		}
		err := d.container(n, tl)
		d.tmpl, d.slots, d.positions = d.tmpl[:tl], d.slots[:k], d.positions[:k]
		d.depth--
		return err
	}
	return nil
}

// container reads an array's or a map's blocks of items; tl is the length
// of the container's own template (a map's key is scanned there).
func (d *avroDecoder) container(n *avNode, tl int) error {
	var i int64
	for {
		count, err := d.long()
		if err != nil {
			return d.dataErr(err)
		}
		if count == 0 {
			return nil
		}
		if count < 0 {
			count = -count
			if _, err := d.long(); err != nil { // the block's byte size
				return d.dataErr(err)
			}
		}
		if n.kind == avArray && n.items.zero {
			if count > math.MaxInt64-i {
				return d.dataErr(errAvroData)
			}
			i += count
			continue
		}
		per := n.items.min
		if n.kind == avMap {
			per++ // the key's length
		}
		if count < 0 || count > int64(len(d.data)-d.pos)/int64(max(per, 1))+1 {
			return d.dataErr(errAvroData)
		}
		for range count {
			if n.kind == avArray {
				d.positions[len(d.positions)-1] = i
			} else {
				d.tmpl = d.tmpl[:tl]
				l, err := d.long()
				if err != nil {
					return d.dataErr(err)
				}
				key, err := d.take(l)
				if err != nil {
					return d.dataErr(err)
				}
				if err := d.add(n, key); err != nil { // a key is scanned at the map's path
					return err
				}
				d.tmpl = appendPathName(d.tmpl, unsafe.String(unsafe.SliceData(key), len(key)))
			}
			i++
			if err := d.value(n.items); err != nil {
				return err
			}
		}
	}
}

// keeps reports whether the integer filter keeps v, a plain int or long
// read at node n under the current template. The node remembers the
// answer for its last template, as it remembers its batch group; another
// template is looked up in d.intKeeps, which asks d.ints on its first
// sight. Past lim.maxGroups templates in one object (a map of integers
// with ever new keys) the new ones are kept unfiltered instead: the table
// stays bounded and nothing the engine could report is lost.
func (d *avroDecoder) keeps(n *avNode, v int64) bool {
	if n.keepField != string(d.tmpl) {
		k, ok := d.intKeeps[string(d.tmpl)]
		if !ok {
			if len(d.intKeeps) >= d.lim.maxGroups {
				return true
			}
			if d.intKeeps == nil {
				d.intKeeps = map[string]avKeep{}
			}
			k.field = string(d.tmpl)
			k.keep = d.ints(k.field)
			d.intKeeps[k.field] = k
		}
		n.keepField, n.keep = k.field, k.keep
	}
	return n.keep&(1<<decimalDigits(absInt64(v))) != 0
}

func (d *avroDecoder) dataErr(err error) error {
	if err == nil {
		return nil
	}
	return &malformedError{fmt.Errorf("avro: record %d: %w", d.record, errAvroData)}
}

// add files value v, read at node n, under the current path.
func (d *avroDecoder) add(n *avNode, v []byte) error {
	if len(v) == 0 {
		return nil
	}
	if len(v) > d.lim.maxValue {
		p := ""
		if len(d.slots) > 0 {
			one := Chunk{Field: string(d.tmpl), FieldSlots: d.slots, Positions: d.positions}
			p = one.Path(0)
		}
		if err := emitLong(v, d.lim, string(d.tmpl), p, d.record, &d.scratch, &d.win, &d.ch, d.emit); err != nil {
			return &emitError{err}
		}
		return nil
	}
	g := n.group
	if g == nil || n.gen != d.gen || g.field != string(d.tmpl) {
		var err error
		if g, err = d.groupOf(); err != nil {
			return err
		}
		n.group, n.gen = g, d.gen
	}
	g.add(v, uint32(d.record-d.indexBase))
	if len(d.slots) > 0 {
		g.positions = append(g.positions, d.positions...)
	}
	d.batchBytes += len(v) + 1
	d.batchVals++
	if d.batchBytes >= d.lim.batchBytes || d.batchVals >= d.lim.batchVals {
		return d.flush()
	}
	return nil
}

// groupOf finds or makes the group of the current template in the batch.
func (d *avroDecoder) groupOf() (*jsonGroup, error) {
	if g := d.groups[string(d.tmpl)]; g != nil {
		return g, nil
	}
	if len(d.groups) >= d.lim.maxGroups {
		if err := d.flush(); err != nil {
			return nil, err
		}
		d.recycleGroups()
	}
	var g *jsonGroup
	if k := len(d.free); k > 0 {
		g, d.free = d.free[k-1], d.free[:k-1]
	} else {
		g = &jsonGroup{}
	}
	g.field = string(d.tmpl)
	g.slots = append(g.slots[:0], d.slots...)
	d.groups[g.field] = g
	d.order = append(d.order, g)
	return g, nil
}

// flush emits one chunk per path template of the batch.
func (d *avroDecoder) flush() error {
	var capacity int64
	for _, g := range d.order {
		if g.chunk(&d.ch, d.indexBase) {
			if err := d.emit(&d.ch); err != nil {
				return &emitError{err}
			}
		}
		capacity += g.reset()
	}
	if capacity > d.lim.releaseCap {
		// Let the buffers go, as the JSON decoder does.
		clear(d.groups)
		d.order, d.free = d.order[:0], d.free[:0]
		d.gen++
	}
	d.ch = Chunk{}
	d.batchBytes, d.batchVals = 0, 0
	d.indexBase = d.record // no later value is of an earlier record
	return nil
}

// recycleGroups empties the group table, keeping the groups' buffers.
func (d *avroDecoder) recycleGroups() {
	for _, g := range d.order {
		g.reset()
		*g = jsonGroup{data: g.data, starts: g.starts, index: g.index, positions: g.positions, slots: g.slots[:0]}
		d.free = append(d.free, g)
	}
	clear(d.groups)
	d.order = d.order[:0]
	d.gen++
}

// avroDecoders recycles decoders with their block and batch buffers
// across objects, as jsonScanners does: growing them afresh cost more
// bytes allocated than the file held.
var avroDecoders = make(chan *avroDecoder, 2*runtime.GOMAXPROCS(0))

func newAvroDecoder(lim *limits) *avroDecoder {
	var d *avroDecoder
	if lim == &defaultLimits {
		select {
		case d = <-avroDecoders:
		default:
		}
	}
	if d == nil {
		d = &avroDecoder{groups: map[string]*jsonGroup{}, tmpl: []byte{'$'}}
	}
	d.lim = lim
	return d
}

// release resets d for another object and pools it.
func (d *avroDecoder) release() {
	if d.zstd != nil {
		d.zstd.Close()
		d.zstd = nil
	}
	if d.lim != &defaultLimits || int64(cap(d.block)+cap(d.out)) > d.lim.releaseCap {
		return
	}
	d.recycleGroups()
	clear(d.intKeeps)
	*d = avroDecoder{
		block: d.block[:0], out: d.out[:0], inflate: d.inflate, tmpl: d.tmpl[:1], slots: d.slots[:0], positions: d.positions[:0],
		num: d.num[:0], groups: d.groups, free: d.free, gen: d.gen, scratch: d.scratch[:0], intKeeps: d.intKeeps,
	}
	select {
	case avroDecoders <- d:
	default: // the list is full: let d go
	}
}
