package sources

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveStringRun is stringRun's contract written plainly.
func naiveStringRun(b []byte) int {
	for i, c := range b {
		if c == '"' || c == '\\' || c == '\n' {
			return i
		}
	}
	return len(b)
}

// naiveNumberRun is the index of b's first byte outside numberByte.
func naiveNumberRun(b []byte) int {
	for i, c := range b {
		if !numberByte[c] {
			return i
		}
	}
	return len(b)
}

// runSlices yields views of a random backing array at every length and
// offset class the scans treat apart: short and long, near the end of
// the capacity (no room for a 64-byte block) and far from it, with stop
// bytes and number bytes before, at and past len(b) (the blocks read the
// capacity past it).
func runSlices(t *testing.T, fn func(b []byte)) {
	rng := rand.New(rand.NewPCG(21, 22))
	const alphabet = "abc \"\\\n0123456789-+.eE\x00\x1f\xff\xc3\xa9"
	back := make([]byte, 1024)
	for range 4000 {
		density := 1 + rng.IntN(200)
		for i := range back {
			if rng.IntN(density) == 0 {
				back[i] = alphabet[rng.IntN(len(alphabet))]
			} else if rng.IntN(2) == 0 {
				back[i] = 'x'
			} else {
				back[i] = "0123456789"[rng.IntN(10)]
			}
		}
		off := rng.IntN(len(back))
		n := rng.IntN(len(back) - off + 1)
		if rng.IntN(3) == 0 {
			n = min(n, rng.IntN(80))
		}
		c := n + rng.IntN(len(back)-off-n+1) // capacity past len
		fn(back[off : off+n : off+c])
	}
}

func TestStringRunMatchesNaive(t *testing.T) {
	runSlices(t, func(b []byte) {
		want := naiveStringRun(b)
		if got := stringRun(b); got != want {
			t.Fatalf("stringRun(%q) = %d, want %d", b, got, want)
		}
		if got := stringRunSWAR(b); got != want {
			t.Fatalf("stringRunSWAR(%q) = %d, want %d", b, got, want)
		}
		checkRun64(t, "stringRun64", b, stringRun64(b), want)
	})
}

// checkRun64 checks a block scan's answer got for b against want, the
// naive scan's: -1 only without the block scan or 64 bytes of capacity;
// an index inside b and the block must be want; 64 or an index past
// len(b) says only that b's part of the block holds no byte sought.
func checkRun64(t *testing.T, name string, b []byte, got, want int) {
	t.Helper()
	switch {
	case got == -1:
		if jsonBlockScan && cap(b) >= 64 {
			t.Fatalf("%s declined a block of capacity %d", name, cap(b))
		}
	case got < 0 || got > 64:
		t.Fatalf("%s(%q) = %d", name, b, got)
	case got < len(b) && got < 64:
		if got != want {
			t.Fatalf("%s(%q) = %d, want %d", name, b, got, want)
		}
	case want < min(len(b), 64):
		t.Fatalf("%s(%q) = %d, past the byte at %d", name, b, got, want)
	}
}

func TestNumberRunMatchesNaive(t *testing.T) {
	runSlices(t, func(b []byte) {
		want := naiveNumberRun(b)
		checkRun64(t, "numberRun64", b, numberRun64(b), want)
	})
}

// renderAll decodes data and returns every field of every chunk and the
// error, status and reason, as text to compare.
func renderAll(data []byte, lines bool, lim *limits, keys func(string, []byte) bool) string {
	return renderWith(decodeJSONKeys, data, lines, lim, keys)
}

// readBufSizes are read buffer sizes that split nearly every token (the
// slow paths: literal, readNumber, readStringSlow, skipSpaceSlow, keys
// read in pieces) or leave most in one piece but some across a refill.
var readBufSizes = []int{8, 13, 61, 64, 200, 4099}

