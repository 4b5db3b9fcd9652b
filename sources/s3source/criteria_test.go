package s3source

import (
	"strings"
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
)

func TestExtension(t *testing.T) {
	tests := []struct{ key, want string }{
		{"a.csv", "csv"},
		{"dir/a.CSV", "csv"},
		{"a.tar.gz", "gz"},
		{"dir.v1/README", ""},
		{"README", ""},
		{".env", ""},
		{"dir/.env", ""},
		{"dir/.env.local", "local"},
		{"trailing.", ""},
		{"dir/", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Extension(tt.key); got != tt.want {
			t.Errorf("Extension(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func FuzzExtension(f *testing.F) {
	for _, s := range []string{"a.csv", "a.tar.gz", ".env", "dir.x/y", "é.ÉXT", "a/b/c.", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		ext := Extension(key)
		if strings.ContainsAny(ext, "./") {
			t.Fatalf("Extension(%q) = %q contains a dot or slash", key, ext)
		}
		if ext != "" && !strings.HasSuffix(strings.ToLower(key), "."+ext) {
			t.Fatalf("Extension(%q) = %q is not the key's suffix", key, ext)
		}
	})
}

func TestCriteriaMatch(t *testing.T) {
	jan := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	feb := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	obj := sources.Object{Key: "logs/2025/app.JSON", Size: 500, LastModified: jan.Add(24 * time.Hour)}
	tags := map[string]string{"env": "prod", "team": "data"}
	tests := []struct {
		name string
		c    Criteria
		want bool
	}{
		{"no criteria", Criteria{}, true},
		{"prefix hit", Criteria{Include: Conditions{KeyPrefixes: []string{"tmp/", "logs/"}}}, true},
		{"prefix miss", Criteria{Include: Conditions{KeyPrefixes: []string{"tmp/"}}}, false},
		{"extension any, case and dot ignored", Criteria{Include: Conditions{Extensions: []string{"csv", ".json"}}}, true},
		{"extension miss", Criteria{Include: Conditions{Extensions: []string{"csv"}}}, false},
		{"size in range", Criteria{Include: Conditions{MinSize: 500, MaxSize: 500}}, true},
		{"too small", Criteria{Include: Conditions{MinSize: 501}}, false},
		{"too big", Criteria{Include: Conditions{MaxSize: 499}}, false},
		{"modified in range", Criteria{Include: Conditions{ModifiedAfter: jan, ModifiedBefore: feb}}, true},
		{"modified before range", Criteria{Include: Conditions{ModifiedAfter: feb}}, false},
		{"ModifiedBefore is exclusive", Criteria{Include: Conditions{ModifiedBefore: obj.LastModified}}, false},
		{"tag key=value", Criteria{Include: Conditions{Tags: []Tag{{"env", "prod"}}}}, true},
		{"tag any value", Criteria{Include: Conditions{Tags: []Tag{{"team", ""}}}}, true},
		{"tag wrong value", Criteria{Include: Conditions{Tags: []Tag{{"env", "dev"}}}}, false},
		{"tag one of several", Criteria{Include: Conditions{Tags: []Tag{{"env", "dev"}, {"team", "data"}}}}, true},
		{"includes are ANDed", Criteria{Include: Conditions{KeyPrefixes: []string{"logs/"}, Extensions: []string{"csv"}}}, false},
		{"exclude by extension", Criteria{Exclude: Conditions{Extensions: []string{"json"}}}, false},
		{"exclude miss", Criteria{Exclude: Conditions{Extensions: []string{"csv"}}}, true},
		{"excludes are ANDed: one term misses", Criteria{Exclude: Conditions{Extensions: []string{"json"}, MinSize: 1000}}, true},
		{"excludes are ANDed: all hit", Criteria{Exclude: Conditions{Extensions: []string{"json"}, MinSize: 100}}, false},
		{"exclude wins over include", Criteria{
			Include: Conditions{KeyPrefixes: []string{"logs/"}},
			Exclude: Conditions{Tags: []Tag{{"env", "prod"}}},
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Match(obj, tags); got != tt.want {
				t.Fatalf("Match = %v, want %v", got, tt.want)
			}
			// Skipping the tag fetch must never change the answer.
			if _, decided := tt.c.decidedWithoutTags(obj); decided && tt.want {
				t.Fatal("decidedWithoutTags rejected an object Match admits")
			}
		})
	}
}

func TestCriteriaNeedsTags(t *testing.T) {
	if (Criteria{Include: Conditions{KeyPrefixes: []string{"a"}}}).NeedsTags() {
		t.Error("prefix-only criteria need tags")
	}
	if !(Criteria{Exclude: Conditions{Tags: []Tag{{"a", "b"}}}}).NeedsTags() {
		t.Error("exclude-by-tag criteria do not need tags")
	}
}

// TestArchivedStorageClasses covers the Glacier mapping, which MinIO cannot
// produce (it has no archive tiers), so the end-to-end tests cannot.
func TestArchivedStorageClasses(t *testing.T) {
	future := time.Now().Add(time.Hour)
	tests := []struct {
		class    string
		restored bool
		skip     bool
	}{
		{"STANDARD", false, false},
		{"STANDARD_IA", false, false},
		{"GLACIER_IR", false, false},
		{"INTELLIGENT_TIERING", false, false},
		{"GLACIER", false, true},
		{"DEEP_ARCHIVE", false, true},
		{"GLACIER", true, false},
		{"DEEP_ARCHIVE", true, false},
	}
	for _, tt := range tests {
		name := tt.class
		if tt.restored {
			name += " restored"
		}
		t.Run(name, func(t *testing.T) {
			fake, client := newFakeS3(t, "bkt")
			o := &fakeObject{data: []byte("x"), class: tt.class}
			if tt.restored {
				o.restoreTill = future
			}
			fake.put("k", o)
			var got []sources.Object
			if err := New(client, "bkt", "", Options{}).List(t.Context(), func(o sources.Object) error { got = append(got, o); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("listed %d objects", len(got))
			}
			if skip := got[0].Skip; (skip != nil) != tt.skip {
				t.Fatalf("Skip = %v, want skip %v", skip, tt.skip)
			} else if skip != nil && (skip.Status != sources.StatusSkipped || skip.Reason != sources.ReasonInvalidObjectState) {
				t.Fatalf("Skip = %s/%s, want SKIPPED/INVALID_OBJECT_STATE", skip.Status, skip.Reason)
			}
			if got[0].StorageClass != tt.class {
				t.Fatalf("StorageClass = %q", got[0].StorageClass)
			}
		})
	}
}
