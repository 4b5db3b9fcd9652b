package sources

import (
	"bytes"
	"encoding/binary"
)

// Replaying JSON Lines records.
//
// The records of a JSON Lines object mostly repeat a few shapes: the same
// keys in the same order, the same punctuation, only the scalars differ.
// Cut a record at its scalars (strings, numbers, literals) and what lies
// between two of them, its gap (`,"ts":`, `},"shipping":{"city":`), holds
// all of its structure: two records with equal gaps are parsed alike, to
// the same nodes, array indexes and keys, whatever their scalars. So a
// record parsed by value is recorded as its gaps and what it filed, in a
// trie of steps shared by the records of the object, and a later record
// whose gaps are found in the trie is replayed: its gaps compared, its
// scalars scanned and filed, with none of value's per-token work (frames,
// expected members, key filter, positions).
//
// A replay checks the whole record before it files anything, so a record
// it cannot finish (a new shape, an escape, a scalar split by the read
// buffer's end, a batch that would be flushed inside it, a group to
// make) is parsed by value from its start, as if no replay were tried.
// What value does and a replay skips leaves no trace in the output: the
// expectations of the template trie (jsonNode.first, next, members) only
// choose value's fast paths, and a record whose shape was recorded has
// no new node to make.

// jsonStep is a node of the replay trie: a gap and the scalar after it,
// or, if final, the gap that ends the record (before its newline).
type jsonStep struct {
	// w and mask hold the gap's first 24 bytes as three little-endian
	// words and the bytes they fill.
	w, mask [3]uint64
	glen    int   // len(gap)
	next    int32 // the step that followed this one last time, -1 if none
	depth   int32 // the steps from the root to this one, this one included
	parent  int32 // the step before this one
	final   bool
	gap     []byte
	// The scalar's node, and its array indexes if indexed (the value's
	// Positions), as value found them.
	node      *jsonNode
	indexed   bool
	positions []int64
	// The keys value filed in the gap, in order, and their count.
	keys   []jsonStepKey
	keyNum int
	kids   []int32 // the steps that may follow
}

type jsonStepKey struct {
	node      *jsonNode // the object's
	key       []byte    // unescaped
	kw        [2]uint64 // its first 16 bytes, zero-padded, as words
	indexed   bool
	positions []int64
}

// jsonRecTok and jsonRecKey are a scalar and a key of the record being
// recorded, by offsets in the read buffer and in jsonRecorder's slices.
type jsonRecTok struct {
	gapFrom, gapTo int
	node           *jsonNode
	indexed        bool
	posFrom, posTo int
	keyFrom, keyTo int // its gap's keys, in jsonRecorder.keys
	final          bool
}

type jsonRecKey struct {
	node             *jsonNode
	indexed          bool
	posFrom, posTo   int
	bytesFrom, bytes int
}

// maxReplaySteps bounds the trie: an object whose records all differ
// (keys that are data) stops recording there.
const maxReplaySteps = 4096

// jsonRecorder is the replay state of a scanner.
type jsonRecorder struct {
	on      bool // the record being parsed by value is being recorded
	gapFrom int  // where the current gap began
	toks    []jsonRecTok
	keys    []jsonRecKey
	pos     []int64
	kb      []byte
	steps   []jsonStep // steps[0] is the root, with no gap
	arena   []byte     // the steps' gaps and keys
	posArea []int64    // the steps' positions
	// fails counts the replays that failed in a row, and skip the
	// records left to value before the next try: records that are
	// never replayed (each of a new shape, say) cost little more than
	// value's parse.
	fails, skip int
}

// sparseRecord is the record size per scalar past which replaying it
// gains nothing (its time goes to scanning long strings, alike in both)
// and loses a little: past it, the next 255 records go to value. A
// variable so that tests can replay every record.
var sparseRecord = 64

// sparse reports whether a record of size bytes and scalars scalars
// (with its end) is not worth replaying.
func sparse(size, scalars int) bool { return size > sparseRecord*scalars }

// resetReplay empties the trie: at the start of an object (its key filter
// verdicts are its own) and when the template trie is rebuilt.
func (s *jsonScanner) resetReplay() {
	r := &s.rep
	if len(r.steps) == 0 {
		r.steps = append(r.steps, jsonStep{})
	}
	r.steps = r.steps[:1]
	r.steps[0].kids, r.steps[0].next = r.steps[0].kids[:0], -1
	r.arena, r.posArea = r.arena[:0], r.posArea[:0]
	r.on, r.fails, r.skip = false, 0, 0
}

