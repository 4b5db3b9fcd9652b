package testcorpus

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Options say what to generate.
type Options struct {
	// Seed makes the corpus: the same options give byte-identical output.
	Seed int64
	// Files is the number of files per format. Ignored when TotalBytes > 0.
	Files int
	// Rows is the number of rows (CSV, TSV), records (JSON, JSON Lines) or
	// lines (text) per file.
	Rows int
	// Density is the fraction of values that are planted identifiers (a
	// cell, a JSON leaf; a line of text counts as five values). The same
	// share again is planted as hard negatives.
	Density float64
	// Formats selects formats by name (see FormatNames); nil means all.
	Formats []string
	// TotalBytes, when > 0, makes Generate write files of the selected
	// formats in turn until their total size reaches it, instead of Files
	// per format.
	TotalBytes int64
	// Workers is how many files are written at once; 0 means GOMAXPROCS.
	// It never changes the output.
	Workers int
	// ManifestPath is where the manifest is written; "" means
	// dir/manifest.json. A benchmark corpus may want it outside dir, so
	// that the scan does not read it.
	ManifestPath string
}

// DefaultOptions are the options the accuracy tests and gencorpus default to.
var DefaultOptions = Options{Seed: 1, Files: 3, Rows: 2000, Density: 0.02}

// ManifestName is the manifest's file name in the corpus directory.
const ManifestName = "manifest.json"

// job is one file to write: the i-th file of format f.
type job struct {
	f *format
	i int
}

type fileResult struct {
	info      FileInfo
	labels    []Label
	negatives []Negative
}

// Generate writes a corpus into dir (created if needed) and returns its
// manifest, which it also writes as dir/manifest.json (or
// opts.ManifestPath).
func Generate(dir string, opts Options) (*Manifest, error) {
	fs, err := opts.formats()
	if err != nil {
		return nil, err
	}
	switch {
	case opts.Rows <= 0:
		return nil, fmt.Errorf("generate corpus: rows must be positive, got %d", opts.Rows)
	case opts.Density < 0 || opts.Density > 1:
		return nil, fmt.Errorf("generate corpus: density must be in [0, 1], got %g", opts.Density)
	case opts.Files < 0:
		return nil, fmt.Errorf("generate corpus: files must not be negative, got %d", opts.Files)
	case opts.TotalBytes < 0:
		return nil, fmt.Errorf("generate corpus: total bytes must not be negative, got %d", opts.TotalBytes)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	m := &Manifest{Seed: opts.Seed, Files: []FileInfo{}, Labels: []Label{}, Negatives: []Negative{}}
	add := func(res fileResult) {
		m.Files = append(m.Files, res.info)
		m.Labels = append(m.Labels, res.labels...)
		m.Negatives = append(m.Negatives, res.negatives...)
	}
	if opts.TotalBytes > 0 {
		err = generateBySize(dir, opts, fs, workers, add)
	} else {
		var jobs []job
		for _, f := range fs {
			for i := range opts.Files {
				jobs = append(jobs, job{f, i})
			}
		}
		var results []fileResult
		results, err = runJobs(dir, opts, jobs, workers)
		for _, res := range results {
			add(res)
		}
	}
	if err != nil {
		return nil, err
	}
	mpath := opts.ManifestPath
	if mpath == "" {
		mpath = filepath.Join(dir, ManifestName)
	}
	if err := m.WriteFile(mpath); err != nil {
		return nil, err
	}
	return m, nil
}

func (o Options) formats() ([]*format, error) {
	if len(o.Formats) == 0 {
		fs := make([]*format, len(formats))
		for i := range formats {
			fs[i] = &formats[i]
		}
		return fs, nil
	}
	var fs []*format
	for _, name := range o.Formats {
		f := formatByName(name)
		if f == nil {
			return nil, fmt.Errorf("generate corpus: unknown format %q (known: %s)", name, strings.Join(FormatNames(), ", "))
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// generateBySize writes files of the formats in turn, a batch of workers at
// a time, until their sizes add up to opts.TotalBytes. Files of the last
// batch past that point are removed, so the output does not depend on the
// number of workers.
func generateBySize(dir string, opts Options, fs []*format, workers int, add func(fileResult)) error {
	var total int64
	for n := 0; ; n += workers {
		jobs := make([]job, workers)
		for k := range jobs {
			jobs[k] = job{fs[(n+k)%len(fs)], (n + k) / len(fs)}
		}
		results, err := runJobs(dir, opts, jobs, workers)
		if err != nil {
			return err
		}
		for _, res := range results {
			if total >= opts.TotalBytes {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(res.info.Path))); err != nil {
					return fmt.Errorf("generate corpus: %w", err)
				}
				continue
			}
			add(res)
			total += res.info.Size
		}
		if total >= opts.TotalBytes {
			return nil
		}
	}
}

// runJobs writes the files of jobs, workers at a time, and returns their
// results in job order.
func runJobs(dir string, opts Options, jobs []job, workers int) ([]fileResult, error) {
	results := make([]fileResult, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			for k := range next {
				results[k], errs[k] = writeFile(dir, opts, jobs[k])
			}
		})
	}
	for k := range jobs {
		next <- k
	}
	close(next)
	wg.Wait()
	return results, errors.Join(errs...)
}

// filePath is where the i-th file of format f goes, relative to the root.
func filePath(f *format, i int) string {
	return fmt.Sprintf("%s/%s-%04d%s", f.dir, f.stem, i, f.ext)
}

// stream derives the random stream of the i-th file of f from f's name and
// i alone, so each file is the same whatever else is generated.
func stream(f *format, i int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(f.name))
	return h.Sum64() ^ uint64(i+1)*0x9E3779B97F4A7C15
}

func writeFile(dir string, opts Options, jb job) (res fileResult, err error) {
	rel := filePath(jb.f, jb.i)
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return res, fmt.Errorf("generate %s: %w", rel, err)
	}
	g := newFileGen(newRNG(opts.Seed, stream(jb.f, jb.i)), rel, opts.Rows, min(1, opts.Density*jb.f.scale))
	out, err := os.Create(full)
	if err != nil {
		return res, fmt.Errorf("generate %s: %w", rel, err)
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("generate %s: %w", rel, cerr)
		}
	}()
	fileBuf := bufio.NewWriterSize(out, 256<<10)
	w := fileBuf
	var gz *gzip.Writer
	if jb.f.gzip {
		gz = gzip.NewWriter(fileBuf)
		w = bufio.NewWriterSize(gz, 256<<10)
	}
	err = jb.f.write(g, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil && gz != nil {
		if err = gz.Close(); err == nil {
			err = fileBuf.Flush()
		}
	}
	if err != nil {
		return res, fmt.Errorf("generate %s: %w", rel, err)
	}
	st, err := out.Stat()
	if err != nil {
		return res, fmt.Errorf("generate %s: %w", rel, err)
	}
	res.info = FileInfo{Path: rel, Format: jb.f.format, Size: st.Size()}
	res.labels, res.negatives = g.labels, g.negatives
	return res, nil
}
