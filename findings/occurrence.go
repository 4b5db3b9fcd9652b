package findings

// OccurrenceKind says which location field of an Occurrence is set.
type OccurrenceKind uint8

// Occurrence kinds, one per Macie occurrences array.
const (
	// KindNone: the occurrence is counted but has no location to report.
	KindNone        OccurrenceKind = iota
	KindLineRange                  // Range, listed in lineRanges
	KindOffsetRange                // Range, listed in offsetRanges
	KindCell                       // Cell, listed in cells
	KindRecord                     // Record, listed in records
	KindPage                       // Page, listed in pages
)

// Occurrence is where one occurrence of sensitive data was found. Kind says
// which one location field is set; the others are ignored. It is a plain
// value, so that the scanner can build one per match on the stack: Add
// copies what it keeps.
//
// Embedded, when not nil, says the occurrence is in a file extracted from an
// archive object, and the location is relative to that file. Files are told
// apart by FilePath; Add copies the details the first time it sees a path,
// taking FileExtension from FilePath when it is empty.
type Occurrence struct {
	Kind     OccurrenceKind
	Range    Range          // KindLineRange, KindOffsetRange
	Cell     Cell           // KindCell
	Record   RecordLocation // KindRecord
	Page     Page           // KindPage
	Embedded *EmbeddedFileDetails
}

// LineOccurrence returns an occurrence in text spanning lines start to end,
// starting at column startColumn of line start (all 1-based).
func LineOccurrence(start, end, startColumn int64) Occurrence {
	return Occurrence{Kind: KindLineRange, Range: Range{Start: start, End: end, StartColumn: startColumn}}
}

// OffsetOccurrence returns an occurrence at byte offsets start to end.
func OffsetOccurrence(start, end, startColumn int64) Occurrence {
	return Occurrence{Kind: KindOffsetRange, Range: Range{Start: start, End: end, StartColumn: startColumn}}
}

// CellOccurrence returns an occurrence in the cell at 1-based row and column;
// columnName is the column's header, or "".
func CellOccurrence(row, column int64, columnName string) Occurrence {
	return Occurrence{Kind: KindCell, Cell: Cell{Row: row, Column: column, ColumnName: columnName}}
}

// RecordOccurrence returns an occurrence in the field at jsonPath of the
// record at 0-based index.
func RecordOccurrence(index int64, jsonPath string) Occurrence {
	return Occurrence{Kind: KindRecord, Record: RecordLocation{RecordIndex: index, JSONPath: jsonPath}}
}

// PageOccurrence returns an occurrence on 1-based page number, at lineRange
// on that page (the zero Range when unknown).
func PageOccurrence(number int64, lineRange Range) Occurrence {
	return Occurrence{Kind: KindPage, Page: Page{PageNumber: number, LineRange: lineRange}}
}

// In returns the occurrence placed in the archived file f.
func (o Occurrence) In(f *EmbeddedFileDetails) Occurrence {
	o.Embedded = f
	return o
}
