package sources

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"path"
	"strings"
	"sync"
)

// sniffLen is how much of an object is peeked to decide its format.
const sniffLen = 8 << 10

// jsonSniffLen is how much of a .json object is peeked to tell JSON from
// JSON Lines: enough for a few typical lines.
const jsonSniffLen = 64 << 10

// format is one row of the table DecodeObject dispatches on. A new format
// (Parquet, Avro, zip, tar) is a new row: its signature, extensions and
// decode function.
type format struct {
	name string
	mime string
	// exts maps the lower-case extensions (with the dot) that select this
	// format to the MIME type reported for them ("" means mime).
	exts map[string]string
	// magic recognises content that is this format whatever its name;
	// binary containers have one, text formats do not.
	magic func(head []byte) bool
	// readsAt says that decode reads the object at offsets (randomAccess)
	// rather than as a stream, when the object is an io.ReaderAt.
	readsAt bool
	// decode decodes the object; in.br has the object's bytes, of which the
	// head was peeked.
	decode func(ctx context.Context, in *input, emit func(*Chunk) error) error
}

// input is what a format's decode function gets.
type input struct {
	br    *bufio.Reader
	raw   io.Reader // the object as given (an io.ReaderAt for local files); nil inside a container
	name  string    // file name, for the extension
	obj   Object
	depth int // containers around this stream

	size    int64         // the stream's size when known (raw's, or a member's), else -1
	arch    *archiveState // limits and budgets shared by every container of one object
	counted bool          // br's bytes already count against the archive total
	// prefix is the member path of the archive this stream is in, with a
	// trailing '/' ("inner.zip/"); "" at the top.
	prefix string
	// ints is DecodeOptions.IntegerDigits, keys DecodeOptions.KeyFilter;
	// nil when not set.
	ints func(field string) uint32
	keys func(field string, key []byte) bool
	// share is DecodeOptions.ShareValues.
	share bool
	// readsAhead is DecodeOptions.RangeReadsAhead: the object's only,
	// never a member's, read through a reader not made for concurrent
	// use (blockReaderAt).
	readsAhead int
}

var (
	formatGzip = &format{
		name: "gzip", mime: "application/gzip",
		exts:  map[string]string{".gz": "", ".gzip": ""},
		magic: func(h []byte) bool { return len(h) >= 3 && h[0] == 0x1f && h[1] == 0x8b && h[2] == 8 },
		// decode is set in init: a container's decode dispatches again
		// through this table, which Go's initialisation order forbids here.
	}
	formatZip = &format{
		name: "zip", mime: "application/zip",
		exts: map[string]string{".zip": ""},
		magic: func(h []byte) bool {
			return len(h) >= 4 && h[0] == 'P' && h[1] == 'K' && (h[2] == 3 && h[3] == 4 || h[2] == 5 && h[3] == 6)
		},
		readsAt: true,
	}
	formatTar = &format{
		name: "tar", mime: "application/x-tar",
		exts:  map[string]string{".tar": ""},
		magic: func(h []byte) bool { return len(h) >= 262 && string(h[257:262]) == "ustar" },
	}
	formatParquet = &format{
		name: "parquet", mime: "application/vnd.apache.parquet",
		exts:    map[string]string{".parquet": ""},
		magic:   func(h []byte) bool { return len(h) >= 4 && string(h[:4]) == "PAR1" },
		readsAt: true,
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeParquet(ctx, in, &defaultLimits, emit)
		},
	}
	formatAvro = &format{
		name: "avro", mime: "application/avro",
		exts:  map[string]string{".avro": ""},
		magic: func(h []byte) bool { return len(h) >= 4 && string(h[:4]) == "Obj\x01" },
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeAvro(ctx, in, &defaultLimits, emit)
		},
	}
	formatCSV = &format{
		name: "csv", mime: "text/csv",
		exts: map[string]string{".csv": ""},
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeCSV(ctx, in.br, ',', &defaultLimits, emit)
		},
	}
	formatTSV = &format{
		name: "tsv", mime: "text/tab-separated-values",
		exts: map[string]string{".tsv": "", ".tab": ""},
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeCSV(ctx, in.br, '\t', &defaultLimits, emit)
		},
	}
	formatJSONLines = &format{
		name: "jsonl", mime: "application/x-ndjson",
		exts: map[string]string{".jsonl": "", ".ndjson": "", ".ldjson": ""},
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeJSONKeys(ctx, in.br, true, &defaultLimits, in.keys, emit)
		},
	}
	formatJSON = &format{
		name: "json", mime: "application/json",
		exts: map[string]string{".json": "", ".geojson": "application/geo+json"},
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeJSONKeys(ctx, in.br, false, &defaultLimits, in.keys, emit)
		},
	}
	formatText = &format{
		name: "text", mime: "text/plain",
		exts: textExtensions,
		decode: func(ctx context.Context, in *input, emit func(*Chunk) error) error {
			return decodeText(ctx, in.br, &defaultLimits, emit)
		},
	}
)

