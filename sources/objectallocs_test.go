package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The tests here pin the allocations a small object costs, so that one
// removed cannot come back unnoticed: a scan of many small files pays
// each of them once per file. AllocsPerRun floors its average, so a
// pooled buffer a garbage collection drops now and then does not fail
// them.

// TestDecodeSmallObjectAllocs: with its pooled session, buffer and
// reader, a small CSV, JSON Lines or text object is decoded without an
// allocation (the text decoder's chunk is pooled too) — the CSV column names equal to the last object's are not
// copied again, the JSON template groups' order keeps its capacity,
// the decoders' emit wrappers are bound once per pooled reader, and the
// errors.As targets (io.EOF in sourceReader.Read, the decoder's result)
// do not escape.
func TestDecodeSmallObjectAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	csvData := []byte("id,customer_id,name,email,phone,city,created_at,amount,notes\n" +
		"1,C-100,Ann Lee,ann@example.com,555-0100,Oslo,2024-01-02,12.50,first order\n" +
		"2,C-101,Bob Ray,bob@example.com,555-0101,Rome,2024-01-03,7.25,\"quoted, with comma\"\n")
	jsonlData := []byte(`{"id":1,"name":"Ann Lee","email":"ann@example.com","tags":["a","b"],"address":{"city":"Oslo","zip":"0150"},"amount":12.5,"note":"x"}` + "\n" +
		`{"id":2,"name":"Bob Ray","email":"bob@example.com","tags":["c"],"address":{"city":"Rome","zip":"00100"},"amount":7.25,"note":"y"}` + "\n")
	for _, tc := range []struct {
		key  string
		data []byte
	}{
		{"orders.csv", csvData},
		{"orders.jsonl", jsonlData},
		{"notes.txt", []byte("first line\nthe card number is 4556 7375 8689 9855\n")},
	} {
		t.Run(tc.key, func(t *testing.T) {
			ctx := context.Background()
			obj := Object{Key: tc.key, Size: int64(len(tc.data))}
			r := bytes.NewReader(tc.data)
			chunks := 0
			emit := func(*Chunk) error { chunks++; return nil }
			decode := func() {
				r.Reset(tc.data)
				if _, err := DecodeObject(ctx, r, obj, emit); err != nil {
					t.Fatal(err)
				}
			}
			decode() // fills the pools
			if chunks == 0 {
				t.Fatal("no chunks")
			}
			if a := testing.AllocsPerRun(100, decode); a != 0 {
				t.Errorf("%v allocations per object, want 0", a)
			}
		})
	}
}

// TestSourceReaderEOFAllocs: sourceReader tags a stream's error without an
// allocation when the error is io.EOF or is tagged already.
func TestSourceReaderEOFAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	tagged := &readError{errors.New("boom")}
	var empty io.Reader = strings.NewReader("")
	var failing io.Reader = errReader{tagged}
	var p [8]byte
	a := testing.AllocsPerRun(100, func() {
		s := sourceReader{r: empty}
		if _, err := s.Read(p[:]); err != io.EOF {
			t.Fatal(err)
		}
		s = sourceReader{r: failing}
		if _, err := s.Read(p[:]); err != tagged {
			t.Fatal(err)
		}
	})
	if a != 0 {
		t.Errorf("%v allocations per run, want 0", a)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestGetBufAllocs: a pooled read buffer and its put cost nothing once the
// pool holds one.
func TestGetBufAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	buf, put := getBuf(&defaultLimits)
	if len(buf) != defaultLimits.readBuf {
		t.Fatalf("len %d, want %d", len(buf), defaultLimits.readBuf)
	}
	put()
	a := testing.AllocsPerRun(100, func() {
		buf, put := getBuf(&defaultLimits)
		buf[0] = 1
		put()
	})
	if a != 0 {
		t.Errorf("%v allocations per run, want 0", a)
	}
}

