package jobrun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/jobs"
)

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// resourceJob is a job with one custom data identifier and two allow
// lists, found in location.
func resourceJob(location string) *jobs.Job {
	return &jobs.Job{
		Name: "nightly", JobType: jobs.JobTypeOneTime, S3JobDefinition: &jobs.S3JobDefinition{},
		ManagedDataIdentifierSelector: "INCLUDE", ManagedDataIdentifierIDs: []string{"USA_SOCIAL_SECURITY_NUMBER"},
		CustomDataIdentifierIDs: []string{"employee-id"}, AllowListIDs: []string{"test-data", "internal-words"},
		Piiscan: &jobs.Settings{CustomDataIdentifiers: location, AllowLists: location},
	}
}

const (
	employeeID   = `{"name": "EmployeeID", "regex": "EMP-[0-9]{6}", "keywords": ["employee"]}`
	testDataList = `{"name": "test data", "criteria": {"regex": "4111-?1111-?1111-?1111"}}`
)

// TestResourcesEngine: each way a job's identifiers and allow lists can be
// found, or not, in a local directory; the error names the field, the id
// and where it was looked for.
func TestResourcesEngine(t *testing.T) {
	for _, tt := range []struct {
		name    string
		files   map[string]string // under config/
		wantErr string            // "" for a compiled engine; DIR is the job's directory
	}{
		{"json and txt", map[string]string{"employee-id.json": employeeID, "test-data.json": testDataList, "internal-words.txt": "Jane Doe\n\nJohn Roe\n"}, ""},
		{"json allow lists", map[string]string{"employee-id.json": employeeID, "test-data.json": testDataList, "internal-words.json": `{"criteria": {"regex": "Jane"}}`}, ""},
		{"missing allow list", map[string]string{"employee-id.json": employeeID, "test-data.json": testDataList},
			`allowListIds[1]: "internal-words" not found (looked for ` + filepath.Join("DIR", "config", "internal-words.json") + ", "},
		{"missing identifier", map[string]string{"test-data.json": testDataList, "internal-words.txt": "x\n"}, `customDataIdentifierIds[0]: "employee-id" not found`},
		{"regex does not compile", map[string]string{"employee-id.json": `{"name": "EmployeeID", "regex": "EMP-([0-9]"}`, "test-data.json": testDataList, "internal-words.txt": "x\n"}, "identifiers:"},
		{"identifier not JSON", map[string]string{"employee-id.json": `EMP-[0-9]{6}`, "test-data.json": testDataList, "internal-words.txt": "x\n"},
			"customDataIdentifierIds[0]: " + filepath.Join("DIR", "config", "employee-id.json") + ": not a CreateCustomDataIdentifier request"},
		{"allow list without criteria", map[string]string{"employee-id.json": employeeID, "test-data.json": `{"name": "x", "criteria": {}}`, "internal-words.txt": "x\n"}, "allowListIds[0]: " + filepath.Join("DIR", "config", "test-data.json") + ": criteria has neither regex nor s3WordsList"},
		{"words list of blanks", map[string]string{"employee-id.json": employeeID, "test-data.json": testDataList, "internal-words.txt": "\n  \n"}, "allowListIds[1]: " + filepath.Join("DIR", "config", "internal-words.txt") + ": no words"},
		{"s3WordsList without AWS", map[string]string{"employee-id.json": employeeID, "test-data.json": `{"criteria": {"s3WordsList": {"bucketName": "b", "objectKey": "words.txt"}}}`, "internal-words.txt": "x\n"},
			"allowListIds[0]: " + filepath.Join("DIR", "config", "test-data.json") + ": criteria.s3WordsList: s3:// locations are read at run time"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				writeFile(t, dir, filepath.Join("config", name), data)
			}
			engine, err := Resources{Dir: dir}.Engine(context.Background(), resourceJob("config"))
			if tt.wantErr == "" {
				if err != nil || engine == nil {
					t.Fatalf("Engine: %v", err)
				}
				return
			}
			want := strings.ReplaceAll(tt.wantErr, "DIR", dir)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("Engine: error %v, want one containing %q", err, want)
			}
		})
	}
}

