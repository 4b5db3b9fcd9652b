package scanner

import (
	"testing"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources"
)

func TestLineCursor(t *testing.T) {
	data := []byte("héllo wörld\nsecond line\n\nfourth ✓ here")
	tests := []struct {
		off       int
		line, col int64
		firstLine int64
		firstCol  int64
		name      string
	}{
		{name: "first char", off: 0, line: 1, col: 1, firstLine: 1, firstCol: 1},
		{name: "after a 2-byte rune", off: 3, line: 1, col: 3, firstLine: 1, firstCol: 1},
		{name: "second line", off: 20, line: 2, col: 7, firstLine: 1, firstCol: 1},
		{name: "after an empty line and a 3-byte rune", off: 37, line: 4, col: 9, firstLine: 1, firstCol: 1},
		{name: "chunk starting mid-line", off: 3, line: 7, col: 103, firstLine: 7, firstCol: 101},
		{name: "chunk starting mid-line, next line", off: 20, line: 8, col: 7, firstLine: 7, firstCol: 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := lineCursor{line: tt.firstLine, column: tt.firstCol}
			line, col := c.advance(data, tt.off)
			if line != tt.line || col != tt.col {
				t.Errorf("advance(%d) = line %d col %d, want line %d col %d", tt.off, line, col, tt.line, tt.col)
			}
		})
	}
	// Moving forward in steps gives the same answers as one jump.
	c := lineCursor{line: 1, column: 1}
	for _, off := range []int{0, 3, 20, 37} {
		c.advance(data, off)
	}
	if c.line != 4 {
		t.Errorf("after stepping, line %d, want 4", c.line)
	}
}

// TestReportWindow: matches starting outside [ReportFrom, ReportTo) are
// context only and not recorded; those inside are, located from Data[0].
func TestReportWindow(t *testing.T) {
	e, err := detectors.Compile(detectors.Options{Managed: []string{"EMAIL_ADDRESS"}})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(nil, Config{Engine: e, MaxOccurrences: 100}, newSeverityTable(e))
	data := []byte("a@example.com b@example.com\nc@example.com")
	ch := &sources.Chunk{Kind: sources.Lines, Data: data, Line: 10, Column: 5, ReportFrom: 1, ReportTo: 28}
	w.agg.Reset()
	if err := w.scanChunk(ch); err != nil {
		t.Fatal(err)
	}
	rec := w.agg.Build(findings.ObjectInfo{Key: "k"}, findings.Status{Code: "COMPLETE"}, 0, "", findings.JobInfo{}, nil)
	var got []findings.Range
	for _, sd := range rec.ClassificationDetails.Result.SensitiveData {
		for _, d := range sd.Detections {
			got = append(got, d.Occurrences.LineRanges...)
		}
	}
	want := []findings.Range{{Start: 10, End: 10, StartColumn: 19}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("occurrences %+v, want %+v", got, want)
	}
}

// TestLocateValues: in Cells and Records chunks a match is located in the
// value whose start precedes it.
func TestLocateValues(t *testing.T) {
	e, err := detectors.Compile(detectors.Options{Managed: []string{"EMAIL_ADDRESS"}})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(nil, Config{Engine: e, MaxOccurrences: 100}, newSeverityTable(e))
	data := []byte("none\x00x@example.com\x00\x00y@example.com")
	cells := &sources.Chunk{Kind: sources.Cells, Data: data, Field: "contact", Column: 4,
		Starts: []int32{0, 5, 19, 20}, IndexBase: 2, IndexDelta: []uint32{0, 1, 2, 3}}
	withPaths := &sources.Chunk{Kind: sources.Records, Data: data, Field: "$.a[].mail",
		Starts: []int32{0, 5, 19, 20}, IndexDelta: []uint32{0, 1, 2, 3}, Paths: []string{"$.a[0].mail", "$.a[1].mail", "$.a[2].mail", "$.a[3].mail"}}
	withPositions := &sources.Chunk{Kind: sources.Records, Data: data, Field: "$.a[].mail",
		Starts: []int32{0, 5, 19, 20}, IndexDelta: []uint32{0, 1, 2, 3}, FieldSlots: []int{3}, Positions: []int64{0, 1, 2, 3}}
	for _, records := range []*sources.Chunk{withPaths, withPositions} {
		w.agg.Reset()
		for _, ch := range []*sources.Chunk{cells, records} {
			if err := w.scanChunk(ch); err != nil {
				t.Fatal(err)
			}
		}
		w.flushBatch() // the chunks small enough to wait for one scan
		rec := w.agg.Build(findings.ObjectInfo{Key: "k"}, findings.Status{Code: "COMPLETE"}, 0, "", findings.JobInfo{}, nil)
		o := rec.ClassificationDetails.Result.SensitiveData[0].Detections[0].Occurrences
		wantCells := []findings.Cell{{Row: 3, Column: 4, ColumnName: "contact"}, {Row: 5, Column: 4, ColumnName: "contact"}}
		wantRecords := []findings.RecordLocation{{RecordIndex: 1, JSONPath: "$.a[1].mail"}, {RecordIndex: 3, JSONPath: "$.a[3].mail"}}
		if len(o.Cells) != 2 || o.Cells[0] != wantCells[0] || o.Cells[1] != wantCells[1] {
			t.Errorf("cells %+v, want %+v", o.Cells, wantCells)
		}
		if len(o.Records) != 2 || o.Records[0] != wantRecords[0] || o.Records[1] != wantRecords[1] {
			t.Errorf("records %+v, want %+v", o.Records, wantRecords)
		}
	}
}
