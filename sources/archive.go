package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// ArchiveLimits bound what one object may unpack, as Macie bounds it. A
// limit hit stops the object with the reason given on each field; what
// was scanned before stands and the status is PARTIAL.
type ArchiveLimits struct {
	// MaxNesting is how many containers (zip, tar, gzip) may enclose a
	// file: ReasonArchiveNestingOverLimit for a member deeper than that
	// (the other members are still scanned).
	MaxNesting int
	// MaxFiles is how many files may be processed in all, nested archives
	// included: ReasonArchiveDocumentsOverLimit.
	MaxFiles int64
	// MaxTotalBytes is how many bytes may be decompressed in all:
	// ReasonArchiveBytesOverLimit. Bytes are counted as they stream out of
	// a decompressor, never taken from a header.
	MaxTotalBytes int64
	// MaxFileBytes is how large one extracted file (or a gzip's content)
	// may be: ReasonFileExceedsSizeLimit for that file, the others being
	// still scanned.
	MaxFileBytes int64
}

// DefaultArchiveLimits are Macie's: 10 levels, 1,000,000 files, 10 GB in
// total, 3 GB per file.
var DefaultArchiveLimits = ArchiveLimits{
	MaxNesting:    10,
	MaxFiles:      1_000_000,
	MaxTotalBytes: 10 << 30,
	MaxFileBytes:  3 << 30,
}

// archiveState is shared by every container of one object.
type archiveState struct {
	lim   ArchiveLimits
	files int64
	bytes int64
	// first is the first member that could not be scanned whole; it
	// becomes the object's reason once every other member was scanned.
	first *ObjectError
}

func newArchiveState(lim ArchiveLimits) *archiveState { return &archiveState{lim: lim} }

// enter checks that a container at depth may be opened.
func (a *archiveState) enter(depth int) error {
	if depth >= a.lim.MaxNesting {
		return &ObjectError{Status: StatusSkipped, Reason: ReasonArchiveNestingOverLimit, Err: fmt.Errorf("more than %d nested containers", a.lim.MaxNesting)}
	}
	return nil
}

// budget counts r's bytes against the object's total and a per-file limit.
func (a *archiveState) budget(r io.Reader) io.Reader { return &budgetReader{r: r, a: a, total: true} }

// fileBudget counts r's bytes against the per-file limit only: its bytes
// were counted once already, as they came out of a decompressor.
func (a *archiveState) fileBudget(r io.Reader) io.Reader { return &budgetReader{r: r, a: a} }

// result is what an archive returns once all its members were tried.
func (a *archiveState) result() error {
	if a.first != nil {
		return a.first
	}
	return nil
}

func (a *archiveState) note(reason string, err error) {
	if a.first == nil {
		a.first = &ObjectError{Status: StatusPartial, Reason: reason, Err: err}
	}
}

// budgetReader stops a stream at the archive limits. It never returns
// bytes past a limit, so a bomb costs no more than the limit.
type budgetReader struct {
	r     io.Reader
	a     *archiveState
	n     int64
	total bool
	err   error
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	lim := &b.a.lim
	room := lim.MaxFileBytes - b.n
	if b.total {
		room = min(room, lim.MaxTotalBytes-b.a.bytes)
	}
	if room <= 0 {
		// One more byte tells a stream that ends exactly at the limit from
		// one that goes on.
		var one [1]byte
		n, err := io.ReadFull(b.r, one[:])
		if n == 0 {
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			return 0, err
		}
		b.err = b.overLimit()
		return 0, b.err
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.total {
		b.a.bytes += int64(n)
	}
	return n, err
}

func (b *budgetReader) overLimit() error {
	lim := &b.a.lim
	if b.n >= lim.MaxFileBytes {
		return &ObjectError{Status: StatusPartial, Reason: ReasonFileExceedsSizeLimit, Err: fmt.Errorf("a file larger than %d bytes", lim.MaxFileBytes)}
	}
	return &ObjectError{Status: StatusPartial, Reason: ReasonArchiveBytesOverLimit, Err: fmt.Errorf("more than %d bytes extracted", lim.MaxTotalBytes)}
}

// member decodes one file of an archive: it is dispatched through the
// format table like an object, and every chunk it yields carries its
// embedded file details. It returns nil when the member failed in a way
// that leaves the other members to scan (the failure is noted), and an
// error when the whole object must stop.
func (in *input) member(ctx context.Context, m memberFile, emit func(*Chunk) error) error {
	a := in.arch
	a.files++
	if a.files > a.lim.MaxFiles {
		return &ObjectError{Status: StatusPartial, Reason: ReasonArchiveDocumentsOverLimit, Err: fmt.Errorf("more than %d files", a.lim.MaxFiles)}
	}
	name := memberName(m.name)
	emb := &EmbeddedFile{
		FilePath:         in.prefix + name,
		FileExtension:    strings.TrimPrefix(path.Ext(name), "."),
		FileSize:         m.size,
		FileLastModified: m.modified,
	}
	var r io.Reader
	if m.counted {
		r = a.fileBudget(m.r)
	} else {
		r = a.budget(m.r)
	}
	child := &input{
		br:     getBufReader(r),
		name:   name,
		obj:    in.obj,
		depth:  in.depth + 1,
		size:   -1,
		arch:   a,
		prefix: emb.FilePath + "/",
		ints:   in.ints,
		keys:   in.keys,
		share:  in.share,
	}
	if m.raw != nil {
		child.raw, child.size = m.raw, m.raw.Size()
	}
	var emitErr error
	_, err := decodeStream(ctx, child, func(ch *Chunk) error {
		if ch.Embedded == nil { // a nested archive's member keeps its own
			ch.Embedded = emb
		}
		if err := emit(ch); err != nil {
			emitErr = err
			return err
		}
		return nil
	})
	putBufReader(child.br)
	switch {
	case err == nil:
		return nil
	case emitErr != nil:
		return emitErr
	case ctx.Err() != nil:
		return ctx.Err()
	}
	var oe *ObjectError
	var re *readError
	var me *malformedError
	switch {
	case errors.As(err, &oe):
		switch oe.Reason {
		case ReasonArchiveBytesOverLimit, ReasonArchiveDocumentsOverLimit:
			return err
		case ReasonUnsupportedFileType:
			a.note(ReasonArchiveUnprocessedFiles, fmt.Errorf("a file of no supported format: %w", oe))
		default:
			a.note(oe.Reason, oe.Err)
		}
	case errors.As(err, &re):
		return err // the object itself can no longer be read
	case errors.As(err, &me):
		a.note(ReasonMalformedFile, me.err)
	default:
		a.note(ReasonInternalError, err)
	}
	return nil
}

// memberFile is one regular file of an archive.
type memberFile struct {
	name     string
	size     int64 // as the archive's header says: reported, never trusted
	modified time.Time
	r        io.Reader
	raw      *io.SectionReader // the member's bytes at offsets, when stored uncompressed
	counted  bool              // r's bytes already count against the total
}

// maxMemberName is the longest member path reported.
const maxMemberName = 1024

// memberName makes an entry name safe to report: valid UTF-8, no NUL, at
// most 1 KiB (its end kept). Names are never used as file system paths:
// nothing is extracted to disk, so "../" or "/etc/passwd" escape nothing;
// they are reported as the archive spells them.
func memberName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.ReplaceAll(name, "\x00", "\uFFFD")
	if len(name) > maxMemberName {
		i := len(name) - maxMemberName
		for i < len(name) && !utf8.RuneStart(name[i]) {
			i++
		}
		name = name[i:]
	}
	return name
}

