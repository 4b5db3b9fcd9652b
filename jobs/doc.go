// Package jobs runs Amazon-Macie-style sensitive data discovery jobs over S3
// buckets: it reads a job in the shape of Macie's CreateClassificationJob
// request (Parse, with every problem listed by field path), and plans which
// objects one run scans.
//
// A plan is a filter around a sources.Source (Filter): an object is scanned
// when it belongs to this shard (Shard, a stable hash of bucket and key),
// passes the job's scoping (Scope: values OR-ed within a term, terms AND-ed,
// excludes win), falls in the deterministic sample (Sampled: a hash of job
// id, bucket and key, so every rerun picks the same objects), changed since
// the previous run of a scheduled job, and is not already recorded.
//
// The results repository is the checkpoint. A result record is durable
// exactly when the batch object holding it is written, so on start a run
// reads back the job's result objects (Recorded) and skips every object whose
// record is there with the same ETag; a record that was not written yet is
// simply scanned again. Nothing else has to be kept in step with the results,
// so a kill -9 at any moment loses nothing and duplicates nothing, and a
// rerun on another machine resumes too. Shards need no coordination: each
// owns a disjoint part of the objects and writes batch objects with unique
// names. A small State object per shard, next to the results, remembers the
// run in progress and the previous completed run, which is what makes a
// scheduled job's later runs incremental.
//
// Execute runs one invocation of one shard: state, read-back, plan, scan,
// summary. Summary totals a run for people and machines, with a per-bucket
// sensitivity score on Macie's scale; a resumed run's summary includes what
// its earlier attempts stored, and MergeSummaries adds up the shards of a
// job. Package jobrun does the rest of a run against AWS: the job's
// buckets, its identifiers and allow lists, its results repository.
//
// Known limits: every shard reads back the result objects of the whole job
// (the results writer names its objects, so a shard cannot tell its own
// apart without reading them); two processes running the same shard at once
// are not detected.
package jobs
