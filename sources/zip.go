package sources

import (
	"archive/zip"
	"context"
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