// randomAccess returns the stream as an io.ReaderAt and its size: the
// object itself when it is one (a local file, an S3 object read with
// ranged GETs), else a copy spooled to an unlinked temporary file of at
// most MaxFileBytes bytes (a Parquet or zip file inside a tar or gzip
// stream). done releases it.
func randomAccess(ctx context.Context, in *input) (ra io.ReaderAt, size int64, done func(), err error) {
	if in.readsAt() {
		return in.raw.(io.ReaderAt), in.size, func() {}, nil
	}
	f, err := os.CreateTemp("", "piiscan-spool-")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("spool: %w", err)
	}
	// Unlinked at once: nothing is left behind whatever happens next.
	os.Remove(f.Name())
	done = func() { f.Close() }
	limit := in.arch.lim.MaxFileBytes
	n, err := io.Copy(f, &ctxReader{ctx: ctx, r: io.LimitReader(in.br, limit+1)})
	if err != nil {
		done()
		var we *os.PathError
		if errors.As(err, &we) {
			return nil, 0, nil, fmt.Errorf("spool: %w", err)
		}
		return nil, 0, nil, err
	}
	if n > limit {
		done()
		return nil, 0, nil, &ObjectError{Status: StatusSkipped, Reason: ReasonFileExceedsSizeLimit, Err: fmt.Errorf("a file larger than %d bytes", limit)}
	}
	return f, n, done, nil
}

// readsAt says whether randomAccess reads in's object itself at offsets,
// rather than a copy spooled from in.br.
func (in *input) readsAt() bool {
	_, ok := in.raw.(io.ReaderAt)
	return ok && in.size >= 0
}

// ctxReader stops a copy once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// blockReaderAt serves small reads at nearby offsets from one block read
// ahead: archive/zip reads headers and compressed data a few KiB at a
// time, and on S3 every ReadAt is a GET. Not safe for concurrent use.
type blockReaderAt struct {
	ra   io.ReaderAt
	size int64
	buf  []byte
	off  int64
	n    int
}

func newBlockReaderAt(ra io.ReaderAt, size int64) *blockReaderAt {
	return &blockReaderAt{ra: ra, size: size, buf: make([]byte, min(1<<20, max(size, 1)))}
}

func (b *blockReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= b.off && off+int64(len(p)) <= b.off+int64(b.n) {
		return copy(p, b.buf[off-b.off:]), nil
	}
	if len(p) >= len(b.buf) || off >= b.size {
		return b.ra.ReadAt(p, off)
	}
	n, err := b.ra.ReadAt(b.buf[:min(int64(len(b.buf)), b.size-off)], off)
	b.off, b.n = off, n
	if err != nil && err != io.EOF {
		b.n = 0
		return 0, err
	}
	m := copy(p, b.buf[:n])
	if m < len(p) {
		return m, io.EOF
	}
	return m, nil
}
