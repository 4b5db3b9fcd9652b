package sources

import (
	"context"
	"io"
	"strconv"
	"time"
)

// ValueSeparator is the byte put between values in a structured chunk (CSV
// cells, JSON values, Parquet column values) so that no match runs across two
// values and no keyword window crosses from one value into the next. The
// detectors treat it as a hard boundary.
const ValueSeparator byte = 0

// LocationKind says how offsets in a chunk map back to Macie occurrences.
type LocationKind uint8

const (
	// Lines: unstructured text; offsets become lineRanges{start,end,startColumn}.
	Lines LocationKind = iota
	// Cells: a CSV/TSV column; offsets become cells{row,column,columnName}.
	Cells
	// Records: JSON, JSON Lines, Parquet, Avro values; offsets become
	// records{recordIndex,jsonPath}.
	Records
)

// Chunk is a run of bytes to scan and the means to locate matches in it.
//
// A decoder owns its chunks and reuses their buffers: the emit callback must
// not keep a Chunk, or any slice of it, after it returns.
type Chunk struct {
	Kind LocationKind
	// Data is the bytes to scan. In Cells and Records chunks it holds one or
	// more values separated by ValueSeparator.
	Data []byte

	// ReportFrom and ReportTo bound where a match may start to be reported
	// from this chunk: [ReportFrom, ReportTo). Bytes outside are context only,
	// shared with the neighbouring chunk that reports them, so that a value
	// split across two reads is still seen whole. ReportTo == 0 means
	// len(Data).
	ReportFrom, ReportTo int

	// Lines: Line is the 1-based line number of Data[0], and Column the
	// 1-based column (in characters) of Data[0] on that line — 1 unless a
	// line longer than a chunk was split.
	Line, Column int64
	// Lines: End says that Data ends where the text ends (the object's, or
	// archive member's, last chunk). Data starts the text when Line and
	// Column are both 1. A custom identifier's ^ and $ (without (?m)) match
	// only there.
	End bool

	// Field is the keyword context shared by every value in the chunk: the
	// column name (Cells), or the JSON path of the values with array indexes
	// removed (Records), e.g. "$.customer.cards[].number". Empty for Lines.
	Field string

	// Cells: Column is the 1-based column number, and Field the column name.
	// Starts[i] is the offset in Data of the i-th value and Index(i) its
	// 1-based row number as Macie counts it (see the README).
	//
	// Records: Starts[i] is the offset in Data of the i-th value, Index(i)
	// its 0-based record index, and Path(i) its concrete JSON path
	// ("$.customer.cards[2].number"), given by Paths, or by FieldSlots and
	// Positions, or, when neither is set, by Field alone. Read it with Path.
	//
	// Both take 32 bits a value, not 64: with about 11 bytes of data per
	// CSV cell, 64-bit offsets and indexes were most of the bytes the
	// decoders wrote. A value starts at most batchBytes (256 KiB) into a
	// chunk, since a decoder flushes its batch once it holds that much (CSV
	// at the end of that record, which adds at most one value per column),
	// so every start fits however long the values are. An index is
	// IndexBase plus IndexDelta[i] (read it with Index): a decoder cuts a
	// batch before its indexes would span more than 2^32 - 1, so the
	// records of a 500 GB JSON Lines file still count.
	Starts     []int32
	IndexBase  int64
	IndexDelta []uint32
	// Paths[i] is the concrete JSON path of value i, when set.
	Paths []string
	// FieldSlots and Positions give the concrete paths without a string per
	// value (the JSON, Parquet and Avro decoders' way: making the strings halved
	// JSON's speed; Paths remains for windows of values over 1 MiB).
	// FieldSlots holds, in increasing order, the byte offset in Field of
	// each "[]" that an array step of the template made — not of a "[]"
	// inside a bracket-quoted name such as $['a[]b']. Every value of the
	// chunk has the template Field, so it has one array index per slot:
	// value i's are Positions[i*k : (i+1)*k], k = len(FieldSlots), and its
	// path is Field with slot j written "[Positions[i*k+j]]".
	FieldSlots []int
	Positions  []int64

	// Uses, when set (Records only), says the chunk's values are distinct
	// values, each standing for one or more values of the column (a
	// Parquet dictionary's entries, scanned once however many rows hold
	// them): use u is value Uses[u], in record Index(u), at Path(u).
	// Starts still count values; IndexDelta, Paths and Positions count uses,
	// which come in record order. A match in a value is reported once per
	// use of it, in use order: since ValueSeparator isolates every value,
	// that is what scanning the uses one by one would report.
	Uses []int32

	// Embedded is set when the chunk comes from a file inside an archive.
	Embedded *EmbeddedFile
}

// Index returns the row number (Cells) or record index (Records) of value
// i, or of use i when Uses is set.
func (c *Chunk) Index(i int) int64 { return c.IndexBase + int64(c.IndexDelta[i]) }

