package jobrun

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/piiscan/piiscan/awsclient"
)

// TestNewAWS: awsclient's clients are built on the first request for one,
// once; a failed build is not remembered; S3 answers with the configured
// region without asking S3 for the bucket's.
func TestNewAWS(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", missing)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", missing)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	builds, fail := 0, true
	a := NewAWS(func(ctx context.Context) (*awsclient.Clients, error) {
		builds++
		if fail {
			return nil, errors.New("aws configuration: broken")
		}
		return awsclient.New(ctx, awsclient.Options{Region: "ap-south-2"})
	})
	if builds != 0 {
		t.Fatalf("built %d times before any request", builds)
	}
	ctx := context.Background()
	if _, err := a.STS(ctx); err == nil || err.Error() != "aws configuration: broken" {
		t.Fatalf("STS with a broken configuration: %v", err)
	}
	fail = false
	client, region, err := a.S3(ctx, "any-bucket")
	if err != nil || client == nil || region != "ap-south-2" {
		t.Fatalf("S3 = %v, %q, %v", client, region, err)
	}
	for _, get := range []func() (any, error){
		func() (any, error) { return a.Buckets(ctx) },
		func() (any, error) { return a.KMS(ctx) },
		func() (any, error) { return a.STS(ctx) },
	} {
		if c, err := get(); err != nil || c == nil {
			t.Errorf("client %v, %v", c, err)
		}
	}
	if builds != 2 {
		t.Errorf("built %d times, want 2 (one failure, then once)", builds)
	}
}
