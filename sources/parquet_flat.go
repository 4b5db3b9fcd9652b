package sources

import (
	"fmt"
	"strconv"
)

// The fast paths of pqDecoder.page, for the pages most files are made of: a
// flat column (no repetition levels, so no list positions to keep), its
// values byte arrays or integers without scale, plain or looked up in a
// dictionary, nulls or not. They add the same values to the same batches,
// flush at the same points and fail on the same malformed pages as pageSlow
// does, but in one loop with the batch in locals: pageSlow's call to add,
// raw and begin per value, each reloading the decoder's fields, was a
// tenth of a Parquet scan. parquet_flat_test.go holds them to pageSlow.
//
// Their row, given and returned, is the row of the last entry seen less
// the batch's base: values made every row of the page inSpan, and a row
// is then its value's IndexDelta, with no base held in the loop (which
// the loop's registers had no room for).

// flatBytes is page for a flat pqBytes or pqFixed column.
func (d *pqDecoder) flatBytes(src *pqValues, keys []int32, def []byte, n int, row int64) (int64, error) {
	if keys == nil && def == nil && src.offsets != nil {
		return d.plainBytes(src, n, row)
	}
	maxDef := byte(d.leaf.maxDef)
	batchVals, batchBytes, maxValue := d.lim.batchVals, d.lim.batchBytes, d.lim.maxValue
	vals, offs, gap, size, nv := src.bytes, src.offsets, src.gap, src.size, src.n
	data, starts, index := d.data, d.starts, d.index
	vi := 0
	for e := 0; e < n; e++ {
		row++
		if def != nil && def[e] != maxDef {
			continue // a null
		}
		k := vi
		vi++
		if keys != nil {
			if k >= len(keys) {
				d.data, d.starts, d.index = data, starts, index
				return row, d.fewerValues()
			}
			k = int(keys[k])
		}
		if uint(k) >= uint(nv) {
			d.data, d.starts, d.index = data, starts, index
			return row, d.indexOutOfRange()
		}
		var v []byte
		if offs != nil {
			a, b := offs[k], offs[k+1]-gap
			if a >= b || int(b) > len(vals) {
				continue // empty, or offsets raw rejects: nothing to scan
			}
			v = vals[a:b]
		} else {
			v = vals[k*size : (k+1)*size]
			if len(v) == 0 {
				continue
			}
		}
		if len(v) > maxValue {
			d.data, d.starts, d.index = data, starts, index
			if err := d.long(v, d.indexBase+row); err != nil {
				return row, err
			}
			data, starts, index = d.data, d.starts, d.index
			continue
		}
		if len(starts) > 0 {
			data = append(data, ValueSeparator)
		}
		starts = append(starts, int32(len(data)))
		index = append(index, uint32(row))
		data = append(data, v...)
		if len(starts) >= batchVals || len(data) >= batchBytes {
			d.data, d.starts, d.index = data, starts, index
			if err := d.flush(); err != nil {
				return row, err
			}
			data, starts, index = d.data, d.starts, d.index
		}
	}
	d.data, d.starts, d.index = data, starts, index
	return row, nil
}

// flatInts is page for a flat INT32 or INT64 column without scale, whose
// digit filter (leaf.filter) drops most values of most integer columns.
func (d *pqDecoder) flatInts(src *pqValues, keys []int32, def []byte, n int, row int64) (int64, error) {
	leaf := d.leaf
	maxDef := byte(leaf.maxDef)
	filter, keep := leaf.filter, leaf.keep
	batchVals, batchBytes := d.lim.batchVals, d.lim.batchBytes
	i32, i64, nv := src.i32, src.i64, src.n
	wide := src.kind == pqInt64
	data, starts, index := d.data, d.starts, d.index
	vi := 0
	for e := 0; e < n; e++ {
		row++
		if def != nil && def[e] != maxDef {
			continue // a null
		}
		k := vi
		vi++
		if keys != nil {
			if k >= len(keys) {
				d.data, d.starts, d.index = data, starts, index
				return row, d.fewerValues()
			}
			k = int(keys[k])
		}
		if uint(k) >= uint(nv) {
			d.data, d.starts, d.index = data, starts, index
			return row, d.indexOutOfRange()
		}
		var x int64
		if wide {
			x = i64[k]
		} else {
			x = int64(i32[k])
		}
		if filter && keep&(1<<decimalDigits(absInt64(x))) == 0 {
			continue
		}
		if len(starts) > 0 {
			data = append(data, ValueSeparator)
		}
		starts = append(starts, int32(len(data)))
		index = append(index, uint32(row))
		data = strconv.AppendInt(data, x, 10)
		if len(starts) >= batchVals || len(data) >= batchBytes {
			d.data, d.starts, d.index = data, starts, index
			if err := d.flush(); err != nil {
				return row, err
			}
			data, starts, index = d.data, d.starts, d.index
		}
	}
	d.data, d.starts, d.index = data, starts, index
	return row, nil
}

func (d *pqDecoder) fewerValues() error {
	return &malformedError{fmt.Errorf("parquet: column %s: fewer values than levels", d.leaf.tmpl)}
}

func (d *pqDecoder) indexOutOfRange() error {
	return &malformedError{fmt.Errorf("parquet: column %s: value index out of range", d.leaf.tmpl)}
}

// plainBytes is flatBytes for a page of plain byte arrays without nulls,
// the commonest page of all: value k is entry k, so the loop has no
// levels or keys to look at.
func (d *pqDecoder) plainBytes(src *pqValues, n int, row int64) (int64, error) {
	batchVals, batchBytes, maxValue := d.lim.batchVals, d.lim.batchBytes, d.lim.maxValue
	vals, offs, gap := src.bytes, src.offsets, int(src.gap)
	m := min(n, src.n)
	offs = offs[:m+1]
	data, starts, index := d.data, d.starts, d.index
	for k := 0; k < m; k++ {
		row++
		a, b := int(offs[k]), int(offs[k+1])-gap
		if a >= b || b > len(vals) {
			continue // empty, or offsets raw rejects: nothing to scan
		}
		if b-a > maxValue {
			d.data, d.starts, d.index = data, starts, index
			if err := d.long(vals[a:b], d.indexBase+row); err != nil {
				return row, err
			}
			data, starts, index = d.data, d.starts, d.index
			continue
		}
		if len(starts) > 0 {
			data = append(data, ValueSeparator)
		}
		starts = append(starts, int32(len(data)))
		index = append(index, uint32(row))
		data = append(data, vals[a:b]...)
		if len(starts) >= batchVals || len(data) >= batchBytes {
			d.data, d.starts, d.index = data, starts, index
			if err := d.flush(); err != nil {
				return row, err
			}
			data, starts, index = d.data, d.starts, d.index
		}
	}
	d.data, d.starts, d.index = data, starts, index
	if n > m {
		return row + 1, d.indexOutOfRange() // more levels than values
	}
	return row, nil
}
