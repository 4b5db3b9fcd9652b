package sources

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxParquetFooter bounds the footer (the file's schema and row group
// metadata) that is read before anything else.
const maxParquetFooter = 64 << 20

// checkParquetFooter reads the footer and checks that every length in it
// fits in what is left of it. parquet-go's thrift reader allocates a
// field at the length the file claims, up to 2 GiB, before reading it: a
// hundred-byte file could make it allocate gigabytes. The check walks the
// thrift compact encoding without allocating.
func checkParquetFooter(ra io.ReaderAt, size int64) error {
	if size < 12 {
		return errors.New("parquet: file too short")
	}
	var tail [8]byte
	if _, err := ra.ReadAt(tail[:], size-8); err != nil && err != io.EOF {
		return fmt.Errorf("parquet: read footer: %w", err)
	}
	if string(tail[4:]) != "PAR1" {
		return errors.New("parquet: no PAR1 magic at the end (truncated?)")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 || n > maxParquetFooter {
		return errors.New("parquet: footer length out of range")
	}
	footer := make([]byte, n)
	if _, err := ra.ReadAt(footer, size-8-n); err != nil && err != io.EOF {
		return fmt.Errorf("parquet: read footer: %w", err)
	}
	t := thriftCheck{b: footer}
	if err := t.structure(0); err != nil {
		return fmt.Errorf("parquet: footer: %w", err)
	}
	return nil
}

// thriftCheck walks thrift compact protocol data, checking lengths.
type thriftCheck struct {
	b   []byte
	pos int
}

var errThrift = errors.New("corrupt metadata")

func (t *thriftCheck) byte1() (byte, error) {
	if t.pos >= len(t.b) {
		return 0, errThrift
	}
	c := t.b[t.pos]
	t.pos++
	return c, nil
}

func (t *thriftCheck) uvarint() (uint64, error) {
	v, n := binary.Uvarint(t.b[t.pos:])
	if n <= 0 {
		return 0, errThrift
	}
	t.pos += n
	return v, nil
}

func (t *thriftCheck) skip(n uint64) error {
	if n > uint64(len(t.b)-t.pos) {
		return errThrift
	}
	t.pos += int(n)
	return nil
}

func (t *thriftCheck) structure(depth int) error {
	if depth > 64 {
		return errThrift
	}
	for {
		h, err := t.byte1()
		if err != nil {
			return err
		}
		if h == 0 { // STOP
			return nil
		}
		if h>>4 == 0 { // a field id follows as a varint
			if _, err := t.uvarint(); err != nil {
				return err
			}
		}
		if err := t.value(h&0x0f, depth); err != nil {
			return err
		}
	}
}

func (t *thriftCheck) value(typ byte, depth int) error {
	switch typ {
	case 1, 2: // booleans in a field header carry their value
		return nil
	case 3:
		return t.skip(1)
	case 4, 5, 6:
		_, err := t.uvarint()
		return err
	case 7:
		return t.skip(8)
	case 8:
		n, err := t.uvarint()
		if err != nil {
			return err
		}
		return t.skip(n)
	case 9, 10:
		h, err := t.byte1()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = t.uvarint(); err != nil {
				return err
			}
		}
		if n > uint64(len(t.b)-t.pos) { // every element takes a byte at least
			return errThrift
		}
		et := h & 0x0f
		for range n {
			if et == 1 || et == 2 {
				err = t.skip(1)
			} else {
				err = t.value(et, depth+1)
			}
			if err != nil {
				return err
			}
		}
		return nil
	case 11:
		n, err := t.uvarint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := t.byte1()
		if err != nil {
			return err
		}
		if n > uint64(len(t.b)-t.pos) {
			return errThrift
		}
		for range n {
			for _, et := range []byte{kv >> 4, kv & 0x0f} {
				if et == 1 || et == 2 {
					err = t.skip(1)
				} else {
					err = t.value(et, depth+1)
				}
				if err != nil {
					return err
				}
			}
		}
		return nil
	case 12:
		return t.structure(depth + 1)
	}
	return errThrift
}
