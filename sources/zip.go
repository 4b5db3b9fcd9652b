package sources

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// decodeZip scans each file of a zip archive in turn, through the format
// table, without extracting anything to disk: the archive is read at
// offsets (the object itself, or a spooled copy when it is a member of a
// stream), and each member is decompressed as it is scanned.
//
// Zip bombs: decompressed bytes are counted as they stream (see
// ArchiveLimits), never taken from a header. An archive whose entries'
// data overlap (the overlapping-entry bomb, or a crafted file) is refused
// whole with ReasonMalformedFile before anything is scanned. Encrypted
// members, and members compressed with a method archive/zip lacks, are
// unprocessed files (ReasonArchiveUnprocessedFiles).
func decodeZip(ctx context.Context, in *input, emit func(*Chunk) error) error {
	if err := in.arch.enter(in.depth); err != nil {
		return err
	}
	ra, size, done, err := randomAccess(ctx, in)
	if err != nil {
		return err
	}
	defer done()
	br := newBlockReaderAt(ra, size)
	if err := checkZipDirectory(br, size); err != nil {
		return err
	}
	zra := &switchReaderAt{br}
	zr, err := zip.NewReader(zra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Names are only reported, so an insecure path is no reason to
		// stop; anything else is a broken archive.
		return &malformedError{fmt.Errorf("zip: %w", err)}
	}
	// On the network, the reads ahead (see zipHeaderPlan): of the local
	// headers, keeping what they read (kept), then of the files.
	var pre *prefetchReaderAt
	var kept *keptPieces
	defer func() {
		// pre first: closing it may hand pieces to kept.
		if pre != nil {
			pre.close()
		}
		if kept != nil {
			kept.close()
		}
	}()
	var heads []int64
	if in.readsAhead > 0 && in.readsAt() {
		if h, ok := zipHeaderOffsets(zr, zra); ok {
			heads = h
			kept = &keptPieces{budget: zipKeepBudget}
			pre = newPrefetchReaderAt(ctx, ra, zipHeaderPlan(heads, size), in.readsAhead, prefetchPieceBytes, prefetchMergeGap)
			pre.keepWith(kept.add)
			// Reads off the plan are read as without reads ahead.
			pre.onDemand = br
			zra.ReaderAt = pre
		}
	}
	offs, err := checkZipSpans(zr, size)
	if err != nil {
		return err
	}
	var planned []int  // each file's range of the plan; -1: none
	var lowest []int64 // the lowest header of each file and those after it
	if pre != nil {
		pre.close()
		kept.sort()
		var plan []byteRange
		plan, planned = zipFilePlan(zr, heads, offs, size)
		for i := range plan {
			plan[i] = kept.trim(plan[i])
		}
		pre = newPrefetchReaderAt(ctx, ra, plan, in.readsAhead, prefetchPieceBytes, prefetchMergeGap)
		pre.onDemand = br
		zra.ReaderAt = &keptReaderAt{kept: kept, next: pre}
		lowest = slices.Clone(heads)
		for i := len(lowest) - 2; i >= 0; i-- {
			lowest[i] = min(lowest[i], lowest[i+1])
		}
	}
	for i, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if pre != nil {
			// Kept pieces before every file left to read are done with.
			kept.release(lowest[i])
			if planned[i] >= 0 {
				pre.reach(planned[i])
			}
		}
		if !f.Mode().IsRegular() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		if f.Flags&1 != 0 {
			in.arch.files++
			in.arch.note(ReasonArchiveUnprocessedFiles, errors.New("zip: an encrypted file"))
			continue
		}
		m := memberFile{name: f.Name, size: int64(f.UncompressedSize64), modified: f.Modified}
		if f.Method == zip.Store && f.CompressedSize64 == f.UncompressedSize64 {
			// Stored: its bytes can be read at offsets (a Parquet member
			// needs that) and streamed alike, from where checkZipSpans
			// found them.
			sr := io.NewSectionReader(zra, offs[i], int64(f.CompressedSize64))
			m.r, m.raw = sr, sr
		} else {
			rc, err := f.Open()
			if err != nil {
				if errors.Is(err, zip.ErrAlgorithm) {
					in.arch.files++
					in.arch.note(ReasonArchiveUnprocessedFiles, fmt.Errorf("zip: compression method %d", f.Method))
					continue
				}
				return &malformedError{fmt.Errorf("zip: %w", err)}
			}
			m.r = &decompressedReader{r: rc}
		}
		err := in.member(ctx, m, emit)
		if err != nil {
			return err
		}
	}
	return in.arch.result()
}