// TestEntryPath checks entryPath against the path and key it replaces,
// filepath.Join(dir, name) and rel + "/" + name, for the directories
// walkDir makes.
func TestEntryPath(t *testing.T) {
	for _, tc := range []struct{ dir, rel, name string }{
		{"/data", "", "a.csv"},
		{"/", "", "a.csv"},
		{"/a", "a", "b"}, // the root is /: walkDir's key of /a is "a"
		{"/data/x", "x", "a.csv"},
		{"/data/x/y z", "x/y z", "a b.json"},
		{"/data/x/x", "x", "x"},
		{"/dx", "x", "f"},    // not a component boundary: the fallback
		{"/data", "zz", "f"}, // dir does not end with rel: the fallback
		{"/data/x", "x/y", "f"},
		{"/data/...", "...", "..x"},
	} {
		full, key := entryPath(tc.dir, tc.rel, tc.name)
		wantKey := tc.name
		if tc.rel != "" {
			wantKey = tc.rel + "/" + tc.name
		}
		if want := filepath.Join(tc.dir, tc.name); full != want || key != wantKey {
			t.Errorf("entryPath(%q, %q, %q) = %q, %q, want %q, %q", tc.dir, tc.rel, tc.name, full, key, want, wantKey)
		}
	}
}

// TestLocalListOpenAllocs pins what a local source costs per small file
// listed, opened, read whole and closed. Per file, on Linux: the path
// (the name and the key are its tail), the ETag and the open file. The
// directory entry and the stat are the directory handle's, openat's C
// string is on the stack and Open's errors.As target does not escape.
func TestLocalListOpenAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the listing differs elsewhere")
	}
	const files, want = 200, 3
	root := t.TempDir()
	dir := filepath.Join(root, "sub", "dir")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.txt", i)), []byte("hello"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var buf [64]byte
	listed := 0
	visit := func(o Object) error {
		rc, err := l.Open(ctx, o)
		if err != nil {
			return err
		}
		for {
			if _, err := rc.Read(buf[:]); err != nil {
				if err != io.EOF {
					return err
				}
				break
			}
		}
		listed++
		return rc.Close()
	}
	list := func() {
		if err := l.List(ctx, visit); err != nil {
			t.Fatal(err)
		}
	}
	list()
	if listed != files {
		t.Fatalf("listed %d files, want %d", listed, files)
	}
	// The directories' own allocations, spread over the files, are
	// the fraction allowed.
	perFile := testing.AllocsPerRun(10, list) / files
	t.Logf("%.2f allocations per file", perFile)
	if perFile > want+0.5 {
		t.Errorf("%.2f allocations per file, want %d", perFile, want)
	}
}

// TestCSVHeaderAcrossObjects: a pooled CSV reader, which keeps the last
// object's column names to take equal ones without a copy, names every
// column as a fresh reader does, whatever header came before: a changed
// name, a column the header does not name, an empty name.
func TestCSVHeaderAcrossObjects(t *testing.T) {
	objects := []string{
		"a,b,c\n1,2,3\n",
		"a,x\n1,2,3\n",
		"a,b,c\n1,2,3\n",
		",b\n1,2\n",
		"a,b,c,d\r\n1,2,3,4\r\n5,6,7,8\r\n",
		"p,q",
		"",
		"a\n1,2,3,4,5\n",
		"\"a,b\",c\n1,2\n",
		"a,b,c\n1,2,3\n",
	}
	decode := func(data string, lim *limits) string {
		var out strings.Builder
		err := decodeCSV(context.Background(), strings.NewReader(data), ',', lim, func(ch *Chunk) error {
			fmt.Fprintf(&out, "%d %q %q %d %v\n", ch.Column, ch.Field, ch.Data, ch.IndexBase, ch.IndexDelta)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	fresh := defaultLimits // not &defaultLimits: an unpooled reader
	for range 2 {
		for _, data := range objects {
			if got, want := decode(data, &defaultLimits), decode(data, &fresh); got != want {
				t.Errorf("%q after the others, pooled:\n%s\nwant:\n%s", data, got, want)
			}
		}
	}
}
