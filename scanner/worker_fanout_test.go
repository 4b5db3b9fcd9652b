package scanner

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources"
)

// expandUses returns the chunk of ch's uses, one value each: what a
// decoder that does not share values emits.
func expandUses(ch *sources.Chunk) *sources.Chunk {
	out := &sources.Chunk{Kind: ch.Kind, Field: ch.Field, FieldSlots: ch.FieldSlots, Positions: ch.Positions, Paths: ch.Paths, IndexBase: ch.IndexBase, IndexDelta: ch.IndexDelta, Embedded: ch.Embedded}
	for _, v := range ch.Uses {
		end := len(ch.Data)
		if int(v)+1 < len(ch.Starts) {
			end = int(ch.Starts[v+1]) - 1
		}
		if len(out.Starts) > 0 {
			out.Data = append(out.Data, sources.ValueSeparator)
		}
		out.Starts = append(out.Starts, int32(len(out.Data)))
		out.Data = append(out.Data, ch.Data[ch.Starts[v]:end]...)
	}
	return out
}

// sharedChunks makes chunks of distinct values, some sensitive, some
// several times so in one value, used by rows in random order.
func sharedChunks(r *rand.Rand, nested bool, emb *sources.EmbeddedFile) []*sources.Chunk {
	pool := []string{
		"Paris", "user1@example.com", "123-45-6789 and user2@example.com", "nothing here",
		"4111 1111 1111 1111", "a@example.com b@example.com c@example.com", "078-05-1120", "Lyon", "",
	}
	var chunks []*sources.Chunk
	row := int64(0)
	for range 1 + r.IntN(4) {
		ch := &sources.Chunk{Kind: sources.Records, Field: "$.contact", IndexBase: row, Embedded: emb}
		if nested {
			ch.Field, ch.FieldSlots = "$.c[].v", []int{3}
		}
		nv := 1 + r.IntN(len(pool)-1)
		for i, j := range r.Perm(len(pool) - 1)[:nv] {
			if i > 0 {
				ch.Data = append(ch.Data, sources.ValueSeparator)
			}
			ch.Starts = append(ch.Starts, int32(len(ch.Data)))
			ch.Data = append(ch.Data, pool[j]...)
		}
		for range 1 + r.IntN(3000) {
			ch.Uses = append(ch.Uses, int32(r.IntN(nv)))
			ch.IndexDelta = append(ch.IndexDelta, uint32(row-ch.IndexBase))
			if nested {
				ch.Positions = append(ch.Positions, int64(r.IntN(4)))
			}
			if r.IntN(3) > 0 {
				row++
			}
		}
		chunks = append(chunks, ch)
	}
	return chunks
}

// TestFanOutMatchesExpanded: a chunk of distinct values with Uses yields
// the records (counts, listed occurrences and their order, paths, archived
// files) that the same uses, one value each, yield, whatever the cap.
func TestFanOutMatchesExpanded(t *testing.T) {
	e, err := detectors.Compile(detectors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sev := newSeverityTable(e)
	r := rand.New(rand.NewPCG(4, 2))
	for trial := range 60 {
		maxOcc := []int{0, 1, 3, 50, 1000, 1 << 20}[trial%6]
		nested := trial%2 == 1
		var emb *sources.EmbeddedFile
		if trial%5 == 4 {
			emb = &sources.EmbeddedFile{FilePath: "in/a.parquet", FileSize: 9}
		}
		chunks := sharedChunks(r, nested, emb)
		build := func(share bool) []*findings.Record {
			w := newWorker(nil, Config{Engine: e, MaxOccurrences: maxOcc}, sev)
			w.agg.Now = func() (t0 time.Time) { return }
			w.agg.NewID = func() string { return "id" }
			w.agg.Reset()
			// A plain chunk first, so a type may start the shared ones
			// part-listed.
			plain := &sources.Chunk{Kind: sources.Records, Field: "$.x", Data: []byte(strings.Repeat("z@example.com\x00", 2) + "q"), Starts: []int32{0, 14, 28}, IndexDelta: []uint32{0, 0, 0}, Embedded: emb}
			if err := w.scanChunk(plain); err != nil {
				t.Fatal(err)
			}
			for _, ch := range chunks {
				if !share {
					ch = expandUses(ch)
				}
				if err := w.scanChunk(ch); err != nil {
					t.Fatal(err)
				}
			}
			w.flushBatch() // the chunks small enough to wait for one scan
			info := findings.ObjectInfo{Key: "k"}
			recs := []*findings.Record{w.agg.Build(info, findings.Status{Code: "COMPLETE"}, 0, "", findings.JobInfo{}, sev.severity)}
			return append(recs, w.agg.BuildEmbedded(info, findings.JobInfo{}, sev.severity)...)
		}
		got, want := build(true), build(false)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (cap %d, nested %v, archived %v): fan-out records differ\ngot  %s\nwant %s", trial, maxOcc, nested, emb != nil, summary(got), summary(want))
		}
		if trial == 0 && len(want[0].ClassificationDetails.Result.SensitiveData) == 0 {
			t.Fatal("no detections: the test checks nothing")
		}
	}
}

func summary(recs []*findings.Record) string {
	var b strings.Builder
	for _, r := range recs {
		for _, s := range r.ClassificationDetails.Result.SensitiveData {
			for _, d := range s.Detections {
				n := 0
				if d.Occurrences != nil {
					n = len(d.Occurrences.Records)
				}
				fmt.Fprintf(&b, "%s:%d/%d ", d.Type, d.Count, n)
			}
		}
		b.WriteString("| ")
	}
	return b.String()
}
