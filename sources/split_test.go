package sources

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// small limits make every boundary reachable with short inputs: a batch's
// indexes span at most 3 records, so batches are cut for it too.
var small = limits{
	readBuf: 256, overlap: 16, batchBytes: 64, batchVals: 8, maxValue: 64,
	maxColumns: 8, maxDepth: 6, maxGroups: 4, releaseCap: 1 << 10, indexSpan: 3,
}

type hit struct {
	line, col int64 // Lines
	index     int64 // Cells, Records
	path      string
}

// reported finds every reported occurrence of mark in the chunks emitted
// by decode: those that start in the chunk's report range.
func reported(t *testing.T, mark string, decode func(emit func(*Chunk) error) error) []hit {
	t.Helper()
	var hits []hit
	var line int64
	err := decode(func(ch *Chunk) error {
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("chunk contract: %v", err)
		}
		to := ch.ReportTo
		if to == 0 {
			to = len(ch.Data)
		}
		for off := 0; ; {
			i := bytes.Index(ch.Data[off:], []byte(mark))
			if i < 0 {
				break
			}
			p := off + i
			off = p + 1
			if p < ch.ReportFrom || p >= to {
				continue
			}
			h := hit{}
			switch ch.Kind {
			case Lines:
				before := ch.Data[:p]
				nl := bytes.LastIndexByte(before, '\n')
				h.line = ch.Line + int64(bytes.Count(before, []byte{'\n'}))
				if nl < 0 {
					h.col = ch.Column + int64(utf8.RuneCount(before))
				} else {
					h.col = 1 + int64(utf8.RuneCount(before[nl+1:]))
				}
			default:
				v := 0
				for v+1 < len(ch.Starts) && int(ch.Starts[v+1]) <= p {
					v++
				}
				h.index = ch.Index(v)
				if ch.Paths != nil || ch.Positions != nil {
					h.path = ch.Path(v)
				}
			}
			hits = append(hits, h)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return hits
}

// TestTextLongLineReportsEachMatchOnce plants a mark at every offset
// around several window boundaries of a line far longer than the buffer,
// with ASCII and with multi-byte filler, and checks that it is reported
// exactly once with its exact line and character column.
func TestTextLongLineReportsEachMatchOnce(t *testing.T) {
	const mark = "MARK-0123456789" // 15 bytes: at most one overlap
	for _, filler := range []string{"x", "é", "€", "𝄞"} {
		for pos := 0; pos < 3*small.readBuf; pos++ {
			runes := []string{}
			for range 4 * small.readBuf {
				runes = append(runes, filler)
			}
			lineText := strings.Join(runes[:pos], "") + mark + strings.Join(runes[pos:], "")
			text := "short\n\n" + lineText + "\nafter " + mark + "\n"
			hits := reported(t, mark, func(emit func(*Chunk) error) error {
				return decodeText(context.Background(), strings.NewReader(text), &small, emit)
			})
			want := []hit{{line: 3, col: int64(pos) + 1}, {line: 4, col: 7}}
			if fmt.Sprint(hits) != fmt.Sprint(want) {
				t.Fatalf("filler %q, mark at rune %d: hits %v, want %v", filler, pos, hits, want)
			}
		}
	}
}

func TestCSVLongCellReportsEachMatchOnce(t *testing.T) {
	const mark = "MARK-0123456789"
	for pos := 0; pos < 4*small.maxValue; pos++ {
		cell := strings.Repeat("y", pos) + mark + strings.Repeat("z", 5*small.maxValue-pos)
		doc := "h1,h2\nshort,\"" + cell + "\"\n3," + mark + "\n"
		hits := reported(t, mark, func(emit func(*Chunk) error) error {
			return decodeCSV(context.Background(), strings.NewReader(doc), ',', &small, emit)
		})
		want := []hit{{index: 2}, {index: 3}}
		if fmt.Sprint(hits) != fmt.Sprint(want) {
			t.Fatalf("mark at %d: hits %v, want %v", pos, hits, want)
		}
	}
}

func TestJSONLongStringReportsEachMatchOnce(t *testing.T) {
	const mark = "MARK-0123456789"
	for pos := 0; pos < 4*small.maxValue; pos++ {
		s := strings.Repeat("y", pos) + mark + strings.Repeat("z", 5*small.maxValue-pos)
		for _, lines := range []bool{false, true} {
			doc := `{"a":[1,{"b":"` + s + `"}],"c":"` + mark + `"}` + "\n"
			if lines {
				doc = "{}\n" + doc
			}
			hits := reported(t, mark, func(emit func(*Chunk) error) error {
				return decodeJSON(context.Background(), strings.NewReader(doc), lines, &small, emit)
			})
			rec := int64(0)
			if lines {
				rec = 1
			}
			want := []hit{{index: rec, path: "$.a[1].b"}, {index: rec, path: ""}}
			if fmt.Sprint(hits) != fmt.Sprint(want) {
				t.Fatalf("lines=%v mark at %d: hits %v, want %v", lines, pos, hits, want)
			}
		}
	}
}

// TestSmallBuffersAgreeWithDefaults decodes the same inputs with tiny and
// default buffers: the values found, with their locations, must be the same.
func TestSmallBuffersAgreeWithDefaults(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("name,card,note\n")
	for i := range 50 {
		eol := []string{"\n", "\r\n"}[i%2]
		fmt.Fprintf(&sb, "n%d,\"4111 %04d\",\"line\nbreak \"\"q\"\"\"%s", i, i, eol)
		fmt.Fprintf(&sb, "m%d,cr\rinside,%s", i, eol)
	}
	csvDoc := sb.String()
	sb.Reset()
	for i := range 50 {
		fmt.Fprintf(&sb, `{"id":%d,"tags":["t%d","u\u00e9"],"nested":{"k":"v%d"}}`+"\n", i, i, i)
	}
	jsonl := sb.String()
	values := func(lim *limits, decode func(*limits, func(*Chunk) error) error) map[string]int {
		got := map[string]int{}
		var line int64
		if err := decode(lim, func(ch *Chunk) error {
			if err := checkChunk(ch, &line); err != nil {
				t.Fatal(err)
			}
			for i, s := range ch.Starts {
				end := len(ch.Data)
				if i+1 < len(ch.Starts) {
					end = int(ch.Starts[i+1]) - 1
				}
				p := ch.Path(i)
				got[fmt.Sprintf("%d %d %s %q", ch.Column, ch.Index(i), p, ch.Data[s:end])]++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	for name, dec := range map[string]func(*limits, func(*Chunk) error) error{
		"csv": func(l *limits, e func(*Chunk) error) error {
			return decodeCSV(context.Background(), strings.NewReader(csvDoc), ',', l, e)
		},
		"jsonl": func(l *limits, e func(*Chunk) error) error {
			return decodeJSON(context.Background(), strings.NewReader(jsonl), true, l, e)
		},
	} {
		lim := small
		lim.maxValue = 1 << 20 // no value split: compare whole values
		lim.maxGroups = 100
		lim.maxColumns = 100
		a, b := values(&lim, dec), values(&defaultLimits, dec)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: small buffers found %v\ndefault found %v", name, a, b)
		}
		if len(a) < 100 {
			t.Errorf("%s: only %d values", name, len(a))
		}
	}
}

func TestJSONNestingLimit(t *testing.T) {
	deep := strings.Repeat("[", 7) + `"x"` + strings.Repeat("]", 7)
	doc := `{"before":"kept","deep":` + deep + `}`
	var got []string
	err := decodeJSON(context.Background(), strings.NewReader(doc), false, &small, func(ch *Chunk) error {
		got = append(got, ch.Field)
		return nil
	})
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonJSONNestingOverLimit || oe.Status != StatusPartial {
		t.Fatalf("err = %v, want PARTIAL %s", err, ReasonJSONNestingOverLimit)
	}
	if !strings.Contains(fmt.Sprint(got), "$.before") {
		t.Errorf("values before the error were dropped: %v", got)
	}
	// Exactly at the limit is fine.
	ok := strings.Repeat("[", 6) + `"x"` + strings.Repeat("]", 6)
	if err := decodeJSON(context.Background(), strings.NewReader(ok), false, &small, func(*Chunk) error { return nil }); err != nil {
		t.Errorf("nesting at the limit: %v", err)
	}
}

func TestCSVTooManyColumns(t *testing.T) {
	err := decodeCSV(context.Background(), strings.NewReader("a,b\n1,2,3,4,5,6,7,8,9,10\n"), ',', &small, func(*Chunk) error { return nil })
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonUnableToParse {
		t.Fatalf("err = %v, want %s", err, ReasonUnableToParse)
	}
}

// TestEmitErrorAndCancellation checks that every decoder returns emit's
// error unchanged and stops on a cancelled context.
func TestEmitErrorAndCancellation(t *testing.T) {
	big := func(unit string) []byte { return bytes.Repeat([]byte(unit), 4<<20/len(unit)) }
	inputs := map[string][]byte{
		"a.txt":      big("some text line\n"),
		"a.csv":      append([]byte("h1,h2\n"), big("v1,v2\n")...),
		"a.tsv":      append([]byte("h1\th2\n"), big("v1\tv2\n")...),
		"a.json":     append(append([]byte("["), big(`{"k":"v"},`)...), `{}]`...),
		"a.jsonl":    big(`{"k":"v"}` + "\n"),
		"a.jsonl.gz": gz(big(`{"k":"v"}` + "\n")),
	}
	for name, data := range inputs {
		stop := errors.New("stop")
		calls := 0
		_, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: name}, func(*Chunk) error {
			calls++
			return stop
		})
		if err != stop || calls != 1 {
			t.Errorf("%s: emit error: got %v after %d calls, want stop after 1", name, err, calls)
		}
		ctx, cancel := context.WithCancel(context.Background())
		calls = 0
		_, err = DecodeObject(ctx, bytes.NewReader(data), Object{Key: name}, func(*Chunk) error {
			calls++
			cancel()
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: after cancel: got %v, want context.Canceled", name, err)
		}
		if calls > 1<<10 {
			t.Errorf("%s: %d chunks emitted after cancel", name, calls)
		}
	}
}

// failingReader returns data, then a non-EOF error.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestReadErrorIsUnreadableAndKeepsWhatCameBefore(t *testing.T) {
	for _, name := range []string{"a.txt", "a.csv", "a.json", "a.jsonl"} {
		doc := "h\nv\n"
		if strings.Contains(name, "json") {
			doc = `{"k":"v"}` + "\n" + `{"k":`
		}
		var chunks int
		_, err := DecodeObject(context.Background(), &failingReader{strings.NewReader(doc), errors.New("connection reset")}, Object{Key: name}, func(*Chunk) error {
			chunks++
			return nil
		})
		var oe *ObjectError
		if !errors.As(err, &oe) || oe.Reason != ReasonUnreadable || oe.Status != StatusPartial || chunks == 0 {
			t.Errorf("%s: err %v after %d chunks, want PARTIAL %s after some", name, err, chunks, ReasonUnreadable)
		}
	}
}

// TestTextCutsReportEachLineOnce: with chunks that overlap (an overlap of
// lines after the last reported one, a lookbehind before the first), a mark
// on any line is reported exactly once, with its line and column, whatever
// the line lengths around the cuts.
func TestTextCutsReportEachLineOnce(t *testing.T) {
	const mark = "MARK"
	for seed := range 200 {
		var b strings.Builder
		var want []hit
		r := seed
		for line := int64(1); b.Len() < 6*small.readBuf; line++ {
			r = (r*1103515245 + 12345) & 0x7fffffff
			n := r % 40
			if line%3 == 0 {
				col := int64(r%7) + 1
				b.WriteString(strings.Repeat("x", int(col-1)) + mark)
				want = append(want, hit{line: line, col: col})
			} else {
				b.WriteString(strings.Repeat("y", n))
			}
			b.WriteByte('\n')
		}
		hits := reported(t, mark, func(emit func(*Chunk) error) error {
			return decodeText(context.Background(), strings.NewReader(b.String()), &small, emit)
		})
		if fmt.Sprint(hits) != fmt.Sprint(want) {
			t.Fatalf("seed %d: hits %v, want %v", seed, hits, want)
		}
	}
}

// TestTextChunkEnds: the chunk with Line and Column 1 starts the text, and
// exactly the last chunk has End, holding the text's last byte (custom
// identifiers' ^ and $ rely on both).
func TestTextChunkEnds(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for seed := range 300 {
		var b strings.Builder
		for b.Len() < r.IntN(5*small.readBuf) {
			if r.IntN(8) == 0 {
				b.WriteString(strings.Repeat("z", r.IntN(3*small.readBuf)))
			} else {
				b.WriteString(strings.Repeat("y", r.IntN(50)))
			}
			b.WriteByte('\n')
		}
		text := b.String()
		if r.IntN(2) == 0 {
			text = strings.TrimSuffix(text, "\n")
		}
		if seed == 0 {
			// The stream ends right after a full read that ends a line.
			text = strings.Repeat("x", small.readBuf-1) + "\n"
		}
		var ends, starts, chunks int
		var last []byte
		err := decodeText(context.Background(), bufio.NewReader(strings.NewReader(text)), &small, func(ch *Chunk) error {
			chunks++
			if ch.Line == 1 && ch.Column == 1 {
				starts++
				if !strings.HasPrefix(text, string(ch.Data)) {
					t.Errorf("seed %d: a chunk at line 1, column 1 does not start the text", seed)
				}
			}
			if ch.End {
				ends++
			}
			last = append(last[:0], ch.Data...)
			if ch.End && !strings.HasSuffix(text, string(ch.Data)) {
				t.Errorf("seed %d: chunk with End does not end the text", seed)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if text == "" {
			continue
		}
		if starts < 1 || ends != 1 || !strings.HasSuffix(text, string(last)) {
			t.Fatalf("seed %d (%d bytes, %d chunks): %d chunks start the text, %d have End", seed, len(text), chunks, starts, ends)
		}
	}
}
