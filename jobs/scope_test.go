package jobs

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
)

func simple(cmp, key string, values ...string) ScopeTerm {
	return ScopeTerm{SimpleScopeTerm: &SimpleScopeTerm{Comparator: cmp, Key: key, Values: values}}
}

func tagTerm(cmp string, pairs ...TagPair) ScopeTerm {
	return ScopeTerm{TagScopeTerm: &TagScopeTerm{Comparator: cmp, Key: KeyTag, TagValues: pairs, Target: "S3_OBJECT"}}
}

func block(terms ...ScopeTerm) *ScopingBlock { return &ScopingBlock{And: terms} }

func TestScopeMatch(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	obj := sources.Object{Bucket: "b", Key: "raw/2026/Customers.CSV", Size: 1000, LastModified: day}
	tags := map[string]string{"classification": "internal", "owner": "data"}
	tests := []struct {
		name    string
		scoping *Scoping
		want    bool
		tags    bool // tags read
	}{
		{"no scoping", nil, true, false},
		{"extension EQ any value, ignoring case", &Scoping{Includes: block(simple("EQ", KeyObjectExtension, "parquet", "csv"))}, true, false},
		{"extension EQ none", &Scoping{Includes: block(simple("EQ", KeyObjectExtension, "parquet"))}, false, false},
		{"extension NE none of them", &Scoping{Includes: block(simple("NE", KeyObjectExtension, "tmp", "bak"))}, true, false},
		{"extension NE one of them", &Scoping{Includes: block(simple("NE", KeyObjectExtension, "tmp", "csv"))}, false, false},
		{"key prefix any", &Scoping{Includes: block(simple("STARTS_WITH", KeyObjectKey, "logs/", "raw/"))}, true, false},
		{"key prefix case sensitive", &Scoping{Includes: block(simple("STARTS_WITH", KeyObjectKey, "RAW/"))}, false, false},
		{"size GT", &Scoping{Includes: block(simple("GT", KeyObjectSize, "999"))}, true, false},
		{"size GT equal", &Scoping{Includes: block(simple("GT", KeyObjectSize, "1000"))}, false, false},
		{"size GTE", &Scoping{Includes: block(simple("GTE", KeyObjectSize, "1000"))}, true, false},
		{"size LT", &Scoping{Includes: block(simple("LT", KeyObjectSize, "1000"))}, false, false},
		{"size LTE", &Scoping{Includes: block(simple("LTE", KeyObjectSize, "1000"))}, true, false},
		{"size EQ", &Scoping{Includes: block(simple("EQ", KeyObjectSize, "1000"))}, true, false},
		{"size NE", &Scoping{Includes: block(simple("NE", KeyObjectSize, "1000"))}, false, false},
		{"modified after", &Scoping{Includes: block(simple("GTE", KeyObjectLastModified, "2026-03-01T00:00:00Z"))}, true, false},
		{"modified before", &Scoping{Includes: block(simple("LT", KeyObjectLastModified, "2026-03-01T00:00:00Z"))}, false, false},
		{"terms AND-ed", &Scoping{Includes: block(simple("STARTS_WITH", KeyObjectKey, "raw/"), simple("LT", KeyObjectSize, "10"))}, false, false},
		{"excluded", &Scoping{Excludes: block(simple("EQ", KeyObjectExtension, "csv"))}, false, false},
		{"exclude needs all its terms", &Scoping{Excludes: block(simple("EQ", KeyObjectExtension, "csv"), simple("GT", KeyObjectSize, "5000"))}, true, false},
		{"excludes win", &Scoping{Includes: block(simple("EQ", KeyObjectExtension, "csv")), Excludes: block(simple("STARTS_WITH", KeyObjectKey, "raw/"))}, false, false},
		{"tag EQ key and value", &Scoping{Includes: block(tagTerm("EQ", TagPair{"classification", "internal"}))}, true, true},
		{"tag EQ other value", &Scoping{Includes: block(tagTerm("EQ", TagPair{"classification", "public"}))}, false, true},
		{"tag EQ any value of key", &Scoping{Includes: block(tagTerm("EQ", TagPair{"owner", ""}))}, true, true},
		{"tag NE", &Scoping{Includes: block(tagTerm("NE", TagPair{"classification", "public"}, TagPair{"pii", ""}))}, true, true},
		{"tag exclude", &Scoping{Excludes: block(tagTerm("EQ", TagPair{"classification", "internal"}))}, false, true},
		{"listing decides first: no tags read", &Scoping{Includes: block(simple("EQ", KeyObjectExtension, "json"), tagTerm("EQ", TagPair{"owner", ""}))}, false, false},
		{"exclude with listed term false: its tags not read", &Scoping{Excludes: block(simple("EQ", KeyObjectExtension, "json"), tagTerm("EQ", TagPair{"owner", ""}))}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := CompileScope(tt.scoping)
			read := false
			got, err := sc.Match(obj, func() (map[string]string, error) { read = true; return tags, nil })
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || read != tt.tags {
				t.Errorf("Match = %v (tags read %v), want %v (tags read %v)", got, read, tt.want, tt.tags)
			}
			if sc.OutByListing(obj) && got {
				t.Error("OutByListing is true for an object in scope")
			}
		})
	}
}

