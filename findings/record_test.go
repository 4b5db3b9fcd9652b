package findings

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

var testNow = time.Date(2026, 11, 22, 21, 30, 0, 123456789, time.UTC)

// newTestAggregator returns an Aggregator with a fixed clock and sequential ids,
// so that records are stable across runs.
func newTestAggregator(max int) *Aggregator {
	a := NewAggregator(max)
	a.Now = func() time.Time { return testNow }
	n := 0
	a.NewID = func() string {
		n++
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
	}
	return a
}

// testSeverity stands in for the identifier catalogue.
func testSeverity(typ string, custom bool, count int64) string {
	if custom {
		return "MEDIUM" // Macie's default for a custom identifier
	}
	switch typ {
	case "AWS_CREDENTIALS", "CREDIT_CARD_NUMBER":
		return "High"
	case "USA_SOCIAL_SECURITY_NUMBER":
		if count >= 100 {
			return "High"
		}
		return "Medium"
	case "EMAIL_ADDRESS":
		return "Low"
	}
	return ""
}

var testJob = JobInfo{
	JobID:                   "3ce05dbb7ec5505def334104bf62e2c8",
	JobArn:                  "arn:aws:macie2:us-east-1:111122223333:classification-job/3ce05dbb7ec5505def334104bf62e2c8",
	AccountID:               "111122223333",
	Region:                  "us-east-1",
	Partition:               "aws",
	DetailedResultsLocation: "s3://results-bucket/AWSLogs/111122223333/Macie/us-east-1/3ce05dbb7ec5505def334104bf62e2c8",
	CustomIdentifierArns: map[string]string{
		"EMPLOYEE_ID": "arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/6bd5e6e4-0a94-4f4d-95a4-2f8c3a5a7a1b",
	},
}

var testModified = time.Date(2026, 10, 1, 8, 15, 0, 0, time.FixedZone("CEST", 2*3600))

func textRecord(a *Aggregator) []*Record {
	a.Reset()
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(3, 3, 17))
	a.Add("AWS_CREDENTIALS", CategoryCredentials, false, LineOccurrence(10, 11, 1))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(4, 4, 1))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(2, 2, 40)) // order kept as added
	obj := ObjectInfo{
		Bucket: "acme-data", Key: "notes/onboarding.txt", Size: 2048, LastModified: testModified,
		ETag: `"9b2cf535f27731c974343645a3985328"`, StorageClass: "STANDARD",
		EncryptionType: "aws:kms", KMSKeyID: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}
	return []*Record{a.Build(obj, Status{Code: StatusComplete}, 2048, "text/plain", testJob, testSeverity)}
}

func csvRecord(a *Aggregator) []*Record {
	a.Reset()
	a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, CellOccurrence(2, 3, "card_number"))
	a.Add("EMPLOYEE_ID", "", true, CellOccurrence(2, 1, "employee"))
	a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, CellOccurrence(5, 3, "card_number"))
	obj := ObjectInfo{Bucket: "acme-data", Key: "exports/payroll.csv", Size: 512, LastModified: testModified, VersionID: "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd"}
	return []*Record{a.Build(obj, Status{Code: StatusComplete}, 512, "text/csv", testJob, testSeverity)}
}

func jsonRecord(a *Aggregator) []*Record {
	a.Reset()
	a.Add("USA_SOCIAL_SECURITY_NUMBER", CategoryPersonal, false, RecordOccurrence(0, "$.customers[0].ssn"))
	a.Add("USA_SOCIAL_SECURITY_NUMBER", CategoryPersonal, false, RecordOccurrence(0, "$.customers[7].ssn"))
	obj := ObjectInfo{Key: "data/customers.json", Path: "/srv/data/customers.json", Size: 900, LastModified: testModified}
	job := JobInfo{JobID: "local-scan"}
	return []*Record{a.Build(obj, Status{Code: StatusComplete}, 900, "application/json", job, testSeverity)}
}

func skippedRecord(a *Aggregator) []*Record {
	a.Reset()
	obj := ObjectInfo{Bucket: "acme-data", Key: "media/photo.heic", Size: 3 << 20, LastModified: testModified}
	return []*Record{a.Build(obj, Status{Code: StatusSkipped, Reason: ReasonUnsupportedFileTypeException}, 0, "", testJob, nil)}
}