// tryReplay replays the record at s.pos, and the ones after it, if it
// may, and else, if it tried, starts recording the one at s.pos, which
// replay may have moved to a later record (and s.record with it), for
// value.
func (s *jsonScanner) tryReplay() bool {
	r := &s.rep
	if r.skip > 0 {
		r.skip--
		return false
	}
	if s.replay() {
		return true
	}
	if r.fails++; r.fails > 8 {
		r.skip = 1 << min(r.fails-8, 8)
	}
	s.startRecord()
	return false
}

// startRecord starts recording the record that begins at s.pos.
func (s *jsonScanner) startRecord() {
	r := &s.rep
	r.on = len(r.steps) < maxReplaySteps
	r.gapFrom = s.pos
	r.toks, r.keys, r.pos, r.kb = r.toks[:0], r.keys[:0], r.pos[:0], r.kb[:0]
}

// recScalar records a scalar beginning at pos, of node.
func (s *jsonScanner) recScalar(pos int, node *jsonNode, indexed bool) {
	r := &s.rep
	// The keys recorded since the last scalar lie in this one's gap.
	t := jsonRecTok{gapFrom: r.gapFrom, gapTo: pos, node: node, indexed: indexed, keyTo: len(r.keys)}
	if len(r.toks) > 0 {
		t.keyFrom = r.toks[len(r.toks)-1].keyTo
	}
	if indexed {
		t.posFrom = len(r.pos)
		r.pos = append(r.pos, s.positions...)
		t.posTo = len(r.pos)
	}
	r.toks = append(r.toks, t)
}

// recKey records a key filed at node (non-empty, at most maxValue bytes).
func (s *jsonScanner) recKey(node *jsonNode, key []byte, indexed bool) {
	r := &s.rep
	k := jsonRecKey{node: node, indexed: indexed, bytesFrom: len(r.kb), bytes: len(key)}
	r.kb = append(r.kb, key...)
	if indexed {
		k.posFrom = len(r.pos)
		r.pos = append(r.pos, s.positions...)
		k.posTo = len(r.pos)
	}
	r.keys = append(r.keys, k)
}

// finishRecord adds the record just parsed, which ends (before its
// newline) at end, to the trie.
func (s *jsonScanner) finishRecord(end int) {
	r := &s.rep
	r.on = false
	keyFrom := 0
	if len(r.toks) > 0 {
		keyFrom = r.toks[len(r.toks)-1].keyTo
	}
	r.toks = append(r.toks, jsonRecTok{gapFrom: r.gapFrom, gapTo: end, final: true, keyFrom: keyFrom, keyTo: len(r.keys)})
	if sparse(end-r.toks[0].gapFrom, len(r.toks)) {
		r.skip = 255
	}
	buf := s.buf[:s.n]
	cur := int32(0)
	for i := range r.toks {
		t := &r.toks[i]
		gap := buf[t.gapFrom:t.gapTo]
		next := int32(-1)
		for _, k := range r.steps[cur].kids {
			if st := &r.steps[k]; st.final == t.final && bytes.Equal(st.gap, gap) {
				next = k
				break
			}
		}
		if next < 0 {
			if len(r.steps) >= maxReplaySteps {
				return
			}
			next = int32(len(r.steps))
			// A pooled scanner's earlier objects left steps past len
			// whose slices are reused.
			var old jsonStep
			if len(r.steps) < cap(r.steps) {
				old = r.steps[:len(r.steps)+1][len(r.steps)]
			}
			r.steps = append(r.steps, s.newStep(t, gap, old.kids[:0], old.keys[:0]))
			r.steps[next].depth, r.steps[next].parent = int32(i+1), cur
			r.steps[cur].kids = append(r.steps[cur].kids, next)
			r.steps[cur].next = next
		}
		cur = next
	}
}