// On S3 each read of the archive is a GET, one after the other: the local
// headers, which checkZipSpans reads first, then each file's header and
// data. When the source waits on the network (DecodeOptions.
// RangeReadsAhead), those reads are planned from the central directory,
// in the order they come, and read ahead by a prefetchReaderAt, several
// GETs at once: first the 30 bytes of every local header (zipHeaderPlan),
// headers within prefetchMergeGap of each other read as one, with the
// bytes between them; then, once checkZipSpans has found where each
// file's data is, the local header, data and data descriptor of each file
// that is scanned (zipFilePlan). The pieces of the first pass that read
// through files are kept, within zipKeepBudget (see keptPieces), and the
// second pass reads from them rather than fetch those bytes again: an
// archive of small files is fetched once if it fits the budget. Files
// that are not scanned are not read (directories, encrypted files), or
// but for their local header (a method archive/zip lacks). A file cut
// short by a limit has at most RangeReadsAhead pieces read for nothing.

// switchReaderAt is the io.ReaderAt archive/zip reads through: decodeZip
// changes what is under it once the central directory is read.
type switchReaderAt struct{ io.ReaderAt }

// errPlanOnly ends the reads zipHeaderOffsets makes.
var errPlanOnly = errors.New("zip: planning, not reading")

// offsetRecorder records the offset of the last read and reads nothing.
type offsetRecorder struct{ off int64 }

func (r *offsetRecorder) ReadAt(_ []byte, off int64) (int, error) {
	r.off = off
	return 0, errPlanOnly
}

// zipHeaderOffsets returns where each file's local header is, as
// archive/zip has it: File.DataOffset reads that header first, which
// the offsetRecorder under zra sees, so nothing is read. archive/zip keeps
// the offset unexported, and adjusts it for data before the archive (a
// self-extracting one), which reading the directory again would have to
// repeat. ok is false if archive/zip does not read that way.
func zipHeaderOffsets(zr *zip.Reader, zra *switchReaderAt) (heads []int64, ok bool) {
	saved := zra.ReaderAt
	defer func() { zra.ReaderAt = saved }()
	rec := &offsetRecorder{}
	zra.ReaderAt = rec
	heads = make([]int64, len(zr.File))
	for i, f := range zr.File {
		rec.off = -1
		if _, err := f.DataOffset(); err != errPlanOnly || rec.off < 0 {
			return nil, false
		}
		heads[i] = rec.off
	}
	return heads, true
}

// zipHeaderBytes is a local header's fixed part, what File.DataOffset
// and File.Open read of it.
const zipHeaderBytes = 30

// zipHeaderPlan is the reads of checkZipSpans: each file's local header,
// and, when the next header in the archive is at most prefetchMergeGap
// past it, the bytes up to that one. Those would be read anyway with the
// two headers but for where a piece ends; read always, the pieces of a
// run of small files adjoin, and the files' pass finds each whole in the
// pieces kept.
func zipHeaderPlan(heads []int64, size int64) []byteRange {
	plan := make([]byteRange, len(heads))
	for i, h := range heads {
		plan[i] = byteRange{h, min(addSat(h, zipHeaderBytes), size)}
	}
	order := make([]int, len(heads))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(heads[a], heads[b]) })
	for j := 1; j < len(order); j++ {
		r, next := &plan[order[j-1]], heads[order[j]]
		if next > r.end && next <= addSat(r.end, prefetchMergeGap) {
			r.end = min(next, size)
		}
	}
	return plan
}

