package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources"
)

// worker scans one object at a time; it is owned by one goroutine and keeps
// its scratch state (scanner, aggregator, field cache) across objects.
type worker struct {
	src        sources.Source
	cfg        Config
	idents     []detectors.Identifier
	severities severityTable
	scan       *detectors.Scanner
	agg        *findings.Aggregator
	fields     map[string]detectors.FieldContext
	// keyVerdicts caches the key filter's answers by field and key across
	// objects: many small JSON files repeat the same keys, which the
	// decoder asks about once per object (see keyFilter).
	keyVerdicts map[string]map[string]bool
	nVerdicts   int

	// per-chunk state used by the match callback
	chunks int // chunks scanned of the current object
	chunk  *sources.Chunk
	lines  lineCursor
	value  int // index into chunk.Starts of the value the last match was in
	onHit  func(detectors.Match)

	// a chunk of distinct values (Chunk.Uses): its matches, in value
	// order, reported once per use by fanOut
	onShared func(detectors.Match)
	shared   []sharedHit
	first    []int32 // first[v]:first[v+1] are value v's matches in shared
	useCount []int64 // uses of each value not reported one by one
	sharedID []int32 // the identifiers matched in the chunk

	// the archive member the current chunks come from, converted once
	embeddedFrom *sources.EmbeddedFile
	embeddedTo   *findings.EmbeddedFileDetails
	onData       func(*sources.Chunk) error
	decodeOpts   sources.DecodeOptions

	// Per-object scratch kept across objects, so that an object costs no
	// allocation for them: the readers that count its bytes and the slice
	// of its records.
	counting   countingReader
	countingAt countingReaderAt
	records    []*findings.Record

	fieldCache [64]fieldEntry // see fieldContext

	// small chunks waiting to be scanned together (see batch.go)
	pending   chunkBatch
	onBatched func(detectors.Match)
}

// fieldEntry is a field's keyword context in the worker's field cache.
type fieldEntry struct {
	field string
	fc    detectors.FieldContext
	set   bool
}

// fieldSlot is field's entry in the field cache: a hash of its length and
// two of its bytes, enough to tell a file's columns or a JSON document's
// paths apart mostly; two fields that share a slot only cost misses.
func fieldSlot(field string) int {
	n := len(field)
	if n == 0 {
		return 0
	}
	return (n*7 + int(field[n-1])*3 + int(field[n/2])) & 63
}

func newWorker(src sources.Source, cfg Config, sev severityTable) *worker {
	w := &worker{
		src:        src,
		cfg:        cfg,
		idents:     cfg.Engine.Identifiers(),
		severities: sev,
		scan:       cfg.Engine.NewScanner(),
		agg:        findings.NewAggregator(cfg.MaxOccurrences),
		fields:     make(map[string]detectors.FieldContext),
	}
	w.agg.Lend = cfg.LendRecords
	// Bound once, so that scanning a chunk allocates no closure.
	w.onHit = w.hit
	w.onShared = w.sharedHit
	w.onData = w.scanChunk
	w.onBatched = w.batchedHit
	// Typed integer columns are read only where the engine could report
	// something: an ID or amount column costs nothing.
	w.decodeOpts = sources.DecodeOptions{
		IntegerDigits: func(field string) uint32 {
			return w.cfg.Engine.IntegerDigits(w.fieldContext(field))
		},
		// A JSON key is scanned on its own, in its field: the verdict is
		// the one its occurrences would get inside a chunk, where NUL
		// separators isolate every value.
		KeyFilter: w.keyFilter,
		// A dictionary-encoded column's distinct values are scanned once,
		// their matches reported once per row that holds them (fanOut).
		ShareValues: true,
	}
	if sources.OpenAhead(src) > 0 {
		// Objects that wait on the network (S3, where every read at an
		// offset is a GET) have their Parquet column chunks read ahead.
		w.decodeOpts.RangeReadsAhead = RangeReadsAhead
	}
	return w
}