// partialRecords is an archive of which one member could not be read: the
// archive's record counts everything, and each member with occurrences has
// its own record carrying embeddedFileDetails and the locations.
func partialRecords(a *Aggregator) []*Record {
	a.Reset()
	people := &EmbeddedFileDetails{FilePath: "backup/people.csv", FileExtension: "csv", FileSize: 300, FileLastModified: TimestampOf(testModified)}
	notes := &EmbeddedFileDetails{FilePath: "backup/notes.txt", FileExtension: "txt", FileSize: 120}
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(2, 2, "email").In(people))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(1, 1, 5).In(notes))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(3, 2, "email").In(people))
	obj := ObjectInfo{Bucket: "acme-data", Key: "archives/backup.zip", Size: 4096, LastModified: testModified}
	rec := a.Build(obj, Status{Code: StatusPartial, Reason: ReasonArchiveContainsUnprocessedFiles}, 420, "application/zip", testJob, testSeverity)
	return append([]*Record{rec}, a.BuildEmbedded(obj, testJob, testSeverity)...)
}

func TestRecordGolden(t *testing.T) {
	cases := []struct {
		name  string
		build func(*Aggregator) []*Record
	}{
		{"record_text", textRecord},
		{"record_csv", csvRecord},
		{"record_json", jsonRecord},
		{"record_skipped", skippedRecord},
		{"record_partial", partialRecords},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs := tc.build(newTestAggregator(DefaultMaxOccurrences))
			got, err := json.MarshalIndent(recs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.name, append(got, '\n'))

			// What is written reads back the same.
			var back []*Record
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			again, _ := json.MarshalIndent(back, "", "  ")
			if !bytes.Equal(again, got) {
				t.Errorf("round trip changed the record:\n%s", again)
			}
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./findings -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden (go test ./findings -update rewrites it):\n--- got ---\n%s\n--- want ---\n%s", file, got, want)
	}
}

