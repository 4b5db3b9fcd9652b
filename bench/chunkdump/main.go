// Command chunkdump writes the chunks piiscan's decoders hand the detection
// engine for the files of a corpus, so that the engine's cost on real
// chunks can be measured alone: detectors' BenchmarkScanChunks reads the
// file named by PIISCAN_CHUNKS.
//
//	go run ./bench/chunkdump -every 8 .cache/bench-corpus-500MB /tmp/chunks
//	PIISCAN_CHUNKS=/tmp/chunks GOEXPERIMENT=simd go test ./detectors -run '^$' -bench ScanChunks
//
// Per chunk: its kind (sources.LocationKind) as a byte, a little-endian
// uint32 field length, the field, a uint32 data length, the data. The files
// are decoded with the scanner's decode options (integer filter, JSON key
// filter, shared dictionary values), so the chunks are the ones a scan
// gives the engine.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/sources"
)

func main() {
	every := flag.Int("every", 1, "dump every n-th file (in path order)")
	offset := flag.Int("offset", 0, "starting with the file at this index, below -every")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: chunkdump [-every N] [-offset K] CORPUS-DIR OUT-FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 || *every < 1 || *offset < 0 || *offset >= *every {
		flag.Usage()
		os.Exit(2)
	}
	if err := dump(flag.Arg(0), flag.Arg(1), *every, *offset); err != nil {
		fmt.Fprintln(os.Stderr, "chunkdump:", err)
		os.Exit(1)
	}
}

func dump(root, out string, every, offset int) error {
	e, err := detectors.Compile(detectors.Options{})
	if err != nil {
		return err
	}
	s := e.NewScanner()
	opts := sources.DecodeOptions{
		IntegerDigits: func(field string) uint32 { return e.IntegerDigits(e.Field(field)) },
		KeyFilter: func(field string, key []byte) bool {
			found := false
			s.Scan(key, e.Field(field), func(detectors.Match) { found = true })
			return found
		},
		ShareValues: true,
	}
	var paths []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("list %s: %w", root, err)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	var u [4]byte
	put := func(b []byte) {
		binary.LittleEndian.PutUint32(u[:], uint32(len(b)))
		w.Write(u[:])
		w.Write(b)
	}
	for i, path := range paths {
		if i%every != offset {
			continue
		}
		r, err := os.Open(path)
		if err != nil {
			return err
		}
		st, err := r.Stat()
		if err != nil {
			r.Close()
			return err
		}
		obj := sources.Object{Key: filepath.Base(path), Path: path, Size: st.Size()}
		_, err = sources.DecodeObjectWith(context.Background(), r, obj, opts, func(ch *sources.Chunk) error {
			w.WriteByte(byte(ch.Kind))
			put([]byte(ch.Field))
			put(ch.Data)
			return nil
		})
		r.Close()
		if err != nil {
			// What was emitted before the fault is in the dump; say so.
			fmt.Fprintf(os.Stderr, "chunkdump: %s: %v\n", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
