// Package scanner runs scans: it lists objects from a source, opens and
// decodes each one in a bounded worker pool, runs the detection engine over
// every chunk, turns byte offsets into Macie occurrences, aggregates them per
// object into one result record, and hands the records, in completion order,
// to a sink.
//
// The stages are list → (open + decode + detect, per object, in N workers) →
// sink, joined by small bounded channels under one errgroup. A worker owns an
// object from open to record, so a chunk's buffers never cross goroutines and
// nothing is copied between stages. Only configuration errors, a failing sink
// and cancellation stop a run; everything that concerns one object becomes
// that object's result status.
package scanner