func (s *jsonScanner) newStep(t *jsonRecTok, gap []byte, kids []int32, keys []jsonStepKey) jsonStep {
	r := &s.rep
	st := jsonStep{final: t.final, node: t.node, indexed: t.indexed, next: -1, glen: len(gap), kids: kids, keys: keys}
	from := len(r.arena)
	r.arena = append(r.arena, gap...)
	st.gap = r.arena[from:len(r.arena):len(r.arena)]
	var q [24]byte
	n := copy(q[:], gap)
	for i := range n {
		st.mask[i/8] |= 0xff << (8 * (i % 8))
	}
	for i := range 3 {
		st.w[i] = binary.LittleEndian.Uint64(q[8*i:])
	}
	if t.indexed {
		st.positions = s.keepPositions(r.pos[t.posFrom:t.posTo])
	}
	for _, k := range r.keys[t.keyFrom:t.keyTo] {
		from := len(r.arena)
		r.arena = append(r.arena, r.kb[k.bytesFrom:k.bytesFrom+k.bytes]...)
		sk := jsonStepKey{node: k.node, key: r.arena[from:len(r.arena):len(r.arena)], indexed: k.indexed}
		var q [16]byte
		copy(q[:], sk.key)
		sk.kw[0], sk.kw[1] = binary.LittleEndian.Uint64(q[:]), binary.LittleEndian.Uint64(q[8:])
		if k.indexed {
			sk.positions = s.keepPositions(r.pos[k.posFrom:k.posTo])
		}
		st.keys = append(st.keys, sk)
		st.keyNum++
	}
	return st
}

func (s *jsonScanner) keepPositions(p []int64) []int64 {
	r := &s.rep
	from := len(r.posArea)
	r.posArea = append(r.posArea, p...)
	return r.posArea[from:len(r.posArea):len(r.posArea)]
}

// stepAt reports whether the step is at buf[pos:]: its gap, and after
// it a scalar's first byte or, for the record's end, its newline. The
// gap alone is not enough: `,"tags":[` is a prefix of `,"tags":[]`. With
// the byte after it, at most one step after a given one fits (the byte
// after a gap before a scalar is no gap's next byte: a gap goes on past
// ',' or ':' or '[' only with a container, a key or white space). The
// caller checked that buf holds 24 bytes from pos.
func stepAt(buf []byte, pos int, st *jsonStep) bool {
	w := buf[pos : pos+24]
	if (binary.LittleEndian.Uint64(w)&st.mask[0]^st.w[0])|(binary.LittleEndian.Uint64(w[8:])&st.mask[1]^st.w[1])|(binary.LittleEndian.Uint64(w[16:])&st.mask[2]^st.w[2]) != 0 {
		return false
	}
	e := pos + st.glen
	if e >= len(buf) || (st.glen > 24 && string(buf[pos+24:e]) != string(st.gap[24:])) {
		return false
	}
	if st.final {
		return buf[e] == '\n'
	}
	return scalarStart[buf[e]]
}

// recordStart marks the first bytes of the records replay goes on to.
var recordStart = [256]bool{'{': true, '[': true}

