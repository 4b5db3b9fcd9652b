//go:build goexperiment.simd && amd64

package sources

import (
	"bytes"
	"context"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"testing"
)

// randomCSV returns n bytes drawn mostly from separators and a few
// letters, with quotes, so that fields of every length and every position
// of a separator in a 64-byte block occur.
func randomCSV(r *rand.Rand, n int, comma byte) []byte {
	alphabet := []byte{comma, comma, '\n', '\r', '"', 'a', 'b', '1', ' ', 0xC3, 0xA9}
	b := make([]byte, n)
	for i := range b {
		if r.IntN(3) == 0 {
			b[i] = alphabet[r.IntN(len(alphabet))]
		} else {
			b[i] = 'x'
		}
	}
	return b
}

// sepBlock's first separator, or in a tail of data the 8-byte loop from
// its base, must be what fieldRun finds from i, and its mask must hold
// every separator of its block.
func TestSepBlockMatchesFieldRun(t *testing.T) {
	if !csvVector {
		t.Skip("no AVX-512")
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, comma := range []byte{',', '\t', ';', ':'} { // ':' has no table
		c := &csvReader{comma: comma, commas: swarOnes * uint64(comma)}
		c.sepTable, c.sepTableOK = csvSepTable(comma)
		for trial := range 300 {
			data := randomCSV(r, 1+r.IntN(400), comma)
			if trial%3 == 0 {
				data = bytes.Repeat([]byte("y"), 1+r.IntN(300)) // no separator at all
			}
			for i := 0; i < len(data); i += 1 + r.IntN(20) {
				want := i + c.fieldRun(data[i:])
				base, mask := c.sepBlock(data, i)
				got := base + c.fieldRun(data[base:])
				if mask != 0 {
					got = base + bits.TrailingZeros64(mask)
					for k := range 64 {
						if b := data[base+k]; (mask>>k&1 != 0) != (b == comma || b == '\n' || b == '\r') {
							t.Fatalf("comma %q, data %q, block at %d: bit %d wrong", comma, data, base, k)
						}
					}
				}
				if base < i || got != want {
					t.Fatalf("comma %q, data %q, i %d: sepBlock at %d finds %d, fieldRun %d", comma, data, i, base, got, want)
				}
			}
		}
	}
}

// The CSV reader emits the same chunks with the vector field splitting as
// with the 8-byte loop.
func TestCSVVectorSameChunks(t *testing.T) {
	if !csvVector {
		t.Skip("no AVX-512")
	}
	r := rand.New(rand.NewPCG(5, 6))
	decode := func(data []byte, comma byte, lim *limits) []Chunk {
		var got []Chunk
		err := decodeCSV(context.Background(), bytes.NewReader(data), comma, lim, func(ch *Chunk) error {
			c := *ch
			c.Data = bytes.Clone(ch.Data)
			c.Starts = append([]int32(nil), ch.Starts...)
			c.IndexDelta = append([]uint32(nil), ch.IndexDelta...)
			got = append(got, c)
			return nil
		})
		if err != nil {
			got = append(got, Chunk{Field: "error: " + err.Error()})
		}
		return got
	}
	defer func() { csvVector = true }()
	for trial := range 200 {
		comma := []byte{',', '\t'}[trial%2]
		var data []byte
		if trial%4 == 0 {
			data = randomCSV(r, 1+r.IntN(3000), comma)
		} else {
			// Realistic rows: short and long fields, some quoted, CRLF.
			var b bytes.Buffer
			for range 1 + r.IntN(200) {
				for f := range 1 + r.IntN(12) {
					if f > 0 {
						b.WriteByte(comma)
					}
					field := bytes.Repeat([]byte("v"), r.IntN(90))
					if r.IntN(8) == 0 {
						b.WriteByte('"')
						b.Write(field)
						b.WriteByte('"')
					} else {
						b.Write(field)
					}
				}
				if r.IntN(5) == 0 {
					b.WriteByte('\r')
				}
				b.WriteByte('\n')
			}
			data = b.Bytes()
		}
		for _, lim := range []*limits{&small, &defaultLimits} {
			csvVector = true
			vec := decode(data, comma, lim)
			csvVector = false
			ref := decode(data, comma, lim)
			if !reflect.DeepEqual(vec, ref) {
				t.Fatalf("trial %d: chunks differ\ninput %q", trial, data)
			}
		}
	}
}

// appendShort64 appends as append does, whatever the lengths and spare
// capacities of dst and v, and leaves dst's bytes before its end alone.
func TestAppendShort64(t *testing.T) {
	if !csvVector {
		t.Skip("no AVX-512")
	}
	src := make([]byte, 200)
	for i := range src {
		src[i] = byte(i + 1)
	}
	for vlen := range 80 {
		for vcap := vlen; vcap <= vlen+70; vcap += 7 {
			for dlen := range 20 {
				for dcap := dlen; dcap <= dlen+80; dcap += 9 {
					dst := make([]byte, dlen, dcap)
					for i := range dst {
						dst[i] = 0xEE
					}
					v := src[100-vlen : 100 : 100-vlen+vcap]
					got := appendShort64(dst, v)
					want := append(bytes.Repeat([]byte{0xEE}, dlen), v...)
					if !bytes.Equal(got, want) {
						t.Fatalf("len(v) %d cap(v) %d len(dst) %d cap(dst) %d: got %v, want %v", vlen, vcap, dlen, dcap, got, want)
					}
				}
			}
		}
	}
}

// csvSepBitsTable marks exactly the separators, for every byte value and
// every comma csvSepTable accepts, and csvSepTable accepts ',' and '\t'.
func TestCSVSepBitsTable(t *testing.T) {
	if !csvVector {
		t.Skip("no AVX-512")
	}
	for _, comma := range []byte{',', '\t', ';', '|'} {
		if _, ok := csvSepTable(comma); !ok {
			t.Errorf("csvSepTable(%q) not ok", comma)
		}
	}
	var all [256]byte
	for b := range all {
		all[b] = byte(b)
	}
	for comma := range 256 {
		table, ok := csvSepTable(byte(comma))
		if !ok {
			continue
		}
		for off := 0; off < 256; off += 64 {
			got := csvSepBitsTable((*[64]byte)(all[off:off+64]), &table)
			want := csvSepBits((*[64]byte)(all[off:off+64]), byte(comma))
			if got != want {
				t.Fatalf("comma %#x, bytes %#x-%#x: mask %#x, want %#x", comma, off, off+63, got, want)
			}
		}
	}
}
