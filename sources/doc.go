// Package sources is where bytes come from and how they are decoded: it lists
// objects (a local directory walk, and S3 later), opens them as streams, and
// decodes each object into chunks — a byte run to scan plus what is needed to
// turn a byte offset back into a Macie occurrence (line range, cell, record).
//
// Listing streams: nothing holds a whole listing or a whole object in memory.
// A decoder's error aborts that object only; it is reported as the object's
// result status (see ObjectError), never as a failure of the run.
package sources