// checkReadBufs decodes data with lim and with lim's read buffer shrunk
// to each of readBufSizes: the fast paths, which need a token whole in
// the buffer, and the slow ones must give the same chunks and errors.
func checkReadBufs(t *testing.T, data []byte, lines bool, lim *limits) {
	t.Helper()
	keys := func(_ string, k []byte) bool { return len(k)%3 != 1 }
	for _, kf := range []func(string, []byte) bool{nil, keys} {
		want := renderAll(data, lines, lim, kf)
		for _, rb := range readBufSizes {
			l := *lim
			l.readBuf = rb
			if got := renderAll(data, lines, &l, kf); got != want {
				t.Fatalf("lines=%v readBuf=%d key filter=%v: output differs from readBuf=%d\ninput %q\n got %s\nwant %s",
					lines, rb, kf != nil, lim.readBuf, data, got, want)
			}
		}
	}
}

// smallBatches are the small limits but for maxValue: batches and
// groups flushed often, nesting limited, and no value split into
// windows, whose bounds depend on where the read buffer cut the value.
var smallBatches = func() limits { l := small; l.maxValue = defaultLimits.maxValue; return l }()

// TestJSONFastPathsMatchSlowPaths runs generated JSON and JSON Lines,
// valid and damaged, through checkReadBufs with the default limits and
// smallBatches.
func TestJSONFastPathsMatchSlowPaths(t *testing.T) {
	seeds := uint64(150)
	if testing.Short() {
		seeds = 30
	}
	for seed := range seeds {
		for _, lines := range []bool{false, true} {
			for _, broken := range []bool{false, true} {
				doc := newJSONGen(seed, lines, broken).doc(1 + int(seed%5)*1500)
				checkReadBufs(t, doc, lines, &defaultLimits)
				checkReadBufs(t, doc, lines, &smallBatches)
			}
		}
	}
}

// FuzzJSONReadBuffers is checkReadBufs on fuzzed input, JSON and JSON
// Lines; its seeds are generated documents.
func FuzzJSONReadBuffers(f *testing.F) {
	for seed := range uint64(12) {
		f.Add(newJSONGen(seed, seed%2 == 0, seed%3 == 0).doc(300 + int(seed)*100))
	}
	f.Add([]byte("{\"a\":nul\n{\"a\":null}\n{\"a\":tru}\r\n{\"a\":-}\n{\"a\":1e+}\n{\"a\":\"x\\u12\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReadBufs(t, data, false, &defaultLimits)
		checkReadBufs(t, data, true, &defaultLimits)
	})
}

// TestJSONSurrogateLookaheadAcrossFill: after a lone high surrogate the
// decoder looks two bytes ahead for a low one; with the read buffer
// ending at every place around them, the bytes looked at must not be
// lost (they were, when a fill fell between the two).
func TestJSONSurrogateLookaheadAcrossFill(t *testing.T) {
	for _, doc := range []string{
		`{"a":"xy\ud800\rkz"}` + "\n",
		`{"a":"xy\ud800\ud800\u0041z"}` + "\n",
		`{"a":"xy\ud800\/z","b":"\uD83D\uDE00"}` + "\n",
		`["\ud800\`,
	} {
		for pad := range 12 {
			data := []byte(strings.Repeat(" ", pad) + doc)
			checkReadBufs(t, data, true, &defaultLimits)
			checkReadBufs(t, data, false, &defaultLimits)
		}
	}
	var got []string
	err := decodeJSON(context.Background(), strings.NewReader(`{"a":"xy\ud800\rkz"}`), false, &limits{
		readBuf: 12, overlap: 16, batchBytes: 1 << 10, batchVals: 64, maxValue: 1 << 10, maxColumns: 8, maxDepth: 8, maxGroups: 8, releaseCap: 1 << 10, indexSpan: math.MaxUint32,
	}, func(ch *Chunk) error {
		for i, st := range ch.Starts {
			end := len(ch.Data)
			if i+1 < len(ch.Starts) {
				end = int(ch.Starts[i+1]) - 1
			}
			got = append(got, string(ch.Data[st:end]))
		}
		return nil
	})
	if want := []string{"a", "xy\uFFFD\rkz"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}
