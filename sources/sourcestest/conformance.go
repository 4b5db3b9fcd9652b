// Package sourcestest is the conformance suite that every sources.Source
// implementation runs (the local file system now, S3 later), so that they
// all keep the Source contract the same way.
package sourcestest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/piiscan/piiscan/sources"
)

// Files is the content a source under test must hold: key -> bytes. Keys
// use '/' separators.
type Files map[string][]byte

// NewSource makes a source that lists exactly files (nothing else), in a
// place private to t (t.TempDir, a fresh bucket).
type NewSource func(t *testing.T, files Files) sources.Source

// Fixture is the content Run puts in every source: nested keys, an empty
// object, non-ASCII and spaced names, and an object larger than typical
// read buffers.
func Fixture() Files {
	big := bytes.Repeat([]byte("0123456789abcdef"), 300_000/16)
	return Files{
		"a.txt":                []byte("hello\n"),
		"empty.csv":            {},
		"dir/b.json":           []byte(`{"k":"v"}`),
		"dir/sub/c.log":        []byte("line1\nline2\n"),
		"dir/sub/deeper/d.bin": {0, 1, 2, 3, 255},
		"spaced name/é ü.txt":  []byte("non-ascii key\n"),
		"big/large.txt":        big,
	}
}

// Run runs the conformance suite against sources made by newSource.
func Run(t *testing.T, newSource NewSource) {
	t.Run("ListStreamsEveryObjectOnce", func(t *testing.T) {
		want := Fixture()
		src := newSource(t, want)
		seen := map[string]sources.Object{}
		err := src.List(context.Background(), func(o sources.Object) error {
			if _, dup := seen[o.Key]; dup {
				t.Errorf("key %q listed twice", o.Key)
			}
			seen[o.Key] = o
			return nil
		})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if got, wantKeys := slices.Sorted(maps.Keys(seen)), slices.Sorted(maps.Keys(want)); !slices.Equal(got, wantKeys) {
			t.Fatalf("List keys = %q, want %q", got, wantKeys)
		}
		for k, o := range seen {
			if o.Skip != nil {
				t.Errorf("%q: Skip = %v, want nil", k, o.Skip)
			}
			if o.Size != int64(len(want[k])) {
				t.Errorf("%q: Size = %d, want %d", k, o.Size, len(want[k]))
			}
			if o.ETag == "" {
				t.Errorf("%q: empty ETag", k)
			}
			if o.Path == "" {
				t.Errorf("%q: empty Path", k)
			}
			if o.LastModified.IsZero() {
				t.Errorf("%q: zero LastModified", k)
			}
		}
	})

	t.Run("ListIsRepeatableWithStableETags", func(t *testing.T) {
		src := newSource(t, Fixture())
		first := map[string]string{}
		mustList(t, src, func(o sources.Object) { first[o.Key] = o.ETag })
		mustList(t, src, func(o sources.Object) {
			if first[o.Key] != o.ETag {
				t.Errorf("%q: ETag changed between listings: %q then %q", o.Key, first[o.Key], o.ETag)
			}
		})
	})

	t.Run("ListStopsWhenFnFails", func(t *testing.T) {
		src := newSource(t, Fixture())
		stop := errors.New("stop here")
		calls := 0
		err := src.List(context.Background(), func(sources.Object) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
		if err != stop {
			t.Fatalf("List returned %v, want fn's error unchanged", err)
		}
		if calls != 2 {
			t.Fatalf("fn called %d times, want 2 (List must stop at the first error)", calls)
		}
	})

	t.Run("ListHonoursCancellation", func(t *testing.T) {
		src := newSource(t, Fixture())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		err := src.List(ctx, func(sources.Object) error {
			calls++
			cancel()
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("List after cancel returned %v, want context.Canceled", err)
		}
		if calls != 1 {
			t.Fatalf("fn called %d times after cancel, want 1", calls)
		}
		ctx2, cancel2 := context.WithCancel(context.Background())
		cancel2()
		if err := src.List(ctx2, func(sources.Object) error { t.Error("fn called with a done context"); return nil }); !errors.Is(err, context.Canceled) {
			t.Fatalf("List with a done context returned %v, want context.Canceled", err)
		}
	})

	t.Run("OpenRoundTripsBytes", func(t *testing.T) {
		want := Fixture()
		src := newSource(t, want)
		mustList(t, src, func(o sources.Object) {
			rc, err := src.Open(context.Background(), o)
			if err != nil {
				t.Errorf("Open(%q): %v", o.Key, err)
				return
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if err != nil {
				t.Errorf("read %q: %v", o.Key, err)
			}
			if !bytes.Equal(got, want[o.Key]) {
				t.Errorf("%q: read %d bytes that differ from the %d written", o.Key, len(got), len(want[o.Key]))
			}
		})
	})

	t.Run("OpenHonoursCancellation", func(t *testing.T) {
		src := newSource(t, Fixture())
		var obj sources.Object
		mustList(t, src, func(o sources.Object) { obj = o })
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rc, err := src.Open(ctx, obj)
		if err == nil {
			rc.Close()
			t.Fatal("Open with a done context succeeded")
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Open with a done context returned %v, want context.Canceled", err)
		}
	})

	t.Run("OpenWhileListingConcurrently", func(t *testing.T) {
		want := Fixture()
		src := newSource(t, want)
		objs := make(chan sources.Object)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for o := range objs {
					rc, err := src.Open(context.Background(), o)
					if err != nil {
						t.Errorf("Open(%q): %v", o.Key, err)
						continue
					}
					n, err := io.Copy(io.Discard, rc)
					rc.Close()
					if err != nil || n != int64(len(want[o.Key])) {
						t.Errorf("%q: read %d bytes, err %v; want %d", o.Key, n, err, len(want[o.Key]))
					}
				}
			})
		}
		err := src.List(context.Background(), func(o sources.Object) error { objs <- o; return nil })
		close(objs)
		wg.Wait()
		if err != nil {
			t.Fatalf("List: %v", err)
		}
	})
}

func mustList(t *testing.T, src sources.Source, fn func(sources.Object)) {
	t.Helper()
	if err := src.List(context.Background(), func(o sources.Object) error { fn(o); return nil }); err != nil {
		t.Fatalf("List: %v", err)
	}
}
