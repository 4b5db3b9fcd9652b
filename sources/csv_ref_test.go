package sources

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// csvCell is one value as the CSV reader files it.
type csvCell struct {
	row, column int64
	value       string
}

// csvCells decodes data and returns its non-empty values in order of
// column, then row.
func csvCells(t *testing.T, data []byte, comma byte, lim *limits) []csvCell {
	t.Helper()
	var cells []csvCell
	err := decodeCSV(context.Background(), bytes.NewReader(data), comma, lim, func(ch *Chunk) error {
		for k, s := range ch.Starts {
			end := len(ch.Data)
			if k+1 < len(ch.Starts) {
				end = int(ch.Starts[k+1]) - 1
			}
			cells = append(cells, csvCell{ch.Index(k), ch.Column, string(ch.Data[s:end])})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	slices.SortStableFunc(cells, func(a, b csvCell) int {
		if a.column != b.column {
			return int(a.column - b.column)
		}
		return int(a.row - b.row)
	})
	return cells
}

// referenceCells is what encoding/csv reads from data (well-formed, so
// that its dialect and the reader's agree), as csvCells returns it.
func referenceCells(t *testing.T, data []byte, comma byte) []csvCell {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = rune(comma), -1, true
	var cells []csvCell
	for row := int64(1); ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		for j, v := range rec {
			if v != "" {
				cells = append(cells, csvCell{row, int64(j + 1), v})
			}
		}
	}
	slices.SortStableFunc(cells, func(a, b csvCell) int {
		if a.column != b.column {
			return int(a.column - b.column)
		}
		return int(a.row - b.row)
	})
	return cells
}

// wellFormedCSV returns records of ragged width whose fields are empty,
// short or long (across the 16- and 64-byte copy and block sizes),
// unquoted, or quoted with commas, line ends and "" inside; lines end
// with "\n" or "\r\n", and some are empty.
func wellFormedCSV(r *rand.Rand, rows int) []byte {
	var b bytes.Buffer
	word := func(n int, quoted bool) string {
		alphabet := "abcxyz0129@.- "
		if quoted {
			alphabet += `,,"` + "\n"
		}
		var w strings.Builder
		for range n {
			w.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		return w.String()
	}
	lengths := []int{0, 1, 3, 8, 15, 16, 17, 31, 36, 63, 64, 65, 100, 200}
	for range rows {
		if r.IntN(20) == 0 {
			b.WriteString("\n")
			continue
		}
		for f := range 1 + r.IntN(15) {
			if f > 0 {
				b.WriteByte(',')
			}
			n := lengths[r.IntN(len(lengths))] + r.IntN(3)
			if r.IntN(6) == 0 {
				b.WriteString(`"` + strings.ReplaceAll(word(n, true), `"`, `""`) + `"`)
			} else {
				b.WriteString(word(n, false))
			}
		}
		if r.IntN(6) == 0 {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// The CSV reader reads well-formed CSV as encoding/csv does: the same
// non-empty values at the same rows and columns, whichever of its paths
// (the fast path, the states, block and buffer boundaries) each takes.
func TestCSVAsEncodingCSV(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	compared := 0
	for trial := range 150 {
		data := wellFormedCSV(r, 1+r.IntN(300))
		want := referenceCells(t, data, ',')
		longest := 0
		for _, c := range want {
			longest = max(longest, len(c.value))
		}
		for _, lim := range []*limits{&small, &defaultLimits} {
			if longest > lim.maxValue {
				continue // windowed: chunks of their own, not cells
			}
			compared++
			got := csvCells(t, data, ',', lim)
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d, limits %+v: %s\ninput %q", trial, *lim, firstCellDiff(got, want), data)
			}
		}
	}
	if compared < 150 {
		t.Fatalf("only %d comparisons", compared)
	}
}

func firstCellDiff(got, want []csvCell) string {
	for k := range min(len(got), len(want)) {
		if got[k] != want[k] {
			return fmt.Sprintf("cell %d: got %+v, want %+v", k, got[k], want[k])
		}
	}
	return fmt.Sprintf("got %d cells, want %d", len(got), len(want))
}
