package sources

// Real writers (parquet-mr, pyarrow) dictionary-encode every column and
// fall back to plain pages only when a column chunk's dictionary outgrows
// about a megabyte, so a low-cardinality column (a status, a country, a
// city) is a few distinct values used by every row. With pqOptions.share,
// the decoder emits such a page's values once per batch, as a chunk of
// distinct values whose Uses say which rows hold each (Chunk.Uses): the
// consumer scans every distinct value once and reports its matches once
// per use. ValueSeparator isolates each value in a chunk, so what a value
// matches does not depend on its neighbours: the findings are those of
// scanning every row's value.

// pqShareMinUses: decodeParquet shares a dictionary only when its column
// chunk has at least this many entries per dictionary value. A dictionary
// of values used about once each (ids, emails, card numbers: a writer's
// dictionary fills up with the first rows' values, the rest are plain
// pages) saves no scanning, and sharing it costs the decoder and the
// consumer the bookkeeping of uses.
const pqShareMinUses = 4

// pqDictID tells dictionaries apart: the slots of one are no use for
// another (a new column chunk's, or a file's second dictionary page).
type pqDictID struct {
	first   *byte
	n, size int
}

func dictID(src *pqValues) pqDictID {
	id := pqDictID{n: src.n, size: len(src.bytes)}
	if len(src.bytes) > 0 {
		id.first = &src.bytes[0]
	}
	return id
}

// resetSlots forgets the batch's distinct values.
func (d *pqDecoder) resetSlots() {
	for _, k := range d.slotKeys {
		d.slot[k] = -1
	}
	d.slotKeys = d.slotKeys[:0]
}

// sharedBytes is flatBytes for a flat dictionary-encoded page whose batch
// is shared: each dictionary value is added to the batch the first time a
// row uses it, and every row adds a use. Batches end as flatBytes's do,
// counting uses as values; a value longer than maxValue flushes the batch
// and goes out in windows, in its row's place, as it does there. Its row
// is flatBytes's: less the batch's base.
func (d *pqDecoder) sharedBytes(src *pqValues, keys []int32, def []byte, n int, row int64) (int64, error) {
	if id := dictID(src); id != d.dict {
		if err := d.flush(); err != nil {
			return row, err
		}
		d.dict = id
	}
	nv := src.n
	if len(d.slot) < nv {
		for i := range d.slot {
			d.slot[i] = -1 // none is set (the batch is empty), but be sure
		}
		for len(d.slot) < nv {
			d.slot = append(d.slot, -1)
		}
	}
	maxDef := byte(d.leaf.maxDef)
	batchVals, batchBytes, maxValue := d.lim.batchVals, d.lim.batchBytes, d.lim.maxValue
	vals, offs, gap, size := src.bytes, src.offsets, int(src.gap), src.size
	slot := d.slot[:nv]
	data, starts, index, uses := d.data, d.starts, d.index, d.uses
	vi := 0
	for e := 0; e < n; e++ {
		row++
		if def != nil && def[e] != maxDef {
			continue // a null
		}
		k := vi
		vi++
		if k >= len(keys) {
			d.data, d.starts, d.index, d.uses = data, starts, index, uses
			return row, d.fewerValues()
		}
		k = int(keys[k])
		if uint(k) >= uint(nv) {
			d.data, d.starts, d.index, d.uses = data, starts, index, uses
			return row, d.indexOutOfRange()
		}
		var a, b int
		if offs != nil {
			a, b = int(offs[k]), int(offs[k+1])-gap
			if a >= b || b > len(vals) {
				continue // empty, or offsets raw rejects: nothing to scan
			}
		} else {
			a, b = k*size, (k+1)*size
			if a == b {
				continue
			}
		}
		if b-a > maxValue {
			d.data, d.starts, d.index, d.uses = data, starts, index, uses
			if err := d.long(vals[a:b], d.indexBase+row); err != nil {
				return row, err
			}
			data, starts, index, uses = d.data, d.starts, d.index, d.uses
			continue
		}
		s := slot[k]
		if s < 0 {
			if len(starts) > 0 {
				data = append(data, ValueSeparator)
			}
			s = int32(len(starts))
			starts = append(starts, int32(len(data)))
			data = append(data, vals[a:b]...)
			slot[k] = s
			d.slotKeys = append(d.slotKeys, int32(k))
		}
		uses = append(uses, s)
		index = append(index, uint32(row))
		if len(index) >= batchVals || len(data) >= batchBytes {
			d.data, d.starts, d.index, d.uses = data, starts, index, uses
			if err := d.flush(); err != nil {
				return row, err
			}
			data, starts, index, uses = d.data, d.starts, d.index, d.uses
		}
	}
	d.data, d.starts, d.index, d.uses = data, starts, index, uses
	return row, nil
}