// TestResourcesInS3: identifiers, allow lists and words lists under an
// s3:// prefix are read through AWS; a missing one is named by its s3://
// URLs.
func TestResourcesInS3(t *testing.T) {
	m := newMemS3("config-bucket")
	m.put("config-bucket", "ids/employee-id.json", employeeID)
	m.put("config-bucket", "ids/test-data.json", `{"name": "from s3", "criteria": {"s3WordsList": {"bucketName": "config-bucket", "objectKey": "words/test.txt"}}}`)
	m.put("config-bucket", "words/test.txt", "4111 1111 1111 1111\r\n\r\nJane Doe\n")
	m.put("config-bucket", "ids/internal-words.txt", "John Roe\n")
	r := Resources{Dir: t.TempDir(), AWS: newFakeAWS(m)}
	ctx := context.Background()

	if _, err := r.Engine(ctx, resourceJob("s3://config-bucket/ids")); err != nil {
		t.Fatalf("Engine: %v", err)
	}
	list, err := r.AllowList(ctx, "s3://config-bucket/ids/", "test-data")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"4111 1111 1111 1111", "Jane Doe"}; list.Name != "from s3" || !slices.Equal(list.Criteria.Words, want) {
		t.Errorf("AllowList = %+v, want name %q and words %q", list, "from s3", want)
	}
	cdi, err := r.CustomDataIdentifier(ctx, "s3://config-bucket/ids", "employee-id")
	if err != nil || cdi.Name != "EmployeeID" || cdi.Regex != "EMP-[0-9]{6}" {
		t.Errorf("CustomDataIdentifier = %+v, %v", cdi, err)
	}
	_, err = r.AllowList(ctx, "s3://config-bucket/ids", "absent")
	if want := `"absent" not found (looked for s3://config-bucket/ids/absent.json, s3://config-bucket/ids/absent.txt)`; err == nil || err.Error() != want {
		t.Errorf("absent allow list: %v, want %q", err, want)
	}
	// An S3 error other than NoSuchKey is not "not found".
	_, err = r.AllowList(ctx, "s3://no-such-bucket/ids", "x")
	if err == nil || strings.Contains(err.Error(), "not found") || !strings.Contains(err.Error(), "NoSuchBucket") {
		t.Errorf("no such bucket: %v", err)
	}
}

// TestResourcesCheckLocal: `job validate` compiles local resources and
// leaves those in S3 (and needs no AWS for them).
func TestResourcesCheckLocal(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "config/employee-id.json", `{"name": "EmployeeID", "regex": "EMP-([0-9]"}`)
	writeFile(t, dir, "config/test-data.json", testDataList)
	writeFile(t, dir, "config/internal-words.txt", "x\n")
	fails := errors.New("AWS must not be asked")
	r := Resources{Dir: dir, AWS: &fakeAWS{err: fails}}
	for _, tt := range []struct {
		name         string
		ids, allowed string
		wantErr      string
	}{
		{"local, broken identifier", "config", "config", "identifiers:"},
		{"identifiers in S3", "s3://b/ids", "config", ""},
		{"allow lists in S3", "config", "s3://b/lists", ""},
	} {
		job := resourceJob("")
		job.Piiscan.CustomDataIdentifiers, job.Piiscan.AllowLists = tt.ids, tt.allowed
		err := r.CheckLocal(context.Background(), job)
		if (tt.wantErr == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: CheckLocal = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestWordsOf(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"\n \n\t\n", nil},
		{"Jane Doe", []string{"Jane Doe"}},
		{"  Jane Doe \r\nJohn Roe\n\nx", []string{"Jane Doe", "John Roe", "x"}},
	} {
		if got := wordsOf([]byte(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("wordsOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