// TestMacieFieldNames decodes records into maps and checks every object's
// keys against Macie's spelling, so that a renamed or added field is caught.
func TestMacieFieldNames(t *testing.T) {
	a := newTestAggregator(DefaultMaxOccurrences)
	a.Reset()
	member := &EmbeddedFileDetails{FilePath: "x/y.csv", FileExtension: "csv", FileSize: 10, FileLastModified: TimestampOf(testModified)}
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(1, 1, 1))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(1, 1, "email"))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, RecordOccurrence(1, "$.a"))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, PageOccurrence(2, Range{Start: 1, End: 1, StartColumn: 1}))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, OffsetOccurrence(1, 9, 1))
	a.Add("EMPLOYEE_ID", "", true, LineOccurrence(1, 1, 1))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(1, 1, "email").In(member))
	obj := ObjectInfo{
		Bucket: "b", Key: "k.zip", Size: 1, LastModified: testModified, ETag: "e", StorageClass: "STANDARD",
		VersionID: "v", EncryptionType: "AES256", KMSKeyID: "k",
		BucketDetails: &S3Bucket{
			DefaultServerSideEncryption: &ServerSideEncryption{EncryptionType: "aws:kms", KmsMasterKeyID: "k"},
			Owner:                       &S3BucketOwner{DisplayName: "o", ID: "i"},
			PublicAccess: &BucketPublicAccess{EffectivePermission: "NOT_PUBLIC", PermissionConfiguration: &BucketPermissionConfiguration{
				BucketLevelPermissions: &BucketLevelPermissions{BlockPublicAccess: &BlockPublicAccess{BlockPublicAcls: true}}}},
			Tags: []KeyValuePair{{Key: "team", Value: "data"}},
		},
	}
	recs := append([]*Record{a.Build(obj, Status{Code: StatusPartial, Reason: ReasonMalformedFile}, 1, "application/zip", testJob, testSeverity)},
		a.BuildEmbedded(obj, testJob, testSeverity)...)

	var top, member0 map[string]any
	decode(t, recs[0], &top)
	decode(t, recs[1], &member0)

	keys(t, "record", top, "schemaVersion", "id", "accountId", "partition", "region", "category", "type", "severity", "createdAt", "updatedAt", "classificationDetails", "resourcesAffected")
	keys(t, "severity", obj1(top, "severity"), "description", "score")
	cd := obj1(top, "classificationDetails")
	keys(t, "classificationDetails", cd, "detailedResultsLocation", "jobArn", "jobId", "originType", "result")
	res := obj1(cd, "result")
	keys(t, "result", res, "additionalOccurrences", "customDataIdentifiers", "mimeType", "sensitiveData", "sizeClassified", "status")
	keys(t, "status", obj1(res, "status"), "code", "reason")
	item := res["sensitiveData"].([]any)[0].(map[string]any)
	keys(t, "sensitiveData[]", item, "category", "detections", "totalCount")
	det := item["detections"].([]any)[0].(map[string]any)
	keys(t, "detections[]", det, "count", "occurrences", "type")
	occ := obj1(det, "occurrences")
	keys(t, "occurrences", occ, "cells", "lineRanges", "offsetRanges", "pages", "records")
	keys(t, "cells[]", occ["cells"].([]any)[0].(map[string]any), "column", "columnName", "row")
	keys(t, "lineRanges[]", occ["lineRanges"].([]any)[0].(map[string]any), "end", "start", "startColumn")
	keys(t, "offsetRanges[]", occ["offsetRanges"].([]any)[0].(map[string]any), "end", "start", "startColumn")
	page := occ["pages"].([]any)[0].(map[string]any)
	keys(t, "pages[]", page, "lineRange", "pageNumber")
	keys(t, "pages[].lineRange", obj1(page, "lineRange"), "end", "start", "startColumn")
	keys(t, "records[]", occ["records"].([]any)[0].(map[string]any), "jsonPath", "recordIndex")
	cdi := obj1(res, "customDataIdentifiers")
	keys(t, "customDataIdentifiers", cdi, "detections", "totalCount")
	keys(t, "customDataIdentifiers.detections[]", cdi["detections"].([]any)[0].(map[string]any), "arn", "count", "name", "occurrences")
	ra := obj1(top, "resourcesAffected")
	keys(t, "resourcesAffected", ra, "s3Bucket", "s3Object")
	bucket := obj1(ra, "s3Bucket")
	keys(t, "s3Bucket", bucket, "arn", "name", "defaultServerSideEncryption", "owner", "publicAccess", "tags")
	keys(t, "s3Bucket.defaultServerSideEncryption", obj1(bucket, "defaultServerSideEncryption"), "encryptionType", "kmsMasterKeyId")
	keys(t, "s3Bucket.owner", obj1(bucket, "owner"), "displayName", "id")
	pa := obj1(bucket, "publicAccess")
	keys(t, "s3Bucket.publicAccess", pa, "effectivePermission", "permissionConfiguration")
	blp := obj1(obj1(pa, "permissionConfiguration"), "bucketLevelPermissions")
	keys(t, "bucketLevelPermissions", blp, "blockPublicAccess")
	keys(t, "blockPublicAccess", obj1(blp, "blockPublicAccess"), "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
	keys(t, "s3Bucket.tags[]", bucket["tags"].([]any)[0].(map[string]any), "key", "value")
	keys(t, "s3Object", obj1(ra, "s3Object"), "bucketArn", "eTag", "extension", "key", "lastModified", "path", "serverSideEncryption", "size", "storageClass", "versionId")
	keys(t, "serverSideEncryption", obj1(obj1(ra, "s3Object"), "serverSideEncryption"), "encryptionType", "kmsMasterKeyId")

	mo := obj1(obj1(member0, "resourcesAffected"), "s3Object")
	keys(t, "member s3Object", mo, "bucketArn", "embeddedFileDetails", "eTag", "extension", "key", "lastModified", "path", "serverSideEncryption", "size", "storageClass", "versionId")
	keys(t, "embeddedFileDetails", obj1(mo, "embeddedFileDetails"), "filePath", "fileExtension", "fileSize", "fileLastModified")

	if got := top["category"]; got != "CLASSIFICATION" {
		t.Errorf("category = %v", got)
	}
	if got := cd["originType"]; got != "SENSITIVE_DATA_DISCOVERY_JOB" {
		t.Errorf("originType = %v", got)
	}
}

func decode(t *testing.T, r *Record, into *map[string]any) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatal(err)
	}
}

func obj1(m map[string]any, k string) map[string]any {
	v, _ := m[k].(map[string]any)
	return v
}

func keys(t *testing.T, where string, m map[string]any, want ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s keys:\n got  %s\n want %s", where, strings.Join(got, ","), strings.Join(want, ","))
	}
}

func TestTimestamp(t *testing.T) {
	ts := TimestampOf(time.Date(2026, 1, 2, 5, 4, 5, 999_999_999, time.FixedZone("X", 3600)))
	b, err := json.Marshal(ts)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"2026-01-02T04:04:05.999Z"`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	for _, tc := range []struct {
		in      string
		wantErr bool
	}{
		{`"2026-01-02T04:04:05.999Z"`, false},
		{`"2026-01-02T04:04:05Z"`, false},
		{`"2026-01-02T05:04:05.5+01:00"`, false},
		{`null`, false},
		{`"yesterday"`, true},
		{`12`, true},
		{`"`, true},
	} {
		var got Timestamp
		err := json.Unmarshal([]byte(tc.in), &got)
		if (err != nil) != tc.wantErr {
			t.Errorf("Unmarshal(%s): err = %v, want error %v", tc.in, err, tc.wantErr)
		}
	}
}
