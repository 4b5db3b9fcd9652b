package testcorpus

import "bufio"

// textWriter writes lines of a .txt or .log file, numbering them and keeping
// keyword lines away from lines whose plant must have no keyword near: the
// rules look 30 characters around a value, and a detector may well look
// across a line break, so the two kinds are kept at least quietGap
// characters apart, with filler lines in between when needed.
type textWriter struct {
	g    *fileGen
	w    *bufio.Writer
	line int64 // number of lines written
	// characters written since the end of the last line with a keyword, and
	// since the end of the last line that needs quiet.
	sinceKeyword, sinceQuiet int
	buf                      []byte
	filler                   func(b []byte) []byte // appends one filler line
}

// quietGap is in bytes: 45 characters of three-byte Japanese keywords.
const quietGap = 140

func newTextWriter(g *fileGen, w *bufio.Writer, filler func(b []byte) []byte) *textWriter {
	return &textWriter{g: g, w: w, sinceKeyword: quietGap, sinceQuiet: quietGap, filler: filler}
}

// emit writes one line (without its newline) and returns its number.
func (t *textWriter) emit(line []byte, keyword, needsQuiet bool) int64 {
	t.w.Write(line)
	t.w.WriteByte('\n')
	t.line++
	t.sinceKeyword += len(line) + 1
	t.sinceQuiet += len(line) + 1
	if keyword {
		t.sinceKeyword = 0
	}
	if needsQuiet {
		t.sinceQuiet = 0
	}
	return t.line
}

// guard writes filler lines until a line with the given needs may follow.
func (t *textWriter) guard(keyword, needsQuiet bool) {
	for keyword && t.sinceQuiet < quietGap || needsQuiet && t.sinceKeyword < quietGap {
		t.buf = t.filler(t.buf[:0])
		t.emit(t.buf, false, false)
	}
}

// planted writes a line holding p at byte offset p.off of line and records
// it.
func (t *textWriter) planted(line []byte, p plant) {
	t.guard(p.keyword, p.needsQuiet)
	col := runeColumn(line, p.off)
	n := t.emit(line, p.keyword, p.needsQuiet)
	t.g.record(p, Location{LineRange: &LineRange{Start: n, End: n, StartColumn: col}})
}

// block writes a multi-line block (a key) preceded by an intro line and
// followed by an empty line, and records it with p's type or kind.
//
// A block needs quiet: its last base64 line may be 40 characters long, the
// shape of an AWS secret.
func (t *textWriter) block(intro string, lines []string, p plant) {
	t.guard(false, true)
	t.emit([]byte(intro), false, false)
	start := t.line + 1
	for _, l := range lines {
		t.emit([]byte(l), false, true)
	}
	p.value = lines[0]
	t.g.record(p, Location{LineRange: &LineRange{Start: start, End: t.line, StartColumn: 1}})
	t.emit(nil, false, false)
}

// proseLine appends a filler line of one to three sentences.
func proseLine(r *rng) func(b []byte) []byte {
	return func(b []byte) []byte {
		b = appendSentence(b, r)
		for n := r.intn(3); n > 0; n-- {
			b = append(b, ' ')
			b = appendSentence(b, r)
		}
		return b
	}
}

var keyIntros = []string{
	"Deploy key for the build server:", "Key from the old bastion host, to be revoked:",
	"Attached the key the contractor used:", "Backup of the signing key (do not share):",
}

var publicIntros = []string{
	"Public half for the authorized list:", "Server certificate as installed last week:",
	"Certificate chain from the vendor:", "Public key for the webhook signatures:",
}

