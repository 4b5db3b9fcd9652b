// Package s3repo is the results repository in an S3 bucket, as Macie keeps
// its sensitive data discovery results: gzip-compressed JSON Lines objects
// under
//
//	<prefix>/AWSLogs/<accountId>/Macie/<region>/<jobId>/<uuid>.jsonl.gz
//
// encrypted with a KMS key. It works on already-marshalled JSON lines, one
// []byte per record, so it does not depend on the record type.
//
// # Writing
//
// A Writer batches lines into one object every MaxRecords lines or MaxAge,
// whichever comes first, and uploads each object with a single PutObject of
// the complete compressed body (an object is never half-written), retried
// with bounded backoff. Close flushes what is pending and reports every
// object, with its record count, that could not be written.
//
// Encryption is one of:
//
//   - EncryptionSSEKMS (default, as Macie does): S3 encrypts with the KMS key
//     (x-amz-server-side-encryption: aws:kms, SSEKMSKeyId).
//   - EncryptionClient: envelope encryption as the KMS documentation
//     describes. Per object, KMS GenerateDataKey (AES_256) with the
//     encryption context {"bucket": <bucket>, "key": <object key>,
//     "jobId": <job id>, "aws:x-amz-cek-alg": "AES/GCM/NoPadding"}; the body
//     is sealed with AES-256-GCM (crypto/aes, crypto/cipher; 12-byte random
//     nonce, 16-byte tag appended); the plaintext data key is zeroed once
//     the cipher is made. The object's user metadata holds what decryption
//     needs, named as the Amazon S3 Encryption Client's V2 format names it:
//     x-amz-meta-x-amz-key-v2 (base64 encrypted data key),
//     x-amz-meta-x-amz-iv (base64 nonce), x-amz-meta-x-amz-matdesc (the
//     encryption context as JSON), x-amz-meta-x-amz-wrap-alg (kms+context),
//     x-amz-meta-x-amz-cek-alg (AES/GCM/NoPadding), x-amz-meta-x-amz-tag-len
//     (128) and x-amz-meta-x-amz-unencrypted-content-length. (Compatibility
//     with that client is by design but untested: its module is not served
//     by this project's module proxy.)
//
// # Reading
//
// A Reader lists the result objects under a prefix, decrypts client-side
// encrypted ones with KMS Decrypt using the stored context — after checking
// that the context names exactly the object's bucket, key and job, so an
// object copied or moved elsewhere is refused — gunzips, and yields lines.
//
// # Preflight and permissions
//
// Writer.Preflight puts a small marker object (encrypted as results are;
// Close deletes it) and, in client mode, asks KMS for a data key, returning a
// *PermissionError naming the action and resource that failed. The minimal
// IAM policy for the scanner's role:
//
//	s3:PutObject                on arn:aws:s3:::<bucket>/<prefix>/*
//	s3:DeleteObject (optional)  on arn:aws:s3:::<bucket>/<prefix>/*  (preflight marker cleanup)
//	kms:GenerateDataKey         on the key (both modes: S3 asks KMS for SSE-KMS)
//	sts:GetCallerIdentity       (when the account id is not given)
//
// and for reading results: s3:ListBucket on arn:aws:s3:::<bucket>,
// s3:GetObject on the objects, kms:Decrypt on the key. The key policy must
// allow the same kms actions to the role.
package s3repo
