package sources

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// TestZipDirectoryBounds: an archive whose end record claims a central
// directory over the bounds is refused before archive/zip reads it, so a
// crafted directory cannot make it hold millions of entries in memory.
func TestZipDirectoryBounds(t *testing.T) {
	eocd := func(entries uint16, dirBytes uint32) []byte {
		b := make([]byte, 22)
		copy(b, "PK\x05\x06")
		binary.LittleEndian.PutUint16(b[8:], entries)
		binary.LittleEndian.PutUint16(b[10:], entries)
		binary.LittleEndian.PutUint32(b[12:], dirBytes)
		return b
	}
	zip64 := func(entries, dirBytes uint64) []byte {
		var b bytes.Buffer
		b.Write(make([]byte, 100)) // stands for the entries' data
		recOff := uint64(b.Len())
		rec := make([]byte, 56)
		copy(rec, "PK\x06\x06")
		binary.LittleEndian.PutUint64(rec[4:], 44)
		binary.LittleEndian.PutUint64(rec[24:], entries)
		binary.LittleEndian.PutUint64(rec[32:], entries)
		binary.LittleEndian.PutUint64(rec[40:], dirBytes)
		b.Write(rec)
		loc := make([]byte, 20)
		copy(loc, "PK\x06\x07")
		binary.LittleEndian.PutUint64(loc[8:], recOff)
		binary.LittleEndian.PutUint32(loc[16:], 1)
		b.Write(loc)
		b.Write(eocd(0xFFFF, 0xFFFFFFFF))
		return b.Bytes()
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"directory too large", append(make([]byte, 64), eocd(10, 200<<20)...), ReasonArchiveExceedsSizeLimit},
		{"zip64: too many entries", zip64(2_000_000, 100), ReasonArchiveDocumentsOverLimit},
		{"zip64: directory too large", zip64(10, 1<<40), ReasonArchiveExceedsSizeLimit},
		{"within bounds", makeZip(t, testMember{name: "a.csv", data: []byte("a\n1\n")}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkZipDirectory(bytes.NewReader(tc.data), int64(len(tc.data)))
			var oe *ObjectError
			switch {
			case tc.reason == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.reason != "" && (!errors.As(err, &oe) || oe.Reason != tc.reason || oe.Status != StatusSkipped):
				t.Fatalf("err = %v, want SKIPPED %s", err, tc.reason)
			}
		})
	}
	// Through the decoder: the object gets the status.
	data := append(make([]byte, 64), eocd(10, 200<<20)...)
	_, err := collectArchive(t, data, "big.zip", DefaultArchiveLimits, true)
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonArchiveExceedsSizeLimit {
		t.Fatalf("decode: %v, want ARCHIVE_EXCEEDS_SIZE_LIMIT", err)
	}
}
