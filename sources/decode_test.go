package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// checkChunk verifies the Chunk contract; it is used by every test and fuzz
// target.
func checkChunk(ch *Chunk, prevLine *int64) error {
	to := ch.ReportTo
	if to == 0 {
		to = len(ch.Data)
	}
	if ch.ReportFrom < 0 || ch.ReportFrom > to || to > len(ch.Data) {
		return fmt.Errorf("report range [%d,%d) outside data of %d bytes", ch.ReportFrom, to, len(ch.Data))
	}
	switch ch.Kind {
	case Lines:
		if len(ch.Data) == 0 {
			return errors.New("empty Lines chunk")
		}
		if ch.Line < 1 || ch.Column < 1 {
			return fmt.Errorf("line %d column %d", ch.Line, ch.Column)
		}
		// Chunks overlap (context before ReportFrom): the lines where
		// reporting starts never go back.
		first := ch.Line + int64(bytes.Count(ch.Data[:ch.ReportFrom], []byte{'\n'}))
		if first < *prevLine {
			return fmt.Errorf("reports from line %d after line %d", first, *prevLine)
		}
		*prevLine = first
		if ch.Starts != nil || ch.IndexBase != 0 || ch.IndexDelta != nil || ch.Paths != nil || ch.FieldSlots != nil || ch.Positions != nil {
			return errors.New("Lines chunk with Starts/IndexBase/IndexDelta/Paths/FieldSlots/Positions")
		}
	case Cells, Records:
		if len(ch.Starts) == 0 || len(ch.Starts) != len(ch.IndexDelta) {
			return fmt.Errorf("%d starts, %d indexes", len(ch.Starts), len(ch.IndexDelta))
		}
		if ch.Paths != nil && len(ch.Paths) != len(ch.Starts) {
			return fmt.Errorf("%d paths for %d starts", len(ch.Paths), len(ch.Starts))
		}
		if err := checkPaths(ch); err != nil {
			return err
		}
		for i, s := range ch.Starts {
			if s < 0 || int(s) > len(ch.Data) || (i > 0 && s <= ch.Starts[i-1]) {
				return fmt.Errorf("start %d = %d out of order or range (data %d bytes)", i, s, len(ch.Data))
			}
			if i > 0 && ch.Data[s-1] != ValueSeparator {
				return fmt.Errorf("no separator before value %d", i)
			}
		}
		if ch.Kind == Cells && ch.Column < 1 {
			return fmt.Errorf("column %d", ch.Column)
		}
		if ch.Kind == Cells {
			for i := range ch.IndexDelta {
				if ix := ch.Index(i); ix < 1 {
					return fmt.Errorf("row %d", ix)
				}
			}
		}
	default:
		return fmt.Errorf("kind %d", ch.Kind)
	}
	return nil
}

// render writes chunks in a stable, readable form for golden files.
func render(w *bytes.Buffer, ch *Chunk) {
	to := ch.ReportTo
	if to == 0 {
		to = len(ch.Data)
	}
	switch ch.Kind {
	case Lines:
		fmt.Fprintf(w, "lines line=%d col=%d report=[%d,%d) %q\n", ch.Line, ch.Column, ch.ReportFrom, to, ch.Data)
		return
	case Cells:
		fmt.Fprintf(w, "cells column=%d field=%q report=[%d,%d)\n", ch.Column, ch.Field, ch.ReportFrom, to)
	case Records:
		fmt.Fprintf(w, "records field=%q paths=%v report=[%d,%d)\n", ch.Field, ch.Paths != nil || ch.Positions != nil, ch.ReportFrom, to)
	}
	for i, s := range ch.Starts {
		end := len(ch.Data)
		if i+1 < len(ch.Starts) {
			end = int(ch.Starts[i+1]) - 1
		}
		p := ""
		if ch.Paths != nil || ch.Positions != nil {
			p = " " + ch.Path(i)
		}
		fmt.Fprintf(w, "  %d%s %q\n", ch.Index(i), p, ch.Data[s:end])
	}
}

