// Command gencorpus writes a labeled test corpus and its ground-truth
// manifest (see package testcorpus).
//
//	go run ./testcorpus/cmd/gencorpus -out DIR -seed 1 -files 3 -rows 2000
//	go run ./testcorpus/cmd/gencorpus -out DIR -size 500MB -formats csv,jsonl,txt,log
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/piiscan/piiscan/testcorpus"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	fl := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	d := testcorpus.DefaultOptions
	out := fl.String("out", "", "directory to write the corpus into (required)")
	seed := fl.Int64("seed", d.Seed, "random seed; the same flags give byte-identical output")
	files := fl.Int("files", d.Files, "files per format (ignored with -size)")
	rows := fl.Int("rows", d.Rows, "rows, records or lines per file")
	density := fl.Float64("density", d.Density, "fraction of values that are planted identifiers")
	size := fl.String("size", "", "write files until their total size reaches this (e.g. 500MB, 1GiB); formats default to csv,jsonl,txt,log")
	formats := fl.String("formats", "", "comma-separated formats to write (default all: "+strings.Join(testcorpus.FormatNames(), ",")+")")
	workers := fl.Int("workers", 0, "files written at once (0: GOMAXPROCS); never changes the output")
	manifest := fl.String("manifest", "", "where to write the manifest (default OUT/manifest.json); put it outside OUT to keep it out of a scan")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-out is required")
	}
	opts := testcorpus.Options{Seed: *seed, Files: *files, Rows: *rows, Density: *density, Workers: *workers, ManifestPath: *manifest}
	if *size != "" {
		n, err := parseSize(*size)
		if err != nil {
			return err
		}
		opts.TotalBytes = n
		opts.Formats = []string{"csv", "jsonl", "txt", "log"}
	}
	if *formats != "" {
		opts.Formats = strings.Split(*formats, ",")
	}
	start := time.Now()
	m, err := testcorpus.Generate(*out, opts)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	var total int64
	for _, f := range m.Files {
		total += f.Size
	}
	fmt.Printf("wrote %d files, %d bytes, %d labels, %d negatives to %s in %s (%.0f MB/s)\n",
		len(m.Files), total, len(m.Labels), len(m.Negatives), *out, elapsed.Round(time.Millisecond),
		float64(total)/1e6/elapsed.Seconds())
	return nil
}

// parseSize reads a byte count with an optional unit: B, KB, MB, GB (powers
// of 1000) or KiB, MiB, GiB (powers of 1024).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, x := range units {
		if strings.HasSuffix(u, x.suffix) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, x.suffix)), x.mult
			break
		}
	}
	n, err := strconv.ParseFloat(u, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid -size %q: want a positive number with an optional unit such as 500MB", s)
	}
	return int64(n * float64(mult)), nil
}