// scalarStart marks the first bytes of strings, numbers and literals.
var scalarStart = [256]bool{'"': true, '-': true, '0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true, 'n': true, 't': true, 'f': true}

// otherStep finds the step after cur at pos (see stepAt), other than
// its next, and makes it next: -1 if none.
func otherStep(steps []jsonStep, cur int32, buf []byte, pos int) int32 {
	c := &steps[cur]
	for _, k := range c.kids {
		if k != c.next && stepAt(buf, pos, &steps[k]) {
			c.next = k
			return k
		}
	}
	return -1
}

// replay files the record at s.pos if its shape is in the trie and it
// can be replayed whole, and then each record after it that starts its
// line: true if it filed the last one it tried, leaving s.pos at its
// newline; else it takes back what it filed of that one (see unfile) and
// returns false, s.pos and s.record at its start. Going on to the next
// line here, instead of back to run, saves run's per-record work (white
// space, set-up) and replay's.
func (s *jsonScanner) replay() bool {
	r := &s.rep
	buf := s.buf[:s.n]
	pos, start := s.pos, s.pos
	steps := r.steps
	bytesLeft, valsLeft := s.bytesLeft, s.valsLeft
	bytesAt, valsAt := bytesLeft, valsLeft // as the record began
	gen, maxValue, rec := s.gen, s.maxValue, s.recDelta
	lastRec := s.indexBase + s.lim.indexSpan // the last record the batch can index
	cur := int32(0)
	var (
		v      []byte
		at     int
		gapPos int
	)
	for {
		// The step taken last time after cur, by value's three masked
		// word compares; its siblings, if any, after it (see stepAt).
		// The read buffer's last 24 bytes are left to value.
		next := steps[cur].next
		if next < 0 || pos+24 > len(buf) {
			break
		}
		st := &steps[next]
		gapPos = pos
		w := buf[pos : pos+24]
		if (binary.LittleEndian.Uint64(w)&st.mask[0]^st.w[0])|(binary.LittleEndian.Uint64(w[8:])&st.mask[1]^st.w[1])|(binary.LittleEndian.Uint64(w[16:])&st.mask[2]^st.w[2]) != 0 ||
			(st.glen > 24 && (pos+st.glen > len(buf) || string(buf[pos+24:pos+st.glen]) != string(st.gap[24:]))) {
			if next = otherStep(steps, cur, buf, pos); next < 0 {
				break
			}
			st = &steps[next]
		}
	retry:
		// Only the byte after the gap tells a gap from a prefix of a
		// sibling's (see stepAt): what follows has no side effect until
		// it is known.
		if pos = gapPos + st.glen; pos >= len(buf) {
			break
		}
		if st.final {
			if buf[pos] != '\n' {
				goto other
			}
			cur = next // see unfile
			if st.keyNum > 0 && !s.replayKeys(st, &bytesLeft, &valsLeft) {
				break
			}
			if sparse(pos-start, int(st.depth)) {
				r.skip = 255
			}
			s.goodLines++
			r.fails = 0
			// The next line, if it starts a record: skipSpace would
			// count the newline and stop there.
			if r.skip == 0 && pos+1 < len(buf) && recordStart[buf[pos+1]] && s.line < lastRec {
				pos++
				s.line++
				s.record, s.recDelta = s.line, uint32(s.line-s.indexBase)
				rec = s.recDelta
				start, cur = pos, 0
				bytesAt, valsAt = bytesLeft, valsLeft
				continue
			}
			s.bytesLeft, s.valsLeft = bytesLeft, valsLeft
			s.pos = pos
			return true
		}
		// The scalar, by value's fast paths; anything they leave to a
		// slow path ends the replay.
		v, at = nil, pos
		switch b := buf[pos]; {
		case b == '"':
			at++
			i := stringRun64(buf[at:])
			if uint(i) >= uint(len(buf)-at) || i == 64 {
				i = stringRun(buf[at:])
			}
			if at+i < len(buf) && buf[at+i] == '"' && i <= maxValue {
				v = buf[at : at+i : at+i]
				pos = at + i + 1
				break
			}
			// An escape: unescaped into s.str as readStringSlow does, by
			// escape, so long as the longest escape (a surrogate pair,
			// 12 bytes) lies in buf: escape never fills the buffer.
			var ok bool
			if v, pos, ok = s.replayString(buf, at+i, at); !ok {
				goto fail
			}
			at = -1 // v is not a view of buf
		case b == '-' || (b >= '0' && b <= '9'):
			j := pos + numberRun64(buf[pos:])
			if j <= pos || j >= len(buf) || j == pos+64 {
				for j = pos + 1; j < len(buf) && numberByte[buf[j]]; j++ {
				}
			}
			if c := buf[j-1]; j >= len(buf) || j-pos > maxValue || c == '-' || c == '+' || !delimiter[buf[j]] {
				goto fail
			}
			v = buf[pos:j:j]
			pos = j
		case b == 'n' || b == 't' || b == 'f':
			word, w := literalWords[b&31], 4
			if b == 'f' {
				w = 5
			}
			if pos+w >= len(buf) || binary.LittleEndian.Uint32(buf[pos:]) != word || (w == 5 && buf[pos+4] != 'e') || !delimiter[buf[pos+w]] {
				goto fail
			}
			pos += w
		default:
			goto other
		}
		cur = next // before its keys are filed: see unfile
		if st.keyNum > 0 && !s.replayKeys(st, &bytesLeft, &valsLeft) {
			break
		}
		if len(v) == 0 {
			continue
		}
		{
			g := st.node.group
			if bytesLeft -= len(v) + 1; g == nil || st.node.gen != gen || bytesLeft <= 0 || valsLeft <= 1 {
				goto fail
			}
			valsLeft--
			// value's filing, written out.
			if len(g.starts) > 0 {
				g.data = append(g.data, ValueSeparator)
			}
			off := len(g.data)
			g.starts = append(g.starts, int32(off))
			if len(v) <= 32 && at >= 0 && cap(buf)-at >= 32 && cap(g.data)-off >= 32 {
				// As value copies a short value: four words.
				d, w := g.data[off:off+32], buf[at:at+32]
				binary.LittleEndian.PutUint64(d, binary.LittleEndian.Uint64(w))
				binary.LittleEndian.PutUint64(d[8:], binary.LittleEndian.Uint64(w[8:]))
				binary.LittleEndian.PutUint64(d[16:], binary.LittleEndian.Uint64(w[16:]))
				binary.LittleEndian.PutUint64(d[24:], binary.LittleEndian.Uint64(w[24:]))
				g.data = g.data[:off+len(v)]
			} else {
				g.data = append(g.data, v...)
			}
			g.index = append(g.index, rec)
			if st.indexed {
				g.positions = appendPositions(g.positions, st.positions)
			}
		}
		continue
	other:
		// The gap was a prefix of a sibling's.
		if next = otherStep(steps, cur, buf, gapPos); next < 0 {
			break
		}
		st = &steps[next]
		goto retry
	fail:
		break
	}
	s.bytesLeft, s.valsLeft = bytesAt, valsAt
	s.pos = start // moved by escape
	s.unfile(cur, rec)
	return false
}

// unfile takes back what a replay of record rec (its index less the
// batch's base, as the groups keep it) filed before it failed, after
// step cur: the values of index rec at the end of the groups of the
// steps from cur back to the root, of their scalars and keys. No other
// value has that index (the record is a line, tried by replay before
// value parses any of it, and a replay never flushes), and every group
// filed in is one of these: a value is filed after its step is reached,
// a key after the step whose gap holds it.
func (s *jsonScanner) unfile(cur int32, rec uint32) {
	steps := s.rep.steps
	for ; cur > 0; cur = steps[cur].parent {
		st := &steps[cur]
		s.unfileNode(st.node, rec)
		for i := range st.keys {
			s.unfileNode(st.keys[i].node, rec)
		}
	}
}

func (s *jsonScanner) unfileNode(n *jsonNode, rec uint32) {
	if n == nil || n.group == nil || n.gen != s.gen {
		return
	}
	g := n.group
	for k := len(g.index); k > 0 && g.index[k-1] == rec; k-- {
		g.pop()
	}
}

// replayKeys files the keys of a step's gap, as value does; false if
// one would fill the batch or has no group yet (value's to do).
func (s *jsonScanner) replayKeys(st *jsonStep, bytesLeft, valsLeft *int) bool {
	for i := range st.keys {
		k := &st.keys[i]
		g := k.node.group
		// value flushes the batch once it is full; a record that would
		// fill it is left to value, which flushes where it must. So is
		// one with a group to make. (Filing past that point and taking
		// it back would grow buffers value does not, and a flush drops
		// the buffers once their capacities pass releaseCap.)
		if *bytesLeft -= len(k.key) + 1; g == nil || k.node.gen != s.gen || *bytesLeft <= 0 || *valsLeft <= 1 {
			return false
		}
		*valsLeft--
		if len(g.starts) > 0 {
			g.data = append(g.data, ValueSeparator)
		}
		off := len(g.data)
		g.starts = append(g.starts, int32(off))
		if len(k.key) <= 16 && cap(g.data)-off >= 16 {
			// A short key: two word stores, as value's.
			d := g.data[off : off+16]
			binary.LittleEndian.PutUint64(d, k.kw[0])
			binary.LittleEndian.PutUint64(d[8:], k.kw[1])
			g.data = g.data[:off+len(k.key)]
		} else {
			g.data = append(g.data, k.key...)
		}
		g.index = append(g.index, s.recDelta)
		if k.indexed {
			g.positions = appendPositions(g.positions, k.positions)
		}
	}
	return true
}

// replayString reads the rest of a string whose bytes from 'from' to i
// (a stop byte) are plain: its value unescaped in s.str and the position
// after its closing quote, or false if value must read it (a newline, a
// string longer than maxValue or not whole in buf, a bad escape).
func (s *jsonScanner) replayString(buf []byte, i, from int) ([]byte, int, bool) {
	s.str = append(s.str[:0], buf[from:i]...)
	for i < len(buf) && len(s.str) <= s.maxValue {
		switch buf[i] {
		case '"':
			return s.str, i + 1, true
		case '\\':
			if i+13 > len(buf) {
				return nil, 0, false
			}
			s.pos = i + 1
			if s.escape() != nil {
				return nil, 0, false
			}
			i = s.pos
		default: // a newline: a bad record in JSON Lines
			return nil, 0, false
		}
		j := i + stringRun(buf[i:])
		s.str = append(s.str, buf[i:j]...)
		i = j
	}
	return nil, 0, false
}

// pop takes back the group's last value, with its positions (one per
// slot of its template: the value's path has an index per array step).
func (g *jsonGroup) pop() {
	n := len(g.starts) - 1
	if n == 0 {
		g.data = g.data[:0]
	} else {
		g.data = g.data[:g.starts[n]-1]
	}
	g.starts, g.index = g.starts[:n], g.index[:n]
	if len(g.positions) > 0 {
		g.positions = g.positions[:len(g.positions)-len(g.slots)]
	}
}
