package jobs

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is one part of a job's objects: Index in [0, Count). Objects are
// partitioned by a stable hash of bucket and key, so Count processes given
// indexes 0 … Count-1 together scan every object exactly once, with no
// communication between them.
type Shard struct {
	Index, Count int
}

// Whole is the shard of an unsharded run.
var Whole = Shard{Index: 0, Count: 1}

// ParseShard reads "INDEX/COUNT" ("3/8").
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want INDEX/COUNT, e.g. 0/4", s)
	}
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want INDEX/COUNT, two whole numbers", s)
	}
	sh := Shard{Index: index, Count: count}
	return sh, sh.Validate()
}

// Validate checks 0 <= Index < Count.
func (s Shard) Validate() error {
	if s.Count < 1 {
		return fmt.Errorf("shard count %d: want 1 or more", s.Count)
	}
	if s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard index %d: want 0 to %d for %d shards", s.Index, s.Count-1, s.Count)
	}
	return nil
}

// Environment variables a shard is taken from when --shard is not given.
const (
	EnvBatchIndex      = "AWS_BATCH_JOB_ARRAY_INDEX" // set by AWS Batch in an array job's children
	EnvBatchSize       = "AWS_BATCH_JOB_ARRAY_SIZE"  // not set by AWS Batch: pass it in the job's environment
	EnvCompletionIndex = "JOB_COMPLETION_INDEX"      // set by Kubernetes in an Indexed Job's pods
	EnvShardCount      = "PIISCAN_SHARD_COUNT"
)

// ShardFromEnv returns the shard an array job's child or an indexed job's
// pod runs: the index from AWS_BATCH_JOB_ARRAY_INDEX or
// JOB_COMPLETION_INDEX, the count from count (a flag; 0 when not given),
// else AWS_BATCH_JOB_ARRAY_SIZE or PIISCAN_SHARD_COUNT. With no index in the
// environment it returns Whole (or an error when a count > 1 was given:
// which part to run would be a guess).
func ShardFromEnv(getenv func(string) string, count int) (Shard, error) {
	index, from := getenv(EnvBatchIndex), EnvBatchIndex
	if index == "" {
		index, from = getenv(EnvCompletionIndex), EnvCompletionIndex
	}
	if count == 0 {
		for _, name := range []string{EnvBatchSize, EnvShardCount} {
			if v := getenv(name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					return Shard{}, fmt.Errorf("%s=%q: want a whole number", name, v)
				}
				count = n
				break
			}
		}
	}
	if index == "" {
		if count > 1 {
			return Shard{}, errors.New("a shard count but no index: give --shard INDEX/COUNT, or run as an AWS Batch array job or a Kubernetes Indexed Job")
		}
		return Whole, nil
	}
	i, err := strconv.Atoi(index)
	if err != nil {
		return Shard{}, fmt.Errorf("%s=%q: want a whole number", from, index)
	}
	if count == 0 {
		return Shard{}, fmt.Errorf("%s=%s but no shard count: give --shard-count, or set %s or %s", from, index, EnvBatchSize, EnvShardCount)
	}
	s := Shard{Index: i, Count: count}
	return s, s.Validate()
}

// Owns reports whether the object bucket/key belongs to this shard.
func (s Shard) Owns(bucket, key string) bool {
	if s.Count <= 1 {
		return true
	}
	return objectHash("shard", bucket, key)%uint64(s.Count) == uint64(s.Index)
}

// String returns "INDEX/COUNT".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Name returns the shard as a file name part: "shard-3-of-8".
func (s Shard) Name() string { return fmt.Sprintf("shard-%d-of-%d", s.Index, s.Count) }

// ObjectNamePrefix is what a shard's result object names start with in a
// sharded run ("shard-3-of-8-"), and "" for an unsharded one, whose names
// stay as Macie writes them. A shard resuming reads back only its own
// objects (see ReadsObject).
func (s Shard) ObjectNamePrefix() string {
	if s.Count <= 1 {
		return ""
	}
	return s.Name() + "-"
}

// ReadsObject reports whether a shard resuming must read the result object
// whose name (without its directory) is name: not when another shard of
// the same count wrote it, since that shard stores only records of objects
// it owns, and this one owns none of them; yes for its own, for objects of
// a run with another shard count (the job was re-sharded) and for names
// that say nothing.
func (s Shard) ReadsObject(name string) bool {
	var index, count int
	var rest string
	if s.Count <= 1 || !strings.HasPrefix(name, "shard-") {
		return true
	}
	if n, _ := fmt.Sscanf(name, "shard-%d-of-%d-%s", &index, &count, &rest); n != 3 {
		return true
	}
	return count != s.Count || index == s.Index
}

// objectHash is a stable 64-bit hash of a domain tag and the fields, NUL
// separated: FNV-1a, whose low bits are poorly mixed, finished with
// splitmix64's mixer so that a modulus of any size is uniform.
func objectHash(domain string, fields ...string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(domain))
	for _, f := range fields {
		h.Write([]byte{0})
		h.Write([]byte(f))
	}
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Sampled reports whether the object bucket/key is in a job's sample of
// percentage percent (1 to 100). The choice is a hash of job id, bucket and
// key: the same objects on every rerun of the job, independent of listing
// order, of sharding and of the other objects.
func Sampled(jobID, bucket, key string, percentage int) bool {
	if percentage >= 100 {
		return true
	}
	return objectHash("sample", jobID, bucket, key)%10000 < uint64(percentage)*100
}