// decodeAll runs DecodeObject over data and returns the rendered chunks,
// the MIME type and the error, checking the chunk contract on the way.
func decodeAll(t testing.TB, name string, data []byte) (string, string, error) {
	t.Helper()
	var out bytes.Buffer
	var line int64
	mime, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: name}, func(ch *Chunk) error {
		if err := checkChunk(ch, &line); err != nil {
			t.Fatalf("%s: chunk contract: %v", name, err)
		}
		render(&out, ch)
		return nil
	})
	return out.String(), mime, err
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// TestDecodeGolden decodes every file in testdata/decode and compares the
// chunks, MIME type and status with its .golden file. Inputs named *.gz
// are gzipped on the fly from the file without the suffix... unless the
// file itself exists (a real, possibly corrupt, gzip).
func TestDecodeGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/decode/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(name, ".gzipme")
			if name != filepath.Base(in) {
				data = gz(data)
			}
			chunks, mime, err := decodeAll(t, name, data)
			got := fmt.Sprintf("mime: %s\nerror: %v\n%s", mime, err, chunks)
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("decode %s:\n--- got\n%s\n--- want\n%s", name, got, want)
			}
		})
	}
}

var (
	_ Decoder = TextDecoder{}
	_ Decoder = CSVDecoder{}
	_ Decoder = JSONDecoder{}
)

// TestDecoders runs the exported decoders directly: same chunks as
// through DecodeObject, and errors in the Decoder contract's form.
func TestDecoders(t *testing.T) {
	for _, tc := range []struct {
		dec        Decoder
		in         string
		wantValues int
		wantReason string
	}{
		{TextDecoder{}, "a\nb\n", 0, ""},
		{CSVDecoder{}, "h1,h2\n1,2\n", 4, ""},
		{CSVDecoder{Comma: '\t'}, "h1\th2\n1\t2\n", 4, ""},
		{JSONDecoder{}, `{"a":"b"}`, 2, ""},
		{JSONDecoder{}, `{"a":"b"`, 2, ReasonUnableToParse},
		{JSONDecoder{Lines: true}, "{\"a\":\"b\"}\nnot json\n", 2, ReasonUnableToParse},
	} {
		values, chunks := 0, 0
		var line int64
		err := tc.dec.Decode(context.Background(), strings.NewReader(tc.in), Object{}, func(ch *Chunk) error {
			if err := checkChunk(ch, &line); err != nil {
				t.Fatal(err)
			}
			chunks++
			values += len(ch.Starts)
			return nil
		})
		var oe *ObjectError
		switch {
		case tc.wantReason == "" && err != nil:
			t.Errorf("%T %q: %v", tc.dec, tc.in, err)
		case tc.wantReason != "" && (!errors.As(err, &oe) || oe.Reason != tc.wantReason || oe.Status != StatusPartial):
			t.Errorf("%T %q: err %v, want PARTIAL %s", tc.dec, tc.in, err, tc.wantReason)
		}
		if values != tc.wantValues || chunks == 0 {
			t.Errorf("%T %q: %d values in %d chunks, want %d values", tc.dec, tc.in, values, chunks, tc.wantValues)
		}
	}
}

// TestLocalFilesDecode lists testdata/decode with the local source and
// decodes each opened file: the *os.File path gives the same result as
// the in-memory one.
func TestLocalFilesDecode(t *testing.T) {
	src, err := NewLocal("testdata/decode")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = src.List(context.Background(), func(o Object) error {
		if strings.HasSuffix(o.Key, ".golden") || strings.HasSuffix(o.Key, ".gzipme") {
			return nil
		}
		n++
		rc, err := src.Open(context.Background(), o)
		if err != nil {
			return err
		}
		defer rc.Close()
		var fromFile, fromMem bytes.Buffer
		var line int64
		mime, derr := DecodeObject(context.Background(), rc, o, func(ch *Chunk) error {
			if err := checkChunk(ch, &line); err != nil {
				t.Fatal(err)
			}
			render(&fromFile, ch)
			return nil
		})
		data, _ := os.ReadFile(o.Path)
		chunks, mime2, derr2 := decodeAll(t, o.Key, data)
		fromMem.WriteString(chunks)
		if mime != mime2 || fmt.Sprint(derr) != fmt.Sprint(derr2) || fromFile.String() != fromMem.String() {
			t.Errorf("%s: file and memory decodes differ: %s %v / %s %v", o.Key, mime, derr, mime2, derr2)
		}
		return nil
	})
	if err != nil || n < 10 {
		t.Fatalf("List: %v after %d files", err, n)
	}
}

