// Package s3source is the S3 Source: it lists the objects of a bucket under a
// prefix with the ListObjectsV2 paginator (streaming: constant memory, each
// object passed on while the listing continues), scopes them with Macie's
// object criteria, and opens them with GetObject conditional on the listed
// ETag. An opened object resumes after a broken connection with a ranged GET
// from the last byte read, and offers io.ReaderAt for formats that read a
// footer first. For those (.parquet, .zip: sources.RandomAccessExt) Open
// asks for the object's first 64 KiB only, where the decoder confirms the
// format before it turns to ranged reads, rather than starting a transfer
// of the whole object that would be thrown away; Close reads what is left
// of so short a body, so that its connection is reused.
//
// Per-object failures become *sources.ObjectError with Macie's reasons:
// archived and not restored -> INVALID_OBJECT_STATE, SSE-C -> INVALID_ENCRYPTION,
// a KMS key we may not use -> INVALID_KMS_KEY, 403 -> PERMISSION_DENIED,
// deleted since listed -> SOURCE_OBJECT_NO_LONGER_AVAILABLE, overwritten since
// listed -> OBJECT_VERSION_MISMATCH. Throttling (503 SlowDown) is left to the
// SDK's standard retryer; GET concurrency is the caller's.
//
// BucketInfo reads the bucket fields Macie reports in resourcesAffected.s3Bucket.
package s3source
