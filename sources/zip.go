package sources

import (
	"archive/zip"
	"bytes"
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
	zr, err := zip.NewReader(br, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Names are only reported, so an insecure path is no reason to
		// stop; anything else is a broken archive.
		return &malformedError{fmt.Errorf("zip: %w", err)}
	}
	if err := checkZipSpans(zr, size); err != nil {
		return err
	}
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
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
			// needs that) and streamed alike.
			off, err := f.DataOffset()
			if err != nil {
				return &malformedError{fmt.Errorf("zip: %w", err)}
			}
			sr := io.NewSectionReader(br, off, int64(f.CompressedSize64))
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
// past its end. DataOffset reads each local header, so the local and
// central views of an entry must agree on where its data is.
func checkZipSpans(zr *zip.Reader, size int64) error {
	type span struct{ start, end int64 }
	spans := make([]span, 0, len(zr.File))
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			return &malformedError{fmt.Errorf("zip: %w", err)}
		}
		end := off + int64(f.CompressedSize64)
		if off < 0 || end < off || end > size {
			return &malformedError{errors.New("zip: an entry's data runs past the end of the archive")}
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
			return &ObjectError{Status: StatusSkipped, Reason: ReasonMalformedFile, Err: errors.New("zip: entries overlap (an overlapping-entry zip bomb or a crafted archive); not scanned")}
		}
	}
	return nil
}
