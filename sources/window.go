package sources

// valueWindows carries one structured value (a CSV cell, a JSON string)
// that grows past limits.maxValue through several single-value chunks, the
// way TextDecoder carries a long line: each window shares Overlap bytes of
// context with its neighbours and ReportFrom/ReportTo say which starts it
// reports. The value is built in place at the end of a batch buffer; the
// windows are cut from there, so nothing longer than maxValue plus the
// carried context is ever held.
type valueWindows struct {
	active     bool // the value in progress has been split
	reportFrom int
	starts     [1]int32
	index      [1]uint32 // 0: the value's index is the chunk's IndexBase
	paths      [1]string
}

// overflow is called after bytes were appended to *data, whose value in
// progress starts at start. When the value has grown past maxValue it emits
// a window of it (ch is filled by the caller with everything but Data and
// the single value's Starts, index and Paths) and keeps only the carried
// context.
func (w *valueWindows) overflow(data *[]byte, start int, lim *limits, ch *Chunk, index int64, path string, emit func(*Chunk) error) error {
	v := (*data)[start:]
	if len(v) <= lim.maxValue {
		return nil
	}
	reportTo := len(v) - lim.overlap
	w.fill(ch, v, w.reportFrom, reportTo, index, path)
	if err := emit(ch); err != nil {
		return err
	}
	cut := runeStart(v, len(v)-lim.carry())
	w.reportFrom = reportTo - cut
	w.active = true
	n := copy(v, v[cut:])
	*data = (*data)[:start+n]
	return nil
}

// finish emits the last window of a split value; the caller then drops the
// value from its batch.
func (w *valueWindows) finish(v []byte, ch *Chunk, index int64, path string, emit func(*Chunk) error) error {
	w.fill(ch, v, w.reportFrom, len(v), index, path)
	w.active, w.reportFrom = false, 0
	return emit(ch)
}

func (w *valueWindows) fill(ch *Chunk, v []byte, from, to int, index int64, path string) {
	ch.Data, ch.ReportFrom, ch.ReportTo = v, from, to
	ch.Starts, ch.IndexBase, ch.IndexDelta = w.starts[:], index, w.index[:]
	ch.Paths = nil
	if path != "" {
		w.paths[0] = path
		ch.Paths = w.paths[:]
	}
}
