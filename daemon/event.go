package daemon

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// ObjectEvent is one object named by an ObjectCreated event.
type ObjectEvent struct {
	Bucket string
	// Key is decoded: S3 notifications URL-encode it ('+' for a space).
	Key       string
	Size      int64
	ETag      string // without quotes; may be empty (EventBridge without etag)
	VersionID string
	Sequencer string
	EventName string // "ObjectCreated:Put", "Object Created" (EventBridge)
	EventTime time.Time
}

// Identity is a hex SHA-256 of what makes two events about the same object
// content the same: bucket, key and ETag (the sequencer, then the version,
// when there is no ETag). Fields are length-prefixed, so no key can forge
// another object's identity. Results are stored under a name derived from it.
func (e ObjectEvent) Identity() string {
	v := "etag:" + e.ETag
	switch {
	case e.ETag != "":
	case e.Sequencer != "":
		v = "seq:" + e.Sequencer
	default:
		v = "ver:" + e.VersionID
	}
	h := sha256.New()
	for _, f := range []string{e.Bucket, e.Key, v} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Parsed is what a queue message says.
type Parsed struct {
	// Events are the ObjectCreated objects to scan, in message order.
	Events []ObjectEvent
	// TestEvent is true for S3's s3:TestEvent, sent when a notification is
	// configured: acknowledge and ignore.
	TestEvent bool
	// Ignored counts records of other kinds (ObjectRemoved:*, …).
	Ignored int
}

// ErrMalformed is wrapped by every ParseMessage error: the message is not an
// S3 event notification in any of the shapes understood, and retrying it
// cannot help.
var ErrMalformed = errors.New("malformed event message")

// maxMessageBytes is SQS's own limit; anything larger is not from SQS.
const maxMessageBytes = 1 << 20

// ParseMessage reads an SQS message body carrying S3 event notifications:
//
//   - S3 → SQS: {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{…}}]}
//     (also "minio:s3", as MinIO sends), or the s3:TestEvent message;
//   - S3 → SNS → SQS: an SNS envelope whose Message is one of the above
//     (with raw message delivery the body is the S3 message itself);
//   - S3 → EventBridge → SQS: {"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":…},"object":{"key":…}}}.
//
// Keys in S3 notifications are URL-encoded ('+' for a space, %xx for other
// bytes) and are decoded; EventBridge keys are not encoded and are kept as
// they are. Every error wraps ErrMalformed.
func ParseMessage(body []byte) (Parsed, error) {
	if len(body) > maxMessageBytes {
		return Parsed{}, fmt.Errorf("%w: %d bytes", ErrMalformed, len(body))
	}
	return parseMessage(body, 0)
}

// envelope holds the fields of every shape we read; unknown fields are
// ignored, as AWS adds them over time.
type envelope struct {
	Records []s3Record `json:"Records"`
	// s3:TestEvent
	Event   string `json:"Event"`
	Service string `json:"Service"`
	// SNS
	Type    string `json:"Type"`
	Message string `json:"Message"`
	// EventBridge
	Source     string          `json:"source"`
	DetailType string          `json:"detail-type"`
	Time       time.Time       `json:"time"`
	Detail     json.RawMessage `json:"detail"`
}

type s3Record struct {
	EventSource string    `json:"eventSource"`
	EventName   string    `json:"eventName"`
	EventTime   time.Time `json:"eventTime"`
	S3          *struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key       string `json:"key"`
			Size      int64  `json:"size"`
			ETag      string `json:"eTag"`
			VersionID string `json:"versionId"`
			Sequencer string `json:"sequencer"`
		} `json:"object"`
	} `json:"s3"`
}

type eventBridgeDetail struct {
	Bucket struct {
		Name string `json:"name"`
	} `json:"bucket"`
	Object struct {
		Key       string `json:"key"`
		Size      int64  `json:"size"`
		ETag      string `json:"etag"`
		VersionID string `json:"version-id"`
		Sequencer string `json:"sequencer"`
	} `json:"object"`
}

