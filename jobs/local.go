package jobs

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/piiscan/piiscan/findings"
)

// LocalRepository keeps a job's results and state in a local directory:
// <root>/<jobId>/<uuidv7>.jsonl, one batch of records per file, and the
// state objects in <root>/<jobId>/piiscan/. Every file is written to a
// temporary name, synced and renamed, so a batch is there whole or not at
// all, which is what makes the results the checkpoint (see Recorded).
type LocalRepository struct {
	dir string
}

// NewLocalRepository creates (if need be) and returns the job's directory
// under root.
func NewLocalRepository(root, jobID string) (*LocalRepository, error) {
	dir := filepath.Join(root, jobID)
	if err := os.MkdirAll(filepath.Join(dir, "piiscan"), 0o750); err != nil {
		return nil, fmt.Errorf("results directory: %w", err)
	}
	return &LocalRepository{dir: dir}, nil
}

// OpenLocalRepository returns the job's existing directory under root, for
// reading (job summary): unlike NewLocalRepository it creates nothing, and a
// directory that is not there is an error naming it.
func OpenLocalRepository(root, jobID string) (*LocalRepository, error) {
	dir := filepath.Join(root, jobID)
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("results directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("results directory %s: not a directory", dir)
	}
	return &LocalRepository{dir: dir}, nil
}

// Location implements Repository.
func (r *LocalRepository) Location() string { return r.dir }

// Records implements Repository.
func (r *LocalRepository) Records(ctx context.Context, since time.Time, shard Shard, fn func(line []byte, written time.Time) error) error {
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		return fmt.Errorf("read results directory: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".jsonl") || !shard.ReadsObject(e.Name()) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("read results directory: %w", err)
		}
		if !since.IsZero() && info.ModTime().Before(since) {
			continue
		}
		written := info.ModTime()
		if err := readLines(filepath.Join(r.dir, e.Name()), func(line []byte) error { return fn(line, written) }); err != nil {
			return err
		}
	}
	return nil
}

func readLines(name string, fn func([]byte) error) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("read results: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// Get implements Repository.
func (r *LocalRepository) Get(_ context.Context, name string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(r.dir, "piiscan", name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotExist)
	}
	return data, err
}

// Put implements Repository.
func (r *LocalRepository) Put(_ context.Context, name string, data []byte) error {
	return writeFileAtomic(filepath.Join(r.dir, "piiscan", name), data)
}

func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	// The rename is durable once the directory is synced.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// NewSink returns a Sink writing records into the repository, a file every
// maxRecords records or maxAge after a file's first record, whichever
// comes first.
func (r *LocalRepository) NewSink(maxRecords int, maxAge time.Duration) findings.Sink {
	s := &localSink{dir: r.dir, maxRecords: max(1, maxRecords), maxAge: maxAge, stop: make(chan struct{}), done: make(chan struct{})}
	go s.tick()
	return s
}

type localSink struct {
	dir        string
	maxRecords int
	maxAge     time.Duration

	mu      sync.Mutex
	buf     bytes.Buffer
	line    []byte
	n       int
	first   time.Time
	err     error
	failed  int
	closed  bool
	stop    chan struct{}
	done    chan struct{}
	written []string
}

func (s *localSink) tick() {
	defer close(s.done)
	if s.maxAge <= 0 {
		<-s.stop
		return
	}
	t := time.NewTicker(min(s.maxAge, time.Second))
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			if s.n > 0 && time.Since(s.first) >= s.maxAge {
				s.flushLocked()
			}
			s.mu.Unlock()
		}
	}
}

func (s *localSink) Write(ctx context.Context, r *findings.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return findings.ErrClosed
	}
	if s.err != nil {
		s.failed++
		return s.err
	}
	if s.n == 0 {
		s.first = time.Now()
	}
	s.line = append(r.AppendJSON(s.line[:0], false), '\n')
	s.buf.Write(s.line)
	s.n++
	if s.n >= s.maxRecords {
		s.flushLocked()
	}
	return s.err
}

func (s *localSink) flushLocked() {
	if s.n == 0 || s.err != nil {
		return
	}
	id, err := uuid.NewV7()
	if err != nil {
		id = uuid.New()
	}
	name := filepath.Join(s.dir, id.String()+".jsonl")
	if err := writeFileAtomic(name, s.buf.Bytes()); err != nil {
		s.err = err
		s.failed += s.n
	} else {
		s.written = append(s.written, name)
	}
	s.buf.Reset()
	s.n = 0
}

func (s *localSink) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.flushLocked()
	err, failed := s.err, s.failed
	s.mu.Unlock()
	close(s.stop)
	<-s.done
	if err != nil {
		return fmt.Errorf("%d result records not written: %w", failed, err)
	}
	return nil
}