func init() {
	formatGzip.decode = decodeGzip
	formatZip.decode = decodeZip
	formatTar.decode = decodeTar
}

// formats is the dispatch table, in the order signatures are tried.
var formats = []*format{formatGzip, formatZip, formatTar, formatParquet, formatAvro, formatCSV, formatTSV, formatJSONLines, formatJSON, formatText}

// textExtensions are the extensions decoded as plain text whatever their
// content, with the MIME type reported for each ("" is text/plain): the
// non-binary text files Macie analyses (HTML, XML, TXT "and others"),
// source code, configuration, logs, keys and e-mail. Any other extension
// is decoded as text only if its first 8 KiB look like text. RTF is not
// here: it needs its own decoder to hide its markup.
var textExtensions = map[string]string{
	".txt": "", ".text": "", ".log": "", ".out": "", ".err": "", ".md": "text/markdown", ".markdown": "text/markdown", ".rst": "",
	".htm": "text/html", ".html": "text/html", ".xhtml": "application/xhtml+xml", ".xml": "application/xml", ".xsd": "application/xml", ".xsl": "application/xml",
	".svg": "image/svg+xml", ".css": "text/css",
	".yaml": "application/yaml", ".yml": "application/yaml", ".toml": "", ".ini": "", ".cfg": "", ".conf": "", ".config": "", ".properties": "",
	".env": "", ".tf": "", ".tfvars": "", ".tfstate": "application/json", ".hcl": "",
	".sql": "application/sql", ".sh": "application/x-sh", ".bash": "application/x-sh", ".zsh": "", ".ps1": "", ".bat": "", ".cmd": "",
	".py": "text/x-python", ".js": "text/javascript", ".mjs": "text/javascript", ".ts": "", ".tsx": "", ".jsx": "", ".go": "", ".java": "", ".kt": "", ".scala": "",
	".c": "", ".h": "", ".cc": "", ".cpp": "", ".hpp": "", ".cs": "", ".rb": "", ".php": "", ".pl": "", ".pm": "", ".rs": "", ".swift": "", ".r": "", ".lua": "",
	".pem": "application/x-pem-file", ".key": "", ".crt": "", ".cer": "", ".pub": "", ".asc": "",
	".eml": "message/rfc822", ".mbox": "application/mbox", ".vcf": "text/vcard", ".ics": "text/calendar",
	".tex": "", ".srt": "", ".vtt": "text/vtt",
}

// mimeFor is the MIME type of format f for a file named name.
func (f *format) mimeFor(name string) string {
	if m := f.exts[ext(name)]; m != "" {
		return m
	}
	return f.mime
}

func ext(name string) string { return strings.ToLower(path.Ext(name)) }

// byExtension returns the format that name's extension selects, or nil.
func byExtension(name string) *format { return formatByExt[ext(name)] }

// RandomAccessExt reports whether name's extension (.parquet, .zip) selects
// a format that DecodeObject reads at offsets when the object is an
// io.ReaderAt: after peeking its first bytes to confirm the format, the
// decoder reads a footer or central directory and then only what it needs,
// and does not read the stream on. A source whose streams are costly to
// start and waste bytes when left unread (S3) can ask for the head of such
// an object only. It says nothing of the content: a misnamed object (a
// gzip stream called .parquet) is still read as a stream.
func RandomAccessExt(name string) bool {
	f := byExtension(name)
	return f != nil && f.readsAt
}

// formatByExt maps each extension to the first format in formats that
// has it: one lookup per object rather than one per format.
var formatByExt = func() map[string]*format {
	m := make(map[string]*format)
	for _, f := range formats {
		for e := range f.exts {
			if _, ok := m[e]; !ok {
				m[e] = f
			}
		}
	}
	return m
}()

