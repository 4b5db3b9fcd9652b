package sources

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// Parquet's footer and page headers are Thrift compact-protocol structs,
// which parquet-go decodes trusting what they state: it allocates a byte
// string or a list at the length the bytes claim (up to 2 GiB) before
// reading it, and it recurses once per nested struct, without a limit, so
// a few megabytes of nested struct headers exhaust the goroutine's stack,
// a fatal error no recover catches. checkThrift walks a struct first,
// allocating nothing and nesting at most thriftMaxDepth deep.

// thriftMaxDepth bounds the nesting of structs, lists, sets and maps. The
// deepest in Parquet's metadata is a handful (FileMetaData, RowGroup,
// ColumnChunk, ColumnMetaData, Statistics, and a logical type's struct).
const thriftMaxDepth = 32

var errThriftShort = errors.New("ends before its struct does")

// Thrift compact-protocol types.
const (
	tcStop   = 0
	tcTrue   = 1
	tcFalse  = 2
	tcByte   = 3
	tcI16    = 4
	tcI32    = 5
	tcI64    = 6
	tcDouble = 7
	tcBinary = 8
	tcList   = 9
	tcSet    = 10
	tcMap    = 11
	tcStruct = 12
	tcUUID   = 13
)

// checkThrift checks that b starts with one compact-protocol struct whose
// lengths and counts fit in b and whose nesting stays within
// thriftMaxDepth; it returns the struct's length in bytes.
func checkThrift(b []byte) (int, error) {
	c := thriftChecker{b: b, left: int64(len(b))}
	if err := c.value(tcStruct, 0); err != nil {
		return 0, fmt.Errorf("thrift at byte %d: %w", c.pos, err)
	}
	return c.pos, nil
}

// readThrift reads one compact-protocol struct from r, of which at most
// left bytes belong to it and what follows, checking it as checkThrift
// does as it goes: a length or count is checked against left before the
// bytes it claims are read. It returns the struct's bytes, appended to
// buf[:0]; a read error is returned as it is.
func readThrift(r io.Reader, left int64, buf []byte) ([]byte, error) {
	c := thriftChecker{b: buf[:0], r: r, left: left}
	if err := c.value(tcStruct, 0); err != nil {
		if c.rerr != nil {
			return c.b, c.rerr
		}
		return c.b, fmt.Errorf("thrift at byte %d: %w", c.pos, err)
	}
	return c.b, nil
}

// thriftChecker walks b, or, with r set, the bytes it reads from r onto
// the end of b.
type thriftChecker struct {
	b    []byte
	pos  int
	r    io.Reader
	left int64 // the bytes there are from b's start: len(b) plus what r may still give
	rerr error
}

// more makes n bytes past pos available in b, reading them from r.
func (c *thriftChecker) more(n uint64) error {
	if n > uint64(c.left-int64(c.pos)) {
		return errThriftShort
	}
	have := len(c.b) - c.pos
	if uint64(have) >= n {
		return nil
	}
	if c.r == nil {
		return errThriftShort
	}
	l := len(c.b)
	c.b = slices.Grow(c.b, int(n)-have)[:c.pos+int(n)]
	if _, err := io.ReadFull(c.r, c.b[l:]); err != nil {
		c.b = c.b[:l]
		c.rerr = err
		return err
	}
	return nil
}

func (c *thriftChecker) byte() (byte, error) {
	if err := c.more(1); err != nil {
		return 0, err
	}
	c.pos++
	return c.b[c.pos-1], nil
}

func (c *thriftChecker) varint() (uint64, error) {
	var v uint64
	for shift := 0; shift < 70; shift += 7 {
		b, err := c.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("a varint longer than 10 bytes")
}

func (c *thriftChecker) skip(n uint64) error {
	if err := c.more(n); err != nil {
		return err
	}
	c.pos += int(n)
	return nil
}

// value walks one value of type t at nesting depth.
func (c *thriftChecker) value(t byte, depth int) error {
	switch t {
	case tcTrue, tcFalse:
		return nil // a struct field's boolean is in its type (see elem)
	case tcByte:
		return c.skip(1)
	case tcI16, tcI32, tcI64:
		_, err := c.varint()
		return err
	case tcDouble:
		return c.skip(8)
	case tcUUID:
		return c.skip(16)
	case tcBinary:
		n, err := c.varint()
		if err != nil {
			return err
		}
		return c.skip(n)
	}
	if depth++; depth > thriftMaxDepth {
		return fmt.Errorf("nested more than %d deep", thriftMaxDepth)
	}
	switch t {
	case tcStruct:
		for {
			h, err := c.byte()
			if err != nil {
				return err
			}
			if h&0x0f == tcStop { // as parquet-go reads it, whatever the high nibble
				return nil
			}
			if h>>4 == 0 { // the field id follows in full
				if _, err := c.varint(); err != nil {
					return err
				}
			}
			if err := c.value(h&0x0f, depth); err != nil {
				return err
			}
		}
	case tcList, tcSet:
		h, err := c.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = c.varint(); err != nil {
				return err
			}
		}
		return c.elems(n, h&0x0f, depth)
	case tcMap:
		n, err := c.varint()
		if err != nil || n == 0 {
			return err
		}
		if n > uint64(c.left-int64(c.pos)) {
			return errThriftShort
		}
		kv, err := c.byte()
		if err != nil {
			return err
		}
		for range n {
			if err := c.elem(kv>>4, depth); err != nil {
				return err
			}
			if err := c.elem(kv&0x0f, depth); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown type %d", t)
}

// elems walks n elements of type t; each takes a byte at least, so a
// count past what is left fails at once rather than after n steps.
func (c *thriftChecker) elems(n uint64, t byte, depth int) error {
	if n > uint64(c.left-int64(c.pos)) {
		return errThriftShort
	}
	for range n {
		if err := c.elem(t, depth); err != nil {
			return err
		}
	}
	return nil
}

// elem walks a list, set or map element: unlike a struct field's, a
// boolean element takes a byte.
func (c *thriftChecker) elem(t byte, depth int) error {
	if t == tcTrue || t == tcFalse {
		return c.skip(1)
	}
	return c.value(t, depth)
}
