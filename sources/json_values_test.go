package sources

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestJSONValuesMatchEncodingJSON decodes generated JSON Lines whose
// records share shapes (so keys are matched against the cached member
// names, and short values copied a word at a time) but vary in key and
// value lengths around the word sizes, and checks every scanned value,
// with its record index, against encoding/json's tokens.
func TestJSONValuesMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	word := func(n int) string {
		const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 @.-_é\"\\\n\t€"
		r := []rune(alphabet)
		var b strings.Builder
		for range n {
			b.WriteRune(r[rng.IntN(len(r))])
		}
		return b.String()
	}
	keys := make([]string, 12)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%s", strings.Repeat("x", i*2)) // 1 to 23 bytes
	}
	keys[3] = "a b" // bracket-quoted in paths
	keys[5] = `q"uote`
	var data bytes.Buffer
	for range 1500 {
		rec := map[string]any{}
		// Mostly one shape, sometimes a missing or extra member.
		for i, k := range keys {
			if rng.IntN(10) == 0 {
				continue
			}
			switch i % 4 {
			case 0:
				rec[k] = word(rng.IntN(40))
			case 1:
				rec[k] = rng.Int64N(1e12) - 5e11
			case 2:
				rec[k] = []any{word(rng.IntN(20)), map[string]any{keys[rng.IntN(len(keys))]: word(rng.IntN(30))}}
			default:
				rec[k] = map[string]any{"n": rng.Float64() * 1000, "s": word(rng.IntN(17))}
			}
		}
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		data.Write(line)
		data.WriteByte('\n')
	}

	var want []string
	for i, line := range bytes.Split(bytes.TrimSuffix(data.Bytes(), []byte{'\n'}), []byte{'\n'}) {
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			switch v := tok.(type) {
			case string:
				if v != "" {
					want = append(want, fmt.Sprintf("%d|%q", i, v))
				}
			case json.Number:
				want = append(want, fmt.Sprintf("%d|%q", i, string(v)))
			}
		}
	}
	var got []string
	err := decodeJSON(context.Background(), bytes.NewReader(data.Bytes()), true, &defaultLimits, func(ch *Chunk) error {
		for i, s := range ch.Starts {
			end := len(ch.Data)
			if i+1 < len(ch.Starts) {
				end = int(ch.Starts[i+1]) - 1
			}
			got = append(got, fmt.Sprintf("%d|%q", ch.Index(i), ch.Data[s:end]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%d values, encoding/json has %d; first difference: %s", len(got), len(want), firstDiff(got, want))
	}
}
