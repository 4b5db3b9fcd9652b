package sources

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
)

// realFooter is the thrift FileMetaData of a file with nested columns
// and several row groups.
func realFooter(t testing.TB) []byte {
	data := writeParquet(t, pqRows(60))
	n := binary.LittleEndian.Uint32(data[len(data)-8:])
	return data[len(data)-8-int(n) : len(data)-8]
}

// nested is n struct fields, each holding the next, then their n+1 ends.
func nested(n int) []byte {
	return append(bytes.Repeat([]byte{0x1c}, n), bytes.Repeat([]byte{0}, n+1)...)
}

func TestCheckThrift(t *testing.T) {
	footer := realFooter(t)
	uv := func(v uint64) []byte { return binary.AppendUvarint(nil, v) }
	for _, tc := range []struct {
		name string
		b    []byte
		n    int    // the struct's length when it is well formed
		err  string // else a part of the error
	}{
		{"a real footer", footer, len(footer), ""},
		{"a real footer, then more", append(bytes.Clone(footer), "more"...), len(footer), ""},
		{"empty struct", []byte{0}, 1, ""},
		{"nested 32 deep", nested(31), 63, ""},
		{"nested 33 deep", nested(32), 0, "nested more than 32 deep"},
		{"nested a million deep", nested(1 << 20), 0, "nested more than 32 deep"},
		{"binary claiming 1 GiB", append([]byte{0x18}, uv(1<<30)...), 0, errThriftShort.Error()},
		{"list claiming 2^30 i32", append([]byte{0x19, 0xf5}, uv(1<<30)...), 0, errThriftShort.Error()},
		{"map claiming 2^30 entries", append([]byte{0x1b}, append(uv(1<<30), 0x55)...), 0, errThriftShort.Error()},
		{"list of bools, a byte each", []byte{0x19, 0x31, 1, 2, 1, 0}, 6, ""},
		{"truncated", footer[:len(footer)/2], 0, errThriftShort.Error()},
		{"unknown type", []byte{0x1e}, 0, "unknown type 14"},
		{"varint of 11 bytes", append([]byte{0x15}, bytes.Repeat([]byte{0xff}, 11)...), 0, "longer than 10 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := checkThrift(tc.b)
			got, rerr := readThrift(bytes.NewReader(tc.b), int64(len(tc.b)), nil)
			if tc.err == "" {
				if err != nil || n != tc.n {
					t.Fatalf("checkThrift = %d, %v; want %d", n, err, tc.n)
				}
				if rerr != nil || !bytes.Equal(got, tc.b[:n]) {
					t.Fatalf("readThrift = %d bytes, %v; want the struct's %d", len(got), rerr, n)
				}
				var v struct{}
				if err := thrift.Unmarshal(&thrift.CompactProtocol{}, tc.b[:n], &v); err != nil {
					t.Fatalf("parquet-go does not read what checkThrift passed: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("checkThrift = %d, %v; want an error with %q", n, err, tc.err)
			}
			if rerr == nil || !strings.Contains(rerr.Error(), tc.err) {
				t.Fatalf("readThrift: %v; want an error with %q", rerr, tc.err)
			}
		})
	}
}

// TestReadThriftStopsAtTheStruct: readThrift reads the struct and no more,
// and returns a read error as it is.
func TestReadThriftStopsAtTheStruct(t *testing.T) {
	footer := realFooter(t)
	r := bytes.NewReader(append(bytes.Clone(footer), "after"...))
	got, err := readThrift(r, int64(r.Len()), make([]byte, 3))
	rest, _ := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, footer) || string(rest) != "after" {
		t.Fatalf("read %d bytes (err %v), left %q; want the footer's %d and \"after\"", len(got), err, rest, len(footer))
	}
	boom := errors.New("boom")
	_, err = readThrift(io.MultiReader(bytes.NewReader(footer[:10]), iotestErr{boom}), int64(len(footer)), nil)
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want the reader's", err)
	}
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

// TestParquetHostileFooterNesting: a footer of a few megabytes of nested
// structs, which parquet-go would recurse into until the stack is
// exhausted (a fatal error), is malformed.
func TestParquetHostileFooterNesting(t *testing.T) {
	footer := nested(5 << 20)
	file := append([]byte("PAR1"), footer...)
	file = append(file, le32(len(footer))...)
	file = append(file, "PAR1"...)
	_, err := collect(t, file, "x.parquet", true)
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("err %v, want MALFORMED_FILE, nested too deep", err)
	}
}

func FuzzCheckThrift(f *testing.F) {
	f.Add(realFooter(f))
	f.Add(nested(40))
	f.Add([]byte{0x19, 0x31, 1, 2, 1, 0})
	f.Add([]byte{0x1b, 0x02, 0x58, 0x01, 'k', 0x01, 'v', 0x01, 'w', 0x01, 'x', 0})
	data := writeParquet(f, pqRows(20), pq.PageBufferSize(128))
	f.Add(data[4:]) // a page header first
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := checkThrift(b)
		got, rerr := readThrift(bytes.NewReader(b), int64(len(b)), nil)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("checkThrift: %v, readThrift: %v", err, rerr)
		}
		if err == nil && (n > len(b) || !bytes.Equal(got, b[:n])) {
			t.Fatalf("checkThrift %d bytes, readThrift %d, of %d", n, len(got), len(b))
		}
		// What parquet-go reads, checkThrift passes, but for nesting past
		// the bound (parquet-go is the stricter on integer ranges).
		var v struct{}
		if thrift.Unmarshal(&thrift.CompactProtocol{}, b, &v) == nil && err != nil && !strings.Contains(err.Error(), "nested more than") {
			t.Fatalf("parquet-go reads it, checkThrift refuses it: %v", err)
		}
	})
}
