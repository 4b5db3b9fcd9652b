package s3source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in, bucket, prefix string
		err                bool
	}{
		{"s3://b", "b", "", false},
		{"s3://b/", "b", "", false},
		{"s3://b/p/q/", "b", "p/q/", false},
		{"s3:///p", "", "", true},
		{"b/p", "", "", true},
		{"https://b/p", "", "", true},
	}
	for _, tt := range tests {
		b, p, err := ParseURL(tt.in)
		if (err != nil) != tt.err || b != tt.bucket || p != tt.prefix {
			t.Errorf("ParseURL(%q) = %q, %q, %v", tt.in, b, p, err)
		}
	}
}

func TestListPagesAndFillsObjects(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	for i := range 25 {
		fake.put(fmt.Sprintf("data/%02d.csv", i), &fakeObject{data: bytes.Repeat([]byte("a"), i)})
	}
	fake.put("data/folder/", &fakeObject{})
	fake.put("other/x.csv", &fakeObject{data: []byte("x")})
	src := New(client, "bkt", "data/", Options{PageSize: 10})
	var got []sources.Object
	err := src.List(t.Context(), func(o sources.Object) error { got = append(got, o); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 25 || fake.lists != 3 {
		t.Fatalf("listed %d objects in %d pages, want 25 in 3", len(got), fake.lists)
	}
	o := got[7]
	want := sources.Object{
		Bucket: "bkt", Key: "data/07.csv", Path: "s3://bkt/data/07.csv", Size: 7,
		LastModified: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), ETag: fake.objects["data/07.csv"].etag, StorageClass: "STANDARD",
	}
	if o.Bucket != want.Bucket || o.Key != want.Key || o.Path != want.Path || o.Size != want.Size ||
		!o.LastModified.Equal(want.LastModified) || o.ETag != want.ETag || o.StorageClass != want.StorageClass || o.Skip != nil {
		t.Fatalf("object = %+v, want %+v", o, want)
	}
	if strings.Contains(o.ETag, `"`) {
		t.Fatalf("ETag %q keeps its quotes", o.ETag)
	}
}

func TestListFetchesTagsOnlyWhenTheyDecide(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	fake.put("a.csv", &fakeObject{data: []byte("1"), tags: map[string]string{"pii": "yes"}})
	fake.put("b.csv", &fakeObject{data: []byte("2"), tags: map[string]string{"pii": "no"}})
	fake.put("c.txt", &fakeObject{data: []byte("3"), tags: map[string]string{"pii": "yes"}})
	fake.put("d.csv", &fakeObject{data: []byte("4"), failGet: &fakeFailure{status: http.StatusForbidden}})
	crit := Criteria{
		Include: Conditions{Extensions: []string{"csv"}},
		Exclude: Conditions{Tags: []Tag{{"pii", "no"}}},
	}
	var keys []string
	var skipped *sources.ObjectError
	err := New(client, "bkt", "", Options{Criteria: crit}).List(t.Context(), func(o sources.Object) error {
		keys = append(keys, o.Key)
		if o.Key == "d.csv" {
			skipped = o.Skip
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keys, ","); got != "a.csv,d.csv" {
		t.Fatalf("listed %s, want a.csv,d.csv", got)
	}
	// c.txt is out of scope by extension: its tags are never asked for.
	if fake.tagGets != 3 {
		t.Fatalf("%d GetObjectTagging calls, want 3", fake.tagGets)
	}
	if skipped == nil || skipped.Reason != sources.ReasonPermissionDenied {
		t.Fatalf("object whose tags are denied: Skip = %v, want PERMISSION_DENIED", skipped)
	}

	fake.tagGets = 0
	if err := New(client, "bkt", "", Options{Criteria: Criteria{Include: Conditions{Extensions: []string{"csv"}}}}).List(t.Context(), func(sources.Object) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if fake.tagGets != 0 {
		t.Fatalf("%d GetObjectTagging calls without tag criteria, want 0", fake.tagGets)
	}
}

func TestListErrorEndsListing(t *testing.T) {
	_, client := newFakeS3(t, "bkt")
	err := New(client, "missing", "p/", Options{}).List(t.Context(), func(sources.Object) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "list s3://missing/p/") {
		t.Fatalf("List of a missing bucket: %v", err)
	}
}

// TestOpenErrorReasons maps S3's error answers, in the shapes AWS sends them,
// to Macie's reasons.
func TestOpenErrorReasons(t *testing.T) {
	tests := []struct {
		name   string
		fail   *fakeFailure
		reason string
	}{
		{"deleted", &fakeFailure{404, "NoSuchKey", "The specified key does not exist."}, sources.ReasonObjectNoLongerAvailable},
		{"overwritten", &fakeFailure{412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"}, sources.ReasonObjectVersionMismatch},
		{"sse-c", &fakeFailure{400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object."}, sources.ReasonInvalidEncryption},
		{"kms decrypt denied", &fakeFailure{403, "AccessDenied", "User: arn:aws:iam::111122223333:user/scanner is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access"}, sources.ReasonInvalidKMSKey},
		{"kms key gone", &fakeFailure{403, "AccessDenied", "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access."}, sources.ReasonInvalidKMSKey},
		{"kms key disabled", &fakeFailure{400, "KMS.DisabledException", "arn:aws:kms:us-east-1:111122223333:key/k is disabled."}, sources.ReasonInvalidKMSKey},
		{"minio kms", &fakeFailure{400, "KMS.NotFoundException", "Invalid keyId"}, sources.ReasonInvalidKMSKey},
		{"archived tier", &fakeFailure{403, "InvalidObjectState", "The operation is not valid for the object's access tier"}, sources.ReasonInvalidObjectState},
		{"denied", &fakeFailure{403, "AccessDenied", "Access Denied"}, sources.ReasonPermissionDenied},
		{"server error", &fakeFailure{500, "InternalError", "We encountered an internal error. Please try again."}, sources.ReasonUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, client := newFakeS3(t, "bkt")
			fake.put("k.csv", &fakeObject{data: []byte("abc"), failGet: tt.fail})
			src := New(client, "bkt", "", Options{})
			obj := listOne(t, src)
			rc, err := src.Open(t.Context(), obj)
			if err == nil {
				rc.Close()
				t.Fatal("Open succeeded")
			}
			var oe *sources.ObjectError
			if !errors.As(err, &oe) {
				t.Fatalf("Open error %v is not an *ObjectError", err)
			}
			if oe.Status != sources.StatusSkipped || oe.Reason != tt.reason {
				t.Fatalf("Open error = %s/%s, want SKIPPED/%s", oe.Status, oe.Reason, tt.reason)
			}
			if !strings.Contains(err.Error(), "get s3://bkt/k.csv") {
				t.Fatalf("error %q does not name the object", err)
			}
		})
	}
}

func TestOpenSendsIfMatchAndDetectsOverwrite(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	fake.put("k", &fakeObject{data: []byte("v1"), etag: "e1"})
	src := New(client, "bkt", "", Options{})
	obj := listOne(t, src)
	fake.put("k", &fakeObject{data: []byte("v2"), etag: "e2"})
	_, err := src.Open(t.Context(), obj)
	var oe *sources.ObjectError
	if !errors.As(err, &oe) || oe.Reason != sources.ReasonObjectVersionMismatch {
		t.Fatalf("Open after overwrite: %v", err)
	}
	if got := fake.getRequests()[0].Header.Get("If-Match"); got != `"e1"` {
		t.Fatalf("If-Match = %q, want the listed ETag quoted", got)
	}
}

func TestOpenSkippedObjectIsRefused(t *testing.T) {
	src := New(nil, "bkt", "", Options{})
	skip := &sources.ObjectError{Status: sources.StatusSkipped, Reason: sources.ReasonInvalidObjectState}
	if _, err := src.Open(t.Context(), sources.Object{Key: "k", Skip: skip}); err != skip {
		t.Fatalf("Open of a skipped object = %v, want its Skip", err)
	}
}

// TestReadResumesWithRange cuts the connection mid-body and checks the body
// completes through a ranged GET that starts at the first byte not read.
func TestReadResumesWithRange(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	data := bytes.Repeat([]byte("0123456789"), 100_000)
	fake.put("big", &fakeObject{data: data, etag: "big1", cutAfter: 300_000})
	src := New(client, "bkt", "", Options{})
	obj := listOne(t, src)
	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	got, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes differing from the %d stored", len(got), len(data))
	}
	reqs := fake.getRequests()
	if len(reqs) != 2 || o.Resumed() != 1 {
		t.Fatalf("%d GETs, %d resumes; want 2 and 1", len(reqs), o.Resumed())
	}
	if reqs[0].Header.Get("Range") != "" {
		t.Fatalf("first GET has Range %q", reqs[0].Header.Get("Range"))
	}
	if got := reqs[1].Header.Get("Range"); got != "bytes=300000-" {
		t.Fatalf("resume Range = %q, want bytes=300000-", got)
	}
	if got := reqs[1].Header.Get("If-Match"); got != `"big1"` {
		t.Fatalf("resume If-Match = %q", got)
	}
}

func TestReadResumeSeesOverwrite(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	data := bytes.Repeat([]byte("x"), 100_000)
	fake.put("k", &fakeObject{data: data, etag: "a", cutAfter: 1000})
	src := New(client, "bkt", "", Options{})
	obj := listOne(t, src)
	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	buf := make([]byte, 500)
	if _, err := io.ReadFull(o, buf); err != nil {
		t.Fatal(err)
	}
	fake.put("k", &fakeObject{data: data, etag: "b"})
	_, err = io.ReadAll(o)
	var oe *sources.ObjectError
	if !errors.As(err, &oe) || oe.Status != sources.StatusPartial || oe.Reason != sources.ReasonObjectVersionMismatch {
		t.Fatalf("read across an overwrite: %v, want PARTIAL/OBJECT_VERSION_MISMATCH", err)
	}
}

func TestReadGivesUpAfterMaxResumes(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	fake.put("k", &fakeObject{data: bytes.Repeat([]byte("x"), 10_000), etag: "a", cutAfter: 100, dropLater: true})
	src := New(client, "bkt", "", Options{MaxResumes: 2})
	obj := listOne(t, src)
	o, err := src.OpenObject(t.Context(), obj)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	got, err := io.ReadAll(o)
	var oe *sources.ObjectError
	if !errors.As(err, &oe) || oe.Status != sources.StatusPartial || oe.Reason != sources.ReasonUnreadable {
		t.Fatalf("read of an object whose connection keeps breaking: %v, want PARTIAL/UNABLE_TO_READ_FILE", err)
	}
	if len(got) != 100 || o.Resumed() != 2 || len(fake.getRequests()) != 3 {
		t.Fatalf("read %d bytes with %d resumes in %d GETs; want 100, 2, 3", len(got), o.Resumed(), len(fake.getRequests()))
	}
}

func TestReadAt(t *testing.T) {
	fake, client := newFakeS3(t, "bkt")
	data := []byte("0123456789PAR1")
	fake.put("f.parquet", &fakeObject{data: data, etag: "p"})
	src := New(client, "bkt", "", Options{})
	o, err := src.OpenObject(t.Context(), listOne(t, src))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	var _ io.ReaderAt = o
	buf := make([]byte, 4)
	if n, err := o.ReadAt(buf, int64(len(data)-4)); err != nil || string(buf[:n]) != "PAR1" {
		t.Fatalf("ReadAt footer = %q, %v", buf[:n], err)
	}
	if got := fake.getRequests()[1].Header.Get("Range"); got != "bytes=10-13" {
		t.Fatalf("ReadAt Range = %q", got)
	}
	buf = make([]byte, 8)
	n, err := o.ReadAt(buf, 10)
	if n != 4 || err != io.EOF || string(buf[:n]) != "PAR1" {
		t.Fatalf("ReadAt past the end = %d %q, %v; want 4, io.EOF", n, buf[:n], err)
	}
	if _, err := o.ReadAt(buf, 100); err != io.EOF {
		t.Fatalf("ReadAt beyond the end: %v", err)
	}
	// The stream is independent of ReadAt.
	all, err := io.ReadAll(o)
	if err != nil || !bytes.Equal(all, data) {
		t.Fatalf("stream after ReadAt = %q, %v", all, err)
	}
}

func listOne(t *testing.T, src *Source) sources.Object {
	t.Helper()
	var objs []sources.Object
	if err := src.List(t.Context(), func(o sources.Object) error { objs = append(objs, o); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1 {
		t.Fatalf("listed %d objects, want 1", len(objs))
	}
	return objs[0]
}
