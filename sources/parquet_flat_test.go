package sources

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// pqFlatRow has a column of every kind the fast paths take, plain.
type pqFlatRow struct {
	Name  string   `parquet:"name"`
	Email *string  `parquet:"email,optional"`
	Code  [3]byte  `parquet:"code"`
	Card  int64    `parquet:"card"`
	Small int32    `parquet:"small"`
	Opt   *int64   `parquet:"opt,optional"`
	Note  string   `parquet:"note"`
	Price float64  `parquet:"price"`
	Tags  []string `parquet:"tags,list"`
}

// pqDictRow is pqFlatRow dictionary-encoded.
type pqDictRow struct {
	Name  string   `parquet:"name,dict"`
	Email *string  `parquet:"email,optional,dict"`
	Code  [3]byte  `parquet:"code,dict"`
	Card  int64    `parquet:"card,dict"`
	Small int32    `parquet:"small,dict"`
	Opt   *int64   `parquet:"opt,optional,dict"`
	Note  string   `parquet:"note,dict"`
	Price float64  `parquet:"price,dict"`
	Tags  []string `parquet:"tags,list,dict"`
}

func pqFlatRows(n int) []pqFlatRow {
	rows := make([]pqFlatRow, n)
	for i := range rows {
		r := &rows[i]
		r.Name = fmt.Sprintf("name %d", i%13)
		if i%5 == 3 {
			r.Name = "" // empty values are left out
		}
		if i%3 != 1 {
			e := fmt.Sprintf("user%d@example.com", i%29)
			r.Email = &e
		}
		r.Code = [3]byte{'a' + byte(i%7), 'b', 'c'}
		r.Card = 4111111111111111 + int64(i%17)
		if i%4 == 0 {
			r.Card = int64(i) // few digits: filtered out below
		}
		r.Small = int32(i%11) - 5
		if i%2 == 0 {
			v := int64(i) * 1_000_003
			r.Opt = &v
		}
		r.Note = strings.Repeat("note ", 1+i%7)
		if i%9 == 0 {
			r.Note = strings.Repeat(fmt.Sprintf("long %d ", i), 30) // over small.maxValue
		}
		r.Price = float64(i) / 4
		for k := 0; k < i%3; k++ {
			r.Tags = append(r.Tags, fmt.Sprintf("t%d", (i+k)%5))
		}
	}
	return rows
}

func pqDictRows(n int) []pqDictRow {
	flat := pqFlatRows(n)
	rows := make([]pqDictRow, n)
	for i, f := range flat {
		rows[i] = pqDictRow(f)
	}
	return rows
}

// pqChunk is a copy of an emitted chunk, or of the error that ended a scan.
type pqChunk struct {
	Kind       LocationKind
	Data       string
	ReportFrom int
	ReportTo   int
	Field      string
	Starts     []int32
	IndexBase  int64
	IndexDelta []uint32
	Paths      []string
	FieldSlots []int
	Positions  []int64
	Err        string
}

// decodeParquetChunks decodes data with lim, the fast paths on or off, and
// returns copies of the chunks and the final error.
func decodeParquetChunks(t testing.TB, data []byte, lim *limits, ints func(string) uint32, slow bool) []pqChunk {
	t.Helper()
	in := &input{br: newBufReader(bytes.NewReader(data)), raw: bytes.NewReader(data), size: int64(len(data)), arch: newArchiveState(DefaultArchiveLimits), ints: ints}
	var out []pqChunk
	err := decodeParquetWith(context.Background(), in, lim, func(ch *Chunk) error {
		out = append(out, pqChunk{
			Kind: ch.Kind, Data: string(ch.Data), ReportFrom: ch.ReportFrom, ReportTo: ch.ReportTo, Field: ch.Field,
			Starts: slices.Clone(ch.Starts), IndexBase: ch.IndexBase, IndexDelta: slices.Clone(ch.IndexDelta), Paths: slices.Clone(ch.Paths),
			FieldSlots: slices.Clone(ch.FieldSlots), Positions: slices.Clone(ch.Positions),
		})
		return nil
	}, pqOptions{slow: slow})
	if err != nil {
		out = append(out, pqChunk{Err: err.Error()})
	}
	return out
}

// diffParquetPaths fails unless the fast and slow paths emit the same
// chunks and end with the same error.
func diffParquetPaths(t *testing.T, data []byte, lim *limits, ints func(string) uint32) {
	t.Helper()
	fast := decodeParquetChunks(t, data, lim, ints, false)
	slow := decodeParquetChunks(t, data, lim, ints, true)
	sameChunks(t, "fast", "slow", fast, slow)
}

// sameChunks fails at the first chunk where got and want differ, naming
// the two ways they were decoded.
func sameChunks[C any](t *testing.T, gotName, wantName string, got, want []C) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	for i := range max(len(got), len(want)) {
		var g, w C
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("chunk %d of %d/%d differs:\n%s %+v\n%s %+v", i, len(got), len(want), gotName, g, wantName, w)
		}
	}
}

