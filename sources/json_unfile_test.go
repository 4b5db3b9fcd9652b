package sources

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestJSONReplayTakesBack fails replays at every value of a record, by
// batches that fill there, and checks that what the replay filed before
// is taken back whole: keys in the gap that ends a record, keys of a
// group no scalar of the record files in, values of one group from
// several steps, empty values between them. The records are replayed
// (one shape, seen before), so a value left behind would be filed twice.
func TestJSONReplayTakesBack(t *testing.T) {
	defer func(old int) { sparseRecord = old }(sparseRecord)
	sparseRecord = 1 << 30 // replay every record
	shapes := []string{
		`{"id":"i%d","tags":["a","",%d],"ee":{},"f":[],"gg":{"hh":{},"ii":[{}]}}`,
		`{"pp":{"qq":{"rr":"x%d"}},"ss":[{"tt":"","uu":[%d,"",{"vv":null}]}],"ww":{"xx":{},"yy":{"zz":[]}}}`,
		`[["a%d",""],{"kk":[%d,"b"]},{"ll":{}}]`,
	}
	keys := func(_ string, k []byte) bool { return len(k)%2 == 0 }
	for _, sh := range shapes {
		var b strings.Builder
		for i := range 4 {
			fmt.Fprintf(&b, sh+"\n", i, i)
		}
		data := []byte(b.String())
		for bv := 2; bv <= 40; bv++ {
			for _, bb := range []int{1 << 20, 41, 67, 90} {
				for _, kf := range []func(string, []byte) bool{nil, keys} {
					l := smallBatches
					l.batchBytes, l.batchVals = bb, bv
					want := renderWith(refDecodeJSONKeys, data, true, &l, kf)
					if got := renderWith(decodeJSONKeys, data, true, &l, kf); got != want {
						t.Fatalf("%s batchVals=%d batchBytes=%d key filter=%v: output differs from the reference's\n%s", sh, bv, bb, kf != nil, firstDiffLine(got, want))
					}
				}
			}
		}
	}
}

// TestJSONReplaySiblingGaps replays records that go different ways at a
// step, by gaps that agree on their first 8, 16 or 24 bytes, or more, or
// of which one is a prefix of another: every step tried (the one taken
// last, the one before it, the others) must be compared whole.
func TestJSONReplaySiblingGaps(t *testing.T) {
	defer func(old int) { sparseRecord = old }(sparseRecord)
	sparseRecord = 1 << 30 // replay every record
	firsts := []string{
		`,"k_______1":`,                      // 8 bytes alike
		`,"k_______2":`,                      //
		`,"k_______________1":`,              // 16
		`,"k_______________2":`,              //
		`,"k_______________________1":`,      // 24
		`,"k_______________________2":`,      //
		`,"k____________________________1":`, // past 24
		`,"k____________________________2":`, //
		`,"t":[`,                             // a prefix of the next
		`,"t":[],"u":`,                       //
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for pair := range len(firsts) / 2 {
		var b strings.Builder
		for i := range 300 {
			// Records mostly go one of two ways, so that the one taken
			// before the last is often the one; now and then another.
			f := firsts[2*pair+rng.IntN(2)]
			if rng.IntN(8) == 0 {
				f = firsts[rng.IntN(len(firsts))]
			}
			g := firsts[2*pair+rng.IntN(2)]
			fmt.Fprintf(&b, `{"id":%d%s"x%d"%s%d}`+"\n", i, f, i, g, i)
		}
		data := []byte(b.String())
		checkReference(t, data, true, []int{97, 4099})
	}
}
