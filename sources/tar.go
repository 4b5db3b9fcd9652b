package sources

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
)

// decodeTar scans each regular file of a tar stream in turn, through the
// format table, as the stream goes: nothing is extracted to disk and only
// the member being scanned is buffered. Directories, links and devices
// are skipped; a truncated or corrupt header stops the archive with
// ReasonMalformedFile after the members before it.
func decodeTar(ctx context.Context, in *input, emit func(*Chunk) error) error {
	if err := in.arch.enter(in.depth); err != nil {
		return err
	}
	tr := tar.NewReader(in.br)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return in.arch.result()
		}
		if err != nil {
			var re *readError
			var oe *ObjectError
			if errors.As(err, &re) || errors.As(err, &oe) {
				return err
			}
			return &malformedError{fmt.Errorf("tar: %w", err)}
		}
		if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeGNUSparse {
			continue
		}
		// A tar inside gzip: the gzip already counted these bytes.
		m := memberFile{name: hdr.Name, size: hdr.Size, modified: hdr.ModTime, r: tr, counted: in.counted}
		if err := in.member(ctx, m, emit); err != nil {
			return err
		}
	}
}