// DecodeObject decodes one object of any supported format into chunks and
// returns the object's MIME type as Macie reports it (the outer type for a
// compressed object: "application/gzip").
//
// The format is decided from the first bytes (peeked, never the whole
// object) and the name (obj.Key, else obj.Path): a binary signature wins
// (gzip: 1f 8b 08, decompressed as a stream and its content dispatched
// again under the name without ".gz"); then the extension (.csv, .tsv/.tab,
// .json — JSON Lines when its first lines are separate values —,
// .jsonl/.ndjson, and the text extensions); then the content: JSON when it
// starts like valid JSON, plain text when it looks like text (no NUL byte,
// mostly printable). Anything else is *ObjectError{StatusSkipped,
// ReasonUnsupportedFileType}. An empty object yields no chunks and no
// error.
//
// Parquet (PAR1), Avro object container files (Obj 01), zip (PK 03 04)
// and tar (ustar at offset 257) are recognised by their signatures too.
// Parquet and zip need random access: r is used as an io.ReaderAt when it
// is one and obj.Size is set (a local file; an S3 object, read with
// ranged GETs), otherwise the stream is spooled to an unlinked temporary
// file of at most ArchiveLimits.MaxFileBytes. The files in an archive are
// dispatched through this same table, recursively, within
// DefaultArchiveLimits (see ArchiveLimits for the reasons); their chunks
// carry Chunk.Embedded.
//
// Errors: emit's error and ctx's are returned unchanged; any other error
// is an *ObjectError (chunks emitted before it stand): ReasonUnreadable
// when reading r failed, ReasonMalformedFile for a corrupt or truncated
// compressed stream, and the decoders' own reasons.
func DecodeObject(ctx context.Context, r io.Reader, obj Object, emit func(*Chunk) error) (mimeType string, err error) {
	return DecodeObjectWith(ctx, r, obj, DecodeOptions{}, emit)
}

// DecodeOptions are DecodeObjectWith's settings; the zero value gives
// DecodeObject.
type DecodeOptions struct {
	// Archive bounds what the object may unpack; the zero value means
	// DefaultArchiveLimits.
	Archive ArchiveLimits
	// IntegerDigits, when set, says which values of a typed integer column
	// (Parquet INT32 and INT64, Avro int and long; not decimals, dates or
	// times) can hold sensitive data, given the column's Chunk.Field: bit
	// n set means integers of n decimal digits, the sign not counted, are
	// scanned. The others are left out of the chunks, and a Parquet column
	// chunk whose statistics put every value outside the set is not read
	// at all — the saving a typed format offers over text. It is called
	// once per column and object.
	IntegerDigits func(field string) uint32
	// KeyFilter, when set, says whether a JSON object key filed under field
	// (the object's path, the Chunk.Field the key is scanned with) holds
	// anything to report. The JSON decoders ask once per distinct key,
	// path and object, and leave out of the chunks every occurrence of a
	// key it rejects: JSON Lines repeat every key in every record, and
	// scanning them was about a fifth of a scan of such data. A key it
	// accepts is filed every time, as without a filter.
	KeyFilter func(field string, key []byte) bool
	// ShareValues lets a decoder emit a page of a dictionary-encoded
	// Parquet column as a chunk of its distinct values with Chunk.Uses
	// saying which records hold each, for a consumer that scans each
	// distinct value once and reports its matches once per use. Real
	// writers dictionary-encode low-cardinality columns (a status, a
	// country, a city), whose rows then cost a lookup instead of a scan.
	ShareValues bool
	// RangeReadsAhead is how many ranged reads a decoder reading the
	// object at offsets (Parquet, zip) may keep in flight ahead of the one
	// it needs; 0 reads on demand. It is for an object whose every read
	// waits a round trip (on S3, a ReadAt is a GET): knowing from the
	// footer which column chunks it will read and in what order (from the
	// central directory, which files), the decoder reads them ahead while
	// it decodes, up to this many pieces of 1 MiB at once (at most 64;
	// that much memory per object). r's ReadAt must then be safe for
	// concurrent use. It applies to the object itself, not to the files of
	// an archive; a local file gains nothing from it.
	RangeReadsAhead int
}

