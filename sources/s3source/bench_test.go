package s3source

import (
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
)

// BenchmarkCriteriaMatch measures scoping one listed object, the per-object
// cost a listing of millions of keys pays.
func BenchmarkCriteriaMatch(b *testing.B) {
	c := Criteria{
		Include: Conditions{KeyPrefixes: []string{"data/", "logs/"}, Extensions: []string{"csv", "json", "parquet"}, MaxSize: 1 << 30},
		Exclude: Conditions{Extensions: []string{"tmp"}, ModifiedBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	obj := sources.Object{Key: "logs/2025/11/22/app-000123.JSON", Size: 123456, LastModified: time.Date(2025, 11, 22, 0, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if !c.Match(obj, nil) {
			b.Fatal("no match")
		}
	}
}
