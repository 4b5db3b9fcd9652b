// Package e2e holds the end-to-end tests: the real aws-sdk-go-v2 over HTTP
// against MinIO (S3, with TLS) and the KMS test server on 127.0.0.1, as
// started by scripts/with-test-servers.sh:
//
//	scripts/with-test-servers.sh go test ./e2e/
//
// Without the servers the tests skip, saying so — except under CI=true,
// where they fail: CI never passes by skipping them.
package e2e
