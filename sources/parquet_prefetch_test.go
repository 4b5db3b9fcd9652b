package sources

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pqAhead is a way to read ahead in the tests: the reads in flight, the
// pieces' size and the gap merged (pqOptions.piece and gap), and how much
// of the end is read first (pqOptions.tail; 8: the footer only, so that
// the column chunks are read through the prefetcher even in a small file).
type pqAhead struct {
	ahead            int
	piece, gap, tail int64
	peek             bool // the file's head peeked, as DecodeObject does
}

var pqAheads = map[string]pqAhead{
	"3 ahead, pieces of 64 bytes, adjacent merged": {ahead: 3, piece: 64, gap: -1, tail: 8},
	"2 ahead, pieces of 1000, gaps of 200":         {ahead: 2, piece: 1000, gap: 200, tail: 8, peek: true},
	"8 ahead, as on S3":                            {ahead: 8, peek: true},
}

// decodeParquetAhead decodes data read through ra (data itself if nil)
// with reads ahead as a says (none: a.ahead 0), and returns copies of
// the chunks, the final error, and the bytes the prefetcher served and
// read on demand.
func decodeParquetAhead(t testing.TB, data []byte, ra io.ReaderAt, lim *limits, ints func(string) uint32, a pqAhead) (chunks []pqRawChunk, served, direct int64) {
	t.Helper()
	if ra == nil {
		ra = bytes.NewReader(data)
	}
	in := &input{br: newBufReader(bytes.NewReader(data)), raw: readerAtFile{bytes.NewReader(data), ra}, size: int64(len(data)),
		arch: newArchiveState(DefaultArchiveLimits), ints: ints, readsAhead: a.ahead}
	if a.peek {
		_, _ = in.br.Peek(sniffLen)
	}
	opts := pqOptions{share: true, shareMinUses: pqShareMinUses, tail: a.tail, piece: a.piece, gap: a.gap,
		prefetched: func(s, d int64) { served, direct = s, d }}
	err := decodeParquetWith(context.Background(), in, lim, func(ch *Chunk) error {
		chunks = append(chunks, rawChunkOf(ch))
		return nil
	}, opts)
	if err != nil {
		chunks = append(chunks, pqRawChunk{pqChunk: pqChunk{Err: err.Error()}})
	}
	return chunks, served, direct
}

// parquetFixtures is every Parquet file the tests have: the other
// writers' fixtures, the variants of the fast paths and of pqPages, and
// the nested and integer files, each also corrupted and truncated.
func parquetFixtures(t *testing.T) map[string][]byte {
	files := pqPagesVariants(t)
	files["nested rows"] = writeParquet(t, pqRows(4000))
	paths, err := filepath.Glob(filepath.Join(parquetWritersDir, "*.parquet"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in %s: %v", parquetWritersDir, err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = data
	}
	for _, name := range slices.Collect(mapKeys(files)) {
		data := files[name]
		files[name+" corrupt"] = corrupt(data)
		// Truncated: a footer that points past the end of what is left.
		files[name+" cut"] = append(slices.Clone(data[:len(data)/3]), data[len(data)-len(data)/3:]...)
	}
	return files
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestParquetPrefetchSameChunks: reading the column chunks ahead changes
// nothing of what a file gives, damaged files and their errors included;
// and on a file that is not damaged, the prefetcher serves the column
// chunks' bytes — it reads what the decoder reads.
func TestParquetPrefetchSameChunks(t *testing.T) {
	ints := func(field string) uint32 { return 1<<13 | 1<<16 } // some integer chunks left unread
	for name, data := range parquetFixtures(t) {
		for _, filter := range []func(string) uint32{nil, ints} {
			want, _, _ := decodeParquetAhead(t, data, nil, &small, filter, pqAhead{})
			for how, a := range pqAheads {
				got, served, direct := decodeParquetAhead(t, data, nil, &small, filter, a)
				sameChunks(t, name+", "+how, "on demand", got, want)
				if strings.Contains(name, "corrupt") || strings.Contains(name, "cut") || a.tail != 8 || served == 0 && direct == 0 {
					continue
				}
				// On demand: the magic number at 0 when the head is not
				// peeked, and nothing else.
				if limit := int64(4); a.peek && direct != 0 || !a.peek && direct > limit || served == 0 {
					t.Errorf("%s, %s: %d bytes served by the prefetcher, %d read on demand", name, how, served, direct)
				}
			}
		}
	}
}

// TestDecodeObjectReadsAhead: with DecodeOptions.RangeReadsAhead, the
// column chunks of a Parquet object are read several at once, and give
// what they give read on demand; without, one read at a time.
func TestDecodeObjectReadsAhead(t *testing.T) {
	data := writeParquet(t, pqFlatRows(60_000))
	if len(data) < 3*prefetchPieceBytes {
		t.Fatalf("a file of %d bytes: too small for several pieces", len(data))
	}
	var want []located
	for _, ahead := range []int{0, 4} {
		// Reads wait (up to 300 ms each) for another to be in flight,
		// until two have been: reads made one after the other never are.
		ra := &recordingReaderAt{data: data, together: 2}
		if ahead == 0 {
			ra.together = 0
		}
		var got []located
		_, err := DecodeObjectWith(context.Background(), readerAtFile{bytes.NewReader(data), ra}, Object{Key: "flat.parquet", Size: int64(len(data))},
			DecodeOptions{RangeReadsAhead: ahead}, func(ch *Chunk) error {
				for i, s := range ch.Starts {
					end := len(ch.Data)
					if i+1 < len(ch.Starts) {
						end = int(ch.Starts[i+1]) - 1
					}
					got = append(got, located{value: string(ch.Data[s:end]), field: ch.Field, index: ch.Index(i)})
				}
				return nil
			})
		if err != nil || len(got) == 0 {
			t.Fatalf("%d ahead: %d values, %v", ahead, len(got), err)
		}
		_, peak, calls := ra.state()
		t.Logf("%d ahead: %d reads, at most %d at once", ahead, calls, peak)
		switch {
		case ahead == 0 && peak != 1:
			t.Errorf("on demand: %d reads at once", peak)
		case ahead > 0 && (peak < 2 || peak > ahead):
			t.Errorf("%d ahead: %d reads at once, want 2 to %d", ahead, peak, ahead)
		}
		if ahead == 0 {
			want = got
		} else if !slices.Equal(got, want) {
			t.Errorf("%d ahead: %d values differ from the %d read on demand", ahead, len(got), len(want))
		}
	}
}