// parquetVariants is files of every page shape the fast paths take or
// leave: flat and nested, nulls, plain, dictionary and both in one column
// chunk, long values, small pages.
func parquetVariants(t testing.TB) map[string][]byte {
	flat, dict := pqFlatRows(300), pqDictRows(300)
	return map[string][]byte{
		"plain":              writeParquet(t, flat, pq.Compression(&snappy.Codec{})),
		"plain small pages":  writeParquet(t, flat, pq.PageBufferSize(200)),
		"plain v1 pages":     writeParquet(t, flat, pq.DataPageVersion(1), pq.PageBufferSize(300)),
		"dict":               writeParquet(t, dict, pq.Compression(&snappy.Codec{})),
		"dict small pages":   writeParquet(t, dict, pq.PageBufferSize(100)),
		"dict then plain":    writeParquet(t, dict, pq.PageBufferSize(100), pq.DictionaryMaxBytes(64)),
		"dict then plain v1": writeParquet(t, dict, pq.PageBufferSize(100), pq.DictionaryMaxBytes(64), pq.DataPageVersion(1)),
		"nested":             writeParquet(t, pqRows(120), pq.PageBufferSize(128)),
	}
}

// smallPages is small with an index span no test page passes: a page's
// values take the fast paths only when its rows fit the span (see
// pqDecoder.values).
var smallPages = func() limits { l := small; l.indexSpan = math.MaxUint32; return l }()

var pqDiffLimits = map[string]*limits{
	"default": &defaultLimits,
	"small":   &smallPages,
	"one value per batch": {readBuf: 256, overlap: 4, batchBytes: 1, batchVals: 1, maxValue: 20,
		maxColumns: 8, maxDepth: 6, maxGroups: 4, releaseCap: 1 << 10, indexSpan: math.MaxUint32},
	"three values per batch": {readBuf: 256, overlap: 16, batchBytes: 1 << 20, batchVals: 3, maxValue: 1 << 20,
		maxColumns: 8, maxDepth: 6, maxGroups: 4, releaseCap: 1 << 10, indexSpan: math.MaxUint32},
}

// TestParquetFastPathsMatchSlow holds the flat fast paths to pageSlow:
// byte-identical chunks (data, starts, record indexes, positions) and the
// same errors, on every variant, limit and integer filter, and on
// truncated and corrupted copies of the files.
func TestParquetFastPathsMatchSlow(t *testing.T) {
	filters := map[string]func(string) uint32{
		"no filter": nil,
		"cards only": func(field string) uint32 {
			return 1<<16 | 1<<7 // 16-digit cards, and Opt's 7-digit values
		},
		"nothing": func(string) uint32 { return 0 },
	}
	for vname, data := range parquetVariants(t) {
		for lname, lim := range pqDiffLimits {
			for fname, ints := range filters {
				t.Run(vname+"/"+lname+"/"+fname, func(t *testing.T) {
					diffParquetPaths(t, data, lim, ints)
				})
			}
		}
	}
}

// TestParquetFastPathsMatchSlowOnDamage: a damaged page must fail at the
// same value, with the values before it emitted, on both paths.
func TestParquetFastPathsMatchSlowOnDamage(t *testing.T) {
	for vname, data := range parquetVariants(t) {
		t.Run(vname, func(t *testing.T) {
			for off := 4; off < len(data)-8; off += max(1, len(data)/97) {
				for _, b := range []byte{0x00, 0xff, 0x07} {
					c := bytes.Clone(data)
					c[off] = b
					diffParquetPaths(t, c, &smallPages, nil)
				}
			}
			for _, n := range []int{len(data) / 3, len(data) - 9} {
				diffParquetPaths(t, data[:n], &small, nil)
			}
		})
	}
}

// runFlatPage adds one synthetic page to a fresh decoder through the fast
// path or pageSlow and returns the chunks, the final row and the error.
func runFlatPage(src pqValues, leaf *pqLeaf, keys []int32, def []byte, n int, lim *limits, slow bool) ([]pqChunk, int64) {
	var out []pqChunk
	d := &pqDecoder{lim: lim, leaf: leaf, idx: make([]int64, 1)}
	d.emit = func(ch *Chunk) error {
		out = append(out, pqChunk{Kind: ch.Kind, Data: string(ch.Data), ReportFrom: ch.ReportFrom, ReportTo: ch.ReportTo, Field: ch.Field,
			Starts: slices.Clone(ch.Starts), IndexBase: ch.IndexBase, IndexDelta: slices.Clone(ch.IndexDelta), Paths: slices.Clone(ch.Paths)})
		return nil
	}
	var row int64
	var err error
	switch {
	case slow:
		row, err = d.pageSlow(&src, keys, nil, def, n, 6)
	case src.kind == pqBytes || src.kind == pqFixed:
		row, err = d.flatBytes(&src, keys, def, n, 6)
	default:
		row, err = d.flatInts(&src, keys, def, n, 6)
	}
	if ferr := d.flush(); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil {
		out = append(out, pqChunk{Err: err.Error()})
	}
	return out, row
}

