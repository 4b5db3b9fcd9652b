package s3source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/piiscan/piiscan/sources"
)

// apiFailure is what an S3 error answer says: its HTTP status and code.
type apiFailure struct {
	status  int
	code    string
	message string
}

func failureOf(err error) (apiFailure, bool) {
	var f apiFailure
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		f.status = re.HTTPStatusCode()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		f.code = ae.ErrorCode()
		f.message = ae.ErrorMessage()
	}
	return f, f.status != 0 || f.code != ""
}

// objectReason maps an S3 error about one object to Macie's reason, or ""
// when the error is not about the object (cancellation, transport failure
// after the SDK's retries) and should stop whoever sees it.
//
// What S3 answers, and what we make of it:
//   - 412 PreconditionFailed (If-Match on the listed ETag): the object was
//     overwritten since it was listed -> OBJECT_VERSION_MISMATCH.
//   - 404 NoSuchKey / NotFound: deleted since listed -> SOURCE_OBJECT_NO_LONGER_AVAILABLE.
//   - 400 InvalidRequest "…stored using a form of Server Side Encryption…"
//     (SSE-C: the customer key is needed) -> INVALID_ENCRYPTION.
//   - codes KMS.* or kms:*, or a 403 whose message names KMS (kms:Decrypt
//     denied, key disabled or deleted) -> INVALID_KMS_KEY.
//   - 403 InvalidObjectState (archived, not restored) -> INVALID_OBJECT_STATE.
//   - any other 403 -> PERMISSION_DENIED.
//   - any other answer from S3 (after the SDK's retries) -> UNABLE_TO_READ_FILE.
func objectReason(err error) string {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return ""
	}
	f, ok := failureOf(err)
	if !ok {
		return ""
	}
	lowerMsg := strings.ToLower(f.message)
	switch {
	case f.status == http.StatusPreconditionFailed || f.code == "PreconditionFailed":
		return sources.ReasonObjectVersionMismatch
	case f.status == http.StatusNotFound || f.code == "NoSuchKey" || f.code == "NotFound":
		return sources.ReasonObjectNoLongerAvailable
	case strings.HasPrefix(f.code, "KMS.") || strings.HasPrefix(strings.ToLower(f.code), "kms:"):
		return sources.ReasonInvalidKMSKey
	case f.code == "InvalidObjectState":
		return sources.ReasonInvalidObjectState
	case f.status == http.StatusBadRequest && (strings.Contains(lowerMsg, "server side encryption") ||
		strings.Contains(lowerMsg, "customer-provided") || strings.Contains(lowerMsg, "sse-c")):
		return sources.ReasonInvalidEncryption
	case f.status == http.StatusForbidden && (strings.Contains(lowerMsg, "kms") || strings.Contains(lowerMsg, "customer master key")):
		return sources.ReasonInvalidKMSKey
	case f.status == http.StatusForbidden || f.code == "AccessDenied":
		return sources.ReasonPermissionDenied
	default:
		return sources.ReasonUnreadable
	}
}

// objectError wraps err as a *sources.ObjectError when it concerns this
// object, with status SKIPPED (nothing read yet) or PARTIAL (some bytes were
// handed out); otherwise it returns err wrapped with context. S3's error
// messages name the bucket, key and action, never object content.
func objectError(err error, what string, partial bool) error {
	reason := objectReason(err)
	if reason == "" {
		return fmt.Errorf("%s: %w", what, err)
	}
	status := sources.StatusSkipped
	if partial {
		status = sources.StatusPartial
	}
	return &sources.ObjectError{Status: status, Reason: reason, Err: fmt.Errorf("%s: %w", what, err)}
}