func TestScopeTagError(t *testing.T) {
	sc := CompileScope(&Scoping{Includes: block(tagTerm("EQ", TagPair{"a", ""}))})
	boom := errors.New("denied")
	if _, err := sc.Match(sources.Object{Key: "k"}, func() (map[string]string, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the tags' error", err)
	}
	if !sc.NeedsTags() || CompileScope(nil).NeedsTags() {
		t.Error("NeedsTags")
	}
}

func TestKeyPrefixes(t *testing.T) {
	for _, tt := range []struct {
		values []string
		want   []string
	}{
		{nil, []string{""}},
		{[]string{"a/", "b/"}, []string{"a/", "b/"}},
		{[]string{"a/b/", "a/", "c"}, []string{"a/", "c"}},
		{[]string{"a/", "a/"}, []string{"a/"}},
		{[]string{"logs", "logs/2026/"}, []string{"logs"}},
	} {
		var s *Scoping
		if tt.values != nil {
			s = &Scoping{Includes: block(simple("STARTS_WITH", KeyObjectKey, tt.values...))}
		}
		if got := CompileScope(s).KeyPrefixes(); !slices.Equal(got, tt.want) {
			t.Errorf("KeyPrefixes(%q) = %q, want %q", tt.values, got, tt.want)
		}
	}
}

func TestBucketCriteria(t *testing.T) {
	b := BucketInfo{Name: "prod-customers", AccountID: "111122223333", Tags: map[string]string{"env": "prod"}}
	crit := func(cmp, key string, values ...string) CriteriaForJob {
		return CriteriaForJob{SimpleCriterion: &SimpleCriterion{Comparator: cmp, Key: key, Values: values}}
	}
	tag := func(cmp string, pairs ...TagPair) CriteriaForJob {
		return CriteriaForJob{TagCriterion: &TagCriterion{Comparator: cmp, TagValues: pairs}}
	}
	for _, tt := range []struct {
		name string
		c    BucketCriteria
		want bool
	}{
		{"name prefix", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{crit("STARTS_WITH", "S3_BUCKET_NAME", "dev-", "prod-")}}}, true},
		{"name EQ", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{crit("EQ", "S3_BUCKET_NAME", "prod")}}}, false},
		{"account NE", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{crit("NE", "ACCOUNT_ID", "444455556666")}}}, true},
		{"tag EQ", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{tag("EQ", TagPair{"env", "prod"})}}}, true},
		{"excluded by tag", BucketCriteria{Excludes: &CriteriaBlock{And: []CriteriaForJob{tag("EQ", TagPair{"env", ""})}}}, false},
		{"tag NE", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{tag("NE", TagPair{"env", "dev"})}}}, true},
	} {
		if got := tt.c.Match(b); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBucketCriteriaNeeds(t *testing.T) {
	simpleOn := func(key string) CriteriaForJob {
		return CriteriaForJob{SimpleCriterion: &SimpleCriterion{Comparator: "EQ", Key: key, Values: []string{"x"}}}
	}
	tagged := CriteriaForJob{TagCriterion: &TagCriterion{Comparator: "EQ", TagValues: []TagPair{{Key: "env"}}}}
	for _, tt := range []struct {
		name             string
		c                BucketCriteria
		account, tagsToo bool
	}{
		{"none", BucketCriteria{}, false, false},
		{"name only", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{simpleOn("S3_BUCKET_NAME")}}}, false, false},
		{"account in includes", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{simpleOn("S3_BUCKET_NAME"), simpleOn("ACCOUNT_ID")}}}, true, false},
		{"account in excludes", BucketCriteria{Excludes: &CriteriaBlock{And: []CriteriaForJob{simpleOn("ACCOUNT_ID")}}}, true, false},
		{"tag in excludes", BucketCriteria{Excludes: &CriteriaBlock{And: []CriteriaForJob{tagged}}}, false, true},
		{"both", BucketCriteria{Includes: &CriteriaBlock{And: []CriteriaForJob{tagged}}, Excludes: &CriteriaBlock{And: []CriteriaForJob{simpleOn("ACCOUNT_ID")}}}, true, true},
	} {
		if got := tt.c.NeedsAccountID(); got != tt.account {
			t.Errorf("%s: NeedsAccountID = %v, want %v", tt.name, got, tt.account)
		}
		if got := tt.c.NeedsTags(); got != tt.tagsToo {
			t.Errorf("%s: NeedsTags = %v, want %v", tt.name, got, tt.tagsToo)
		}
	}
}
