package s3repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/google/uuid"
)

// PermissionError says which action on which resource a preflight check
// found missing (or failing: the underlying error says why).
type PermissionError struct {
	Action   string // "s3:PutObject", "kms:GenerateDataKey"
	Resource string // "arn:aws:s3:::bucket/prefix/*", or the key as configured
	Err      error
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("results repository preflight: missing permission %s on %s: %v", e.Action, e.Resource, e.Err)
}

func (e *PermissionError) Unwrap() error { return e.Err }

// Preflight checks, before anything is scanned, that results can be written:
// in client mode that KMS gives a data key for the key, and in both modes that
// a small marker object, encrypted as results are, can be put in the job's
// directory. A failure is a *PermissionError.
//
// Close deletes the marker, after the results; when deletion is denied it is
// left in place (logged; Readers ignore it, and so do Athena and Hive, as
// its name starts with a dot). It stays while the run writes so that the
// job's directory is never empty while any of the job's shards writes to
// it: MinIO removes a directory that a delete empties, and a put into that
// directory at the same moment fails with 403 AccessDenied
// (minio/minio#15157, #12914): four shards starting at once, each putting
// and at once deleting its marker, met a 403 so in 2 of 50 test runs with
// the CPU busy.
func (w *Writer) Preflight(ctx context.Context) error {
	key := w.dir + ".piiscan-preflight-" + uuid.NewString()
	s3Resource := "arn:aws:s3:::" + w.cfg.Bucket + "/" + w.dir + "*"
	in, body, err := w.putInput(key, []byte("piiscan results repository preflight\n"))
	if err != nil {
		// Only client mode's data key request fails here.
		return &PermissionError{Action: "kms:GenerateDataKey", Resource: w.cfg.KMSKeyID, Err: err}
	}
	in.Body = bytes.NewReader(body)
	if _, err := w.s3.PutObject(ctx, in); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if w.cfg.Encryption == EncryptionSSEKMS && kmsFailure(err) {
			return &PermissionError{Action: "kms:GenerateDataKey", Resource: w.cfg.KMSKeyID,
				Err: fmt.Errorf("put s3://%s/%s with SSE-KMS: %w", w.cfg.Bucket, key, err)}
		}
		return &PermissionError{Action: "s3:PutObject", Resource: s3Resource,
			Err: fmt.Errorf("put s3://%s/%s: %w", w.cfg.Bucket, key, err)}
	}
	w.mu.Lock()
	w.marker = key
	w.mu.Unlock()
	return nil
}

// deleteMarker deletes the preflight's marker, if there is one (see
// Preflight).
func (w *Writer) deleteMarker() {
	w.mu.Lock()
	key := w.marker
	w.marker = ""
	w.mu.Unlock()
	if key == "" {
		return
	}
	if _, err := w.s3.DeleteObject(w.ctx, &s3.DeleteObjectInput{Bucket: aws.String(w.cfg.Bucket), Key: aws.String(key)}); err != nil {
		w.log.Warn("results preflight marker left in place", "bucket", w.cfg.Bucket, "key", key, "error", err.Error())
	}
}

// kmsFailure reports whether an S3 error is about the KMS key: S3 answers
// KMS.* codes (AWS; MinIO for an unknown key id) or kms:* codes (MinIO),
// or AccessDenied naming a kms: action.
func kmsFailure(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	code := ae.ErrorCode()
	return strings.HasPrefix(code, "KMS.") || strings.HasPrefix(strings.ToLower(code), "kms:") ||
		strings.Contains(strings.ToLower(ae.ErrorMessage()), "kms:")
}
