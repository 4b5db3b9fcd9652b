package jobs

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestShardPartition is a property test: for any number of shards, every
// object belongs to exactly one shard, the same one every time, and shards
// get about equal parts.
func TestShardPartition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const objects = 20000
	for _, count := range []int{1, 2, 3, 4, 7, 16, 100} {
		sizes := make([]int, count)
		for range objects {
			bucket := fmt.Sprintf("bucket-%d", rng.IntN(5))
			key := fmt.Sprintf("prefix/%x/%d.csv", rng.Uint64(), rng.IntN(1000))
			owners := 0
			for i := range count {
				if (Shard{Index: i, Count: count}).Owns(bucket, key) {
					owners++
					sizes[i]++
				}
			}
			if owners != 1 {
				t.Fatalf("%d shards: s3://%s/%s has %d owners", count, bucket, key, owners)
			}
		}
		mean := float64(objects) / float64(count)
		for i, n := range sizes {
			if d := float64(n) - mean; d > 6*math.Sqrt(mean) || d < -6*math.Sqrt(mean) {
				t.Errorf("%d shards: shard %d has %d objects, mean %.0f", count, i, n, mean)
			}
		}
	}
}

// TestHashGolden pins the hash: changing it would move objects between
// shards and samples of jobs already running (a resumed shard would then
// scan objects another shard already did).
func TestHashGolden(t *testing.T) {
	if got := objectHash("shard", "b", "k"); got != 13588662705570105870 {
		t.Errorf("objectHash = %d", got)
	}
	if !(Shard{Index: 2, Count: 4}).Owns("b", "k") {
		t.Error("s3://b/k moved from shard 2/4")
	}
	sampled := 0
	for i := range 20 {
		if Sampled("job1", "b", fmt.Sprint("k/", i), 50) {
			sampled |= 1 << i
		}
	}
	if sampled != 0b111010001010000000 {
		t.Errorf("sample of job1 changed: %b", sampled)
	}
}

func TestSampledStable(t *testing.T) {
	const n = 20000
	in := map[int]int{}
	for _, pct := range []int{1, 10, 25, 50, 99, 100} {
		for i := range n {
			key := fmt.Sprintf("k/%d", i)
			a := Sampled("job1", "b", key, pct)
			if a != Sampled("job1", "b", key, pct) {
				t.Fatal("not deterministic")
			}
			if a {
				in[pct]++
			}
			// Monotone: an object sampled at p% is sampled at every
			// higher percentage, so raising the percentage only adds.
			if a && pct < 100 && !Sampled("job1", "b", key, pct+1) {
				t.Fatalf("%s sampled at %d%% but not at %d%%", key, pct, pct+1)
			}
		}
		got := float64(in[pct]) / n * 100
		if d := got - float64(pct); d > 1.5 || d < -1.5 {
			t.Errorf("%d%%: sampled %.2f%%", pct, got)
		}
	}
	// Another job samples other objects.
	same := 0
	for i := range 1000 {
		key := fmt.Sprintf("k/%d", i)
		if Sampled("job1", "b", key, 50) == Sampled("job2", "b", key, 50) {
			same++
		}
	}
	if same > 600 || same < 400 {
		t.Errorf("two jobs agree on %d of 1000 objects at 50%%: samples are not independent", same)
	}
}

func TestParseShard(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"0/1", Shard{0, 1}, true}, {"3/8", Shard{3, 8}, true}, {" 2 / 4 ", Shard{2, 4}, true},
		{"4/4", Shard{}, false}, {"-1/4", Shard{}, false}, {"1/0", Shard{}, false}, {"1", Shard{}, false}, {"a/b", Shard{}, false},
	} {
		got, err := ParseShard(tt.in)
		if (err == nil) != tt.ok || tt.ok && got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	for _, tt := range []struct {
		name  string
		env   map[string]string
		count int
		want  Shard
		ok    bool
	}{
		{"nothing", nil, 0, Whole, true},
		{"batch", map[string]string{EnvBatchIndex: "2", EnvBatchSize: "5"}, 0, Shard{2, 5}, true},
		{"kubernetes and flag", map[string]string{EnvCompletionIndex: "7"}, 8, Shard{7, 8}, true},
		{"kubernetes and env count", map[string]string{EnvCompletionIndex: "1", EnvShardCount: "3"}, 0, Shard{1, 3}, true},
		{"flag wins over env count", map[string]string{EnvBatchIndex: "1", EnvBatchSize: "2"}, 4, Shard{1, 4}, true},
		{"index without count", map[string]string{EnvCompletionIndex: "1"}, 0, Shard{}, false},
		{"count without index", nil, 4, Shard{}, false},
		{"index out of range", map[string]string{EnvBatchIndex: "5", EnvBatchSize: "5"}, 0, Shard{}, false},
		{"not a number", map[string]string{EnvBatchIndex: "x", EnvBatchSize: "5"}, 0, Shard{}, false},
	} {
		got, err := ShardFromEnv(func(k string) string { return tt.env[k] }, tt.count)
		if (err == nil) != tt.ok || tt.ok && got != tt.want {
			t.Errorf("%s: %v, %v", tt.name, got, err)
		}
	}
}

// FuzzParseShard: a shard that parses is valid and prints back the same.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/1", "3/8", " 2 / 4 ", "4/4", "-1/2", "1/0", "x", "9223372036854775807/9223372036854775807", "1/2/3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if sh.Validate() != nil {
			t.Fatalf("ParseShard(%q) = %v, not valid", s, sh)
		}
		back, err := ParseShard(sh.String())
		if err != nil || back != sh {
			t.Fatalf("%v prints as %q, which parses as %v, %v", sh, sh.String(), back, err)
		}
	})
}

// TestShardObjectNames: a sharded run's result objects are named by shard,
// and a resuming shard skips, by name alone, only objects that another
// shard of the same count wrote.
func TestShardObjectNames(t *testing.T) {
	s := Shard{Index: 2, Count: 8}
	if got := s.ObjectNamePrefix(); got != "shard-2-of-8-" {
		t.Errorf("ObjectNamePrefix = %q", got)
	}
	if got := Whole.ObjectNamePrefix(); got != "" {
		t.Errorf("unsharded ObjectNamePrefix = %q, want Macie's plain names", got)
	}
	for _, c := range []struct {
		shard Shard
		name  string
		read  bool
	}{
		{s, "shard-2-of-8-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl.gz", true},
		{s, "shard-3-of-8-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl.gz", false},
		{s, "shard-0-of-8-x.jsonl.gz", false},
		{s, "shard-2-of-4-x.jsonl.gz", true},  // the job was re-sharded: its records may be ours
		{s, "shard-5-of-16-x.jsonl.gz", true}, // likewise
		{s, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl.gz", true},
		{s, "shard-x-of-8-y.jsonl.gz", true},
		{s, "shard-3-of-8", true}, // not a name the writer makes: read it
		{Whole, "shard-3-of-8-x.jsonl.gz", true},
	} {
		if got := c.shard.ReadsObject(c.name); got != c.read {
			t.Errorf("%s reads %q = %v, want %v", c.shard, c.name, got, c.read)
		}
	}
}
