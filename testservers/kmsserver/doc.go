// Package kmsserver is a TEST-ONLY server speaking the AWS KMS wire protocol,
// so that the real aws-sdk-go-v2 KMS client can be exercised over HTTP on
// 127.0.0.1. No AWS KMS emulator is installable in this project's
// environment (see ENVIRONMENT.md), so this is the smallest honest stand-in.
//
// It is not a key management service: keys live in memory, there is no
// authentication (any SigV4 signature is accepted; only the presence of a
// SigV4 Authorization header is checked), no key policy, no audit, no
// rotation. Never point anything but tests at it.
//
// Protocol, as AWS speaks it: POST /, X-Amz-Target: TrentService.<Op>,
// Content-Type: application/x-amz-json-1.1, blobs as base64 JSON strings,
// timestamps as epoch seconds. Errors are status 400 with the header
// X-Amzn-Errortype: <Code> and the body {"__type":"<Code>","message":"…"}.
//
// Operations: CreateKey, CreateAlias, DescribeKey, ListAliases, ListKeys,
// GenerateDataKey, GenerateDataKeyWithoutPlaintext, Encrypt, Decrypt,
// DisableKey, EnableKey. Key references resolve as KMS resolves them: key
// id, key ARN (arn:aws:kms:<region>:<account>:key/<id>), alias name
// (alias/<name>) and alias ARN.
//
// Encryption context is bound as AES-256-GCM additional data (its canonical
// form: pairs sorted by key, each length-prefixed), together with the key id,
// so a Decrypt with a different context fails with
// InvalidCiphertextException exactly as real KMS does. The ciphertext blob
// format is this server's own: a magic prefix, the key id, the GCM nonce and
// the sealed data, so Decrypt works without a KeyId.
//
// Test-only extras, not part of AWS KMS: a deny list of (key, operation)
// pairs answered with AccessDeniedException, settable with Options.Deny, the
// -deny flag of cmd/kmsserver, or the operation
// X-Amz-Target: PiiscanTest.SetKeyAccess with body
// {"KeyId": "...", "DenyOperations": ["Decrypt", ...]} (an empty list
// clears the key's deny list; ["*"] denies every operation on the key).
package kmsserver