// writeTxt writes free text: paragraphs of prose with identifiers in
// sentences, headings, .env-like snippets and key blocks.
func writeTxt(g *fileGen, w *bufio.Writer) error {
	r := g.r
	t := newTextWriter(g, w, proseLine(r))
	var line []byte
	for t.line < int64(g.rows) {
		u := r.intn(1000)
		switch {
		case u < 40:
			t.emit(nil, false, false)
		case u < 55:
			line = append(line[:0], "## Notes from "...)
			line = appendISODate(line, r)
			t.emit(line, false, false)
		case u < 85 && g.chance(g.pPos*6):
			lines, typ := privateKey(r)
			if g.room(typ) && g.unique(lines[1]) {
				t.block(pick(r, keyIntros), lines, plant{typ: typ})
			}
		case u >= 85 && u < 100 && g.chance(g.pNeg*3):
			lines, kind := publicBlock(r)
			if g.room(kind) && g.unique(lines[1]) {
				t.block(pick(r, publicIntros), lines, plant{neg: kind})
			}
		case u >= 100 && u < 115 && g.chance(g.pPos*3):
			t.envSnippet()
		default:
			line = line[:0]
			if r.intn(4) == 0 {
				line = appendSentence(line, r)
				line = append(line, ' ')
			}
			var p plant
			line, p = g.slot(line, slotNotes)
			if !p.planted() {
				t.emit(proseLine(r)(line[:0]), false, false)
				continue
			}
			if r.intn(3) == 0 {
				line = append(line, ' ')
				line = appendSentence(line, r)
			}
			t.planted(line, p)
		}
	}
	return nil
}

// envSnippet writes an .env-like block with an AWS key pair.
func (t *textWriter) envSnippet() {
	g, r := t.g, t.g.r
	if !g.room(TypeAWSCredentials) || g.count[TypeAWSCredentials]+2 > maxPerType {
		return
	}
	id, ok1 := g.fresh(awsAccessKeyID)
	secret, ok2 := g.fresh(awsSecretKey)
	if !ok1 || !ok2 {
		return
	}
	t.emit([]byte("# "+pick(r, []string{"staging", "ci", "reporting", "backup"})+" service account, rotate after the demo"), false, false)
	t.emit([]byte(pick(r, envNames)), false, false)
	idPrefix := pick(r, []string{"AWS_ACCESS_KEY_ID=", "aws_access_key_id = "})
	t.planted([]byte(idPrefix+id), plant{typ: TypeAWSCredentials, value: id, off: len(idPrefix)})
	secPrefix := pick(r, []string{"AWS_SECRET_ACCESS_KEY=", "aws_secret_access_key = "})
	t.planted([]byte(secPrefix+secret), plant{typ: TypeAWSCredentials, value: secret, off: len(secPrefix), keyword: true})
	t.emit([]byte(pick(r, envNames)), false, false)
	t.emit(nil, false, false)
}

// logLine appends a filler log line.
func logLine(r *rng, c *logClock) func(b []byte) []byte {
	return func(b []byte) []byte {
		return appendLogMessage(appendLogPrefix(b, r, c), r)
	}
}

// writeLog writes application log lines: ISO timestamps, levels, services,
// request ids, with identifiers in some messages.
func writeLog(g *fileGen, w *bufio.Writer) error {
	r := g.r
	clock := newLogClock(r)
	t := newTextWriter(g, w, logLine(r, clock))
	var line, plantedText []byte
	for t.line < int64(g.rows) {
		line = appendLogPrefix(line[:0], r, clock)
		var p plant
		mark := len(line)
		line, p = g.slot(line, slotNotes)
		if !p.planted() {
			line = appendLogMessage(line[:mark], r)
			t.emit(line, false, false)
			continue
		}
		// Filler lines the guard writes take later times: the planted line
		// gets its prefix after them, so the log's clock never goes back.
		plantedText = append(plantedText[:0], line[mark:]...)
		t.guard(p.keyword, p.needsQuiet)
		line = appendLogPrefix(line[:0], r, clock)
		p.off += len(line) - mark
		line = append(line, plantedText...)
		if !p.endsLine && r.intn(2) == 0 {
			line = append(line, " request_id="...)
			line = appendUUID(line, r)
		}
		t.planted(line, p)
	}
	return nil
}

func (g *fileGen) chance(p float64) bool { return g.r.chance(p) }
