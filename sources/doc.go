// Package sources is where bytes come from and how they are decoded: it lists
// objects (a local directory walk, and S3 later), opens them as streams, and
// decodes each object into chunks — a byte run to scan plus what is needed to
// turn a byte offset back into a Macie occurrence (line range, cell, record).
//
// Listing streams: nothing holds a whole listing or a whole object in memory.
// A decoder's error aborts that object only; it is reported as the object's
// result status (see ObjectError), never as a failure of the run.
//
// Local is the Source over local directories and files. DecodeObject picks
// an object's format from its first bytes and name through one table of
// formats (gzip, zip, tar, Parquet, Avro, CSV, TSV, JSON Lines, JSON, plain
// text) and runs the decoder:
// TextDecoder (Lines chunks), CSVDecoder (Cells chunks, a column at a time)
// and JSONDecoder (Records chunks, grouped by JSON path). Every decoder
// streams through reused buffers, so memory is bounded whatever the object
// size or line length, and a value too long for one chunk is split into
// windows that overlap by Overlap bytes, each match being reported once.
//
// The sourcestest package holds the conformance suite every Source runs.
package sources
