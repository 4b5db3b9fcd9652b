package sources

import "testing"

// TestByExtensionTable checks the extension table against the scan of the
// format table it replaces: the first format with the extension, for every
// extension any format has, in any case, and for names with none.
func TestByExtensionTable(t *testing.T) {
	scan := func(name string) *format {
		e := ext(name)
		for _, f := range formats {
			if _, ok := f.exts[e]; ok {
				return f
			}
		}
		return nil
	}
	names := []string{"", "README", "a.", "a.unknown", "dir.csv/file", ".csv", "x.tar.gz", "a.CSV", "b.Json", "c.JSONL"}
	for _, f := range formats {
		for e := range f.exts {
			names = append(names, "file"+e, "dir/file"+e, "FILE"+e+".bak", "a.b"+e)
		}
	}
	for _, n := range names {
		if got, want := byExtension(n), scan(n); got != want {
			t.Errorf("byExtension(%q) = %v, want %v", n, got, want)
		}
	}
}
