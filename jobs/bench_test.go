package jobs

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
)

// BenchmarkPlanDecide is the per-object cost the plan adds to listing: shard,
// scoping by listed properties, sampling, the incremental watermark and the
// recorded set (100k entries).
func BenchmarkPlanDecide(b *testing.B) {
	recorded := NewRecorded()
	for i := range 100_000 {
		recorded.Add(Identity{Bucket: "bucket", Key: fmt.Sprintf("data/part-%06d.csv", i), ETag: "0123456789abcdef0123456789abcdef"})
	}
	plan := &Plan{
		JobID: "0123456789abcdef0123456789abcdef",
		Scope: CompileScope(&Scoping{
			Includes: block(simple("STARTS_WITH", KeyObjectKey, "data/", "raw/"), simple("LT", KeyObjectSize, "1000000")),
			Excludes: block(simple("EQ", KeyObjectExtension, "tmp")),
		}),
		Sampling: 50, Shard: Shard{Index: 1, Count: 4},
		Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Recorded: recorded,
	}
	objs := make([]sources.Object, 1024)
	for i := range objs {
		objs[i] = sources.Object{Bucket: "bucket", Key: fmt.Sprintf("data/part-%06d.csv", i*97), Size: 5000,
			LastModified: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), ETag: `"0123456789abcdef0123456789abcdef"`}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		obj := objs[i%len(objs)]
		if _, err := plan.Decide(ctx, &obj); err != nil {
			b.Fatal(err)
		}
	}
}
