package jobrun

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/sources"
)

func TestTagErrorReason(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{apiError("AccessDenied"), sources.ReasonPermissionDenied},
		{apiError("Forbidden"), sources.ReasonPermissionDenied},
		{&types.NoSuchKey{}, sources.ReasonObjectNoLongerAvailable},
		{fmt.Errorf("get: %w", apiError("NotFound")), sources.ReasonObjectNoLongerAvailable},
		{apiError("SlowDown"), sources.ReasonUnreadable},
		{errors.New("connection reset"), sources.ReasonUnreadable},
	} {
		if got := tagErrorReason(tt.err); got != tt.want {
			t.Errorf("tagErrorReason(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}

// TestNewSource: one listing per bucket and scoped key prefix, in the
// order of the buckets; an object's tags come from its bucket's client, an
// unreadable tag set skips the object with the reason.
func TestNewSource(t *testing.T) {
	m := newMemS3("a", "b")
	for _, key := range []string{"in/1.csv", "in/2.csv", "logs/1.txt", "other/1.csv"} {
		m.put("a", key, "x")
		m.put("b", key, "y")
	}
	m.objects["a"]["in/1.csv"].tags = map[string]string{"public": "no"}
	m.tagErrs["b/in/2.csv"] = apiError("AccessDenied")
	job := &jobs.Job{Name: "s", JobType: jobs.JobTypeOneTime, S3JobDefinition: &jobs.S3JobDefinition{
		Scoping: &jobs.Scoping{Includes: &jobs.ScopingBlock{And: []jobs.ScopeTerm{{SimpleScopeTerm: &jobs.SimpleScopeTerm{
			Comparator: "STARTS_WITH", Key: jobs.KeyObjectKey, Values: []string{"in/", "logs/"},
		}}}}},
	}}
	src, tags := newSource(job, []string{"b", "a"}, map[string]S3API{"a": m, "b": m}, nil)
	var listed []string
	err := src.List(context.Background(), func(o sources.Object) error {
		listed = append(listed, o.Bucket+"/"+o.Key)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"b/in/1.csv", "b/in/2.csv", "b/logs/1.txt", "a/in/1.csv", "a/in/2.csv", "a/logs/1.txt"}
	if !slices.Equal(listed, want) {
		t.Errorf("listed %q, want %q", listed, want)
	}

	for _, tt := range []struct {
		bucket, key string
		want        map[string]string
		wantReason  string
	}{
		{"a", "in/1.csv", map[string]string{"public": "no"}, ""},
		{"a", "in/2.csv", map[string]string{}, ""},
		{"b", "in/2.csv", nil, sources.ReasonPermissionDenied},
		{"a", "gone.csv", nil, sources.ReasonObjectNoLongerAvailable},
		{"c", "in/1.csv", nil, "not in the job"},
	} {
		got, err := tags(context.Background(), sources.Object{Bucket: tt.bucket, Key: tt.key})
		if tt.wantReason == "" {
			if err != nil || !maps.Equal(got, tt.want) {
				t.Errorf("tags of %s/%s = %v, %v; want %v", tt.bucket, tt.key, got, err, tt.want)
			}
			continue
		}
		var oe *sources.ObjectError
		switch {
		case errors.As(err, &oe):
			if oe.Reason != tt.wantReason || oe.Status != sources.StatusSkipped {
				t.Errorf("tags of %s/%s: %s %s, want skipped %s", tt.bucket, tt.key, oe.Status, oe.Reason, tt.wantReason)
			}
		case err == nil || tt.wantReason != "not in the job":
			t.Errorf("tags of %s/%s: %v, want %s", tt.bucket, tt.key, err, tt.wantReason)
		}
	}
}
