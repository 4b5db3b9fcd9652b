package jobrun

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/jobs"
)

func criteriaJob(c *jobs.BucketCriteria) *jobs.Job {
	return &jobs.Job{Name: "c", JobType: jobs.JobTypeOneTime, S3JobDefinition: &jobs.S3JobDefinition{BucketCriteria: c}}
}

func includes(terms ...jobs.CriteriaForJob) *jobs.BucketCriteria {
	return &jobs.BucketCriteria{Includes: &jobs.CriteriaBlock{And: terms}}
}

func simpleCriterion(cmp, key string, values ...string) jobs.CriteriaForJob {
	return jobs.CriteriaForJob{SimpleCriterion: &jobs.SimpleCriterion{Comparator: cmp, Key: key, Values: values}}
}

func tagCriterion(cmp, key, value string) jobs.CriteriaForJob {
	return jobs.CriteriaForJob{TagCriterion: &jobs.TagCriterion{Comparator: cmp, TagValues: []jobs.TagPair{{Key: key, Value: value}}}}
}

// TestBuckets: bucket definitions are taken as they are; bucket criteria
// are evaluated over the account's buckets, reading tags and asking STS
// for the account only when the criteria need them.
func TestBuckets(t *testing.T) {
	m := newMemS3("dev-logs", "prod-customers", "prod-orders", "untagged")
	m.bucketTags["prod-customers"] = map[string]string{"env": "prod", "pii": "yes"}
	m.bucketTags["prod-orders"] = map[string]string{"env": "prod"}
	m.bucketTags["dev-logs"] = map[string]string{"env": "dev"}
	definitions := &jobs.Job{Name: "d", JobType: jobs.JobTypeOneTime, S3JobDefinition: &jobs.S3JobDefinition{BucketDefinitions: []jobs.BucketDefinition{
		{AccountID: "111122223333", Buckets: []string{"b1", "b2"}}, {AccountID: "444455556666", Buckets: []string{"b3"}},
	}}}
	for _, tt := range []struct {
		name      string
		job       *jobs.Job
		accountID string
		sts       *fakeSTS
		want      []string
		wantErr   string
		tagReads  int
		stsCalls  int
	}{
		{name: "definitions", job: definitions, want: []string{"b1", "b2", "b3"}},
		{name: "name prefix", job: criteriaJob(includes(simpleCriterion("STARTS_WITH", "S3_BUCKET_NAME", "prod-"))), want: []string{"prod-customers", "prod-orders"}},
		{name: "tag", job: criteriaJob(includes(tagCriterion("EQ", "env", "prod"))), want: []string{"prod-customers", "prod-orders"}, tagReads: 4},
		{name: "tag NE, unreadable tags read as none", job: criteriaJob(includes(tagCriterion("NE", "env", "dev"))), want: []string{"prod-customers", "prod-orders", "untagged"}, tagReads: 4},
		{name: "excludes", job: criteriaJob(&jobs.BucketCriteria{Excludes: &jobs.CriteriaBlock{And: []jobs.CriteriaForJob{tagCriterion("EQ", "pii", "")}}}), want: []string{"dev-logs", "prod-orders", "untagged"}, tagReads: 4},
		{name: "account given", job: criteriaJob(includes(simpleCriterion("EQ", "ACCOUNT_ID", "111122223333"))), accountID: "111122223333", want: []string{"dev-logs", "prod-customers", "prod-orders", "untagged"}},
		{name: "account from STS", job: criteriaJob(includes(simpleCriterion("NE", "ACCOUNT_ID", "111122223333"))), sts: &fakeSTS{account: "444455556666"}, want: []string{"dev-logs", "prod-customers", "prod-orders", "untagged"}, stsCalls: 1},
		{name: "STS fails", job: criteriaJob(includes(simpleCriterion("EQ", "ACCOUNT_ID", "111122223333"))), sts: &fakeSTS{err: errors.New("ExpiredToken")},
			wantErr: "bucketCriteria name ACCOUNT_ID: find the account (or set piiscan.accountId): get caller identity: ExpiredToken", stsCalls: 1},
		{name: "none selected", job: criteriaJob(includes(simpleCriterion("EQ", "S3_BUCKET_NAME", "typo"))), wantErr: "bucketCriteria select no bucket"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newFakeAWS(m)
			if tt.sts != nil {
				a.sts = tt.sts
			}
			before := m.count("GetBucketTagging")
			got, err := Buckets(context.Background(), tt.job, a, tt.accountID)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("Buckets = %q, %v; want error %q", got, err, tt.wantErr)
				}
			} else if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("Buckets = %q, %v; want %q", got, err, tt.want)
			}
			if n := m.count("GetBucketTagging") - before; n != tt.tagReads {
				t.Errorf("%d GetBucketTagging, want %d", n, tt.tagReads)
			}
			if a.sts.calls != tt.stsCalls {
				t.Errorf("%d GetCallerIdentity, want %d", a.sts.calls, tt.stsCalls)
			}
		})
	}
}

func TestBucketsListFails(t *testing.T) {
	m := newMemS3("a")
	m.listErr = apiError("AccessDenied")
	_, err := Buckets(context.Background(), criteriaJob(includes(simpleCriterion("EQ", "S3_BUCKET_NAME", "a"))), newFakeAWS(m), "")
	if err == nil || !strings.HasPrefix(err.Error(), "list buckets for bucketCriteria: ") || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("Buckets: %v", err)
	}
	// A broken AWS configuration is reported with the same context.
	_, err = Buckets(context.Background(), criteriaJob(includes(simpleCriterion("EQ", "S3_BUCKET_NAME", "a"))), &fakeAWS{err: errors.New("aws configuration: no such profile")}, "")
	if err == nil || err.Error() != "list buckets for bucketCriteria: aws configuration: no such profile" {
		t.Errorf("Buckets without AWS: %v", err)
	}
}