// Path returns the concrete JSON path of value i of a Records chunk:
// Paths[i] when Paths is set, else Field with value i's array indexes in
// its slots (see FieldSlots), else Field. It allocates only when it fills
// slots, so a caller asks only for the paths it reports.
func (c *Chunk) Path(i int) string {
	if c.Paths != nil {
		return c.Paths[i]
	}
	k := len(c.FieldSlots)
	if k == 0 || i < 0 || (i+1)*k > len(c.Positions) {
		return c.Field
	}
	pos := c.Positions[i*k : (i+1)*k]
	b := make([]byte, 0, len(c.Field)+8*k)
	last := 0
	for j, off := range c.FieldSlots {
		if off < last || off+2 > len(c.Field) || c.Field[off] != '[' || c.Field[off+1] != ']' {
			return c.Field // not a slot: a decoder bug, never a wrong index
		}
		b = append(b, c.Field[last:off+1]...)
		b = strconv.AppendInt(b, pos[j], 10)
		last = off + 1
	}
	return string(append(b, c.Field[last:]...))
}

// EmbeddedFile describes a file inside an archive, as Macie's
// embeddedFileDetails does.
type EmbeddedFile struct {
	FilePath         string
	FileExtension    string
	FileSize         int64
	FileLastModified time.Time
}

// Decoder turns one object's bytes into chunks, calling emit for each in
// order. It returns emit's error if emit returns one, and stops early with
// ctx.Err() once ctx is done. Any other error concerns this object only and
// is an *ObjectError saying what was wrong; chunks emitted before it stand.
// A Decoder is safe for concurrent use across objects.
type Decoder interface {
	Decode(ctx context.Context, r io.Reader, obj Object, emit func(*Chunk) error) error
}

// Status codes of a result record, as Macie spells them.
const (
	StatusComplete = "COMPLETE"
	StatusPartial  = "PARTIAL"
	StatusSkipped  = "SKIPPED"
)

// Reasons for a PARTIAL or SKIPPED status, as Macie spells them where Macie
// has one.
const (
	ReasonUnsupportedFileType       = "UNSUPPORTED_FILE_TYPE_EXCEPTION"
	ReasonUnableToParse             = "UNABLE_TO_PARSE_FILE"
	ReasonMalformedFile             = "MALFORMED_FILE"
	ReasonPermissionDenied          = "PERMISSION_DENIED"
	ReasonObjectNoLongerAvailable   = "SOURCE_OBJECT_NO_LONGER_AVAILABLE"
	ReasonObjectVersionMismatch     = "OBJECT_VERSION_MISMATCH"
	ReasonInvalidObjectState        = "INVALID_OBJECT_STATE"
	ReasonInvalidEncryption         = "INVALID_ENCRYPTION"
	ReasonInvalidKMSKey             = "INVALID_KMS_KEY"
	ReasonFileExceedsSizeLimit      = "FILE_EXCEEDS_SIZE_LIMIT"
	ReasonJSONNestingOverLimit      = "JSON_NESTING_LEVEL_OVER_LIMIT"
	ReasonArchiveUnprocessedFiles   = "ARCHIVE_CONTAINS_UNPROCESSED_FILES"
	ReasonArchiveNestingOverLimit   = "ARCHIVE_NESTING_LEVEL_OVER_LIMIT"
	ReasonArchiveBytesOverLimit     = "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT"
	ReasonArchiveDocumentsOverLimit = "ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT"
	ReasonArchiveExceedsSizeLimit   = "ARCHIVE_EXCEEDS_SIZE_LIMIT"
	ReasonUnreadable                = "UNABLE_TO_READ_FILE"
	ReasonInternalError             = "INTERNAL_ERROR"
	ReasonClassificationTimeout     = "CLASSIFICATION_TIMEOUT"
	ReasonObjectEmpty               = "OBJECT_EMPTY"

	// Reasons of our own, for what only a local file system has. A symlink
	// is never followed (see Local), so each one is listed with one of the
	// four symlink reasons; a device, FIFO or socket with ReasonSpecialFile.
	ReasonSymlinkInsideRoot  = "SYMLINK_TARGET_INSIDE_SCAN_ROOT"
	ReasonSymlinkOutsideRoot = "SYMLINK_OUTSIDE_SCAN_ROOT"
	ReasonSymlinkDangling    = "SYMLINK_DANGLING"
	ReasonSymlinkLoop        = "SYMLINK_LOOP"
	ReasonSpecialFile        = "SPECIAL_FILE"
)

// ObjectError is a failure that concerns one object only. Status is
// StatusSkipped when nothing of the object could be scanned and
// StatusPartial when some of it was; Reason is one of the Reason constants.
// The message never contains object content.
type ObjectError struct {
	Status string
	Reason string
	Err    error
}

func (e *ObjectError) Error() string {
	if e.Err == nil {
		return e.Status + ": " + e.Reason
	}
	return e.Status + ": " + e.Reason + ": " + e.Err.Error()
}

func (e *ObjectError) Unwrap() error { return e.Err }