// RangeReadsAhead is the DecodeOptions.RangeReadsAhead of a source whose
// objects are read over the network: up to 8 reads of 1 MiB in flight
// per worker decoding Parquet, 8 MiB of buffers. Two workers scanning 20
// Parquet files of 13 MB in a local MinIO behind a 20 ms round trip took
// 10.1 s reading on demand, 3.1 s with 2 reads ahead, 2.9 s with 4, 2.7 s
// with 8 and 2.6 s with 16 (medians of 3), peak RSS 66, 69, 78 and 86 MB.
// A connection to S3 moves fewer bytes per second than one to a local
// server, so each read is in flight longer there: 8 rather than 4.
const RangeReadsAhead = 8

// scanObject returns the records of o's object — its own, then, for an
// archive, one per member file with findings — or nil when ctx was
// cancelled before the object was finished. It opens the object unless it
// was opened ahead. The slice is the worker's: valid until its next
// object.
func (w *worker) scanObject(ctx context.Context, o opened) []*findings.Record {
	obj, rc, err := o.obj, o.rc, o.err
	if rc != nil {
		defer rc.Close() // opened ahead: closed whichever way this returns
	}
	w.agg.Reset()
	w.chunks = 0
	info := objectInfo(obj)
	info.BucketDetails = w.cfg.Buckets[obj.Bucket]
	if obj.Skip != nil {
		return w.build(info, obj.Skip, 0, "")
	}
	if ctx.Err() != nil {
		return nil
	}
	if !o.opened {
		if rc, err = w.src.Open(ctx, obj); err == nil {
			defer rc.Close()
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return w.build(info, w.objectError(obj, "open", err), 0, "")
	}
	cr := &w.counting
	*cr = countingReader{r: rc, progress: w.cfg.Progress}
	defer func() { *cr, w.countingAt = countingReader{}, countingReaderAt{} }() // let the object go
	var r io.Reader = cr
	if ra, ok := rc.(io.ReaderAt); ok {
		// Columnar formats read their footer and column chunks at offsets.
		w.countingAt = countingReaderAt{countingReader: cr, ra: ra}
		r = &w.countingAt
	}
	mime, err := w.decode(ctx, r, obj)
	if ctx.Err() != nil {
		w.dropBatch()
		return nil
	}
	var oerr *sources.ObjectError
	if err != nil {
		oerr = w.objectError(obj, "decode", err)
	}
	records := w.build(info, oerr, cr.n.Load(), mime)
	if emb := w.agg.BuildEmbedded(info, w.cfg.Job, w.severities.severity); len(emb) > 0 {
		records = append(records, emb...)
		w.records = records
	}
	return records
}

// decode runs the object's decoder. A panic in a decoder or in a library
// it uses (a crafted file can find one) is that object's failure, not the
// run's: it becomes an error, logged with the stack, and the scan goes on.
func (w *worker) decode(ctx context.Context, r io.Reader, obj sources.Object) (mime string, err error) {
	defer func() {
		if p := recover(); p != nil {
			w.cfg.Logger.Error("decoder panic", "object", obj.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			status := sources.StatusSkipped
			if w.chunks > 0 {
				status = sources.StatusPartial // what was scanned before stands
			}
			w.chunk = nil
			// What was emitted before stands, batched or not.
			w.flushAfterPanic()
			err = &sources.ObjectError{Status: status, Reason: sources.ReasonInternalError, Err: fmt.Errorf("decoder panic: %v", p)}
		}
	}()
	opts := w.decodeOpts
	if obj.Bucket == "" {
		opts.RangeReadsAhead = 0 // a local file, in a scan of local paths and buckets both
	}
	mime, err = sources.DecodeObjectWith(ctx, r, obj, opts, w.onData)
	if ctx.Err() == nil {
		// Here, under the recovery above, as every other scan of the
		// object's chunks is.
		w.flushBatch()
	}
	return mime, err
}

// objectError turns any error about one object into its status: decoders
// and sources say why with an *ObjectError; anything else is unexpected and
// logged (without content) so that it can be fixed.
func (w *worker) objectError(obj sources.Object, op string, err error) *sources.ObjectError {
	var oerr *sources.ObjectError
	if errors.As(err, &oerr) {
		return oerr
	}
	w.cfg.Logger.Warn("object error", "op", op, "object", obj.Path, "err", err)
	return &sources.ObjectError{Status: sources.StatusSkipped, Reason: sources.ReasonInternalError, Err: err}
}

func (w *worker) build(info findings.ObjectInfo, oerr *sources.ObjectError, size int64, mime string) []*findings.Record {
	status := findings.Status{Code: sources.StatusComplete}
	if oerr != nil {
		status = findings.Status{Code: oerr.Status, Reason: oerr.Reason}
	}
	clear(w.records) // let the last object's records go
	w.records = append(w.records[:0], w.agg.Build(info, status, size, mime, w.cfg.Job, w.severities.severity))
	return w.records
}

func objectInfo(obj sources.Object) findings.ObjectInfo {
	return findings.ObjectInfo{
		Bucket:       obj.Bucket,
		Key:          obj.Key,
		Path:         obj.Path,
		Extension:    extension(obj.Key),
		Size:         obj.Size,
		LastModified: obj.LastModified,
		ETag:         obj.ETag,
		StorageClass: obj.StorageClass,
	}
}

// extension is the key's extension without the dot, as Macie reports it.
func extension(key string) string {
	return strings.TrimPrefix(path.Ext(key), ".")
}

// scanChunk runs the engine over one chunk; hit locates each match.
func (w *worker) scanChunk(ch *sources.Chunk) error {
	fc := w.fieldContext(ch.Field)
	w.chunks++
	if batchable(ch) {
		w.batch(ch, fc)
		return nil
	}
	w.flushBatch() // what came before is reported first
	w.chunk = ch
	w.lines = lineCursor{line: ch.Line, column: ch.Column}
	w.value = 0
	if ch.Uses != nil && ch.Kind == sources.Records {
		w.shared = w.shared[:0]
		w.scan.Scan(ch.Data, fc, w.onShared)
		w.fanOut(ch)
	} else if ch.Kind == sources.Lines {
		w.scan.ScanText(ch.Data, fc, ch.Line == 1 && ch.Column == 1, ch.End, w.onHit)
	} else {
		w.scan.Scan(ch.Data, fc, w.onHit)
	}
	w.chunk = nil
	return nil
}

// sharedHit is a match in value value of a chunk of distinct values.
type sharedHit struct {
	value, ident int32
}

// sharedHit notes a match in a chunk of distinct values; fanOut reports it.
func (w *worker) sharedHit(m detectors.Match) {
	if !w.reports(m) || !w.locateValue(m) {
		return
	}
	w.shared = append(w.shared, sharedHit{value: int32(w.value), ident: int32(m.Identifier)})
}

// reports says whether the current chunk reports m, rather than holding
// it as context only for the neighbouring chunk that reports it.
func (w *worker) reports(m detectors.Match) bool {
	ch := w.chunk
	to := ch.ReportTo
	if to == 0 {
		to = len(ch.Data)
	}
	return m.Start >= ch.ReportFrom && m.Start < to
}

// locateValue moves w.value to the value of a Cells or Records chunk that
// m starts in; false only on a decoder bug (never locate out of range).
func (w *worker) locateValue(m detectors.Match) bool {
	ch := w.chunk
	for w.value+1 < len(ch.Starts) && int(ch.Starts[w.value+1]) <= m.Start {
		w.value++
	}
	return w.value < len(ch.Starts)
}

// fanOut reports the matches of a chunk of distinct values once per use,
// in use order, as hit would have reported them in a chunk of the uses:
// one by one while some identifier matched is still listed, then, once
// every one of them is past the listing cap, counted in bulk.
func (w *worker) fanOut(ch *sources.Chunk) {
	if len(w.shared) == 0 {
		return
	}
	nv := len(ch.Starts)
	w.first = slices.Grow(w.first[:0], nv+1)[:nv+1]
	clear(w.first)
	w.sharedID = w.sharedID[:0]
	for _, h := range w.shared {
		w.first[h.value+1]++
		if !slices.Contains(w.sharedID, h.ident) {
			w.sharedID = append(w.sharedID, h.ident)
		}
	}
	for v := range nv {
		w.first[v+1] += w.first[v]
	}
	var emb *findings.EmbeddedFileDetails
	if ch.Embedded != nil {
		emb = w.embedded(ch.Embedded)
	}
	u := 0
	for ; u < len(ch.Uses) && u < len(ch.IndexDelta); u++ {
		v := ch.Uses[u]
		if v < 0 || int(v) >= nv || w.first[v] == w.first[v+1] {
			continue
		}
		if !w.anyListed(emb) {
			break
		}
		for _, h := range w.shared[w.first[v]:w.first[v+1]] {
			id := &w.idents[h.ident]
			p := ch.Field
			if (ch.Paths != nil || len(ch.FieldSlots) > 0) && w.agg.Listed(id.ID, id.Custom, emb) {
				p = ch.Path(u)
			}
			occ := findings.RecordOccurrence(ch.Index(u), p)
			if emb != nil {
				occ = occ.In(emb)
			}
			w.agg.Add(id.ID, string(id.Category), id.Custom, occ)
		}
	}
	if u >= len(ch.Uses) || u >= len(ch.IndexDelta) {
		return
	}
	// Every identifier matched is past the cap: the remaining uses only
	// add to the counts.
	w.useCount = slices.Grow(w.useCount[:0], nv)[:nv]
	clear(w.useCount)
	for _, v := range ch.Uses[u:min(len(ch.Uses), len(ch.IndexDelta))] {
		if v >= 0 && int(v) < nv {
			w.useCount[v]++
		}
	}
	for v, n := range w.useCount {
		if n == 0 {
			continue
		}
		for _, h := range w.shared[w.first[v]:w.first[v+1]] {
			id := &w.idents[h.ident]
			w.agg.AddCount(id.ID, string(id.Category), id.Custom, emb, n)
		}
	}
}

// anyListed reports whether an identifier matched in the current chunk of
// distinct values would still have an occurrence listed.
func (w *worker) anyListed(emb *findings.EmbeddedFileDetails) bool {
	for _, i := range w.sharedID {
		if id := &w.idents[i]; w.agg.Listed(id.ID, id.Custom, emb) {
			return true
		}
	}
	return false
}

// fieldContext is the engine's keyword context for field, cached.
// keyFilter is the decoders' KeyFilter: whether the engine finds
// anything in key, scanned on its own in field. The answer depends on
// nothing else, so it is kept for the next objects (up to 16384 answers).
func (w *worker) keyFilter(field string, key []byte) bool {
	byKey := w.keyVerdicts[field]
	if found, ok := byKey[string(key)]; ok {
		return found
	}
	found := false
	w.scan.Scan(key, w.fieldContext(field), func(detectors.Match) { found = true })
	if w.nVerdicts >= 16384 || w.keyVerdicts == nil {
		w.keyVerdicts, w.nVerdicts = make(map[string]map[string]bool), 0
	}
	if byKey == nil || w.nVerdicts == 0 {
		byKey = make(map[string]bool)
		w.keyVerdicts[field] = byKey
	}
	byKey[string(key)] = found
	w.nVerdicts++
	return found
}

func (w *worker) fieldContext(field string) detectors.FieldContext {
	// A chunk's field is first looked up in a small direct-mapped cache,
	// by content: a string comparison is cheaper than the map's hash and
	// probe, and an object's fields (a file's columns, a JSON
	// template's paths) mostly come back in the next object.
	e := &w.fieldCache[fieldSlot(field)]
	if e.set && e.field == field {
		return e.fc
	}
	fc, ok := w.fields[field]
	if !ok {
		fc = w.cfg.Engine.Field(field)
		if len(w.fields) > 4096 { // a file with endless distinct fields must not grow memory
			clear(w.fields)
		}
		w.fields[field] = fc
	}
	*e = fieldEntry{field: field, fc: fc, set: true}
	return fc
}

// hit turns one match into an occurrence. Matches arrive in increasing
// Start order, so the line and value cursors only move forward.
func (w *worker) hit(m detectors.Match) {
	if !w.reports(m) {
		return
	}
	ch := w.chunk
	id := &w.idents[m.Identifier]
	var emb *findings.EmbeddedFileDetails
	if ch.Embedded != nil {
		emb = w.embedded(ch.Embedded)
	}
	var occ findings.Occurrence
	switch ch.Kind {
	case sources.Lines:
		start, col := w.lines.advance(ch.Data, m.Start)
		end := start + int64(bytes.Count(ch.Data[m.Start:m.End], newline))
		occ = findings.LineOccurrence(start, end, col)
	case sources.Cells, sources.Records:
		if !w.locateValue(m) {
			return
		}
		if ch.Kind == sources.Cells {
			occ = findings.CellOccurrence(ch.Index(w.value), int64(ch.Column), ch.Field)
		} else {
			// Path makes a string only for a value with array indexes, and
			// is asked only for an occurrence that is listed: past the cap
			// occurrences are only counted. A flat column's path is Field.
			p := ch.Field
			if (ch.Paths != nil || len(ch.FieldSlots) > 0) && w.agg.Listed(id.ID, id.Custom, emb) {
				p = ch.Path(w.value)
			}
			occ = findings.RecordOccurrence(ch.Index(w.value), p)
		}
	}
	if emb != nil {
		occ = occ.In(emb)
	}
	w.agg.Add(id.ID, string(id.Category), id.Custom, occ)
}

var newline = []byte{'\n'}

// lineCursor tracks the line number and the start of the current line as
// matches move forward through a Lines chunk.
type lineCursor struct {
	pos       int   // offset up to which lines have been counted
	line      int64 // line number at pos
	lineStart int   // offset of the start of the line containing pos
	column    int64 // 1-based column of Data[0] (for the first line only)
}

// advance moves to off and returns its line and its 1-based column in
// characters.
func (c *lineCursor) advance(data []byte, off int) (line, column int64) {
	seg := data[c.pos:off]
	if n := bytes.Count(seg, newline); n > 0 {
		c.line += int64(n)
		c.lineStart = c.pos + bytes.LastIndexByte(seg, '\n') + 1
		c.column = 1
	}
	c.pos = off
	return c.line, c.column + int64(utf8.RuneCount(data[c.lineStart:off]))
}

// countingReader counts the bytes read from an object for sizeClassified
// and the progress bar. n is atomic: a decoder reading ahead at offsets
// (DecodeOptions.RangeReadsAhead) reads from several goroutines.
type countingReader struct {
	r        io.Reader
	n        atomic.Int64
	progress Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.count(n)
	return n, err
}

func (c *countingReader) count(n int) {
	if n > 0 {
		c.n.Add(int64(n))
		c.progress.Read(int64(n))
	}
}

// countingReaderAt also counts reads at offsets; it is used only when the
// opened object supports them, so that a decoder's io.ReaderAt type check
// tells the truth. ReadAt is safe for concurrent use if the object's is.
type countingReaderAt struct {
	*countingReader
	ra io.ReaderAt
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(p, off)
	c.count(n)
	return n, err
}

// embedded converts the archive member a chunk comes from, once per member.
func (w *worker) embedded(e *sources.EmbeddedFile) *findings.EmbeddedFileDetails {
	if e != w.embeddedFrom || e.FilePath != w.embeddedTo.FilePath {
		w.embeddedFrom = e
		w.embeddedTo = &findings.EmbeddedFileDetails{
			FilePath:         e.FilePath,
			FileExtension:    e.FileExtension,
			FileSize:         e.FileSize,
			FileLastModified: findings.TimestampOf(e.FileLastModified),
		}
	}
	return w.embeddedTo
}
