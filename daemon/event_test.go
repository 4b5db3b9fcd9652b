package daemon

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

const s3Put = `{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
"eventTime":"2026-11-22T10:00:00.000Z","eventName":"ObjectCreated:Put",
"s3":{"s3SchemaVersion":"1.0","configurationId":"scan","bucket":{"name":"data","arn":"arn:aws:s3:::data"},
"object":{"key":"raw/my+file%2B1%C3%A9.csv","size":1234,"eTag":"0123abcd","versionId":"v1","sequencer":"0055AED6DCD90281E5"}}}]}`

const s3Test = `{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-22T10:00:00.000Z","Bucket":"data","RequestId":"R","HostId":"H"}`

const eventBridge = `{"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",
"source":"aws.s3","account":"123456789012","time":"2026-11-22T10:00:00Z","region":"us-east-1",
"resources":["arn:aws:s3:::data"],"detail":{"version":"0","bucket":{"name":"data"},
"object":{"key":"raw/my file+1.csv","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","version-id":"v2","sequencer":"00617F08299329D189"},
"request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4","reason":"PutObject"}}`

func snsWrap(t testing.TB, inner string) string {
	msg, err := json.Marshal(inner)
	if err != nil {
		t.Fatal(err)
	}
	return `{"Type":"Notification","MessageId":"m","TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Subject":"Amazon S3 Notification","Message":` + string(msg) + `,"Timestamp":"2026-11-22T10:00:01.000Z"}`
}

func TestParseMessage(t *testing.T) {
	when := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	put := ObjectEvent{Bucket: "data", Key: "raw/my file+1é.csv", Size: 1234, ETag: "0123abcd", VersionID: "v1",
		Sequencer: "0055AED6DCD90281E5", EventName: "ObjectCreated:Put", EventTime: when}
	bridge := ObjectEvent{Bucket: "data", Key: "raw/my file+1.csv", Size: 5, ETag: "b1946ac92492d2347c6235b4d2611184",
		VersionID: "v2", Sequencer: "00617F08299329D189", EventName: "Object Created", EventTime: when}
	tests := []struct {
		name    string
		body    string
		want    Parsed
		wantErr string
	}{
		{name: "s3 put, key decoded", body: s3Put, want: Parsed{Events: []ObjectEvent{put}}},
		{name: "test event", body: s3Test, want: Parsed{TestEvent: true}},
		{name: "sns wrapped", body: snsWrap(t, s3Put), want: Parsed{Events: []ObjectEvent{put}}},
		{name: "sns wrapped test event", body: snsWrap(t, s3Test), want: Parsed{TestEvent: true}},
		{name: "eventbridge, key kept", body: eventBridge, want: Parsed{Events: []ObjectEvent{bridge}}},
		{name: "eventbridge deleted is ignored", body: strings.Replace(eventBridge, "Object Created", "Object Deleted", 1), want: Parsed{Ignored: 1}},
		{name: "removed is ignored", body: strings.Replace(s3Put, "ObjectCreated:Put", "ObjectRemoved:Delete", 1), want: Parsed{Ignored: 1}},
		{name: "minio shape", body: strings.Replace(strings.Replace(s3Put, `"aws:s3"`, `"minio:s3"`, 1), "ObjectCreated:Put", "s3:ObjectCreated:Put", 1), want: Parsed{Events: []ObjectEvent{put}}},
		{name: "quoted etag", body: strings.Replace(s3Put, `"0123abcd"`, `"\"0123abcd\""`, 1), want: Parsed{Events: []ObjectEvent{put}}},
		{name: "empty records", body: `{"Records":[]}`, want: Parsed{}},
		{name: "two records", body: `{"Records":[` + recordJSON("a", "k1") + `,` + recordJSON("b", "k%202") + `]}`,
			want: Parsed{Events: []ObjectEvent{{Bucket: "a", Key: "k1", EventName: "ObjectCreated:Put", ETag: "e"}, {Bucket: "b", Key: "k 2", EventName: "ObjectCreated:Put", ETag: "e"}}}},
		{name: "not json", body: "hello", wantErr: "malformed"},
		{name: "empty", body: "", wantErr: "malformed"},
		{name: "trailing data", body: s3Test + "{}", wantErr: "after the JSON object"},
		{name: "other json", body: `{"foo":1}`, wantErr: "not an S3 event notification"},
		{name: "bad escape", body: strings.Replace(s3Put, "%2B", "%zz", 1), wantErr: "not URL-encoded"},
		{name: "no key", body: strings.Replace(s3Put, `"key":"raw/my+file%2B1%C3%A9.csv"`, `"key":""`, 1), wantErr: "no s3.bucket.name or s3.object.key"},
		{name: "no s3", body: `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put"}]}`, wantErr: "no s3.bucket.name"},
		{name: "foreign source", body: strings.Replace(s3Put, `"aws:s3"`, `"aws:sqs"`, 1), wantErr: "eventSource"},
		{name: "negative size", body: strings.Replace(s3Put, `"size":1234`, `"size":-1`, 1), wantErr: "negative"},
		{name: "sns with garbage", body: snsWrap(t, "garbage"), wantErr: "SNS Message"},
		{name: "sns in sns", body: snsWrap(t, snsWrap(t, s3Put)), wantErr: "SNS envelope inside"},
		{name: "eventbridge without key", body: strings.Replace(eventBridge, `"key":"raw/my file+1.csv",`, "", 1), wantErr: "no bucket.name or object.key"},
		{name: "huge", body: `{"x":"` + strings.Repeat("a", maxMessageBytes) + `"}`, wantErr: "bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMessage([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want ErrMalformed containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func recordJSON(bucket, key string) string {
	return `{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"` + bucket + `"},"object":{"key":"` + key + `","eTag":"e"}}}`
}

func TestIdentity(t *testing.T) {
	a := ObjectEvent{Bucket: "b", Key: "k", ETag: "e1", Sequencer: "s1"}
	b := a
	b.Sequencer = "s2" // a second event about the same bytes
	if a.Identity() != b.Identity() {
		t.Error("same bucket, key and ETag must have one identity")
	}
	c := a
	c.ETag = "e2"
	if a.Identity() == c.Identity() {
		t.Error("a new ETag must be a new identity")
	}
	noETag1 := ObjectEvent{Bucket: "b", Key: "k", Sequencer: "s1"}
	noETag2 := ObjectEvent{Bucket: "b", Key: "k", Sequencer: "s2"}
	if noETag1.Identity() == noETag2.Identity() {
		t.Error("without ETag the sequencer must tell events apart")
	}
	// S3 keys may contain any UTF-8, NUL included: fields are length-prefixed.
	if (ObjectEvent{Bucket: "b", Key: "k\x00\x00\x00\x00\x00\x00\x00\x06etag:e"}).Identity() == (ObjectEvent{Bucket: "b", Key: "k", ETag: "e"}).Identity() {
		t.Error("a key forged another object's identity")
	}
	if len(a.Identity()) != 64 {
		t.Errorf("identity %q: want 64 hex digits", a.Identity())
	}
}

func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{s3Put, s3Test, eventBridge, snsWrap(f, s3Put), `{"Records":[]}`, "", "{", `{"Type":"Notification","Message":"{}"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParseMessage(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error does not wrap ErrMalformed: %v", err)
			}
			return
		}
		for _, e := range p.Events {
			if e.Bucket == "" || e.Key == "" || e.Size < 0 {
				t.Fatalf("accepted an event without bucket or key: %+v", e)
			}
		}
		if p.TestEvent && len(p.Events) > 0 {
			t.Fatal("a test event with objects")
		}
	})
}