// checkPaths checks a Records chunk's concrete paths: Paths and Positions
// are not both set, Positions holds one index per slot per value, the slots
// are the "[]" of Field's array steps in order, and every Path(i) is Field
// with a non-negative decimal index in each slot — so that the path's
// template is Field. For a chunk with neither, Path(i) is Field.
func checkPaths(ch *Chunk) error {
	if ch.Kind != Records {
		if ch.FieldSlots != nil || ch.Positions != nil {
			return errors.New("FieldSlots/Positions outside a Records chunk")
		}
		return nil
	}
	if ch.Paths != nil && (ch.FieldSlots != nil || ch.Positions != nil) {
		return errors.New("both Paths and FieldSlots/Positions")
	}
	if ch.Paths != nil {
		return nil
	}
	k := len(ch.FieldSlots)
	if k == 0 && ch.Positions != nil {
		return fmt.Errorf("%d positions and no slot", len(ch.Positions))
	}
	if len(ch.Positions) != 0 && len(ch.Positions) != k*len(ch.Starts) {
		return fmt.Errorf("%d positions for %d values of %d slots", len(ch.Positions), len(ch.Starts), k)
	}
	if k > 0 && len(ch.Positions) == 0 {
		return fmt.Errorf("%d slots and no positions", k)
	}
	if want := templateSlots(ch.Field); len(ch.Positions) > 0 && !slices.Equal(ch.FieldSlots, want) {
		return fmt.Errorf("slots %v of %q, want %v", ch.FieldSlots, ch.Field, want)
	}
	for i := range ch.Starts {
		p := ch.Path(i)
		if len(ch.Positions) == 0 {
			if p != ch.Field {
				return fmt.Errorf("path %d %q without positions differs from %q", i, p, ch.Field)
			}
			continue
		}
		// Walk Field and the path together; each slot reads "[digits]".
		fi, pi := 0, 0
		for j, off := range ch.FieldSlots {
			if p[pi:pi+off-fi] != ch.Field[fi:off] {
				return fmt.Errorf("path %d %q does not follow %q", i, p, ch.Field)
			}
			pi += off - fi
			end := strings.IndexByte(p[pi:], ']')
			if p[pi] != '[' || end < 2 {
				return fmt.Errorf("path %d %q: no index in slot %d of %q", i, p, j, ch.Field)
			}
			n, err := strconv.ParseInt(p[pi+1:pi+end], 10, 64)
			if err != nil || n < 0 || strconv.FormatInt(n, 10) != p[pi+1:pi+end] || n != ch.Positions[i*k+j] {
				return fmt.Errorf("path %d %q: slot %d reads %q", i, p, j, p[pi+1:pi+end])
			}
			pi += end + 1
			fi = off + 2
		}
		if p[pi:] != ch.Field[fi:] {
			return fmt.Errorf("path %d %q does not end as %q", i, p, ch.Field)
		}
	}
	return nil
}

// templateSlots finds the "[]" of a template's array steps, skipping
// bracket-quoted names ($['a[]b'], with \' and \\ escaped), independently
// of the decoder's bookkeeping.
func templateSlots(tmpl string) []int {
	var slots []int
	for i := 0; i < len(tmpl); i++ {
		switch {
		case strings.HasPrefix(tmpl[i:], "['"):
			for i += 2; i < len(tmpl) && tmpl[i] != '\''; i++ {
				if tmpl[i] == '\\' {
					i++
				}
			}
			i++ // the ']' after the closing quote
		case strings.HasPrefix(tmpl[i:], "[]"):
			slots = append(slots, i)
			i++
		}
	}
	return slots
}
