package s3source

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// fakeObject is one object of fakeS3.
type fakeObject struct {
	data        []byte
	etag        string
	class       string
	modified    time.Time
	tags        map[string]string
	restoreTill time.Time // non-zero: a finished restore expiring then
	// failGet, when set, answers GETs of the object with this status, code
	// and message instead of the bytes.
	failGet *fakeFailure
	// cutAfter > 0: the first GET from the object's first byte (whole,
	// or a head) sends its headers, then this many body bytes, then drops
	// the connection.
	cutAfter int
	// dropLater: every GET after the first sends headers, then drops the
	// connection without a body byte.
	dropLater bool
}

type fakeFailure struct {
	status        int
	code, message string
}

// fakeS3 is a small in-process S3 for unit tests, speaking just enough of
// the REST/XML protocol (path-style) for the real SDK client: ListObjectsV2
// with continuation tokens, GetObject with If-Match and Range, and
// GetObjectTagging. The end-to-end tests use MinIO instead.
type fakeS3 struct {
	bucket string

	mu      sync.Mutex
	objects map[string]*fakeObject
	gets    []*http.Request // every GetObject, headers kept
	tagGets int
	lists   int
}

func newFakeS3(t *testing.T, bucket string) (*fakeS3, *s3.Client) {
	t.Helper()
	f := &fakeS3{bucket: bucket, objects: map[string]*fakeObject{}}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	client := s3.New(s3.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(ts.URL),
		UsePathStyle:     true,
		Credentials:      credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		RetryMaxAttempts: 1,
	})
	return f, client
}

func (f *fakeS3) put(key string, o *fakeObject) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o.etag == "" {
		o.etag = fmt.Sprintf("etag-%d-%d", len(f.objects), len(o.data))
	}
	if o.modified.IsZero() {
		o.modified = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	f.objects[key] = o
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>r1</RequestId></Error>`, code, msg)
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ := strings.Cut(path, "/")
	if bucket != f.bucket {
		writeError(w, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	q := r.URL.Query()
	switch {
	case key == "" && q.Get("list-type") == "2":
		f.list(w, q)
	case key != "" && q.Has("tagging"):
		f.tagging(w, key)
	case key != "" && r.Method == http.MethodGet:
		f.get(w, r, key)
	default:
		writeError(w, http.StatusNotImplemented, "NotImplemented", "not in the fake")
	}
}

func (f *fakeS3) list(w http.ResponseWriter, q map[string][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	prefix := get("prefix")
	maxKeys, _ := strconv.Atoi(get("max-keys"))
	if maxKeys == 0 {
		maxKeys = 1000
	}
	var keys []string
	for k := range f.objects {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	start, _ := strconv.Atoi(get("continuation-token"))
	end := min(start+maxKeys, len(keys))
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>%s</Name><Prefix>%s</Prefix><KeyCount>%d</KeyCount><MaxKeys>%d</MaxKeys>`,
		f.bucket, prefix, end-start, maxKeys)
	if end < len(keys) {
		fmt.Fprintf(&b, `<IsTruncated>true</IsTruncated><NextContinuationToken>%d</NextContinuationToken>`, end)
	} else {
		b.WriteString(`<IsTruncated>false</IsTruncated>`)
	}
	for _, k := range keys[start:end] {
		o := f.objects[k]
		class := o.class
		if class == "" {
			class = "STANDARD"
		}
		b.WriteString("<Contents><Key>")
		_ = xml.EscapeText(&b, []byte(k))
		fmt.Fprintf(&b, `</Key><LastModified>%s</LastModified><ETag>&quot;%s&quot;</ETag><Size>%d</Size><StorageClass>%s</StorageClass>`,
			o.modified.Format("2006-01-02T15:04:05.000Z"), o.etag, len(o.data), class)
		if !o.restoreTill.IsZero() {
			fmt.Fprintf(&b, `<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress><RestoreExpiryDate>%s</RestoreExpiryDate></RestoreStatus>`,
				o.restoreTill.Format("2006-01-02T15:04:05.000Z"))
		}
		b.WriteString("</Contents>")
	}
	b.WriteString("</ListBucketResult>")
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprint(w, b.String())
}

func (f *fakeS3) tagging(w http.ResponseWriter, key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tagGets++
	o, ok := f.objects[key]
	if !ok {
		writeError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	if o.failGet != nil && o.failGet.status == http.StatusForbidden {
		writeError(w, http.StatusForbidden, "AccessDenied", "Access Denied")
		return
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet>`)
	for k, v := range o.tags {
		fmt.Fprintf(&b, "<Tag><Key>%s</Key><Value>%s</Value></Tag>", k, v)
	}
	b.WriteString("</TagSet></Tagging>")
	fmt.Fprint(w, b.String())
}

func (f *fakeS3) get(w http.ResponseWriter, r *http.Request, key string) {
	f.mu.Lock()
	f.gets = append(f.gets, r.Clone(context.Background()))
	o, ok := f.objects[key]
	cut := -1
	if ok {
		if rg := r.Header.Get("Range"); o.cutAfter > 0 && (rg == "" || strings.HasPrefix(rg, "bytes=0-")) {
			cut = o.cutAfter
			o.cutAfter = 0
		} else if o.dropLater && len(f.gets) > 1 {
			cut = 0
		}
	}
	f.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	if o.failGet != nil {
		writeError(w, o.failGet.status, o.failGet.code, o.failGet.message)
		return
	}
	if im := r.Header.Get("If-Match"); im != "" && strings.Trim(im, `"`) != o.etag {
		writeError(w, http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
		return
	}
	data := o.data
	status := http.StatusOK
	if rg := r.Header.Get("Range"); rg != "" {
		spec := strings.TrimPrefix(rg, "bytes=")
		from, to, _ := strings.Cut(spec, "-")
		a, _ := strconv.Atoi(from)
		b := len(data) - 1
		if to != "" {
			b, _ = strconv.Atoi(to)
		}
		b = min(b, len(data)-1)
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", a, b, len(data)))
		data = data[a : b+1]
		status = http.StatusPartialContent
	}
	w.Header().Set("ETag", `"`+o.etag+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if cut >= 0 && cut < len(data) {
		_, _ = w.Write(data[:cut])
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	_, _ = w.Write(data)
}

func (f *fakeS3) getRequests() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.gets...)
}
