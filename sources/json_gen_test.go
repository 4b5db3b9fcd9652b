package sources

import (
	"bytes"
	"math/rand/v2"
	"strings"
)

// jsonGen writes random JSON that reaches the decoder's fast and slow
// paths: repeated record shapes (member-order prediction), keys of every
// length class, escapes of every kind, raw control bytes, invalid UTF-8,
// long strings and numbers, literals, white space where it may go, deep
// nesting, and, when broken is set, damage of the kinds real files show.
type jsonGen struct {
	rng    *rand.Rand
	b      bytes.Buffer
	keys   []string
	lines  bool // JSON Lines: no newline inside a record unless broken
	broken bool
	depth  int
}

func newJSONGen(seed uint64, lines, broken bool) *jsonGen {
	g := &jsonGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), lines: lines, broken: broken}
	g.keys = []string{"a", "id", "name", "email", "order_id", "postal_code", "card_number", "exactly15bytes_", "sixteen_bytes_ab",
		"a key with spaces", `q\"uote`, `back\\slash`, `\u00e9t\u00e9`, "tab\\tkey", "", "x1", "$dollar", "_u", "1digit",
		strings.Repeat("k", 239), strings.Repeat("L", 300), "日本語キー", "it's", "\xff\xfebad"}
	return g
}

func (g *jsonGen) space() {
	if g.rng.IntN(4) != 0 {
		return
	}
	ws := " \t\r"
	if !g.lines || (g.broken && g.rng.IntN(20) == 0) {
		ws = " \t\r\n"
	}
	for range 1 + g.rng.IntN(3) {
		g.b.WriteByte(ws[g.rng.IntN(len(ws))])
	}
}

func (g *jsonGen) str() {
	g.b.WriteByte('"')
	n := g.rng.IntN(24)
	switch g.rng.IntN(12) {
	case 0:
		n = g.rng.IntN(300)
	case 1:
		n = 500 + g.rng.IntN(3000)
	}
	for range n {
		switch r := g.rng.IntN(60); {
		case r == 0:
			g.b.WriteString([]string{`\n`, `\"`, `\\`, `\/`, `\b`, `\f`, `\r`, `\t`}[g.rng.IntN(8)])
		case r == 1:
			g.b.WriteString([]string{`\u00e9`, `\u0040`, `\uD83D\uDE00`, `\ud800`, `\udc00x`, `\ud800\u0041`, `\ud800\ud800`, `\u0000`, `\uFFFF`, `\u00E9`}[g.rng.IntN(10)])
		case r == 2 && g.broken:
			g.b.WriteString([]string{`\x`, `\u12G4`, `\`, "\n", `\u`, `\u12`}[g.rng.IntN(6)])
		case r == 3:
			if c := byte(g.rng.IntN(32)); c != '\n' || !g.lines || g.broken {
				g.b.WriteByte(c) // raw control byte
			}
		case r == 4:
			g.b.WriteString([]string{"é", "€", "😀", "\xff", "\xc3", "\xed\xa0\x80", "\u2028"}[g.rng.IntN(7)])
		case r == 5 && !g.lines:
			g.b.WriteByte('\n')
		default:
			g.b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789 @.-_:,{}[]"[g.rng.IntN(47)])
		}
	}
	if !g.broken || g.rng.IntN(50) != 0 {
		g.b.WriteByte('"')
	}
}

func (g *jsonGen) number() {
	nums := []string{"0", "-1", "42", "3.14", "-0.5e10", "1E+3", "123456789012345678901234567890", "4111111111111111", "1.5", "007"}
	if g.broken {
		nums = append(nums, "-", "1-", "1e+", "1.2.3", "1x", "+1", "--1", "1e")
	}
	if g.rng.IntN(30) == 0 {
		g.b.WriteString(strings.Repeat("9", 100+g.rng.IntN(2000)))
		return
	}
	g.b.WriteString(nums[g.rng.IntN(len(nums))])
}

func (g *jsonGen) value() {
	g.space()
	r := g.rng.IntN(20)
	if g.depth > 3 && r < 6 {
		r += 6 // scalars below a few levels
	}
	if g.depth == 0 && g.rng.IntN(200) == 0 {
		g.deep()
		return
	}
	switch {
	case r < 3:
		g.object()
	case r < 5:
		g.array()
	case r < 11:
		g.str()
	case r < 14:
		g.number()
	default:
		lits := []string{"true", "false", "null", "null", "null"}
		if g.broken {
			lits = append(lits, "nul", "nullx", "tru", "fals", "NULL", "nan")
		}
		g.b.WriteString(lits[g.rng.IntN(len(lits))])
	}
	g.space()
}

func (g *jsonGen) deep() {
	d := 200 + g.rng.IntN(100)
	for i := range d {
		if i%2 == 0 {
			g.b.WriteString(`[`)
		} else {
			g.b.WriteString(`{"d":`)
		}
	}
	g.b.WriteString(`"bottom"`)
	for i := d - 1; i >= 0; i-- {
		if i%2 == 0 {
			g.b.WriteString(`]`)
		} else {
			g.b.WriteString(`}`)
		}
	}
}

func (g *jsonGen) object() {
	g.depth++
	defer func() { g.depth-- }()
	g.b.WriteByte('{')
	// Mostly one order of a few keys, so that shapes repeat.
	n := g.rng.IntN(6)
	start := g.rng.IntN(3)
	for i := range n {
		if i > 0 {
			g.b.WriteByte(',')
		}
		g.space()
		k := g.keys[(start+i)%len(g.keys)]
		if g.rng.IntN(5) == 0 {
			k = g.keys[g.rng.IntN(len(g.keys))]
		}
		g.b.WriteString(`"` + k + `"`)
		g.space()
		if !g.broken || g.rng.IntN(100) != 0 {
			g.b.WriteByte(':')
		}
		g.value()
	}
	g.space()
	if !g.broken || g.rng.IntN(100) != 0 {
		g.b.WriteByte('}')
	}
}

func (g *jsonGen) array() {
	g.depth++
	defer func() { g.depth-- }()
	g.b.WriteByte('[')
	n := g.rng.IntN(5)
	for i := range n {
		if i > 0 {
			g.b.WriteByte(',')
		}
		g.value()
	}
	if g.broken && g.rng.IntN(100) == 0 {
		g.b.WriteByte(',')
	}
	g.b.WriteByte(']')
}

// doc returns a document of about size bytes.
func (g *jsonGen) doc(size int) []byte {
	g.b.Reset()
	for g.b.Len() < size {
		if g.lines {
			g.object()
			g.space()
			if g.rng.IntN(10) == 0 {
				g.b.WriteString("\r")
			}
			if g.rng.IntN(30) == 0 {
				g.b.WriteString("\n") // a blank line
			}
			if g.broken && g.rng.IntN(30) == 0 {
				g.b.WriteString(" 7") // two values on a line
			}
			g.b.WriteByte('\n')
			continue
		}
		g.value()
		if g.rng.IntN(3) == 0 {
			break
		}
		g.b.WriteByte(" \n\t"[g.rng.IntN(3)])
	}
	out := bytes.Clone(g.b.Bytes())
	if g.broken && len(out) > 0 {
		switch g.rng.IntN(4) {
		case 0:
			out = out[:g.rng.IntN(len(out))]
		case 1:
			out[g.rng.IntN(len(out))] = byte(g.rng.IntN(256))
		}
	}
	if g.rng.IntN(20) == 0 {
		out = append([]byte("\xef\xbb\xbf"), out...)
	}
	return out
}
