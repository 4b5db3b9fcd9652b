package sources

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"sync"
	"unicode/utf8"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// TextDecoder decodes plain text into Lines chunks.
//
// Each chunk holds whole lines, up to 256 KiB, split after a '\n'; Line is
// the 1-based line number of Data[0] and Column is 1. Chunks overlap: a
// chunk reports matches that start up to a line break at least Overlap
// bytes before the end of what it holds, so that a match running over
// lines across the cut (a PEM block) is seen whole, and the next chunk
// starts with a few lines before its first reported byte, so that a
// keyword just before the cut is context for the values after it. The bytes are passed
// as they are (no charset decoding, "\r\n" kept), except that a UTF-8 byte
// order mark at the start of the object is dropped, so that it does not
// count as a column.
//
// A line longer than a chunk is split into windows that share Overlap bytes
// of context on each side: ReportFrom and ReportTo are set so that every
// match of at most Overlap bytes is reported by exactly one window, whole.
// Column is then the 1-based character column of Data[0] in its line,
// counting each UTF-8 sequence (or each byte that is not valid UTF-8) as one
// character, as Macie counts startColumn; windows never start inside a
// UTF-8 sequence. Memory is bounded whatever the line length.
type TextDecoder struct{}

// Decode implements Decoder.
func (TextDecoder) Decode(ctx context.Context, r io.Reader, _ Object, emit func(*Chunk) error) error {
	return decodeWith(ctx, r, emit, func(ctx context.Context, br *bufio.Reader, emit func(*Chunk) error) error {
		return decodeText(ctx, br, &defaultLimits, emit)
	})
}

// lineChunks recycles decodeText's chunk: emit makes it escape, and it was
// an allocation per text object.
var lineChunks = sync.Pool{New: func() any { return new(Chunk) }}

func decodeText(ctx context.Context, r io.Reader, lim *limits, emit func(*Chunk) error) error {
	buf, put := getBuf(lim)
	defer put()
	ch := lineChunks.Get().(*Chunk)
	*ch = Chunk{Kind: Lines}
	defer func() {
		*ch = Chunk{} // no reference to the buffer stays in the pool
		lineChunks.Put(ch)
	}()
	var (
		line       int64 = 1 // line of buf[0]
		col        int64 = 1 // column of buf[0]
		n          int       // bytes in buf
		reportFrom int       // buf[:reportFrom] is context already reported
		first      = true
		eof        bool
	)
	send := func(data []byte, from, to int, end bool) error {
		ch.Data, ch.ReportFrom, ch.ReportTo, ch.Line, ch.Column, ch.End = data, from, to, line, col, end
		return emit(ch)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := io.ReadFull(r, buf[n:])
		n += m
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			eof = true
		} else if err != nil {
			// Scan what was read before the stream failed.
			if n > reportFrom {
				if err := send(buf[:n], reportFrom, n, false); err != nil {
					return err
				}
			}
			return err
		}
		if first {
			first = false
			if bytes.HasPrefix(buf[:n], utf8BOM) {
				n = copy(buf, buf[3:n])
			}
		}
		if eof {
			if n > reportFrom {
				return send(buf[:n], reportFrom, n, true)
			}
			return nil
		}
		if i := bytes.LastIndexByte(buf[reportFrom:n], '\n'); i >= 0 {
			end := reportFrom + i + 1
			if j := bytes.LastIndexByte(buf[reportFrom:max(reportFrom, n-lim.overlap)], '\n'); j >= 0 {
				end = reportFrom + j + 1
			}
			// A chunk that reports all it holds ends the text if the
			// stream ends there: then no chunk follows to say so.
			atEnd := false
			if p, ok := r.(interface{ Peek(int) ([]byte, error) }); ok && end == n {
				_, err := p.Peek(1)
				atEnd = err == io.EOF
			}
			if err := send(buf[:n], reportFrom, end, atEnd); err != nil {
				return err
			}
			// Keep the lines that start within two lookbehinds of the cut
			// (none if a line that long straddles it).
			cut := end
			if lb := lim.lookbehind(); end-lb > reportFrom {
				if k := bytes.LastIndexByte(buf[max(reportFrom, end-2*lb):end-lb], '\n'); k >= 0 {
					cut = max(reportFrom, end-2*lb) + k + 1
				}
			}
			line, col = advance(buf[:cut], line, col)
			reportFrom = end - cut
			n = copy(buf, buf[cut:n])
			continue
		}
		// A line longer than the buffer: report up to one overlap before the
		// end, and carry the last two overlaps into the next window.
		reportTo := n - lim.overlap
		if err := send(buf[:n], reportFrom, reportTo, false); err != nil {
			return err
		}
		cut := runeStart(buf[:n], n-lim.carry())
		line, col = advance(buf[:cut], line, col)
		reportFrom = reportTo - cut
		n = copy(buf, buf[cut:n])
	}
}

// advance returns the line and column of the byte after b, given those of
// b[0].
func advance(b []byte, line, col int64) (int64, int64) {
	k := bytes.LastIndexByte(b, '\n')
	if k < 0 {
		return line, col + int64(utf8.RuneCount(b))
	}
	return line + int64(bytes.Count(b, []byte{'\n'})), 1 + int64(utf8.RuneCount(b[k+1:]))
}

// runeStart moves i back (at most 3 bytes) to the start of the UTF-8
// sequence that b[i] belongs to, so that a window does not start inside a
// character.
func runeStart(b []byte, i int) int {
	for k := 0; k < utf8.UTFMax-1 && i > 0 && i < len(b) && b[i]&0xC0 == 0x80; k++ {
		i--
	}
	return i
}
