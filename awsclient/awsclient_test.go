package awsclient

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// isolate points the credential chain at fixed env credentials and away from
// the developer's own AWS files.
func isolate(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDCHAIN")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "chain-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ENDPOINT_URL_STS", "")
	t.Setenv("AWS_ROLE_ARN", "")
	t.Setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CA_BUNDLE", "")
}

// fakeS3 answers GetBucketLocation and HeadBucket the way S3 does, recording
// request paths and Authorization headers.
type fakeS3 struct {
	location     string // body of GetBucketLocation; "" with denyLocation false means us-east-1
	denyLocation bool
	headStatus   int
	headRegion   string

	mu    sync.Mutex
	paths []string
	auth  []string
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.paths = append(f.paths, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && r.URL.Query().Has("location"):
		if f.denyLocation {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
			return
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">%s</LocationConstraint>`, f.location)
	case r.Method == http.MethodHead:
		if f.headRegion != "" {
			w.Header().Set("X-Amz-Bucket-Region", f.headRegion)
		}
		w.WriteHeader(f.headStatus)
	default:
		w.WriteHeader(http.StatusNotImplemented)
	}
}

func TestBucketRegion(t *testing.T) {
	isolate(t)
	tests := []struct {
		name string
		fake *fakeS3
		want string
		err  bool
	}{
		{"named region", &fakeS3{location: "eu-central-1"}, "eu-central-1", false},
		{"empty means us-east-1", &fakeS3{location: ""}, "us-east-1", false},
		{"legacy EU", &fakeS3{location: "EU"}, "eu-west-1", false},
		{"location denied, head 200", &fakeS3{denyLocation: true, headStatus: 200, headRegion: "ap-south-1"}, "ap-south-1", false},
		{"location denied, head 301", &fakeS3{denyLocation: true, headStatus: 301, headRegion: "sa-east-1"}, "sa-east-1", false},
		{"location denied, head 403", &fakeS3{denyLocation: true, headStatus: 403, headRegion: "ca-central-1"}, "ca-central-1", false},
		{"nothing says", &fakeS3{denyLocation: true, headStatus: 404}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(tt.fake)
			defer ts.Close()
			c, err := New(context.Background(), Options{EndpointURL: ts.URL, RetryMaxAttempts: 1})
			if err != nil {
				t.Fatal(err)
			}
			got, err := BucketRegion(context.Background(), c.S3, "my-bucket")
			if tt.err {
				if err == nil || !strings.Contains(err.Error(), "find region of bucket my-bucket") {
					t.Fatalf("BucketRegion = %q, %v; want an error naming the bucket", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("BucketRegion = %q, %v; want %q", got, err, tt.want)
			}
			// EndpointURL implies path-style: the bucket is in the path.
			if !strings.HasPrefix(tt.fake.paths[0], "GET /my-bucket") {
				t.Errorf("first request %q is not path-style", tt.fake.paths[0])
			}
		})
	}
}

func TestS3ForBucketUsesBucketRegion(t *testing.T) {
	isolate(t)
	fake := &fakeS3{location: "eu-north-1"}
	ts := httptest.NewServer(fake)
	defer ts.Close()
	c, err := New(context.Background(), Options{EndpointURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	client, err := c.S3ForBucket(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if got := client.Options().Region; got != "eu-north-1" {
		t.Fatalf("client region = %q, want eu-north-1", got)
	}
	if !client.Options().UsePathStyle {
		t.Fatal("client for an S3-compatible endpoint is not path-style")
	}
	// A configured region wins and costs no lookup.
	fake.paths = nil
	c, err = New(context.Background(), Options{EndpointURL: ts.URL, Region: "us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	client, err = c.S3ForBucket(context.Background(), "b")
	if err != nil || client.Options().Region != "us-west-2" || len(fake.paths) != 0 {
		t.Fatalf("region %q, %d lookups, %v", client.Options().Region, len(fake.paths), err)
	}
}

func TestPathStyleFromEnvEndpoint(t *testing.T) {
	isolate(t)
	fake := &fakeS3{location: "us-west-1"}
	ts := httptest.NewServer(fake)
	defer ts.Close()
	t.Setenv("AWS_ENDPOINT_URL_S3", ts.URL)
	c, err := New(context.Background(), Options{Region: "us-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BucketRegion(context.Background(), c.S3, "env-bucket"); err != nil {
		t.Fatalf("BucketRegion via AWS_ENDPOINT_URL_S3: %v", err)
	}
	if !strings.HasPrefix(fake.paths[0], "GET /env-bucket") {
		t.Fatalf("request %q: AWS_ENDPOINT_URL_S3 not honoured path-style", fake.paths[0])
	}
}

// TestAssumeRole checks that RoleARN makes S3 requests carry the assumed
// role's credentials, fetched from STS with the chain's.
func TestAssumeRole(t *testing.T) {
	isolate(t)
	var stsForm url.Values
	var stsAuth string
	stsSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		stsForm = r.PostForm
		stsAuth = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey><SessionToken>tok</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROA:piiscan</AssumedRoleId><Arn>arn:aws:sts::222233334444:assumed-role/scanner/piiscan</Arn></AssumedRoleUser>
</AssumeRoleResult></AssumeRoleResponse>`)
	}))
	defer stsSrv.Close()
	t.Setenv("AWS_ENDPOINT_URL_STS", stsSrv.URL)
	fake := &fakeS3{location: "us-east-2"}
	s3Srv := httptest.NewServer(fake)
	defer s3Srv.Close()

	c, err := New(context.Background(), Options{
		EndpointURL: s3Srv.URL, RoleARN: "arn:aws:iam::222233334444:role/scanner", ExternalID: "ext-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.S3.GetBucketLocation(context.Background(), &s3.GetBucketLocationInput{Bucket: aws.String("b")}); err != nil {
		t.Fatal(err)
	}
	if stsForm.Get("Action") != "AssumeRole" || stsForm.Get("RoleArn") != "arn:aws:iam::222233334444:role/scanner" ||
		stsForm.Get("RoleSessionName") != DefaultRoleSessionName || stsForm.Get("ExternalId") != "ext-1" {
		t.Fatalf("AssumeRole form = %v", stsForm)
	}
	if !strings.Contains(stsAuth, "Credential=AKIDCHAIN/") {
		t.Fatalf("STS request not signed with the chain's credentials: %q", stsAuth)
	}
	if !strings.Contains(fake.auth[0], "Credential=ASIAASSUMED/") {
		t.Fatalf("S3 request not signed with the assumed role's credentials: %q", fake.auth[0])
	}
}

// TestIdleConnsPerHost: a scan's requests in flight at once find their
// connections again in the next round, when the pool is sized for them;
// past the default 64 a pool of 64 closes the rest after use.
func TestIdleConnsPerHost(t *testing.T) {
	isolate(t)
	const inFlight = 100
	for _, tc := range []struct {
		idle    int
		wantNew func(n int) bool
		want    string
	}{
		{0, func(n int) bool { return n >= inFlight-DefaultIdleConnsPerHost }, "at least 36"},
		{inFlight, func(n int) bool { return n == 0 }, "none"},
	} {
		var (
			mu      sync.Mutex
			opened  int
			arrived sync.WaitGroup
		)
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived.Done()
			arrived.Wait() // every request holds its connection until all are in
			fmt.Fprint(w, "x")
		}))
		ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				mu.Lock()
				opened++
				mu.Unlock()
			}
		}
		ts.Start()
		c, err := New(context.Background(), Options{Region: "us-east-1", EndpointURL: ts.URL, IdleConnsPerHost: tc.idle})
		if err != nil {
			t.Fatal(err)
		}
		round := func() int {
			mu.Lock()
			before := opened
			mu.Unlock()
			arrived.Add(inFlight)
			var wg sync.WaitGroup
			for i := range inFlight {
				wg.Go(func() {
					out, err := c.S3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String(fmt.Sprint(i))})
					if err != nil {
						t.Error(err)
						return
					}
					io.Copy(io.Discard, out.Body)
					out.Body.Close()
				})
			}
			wg.Wait()
			mu.Lock()
			defer mu.Unlock()
			return opened - before
		}
		if n := round(); n != inFlight {
			t.Fatalf("idle %d: first round opened %d connections, want %d", tc.idle, n, inFlight)
		}
		if n := round(); !tc.wantNew(n) {
			t.Errorf("idle %d: second round opened %d connections, want %s", tc.idle, n, tc.want)
		}
		ts.Close()
	}
}