// DecodeObjectWith is DecodeObject with opts.
func DecodeObjectWith(ctx context.Context, r io.Reader, obj Object, opts DecodeOptions, emit func(*Chunk) error) (mimeType string, err error) {
	lim := opts.Archive
	if lim == (ArchiveLimits{}) {
		lim = DefaultArchiveLimits
	}
	name := obj.Key
	if name == "" {
		name = path.Base(obj.Path)
	}
	size := int64(-1)
	if obj.Size > 0 {
		size = obj.Size
	}
	d := getDecodeSession(r, emit)
	d.arch = archiveState{lim: lim}
	d.in = input{br: d.br, raw: r, name: name, obj: obj, size: size, arch: &d.arch, ints: opts.IntegerDigits, keys: opts.KeyFilter, share: opts.ShareValues,
		readsAhead: opts.RangeReadsAhead}
	mime, err := decodeStream(ctx, &d.in, d.countingEmit)
	err = d.finish(ctx, err)
	putDecodeSession(d)
	return mime, err
}

// decodeWith runs decode over r and turns its error into the Decoder
// contract's: emit's and ctx's errors unchanged, anything else an
// *ObjectError whose status says whether any chunk was emitted.
func decodeWith(ctx context.Context, r io.Reader, emit func(*Chunk) error, decode func(context.Context, *bufio.Reader, func(*Chunk) error) error) error {
	d := getDecodeSession(r, emit)
	err := decode(ctx, d.br, d.countingEmit)
	err = d.finish(ctx, err)
	putDecodeSession(d)
	return err
}

// decodeSession is the state of decoding one object: its buffered reader,
// the tags on its stream's errors, whether a chunk was emitted, and
// DecodeObjectWith's input and archive budget. Sessions are pooled: made
// per object, they were half a dozen allocations, a visible cost on many
// small objects. Nothing of a session outlives the object's decoding: the
// decoders keep no reference to their input, reader or emit.
type decodeSession struct {
	src  sourceReader
	br   *bufio.Reader
	in   input
	arch archiveState
	// emit is the caller's; countingEmit, bound once, is what the decoder
	// gets.
	emit         func(*Chunk) error
	countingEmit func(*Chunk) error
	emitted      bool
	emitErr      error
}

var decodeSessions = sync.Pool{New: func() any {
	d := &decodeSession{}
	d.br = newBufReader(&d.src)
	d.countingEmit = d.count
	return d
}}

// getDecodeSession returns a pooled session reading r, emitting to emit;
// give it back with putDecodeSession once nothing reads it any more.
func getDecodeSession(r io.Reader, emit func(*Chunk) error) *decodeSession {
	d := decodeSessions.Get().(*decodeSession)
	d.src = sourceReader{r: r}
	d.br.Reset(&d.src)
	d.emit = emit
	return d
}

func putDecodeSession(d *decodeSession) {
	// Drop every reference to the object and its stream.
	d.src = sourceReader{}
	d.br.Reset(&d.src)
	d.in, d.arch = input{}, archiveState{}
	d.emit, d.emitted, d.emitErr = nil, false, nil
	decodeSessions.Put(d)
}

// count is the emit the decoder gets: it notes that a chunk was emitted,
// and emit's error.
func (d *decodeSession) count(ch *Chunk) error {
	d.emitted = true
	if err := d.emit(ch); err != nil {
		d.emitErr = err
		return err
	}
	return nil
}

// finish turns the decoder's error into the Decoder contract's.
func (d *decodeSession) finish(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if d.emitErr != nil && errors.Is(err, d.emitErr) {
		return d.emitErr
	}
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return ctxErr
	}
	var oe *ObjectError
	var re *readError
	var me *malformedError
	emitted := d.emitted
	switch {
	case errors.As(err, &oe):
		// Status is the decoder's view of its own stream; the object's is
		// whether anything at all was emitted.
		return objectError(emitted, oe.Reason, oe.Err)
	case errors.As(err, &re):
		return objectError(emitted, ReasonUnreadable, re.err)
	case errors.As(err, &me):
		return objectError(emitted, ReasonMalformedFile, me.err)
	default:
		return objectError(emitted, ReasonInternalError, err)
	}
}

// decodeStream detects the format of in and decodes it.
func decodeStream(ctx context.Context, in *input, emit func(*Chunk) error) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	head, err := in.br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull && len(head) == 0 {
		return "", err
	}
	// On a read error after some bytes, decode those: the decoder meets
	// the (sticky) error when it reads on.
	atEOF := err != nil && err != bufio.ErrBufferFull
	f := detect(in.br, head, atEOF, in.name)
	if len(head) == 0 {
		if f == nil {
			f = byExtension(in.name)
		}
		if f == nil {
			return "application/octet-stream", nil
		}
		return f.mimeFor(in.name), nil
	}
	if f == nil {
		return "application/octet-stream", &ObjectError{Status: StatusSkipped, Reason: ReasonUnsupportedFileType, Err: errors.New("binary content of no supported format")}
	}
	return f.mimeFor(in.name), f.decode(ctx, in, emit)
}