// zipFilePlan is the reads of the files decodeZip opens, in its order:
// each one's local header (heads), data (from offs, as long as the
// central directory says) and data descriptor, if any; and for each
// file its range of the plan, -1 for a file not opened.
func zipFilePlan(zr *zip.Reader, heads, offs []int64, size int64) (plan []byteRange, planned []int) {
	planned = make([]int, len(zr.File))
	for i, f := range zr.File {
		planned[i] = -1
		if !f.Mode().IsRegular() || strings.HasSuffix(f.Name, "/") || f.Flags&1 != 0 {
			continue
		}
		// File.Open reads the local header before it finds that it lacks
		// the method.
		end := addSat(heads[i], zipHeaderBytes)
		if f.Method == zip.Store || f.Method == zip.Deflate {
			end = addSat(offs[i], int64(min(f.CompressedSize64, uint64(size))))
			if f.Flags&8 != 0 {
				end = addSat(end, 16) // the data descriptor archive/zip reads
			}
		}
		planned[i] = len(plan)
		plan = append(plan, byteRange{heads[i], min(end, size)})
	}
	return plan, planned
}

// archive/zip holds every entry of the central directory in memory (about
// 300 bytes each) before the first one can be read, so the directory's size
// is checked from its end record first: these bound that memory whatever
// the archive claims. Macie processes at most 1,000,000 files of an archive.
const (
	maxZipEntries        = 1_000_000
	maxZipDirectoryBytes = 128 << 20
)

// checkZipDirectory reads the end of central directory record (and its
// zip64 form) and refuses an archive whose directory is over the bounds
// above. An archive whose end record cannot be found is left to
// archive/zip, which reports it as malformed.
func checkZipDirectory(ra io.ReaderAt, size int64) error {
	const eocdLen, maxComment = 22, 65535
	tail := make([]byte, min(size, eocdLen+maxComment))
	if _, err := ra.ReadAt(tail, size-int64(len(tail))); err != nil && !errors.Is(err, io.EOF) {
		return &malformedError{fmt.Errorf("zip: read the end record: %w", err)}
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || i+eocdLen > len(tail) {
		return nil
	}
	entries := uint64(binary.LittleEndian.Uint16(tail[i+10:]))
	dirBytes := uint64(binary.LittleEndian.Uint32(tail[i+12:]))
	if (entries == 0xFFFF || dirBytes == 0xFFFFFFFF) && i >= 20 && bytes.HasPrefix(tail[i-20:], []byte("PK\x06\x07")) {
		var rec [56]byte
		off := int64(binary.LittleEndian.Uint64(tail[i-20+8:]))
		if off >= 0 && off <= size-int64(len(rec)) {
			if _, err := ra.ReadAt(rec[:], off); err == nil && bytes.HasPrefix(rec[:], []byte("PK\x06\x06")) {
				entries = binary.LittleEndian.Uint64(rec[32:])
				dirBytes = binary.LittleEndian.Uint64(rec[40:])
			}
		}
	}
	switch {
	case entries > maxZipEntries:
		return &ObjectError{Status: StatusSkipped, Reason: ReasonArchiveDocumentsOverLimit,
			Err: fmt.Errorf("zip: the central directory lists %d entries, over %d", entries, maxZipEntries)}
	case dirBytes > maxZipDirectoryBytes:
		return &ObjectError{Status: StatusSkipped, Reason: ReasonArchiveExceedsSizeLimit,
			Err: fmt.Errorf("zip: a central directory of %d bytes, over %d", dirBytes, maxZipDirectoryBytes)}
	}
	return nil
}

// checkZipSpans refuses an archive whose entries' data overlap or run
// past its end, and returns where each entry's data starts. DataOffset
// reads each local header, so the local and central views of an entry
// must agree on where its data is.
func checkZipSpans(zr *zip.Reader, size int64) ([]int64, error) {
	type span struct{ start, end int64 }
	spans := make([]span, 0, len(zr.File))
	offs := make([]int64, len(zr.File))
	for i, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			return nil, &malformedError{fmt.Errorf("zip: %w", err)}
		}
		offs[i] = off
		end := off + int64(f.CompressedSize64)
		if off < 0 || end < off || end > size {
			return nil, &malformedError{errors.New("zip: an entry's data runs past the end of the archive")}
		}
		if end > off {
			spans = append(spans, span{off, end})
		}
	}
	slices.SortFunc(spans, func(a, b span) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	})
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return nil, &ObjectError{Status: StatusSkipped, Reason: ReasonMalformedFile, Err: errors.New("zip: entries overlap (an overlapping-entry zip bomb or a crafted archive); not scanned")}
		}
	}
	return offs, nil
}