func parseMessage(body []byte, depth int) (Parsed, error) {
	var env envelope
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&env); err != nil {
		return Parsed{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return Parsed{}, fmt.Errorf("%w: data after the JSON object", ErrMalformed)
	}
	switch {
	case env.Records != nil:
		return parseRecords(env.Records)
	case env.Event == "s3:TestEvent":
		return Parsed{TestEvent: true}, nil
	case env.Type == "Notification" && env.Message != "":
		if depth > 0 {
			return Parsed{}, fmt.Errorf("%w: SNS envelope inside an SNS envelope", ErrMalformed)
		}
		p, err := parseMessage([]byte(env.Message), depth+1)
		if err != nil {
			return Parsed{}, fmt.Errorf("SNS Message: %w", err)
		}
		return p, nil
	case env.Source == "aws.s3" && env.DetailType != "":
		return parseEventBridge(env)
	}
	return Parsed{}, fmt.Errorf("%w: not an S3 event notification (no Records, s3:TestEvent, SNS Message or EventBridge aws.s3 event)", ErrMalformed)
}

func parseRecords(records []s3Record) (Parsed, error) {
	var p Parsed
	for i, r := range records {
		if r.EventSource != "aws:s3" && r.EventSource != "minio:s3" {
			return Parsed{}, fmt.Errorf("%w: Records[%d]: eventSource %q is not aws:s3", ErrMalformed, i, r.EventSource)
		}
		if !strings.HasPrefix(r.EventName, "ObjectCreated:") && !strings.HasPrefix(r.EventName, "s3:ObjectCreated:") {
			p.Ignored++
			continue
		}
		if r.S3 == nil || r.S3.Bucket.Name == "" || r.S3.Object.Key == "" {
			return Parsed{}, fmt.Errorf("%w: Records[%d]: no s3.bucket.name or s3.object.key", ErrMalformed, i)
		}
		key, err := url.QueryUnescape(r.S3.Object.Key)
		if err != nil {
			return Parsed{}, fmt.Errorf("%w: Records[%d]: s3.object.key is not URL-encoded: %v", ErrMalformed, i, err)
		}
		if r.S3.Object.Size < 0 {
			return Parsed{}, fmt.Errorf("%w: Records[%d]: negative s3.object.size", ErrMalformed, i)
		}
		p.Events = append(p.Events, ObjectEvent{
			Bucket: r.S3.Bucket.Name, Key: key, Size: r.S3.Object.Size,
			ETag:      strings.Trim(r.S3.Object.ETag, `"`),
			VersionID: r.S3.Object.VersionID, Sequencer: r.S3.Object.Sequencer,
			EventName: strings.TrimPrefix(r.EventName, "s3:"), EventTime: r.EventTime,
		})
	}
	return p, nil
}

func parseEventBridge(env envelope) (Parsed, error) {
	if env.DetailType != "Object Created" {
		return Parsed{Ignored: 1}, nil
	}
	var d eventBridgeDetail
	if err := json.Unmarshal(env.Detail, &d); err != nil {
		return Parsed{}, fmt.Errorf("%w: EventBridge detail: %v", ErrMalformed, err)
	}
	if d.Bucket.Name == "" || d.Object.Key == "" {
		return Parsed{}, fmt.Errorf("%w: EventBridge detail: no bucket.name or object.key", ErrMalformed)
	}
	if d.Object.Size < 0 {
		return Parsed{}, fmt.Errorf("%w: EventBridge detail: negative object.size", ErrMalformed)
	}
	return Parsed{Events: []ObjectEvent{{
		Bucket: d.Bucket.Name, Key: d.Object.Key, Size: d.Object.Size,
		ETag:      strings.Trim(d.Object.ETag, `"`),
		VersionID: d.Object.VersionID, Sequencer: d.Object.Sequencer,
		EventName: env.DetailType, EventTime: env.Time,
	}}}, nil
}