// FuzzParquetFlatPage holds flatBytes and flatInts to pageSlow on pages
// no writer makes: keys out of range or negative, fewer keys than
// levels, offsets running backwards or past the data, definition levels
// above the maximum.
func FuzzParquetFlatPage(f *testing.F) {
	f.Add([]byte("\x00\x03\x05\x05\x09\x02hello world, again"), uint8(0), uint32(0), true, true)
	f.Add([]byte("\x00\x04\x02\x09\x30\x01\x01\x01abcdefghijklmnop"), uint8(0), uint32(0), false, true)
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b"), uint8(1), uint32(0), true, false)
	f.Add([]byte("\x10\x27\x00\x00\xff\xff\xff\xff\x01\x02\x03\x04\x05\x06\x07\x08"), uint8(2), uint32(1<<1|1<<5), true, true)
	f.Add([]byte("\x10\x27\x00\x00\xff\xff\xff\xff\x01\x02\x03\x04\x05\x06\x07\x08\x11\x11\x11\x11\x11\x11\x11\x11"), uint8(3), uint32(1<<19|1<<1), false, false)
	f.Add(bytes.Repeat([]byte("\x01\x02abc"), 40), uint8(0), uint32(0), true, true)
	// More levels than values, no keys or nulls: plainBytes's own check.
	f.Add(append([]byte("\x01\x05\x03"), bytes.Repeat([]byte("abcdefgh"), 10)...), uint8(0), uint32(0), false, false)
	f.Fuzz(func(t *testing.T, data []byte, kind uint8, keep uint32, useKeys, useDef bool) {
		if len(data) < 2 {
			return
		}
		// The first byte sizes the values; the rest feeds values, keys
		// and levels, each taking what it needs in turn.
		nv := int(data[0]%16) + 1
		data = data[1:]
		take := func(k int) []byte {
			k = min(k, len(data))
			b := data[:k]
			data = data[k:]
			return b
		}
		src := pqValues{}
		leaf := &pqLeaf{tmpl: "$.c", maxDef: 1}
		switch kind % 4 {
		case 0: // byte arrays with offsets: each byte a value length, some going backwards
			src.kind = pqBytes
			src.offsets = make([]uint32, nv+1)
			lens := take(nv)
			pos := 0
			for i := range nv {
				if i < len(lens) {
					pos += int(int8(lens[i]))
				}
				src.offsets[i+1] = uint32(max(pos, 0))
			}
			src.bytes = take(64)
			src.n = nv
		case 1: // fixed length
			src.kind, src.size = pqFixed, 3
			src.bytes = take(3 * nv)
			src.n = len(src.bytes) / 3
		case 2:
			src.kind = pqInt32
			for _, b := range take(4 * nv) {
				src.i32 = append(src.i32, int32(b)<<(8*(len(src.i32)%4))*int32(len(src.i32)+1)-1000)
			}
			src.n = len(src.i32)
			leaf.filter, leaf.keep = keep != 0, keep
		case 3:
			src.kind = pqInt64
			for _, b := range take(8 * nv) {
				src.i64 = append(src.i64, int64(b)<<(8*(len(src.i64)%8))*int64(len(src.i64)+1)-1_000_000)
			}
			src.n = len(src.i64)
			leaf.filter, leaf.keep = keep != 0, keep
		}
		n := len(data)
		var keys []int32
		if useKeys {
			for _, b := range take(n / 2) {
				keys = append(keys, int32(int8(b))%int32(nv+2))
			}
			n = len(data)
		}
		var def []byte
		if useDef {
			def = make([]byte, n)
			for i, b := range take(n) {
				def[i] = b % 3 // 2 is above maxDef: skipped as a null would be
			}
		}
		for _, lim := range []*limits{&smallPages, &defaultLimits, pqDiffLimits["one value per batch"]} {
			fast, frow := runFlatPage(src, leaf, keys, def, n, lim, false)
			slow, srow := runFlatPage(src, leaf, keys, def, n, lim, true)
			if !reflect.DeepEqual(fast, slow) || frow != srow {
				t.Fatalf("fast path differs:\nfast %d %+v\nslow %d %+v", frow, fast, srow, slow)
			}
		}
	})
}

// BenchmarkParquetFlatPage adds a page of short strings (plain, no nulls)
// through the fast path and through pageSlow; SetBytes counts the values.
func BenchmarkParquetFlatPage(b *testing.B) {
	var src pqValues
	src.kind = pqBytes
	src.offsets = []uint32{0}
	for i := range 100_000 {
		src.bytes = fmt.Appendf(src.bytes, "user%d@example.com", i)
		src.offsets = append(src.offsets, uint32(len(src.bytes)))
	}
	src.n = len(src.offsets) - 1
	leaf := &pqLeaf{tmpl: "$.email"}
	for _, slow := range []bool{false, true} {
		b.Run(map[bool]string{false: "fast", true: "slow"}[slow], func(b *testing.B) {
			d := &pqDecoder{lim: &defaultLimits, leaf: leaf, idx: make([]int64, 1), emit: func(*Chunk) error { return nil }}
			b.SetBytes(int64(len(src.bytes)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if slow {
					_, err = d.pageSlow(&src, nil, nil, nil, src.n, 0)
				} else {
					_, err = d.flatBytes(&src, nil, nil, src.n, 0)
				}
				if err == nil {
					err = d.flush()
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