// bufReaders recycles the buffered readers every archive member and
// decompressed stream is read through (an object is read through its
// decoding session's), each enough to peek jsonSniffLen bytes: a fresh
// 64 KiB per object was most of a scan's allocated bytes, and the page
// faults of new memory cost more than the allocation itself.
var bufReaders = sync.Pool{New: func() any { return newBufReader(nil) }}

// getBufReader returns a pooled buffered reader of r; give it back with
// putBufReader once nothing reads it any more.
func getBufReader(r io.Reader) *bufio.Reader {
	br := bufReaders.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

// newBufReader is an unpooled reader like getBufReader's: each decoding
// session owns one, and tests hand one to a decoder.
func newBufReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, jsonSniffLen) }

func putBufReader(br *bufio.Reader) {
	br.Reset(nil) // drop the reference to the stream
	bufReaders.Put(br)
}

// detect picks the format of a stream whose first bytes are head.
func detect(br *bufio.Reader, head []byte, atEOF bool, name string) *format {
	for _, f := range formats {
		if f.magic != nil && f.magic(head) {
			return f
		}
	}
	if len(head) == 0 {
		return nil
	}
	if f := byExtension(name); f != nil && f != formatGzip {
		if f == formatJSON {
			// A .json object may really be JSON Lines.
			// Only the JSON Lines test: the whole-document scan that
			// sniffJSON would run next cannot change the answer.
			h, err := br.Peek(jsonSniffLen)
			if isJSONLines(h, err == io.EOF) {
				return formatJSONLines
			}
		}
		return f
	}
	if f := sniffJSON(head, atEOF); f != nil {
		return f
	}
	if looksLikeText(head) {
		return formatText
	}
	return nil
}

// sniffJSON says whether head is the start of JSON Lines (two or more
// complete values on lines of their own, no bad line but possibly a
// truncated last one), JSON (a valid JSON prefix), or neither (nil).
func sniffJSON(head []byte, atEOF bool) *format {
	if !startsJSON(head) {
		return nil
	}
	if isJSONLines(head, atEOF) {
		return formatJSONLines
	}
	j := sniffScan(head, false)
	var pe *ParseError
	if j.err == nil || (!atEOF && errors.As(j.err, &pe) && strings.HasPrefix(pe.Msg, "unexpected end of input")) {
		return formatJSON
	}
	return nil
}

// startsJSON says whether head, past a BOM and white space, opens an
// object or an array.
func startsJSON(head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return len(h) > 0 && (h[0] == '{' || h[0] == '[')
}

// isJSONLines says whether head is two or more JSON values, one per line,
// all valid (the last may be cut off by the end of head).
func isJSONLines(head []byte, atEOF bool) bool {
	if !startsJSON(head) {
		return false
	}
	l := sniffScan(head, true)
	truncatedLast := !atEOF && l.badLines == 1 && l.firstBad == l.line
	return l.err == nil && l.goodLines >= 2 && (l.badLines == 0 || truncatedLast)
}

// sniffScan runs the JSON scanner over head, emitting nothing.
func sniffScan(head []byte, lines bool) *jsonScanner {
	lim := defaultLimits
	lim.readBuf = len(head) + 1
	s := &jsonScanner{ctx: context.Background(), r: bytes.NewReader(head), lim: &lim, lines: lines, buf: make([]byte, lim.readBuf),
		groups: map[string]*jsonGroup{}, path: []byte{'$'}, tmpl: []byte{'$'}, emit: func(*Chunk) error { return nil }}
	s.err = s.run()
	return s
}

// looksLikeText says whether head is text: no NUL byte, and at most one
// byte in 32 a control character other than white space, backspace and
// escape. Bytes >= 0x80 count as text (UTF-8 or a legacy 8-bit charset).
func looksLikeText(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	return !hasControls(head, len(head)/32)
}

// hasControls reports whether head has more than limit control bytes.
func hasControls(head []byte, limit int) bool {
	n := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\b' && c != 0x1b || c == 0x7f {
			n++
			if n > limit {
				return true
			}
		}
	}
	return false
}
