package jobs

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/piiscan/piiscan/findings/s3repo"
)

func mustParse(t *testing.T, data string) *Job {
	t.Helper()
	j, err := Parse([]byte(data), ValidateOptions{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return j
}

func TestParseExample(t *testing.T) {
	data, err := os.ReadFile("testdata/job.json")
	if err != nil {
		t.Fatal(err)
	}
	j, err := Parse(data, ValidateOptions{ManagedIDs: []string{"USA_SOCIAL_SECURITY_NUMBER"}})
	if err != nil {
		t.Fatal(err)
	}
	if j.Sampling() != 25 || j.JobType != JobTypeScheduled || len(j.S3JobDefinition.BucketDefinitions[0].Buckets) != 2 {
		t.Errorf("parsed %+v", j)
	}
	if id := j.ID(); len(id) != 32 || id != mustParse(t, string(data)).ID() {
		t.Errorf("ID %q: want 32 stable hex digits", id)
	}
	other := strings.Replace(string(data), `"clientToken": "2026-11-22"`, `"clientToken": "2026-11-23"`, 1)
	if mustParse(t, other).ID() == j.ID() {
		t.Error("a new clientToken must give a new job id")
	}
	desc := strings.Replace(string(data), "PII in the raw zone", "other words", 1)
	if mustParse(t, desc).DefinitionHash() != j.DefinitionHash() {
		t.Error("the description is not part of the definition")
	}
	samp := strings.Replace(string(data), `"samplingPercentage": 25`, `"samplingPercentage": 26`, 1)
	if mustParse(t, samp).DefinitionHash() == j.DefinitionHash() {
		t.Error("the sampling percentage is part of the definition")
	}
}

const minimal = `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"]}]}%s}`

// TestValidationProblems: each malformed job gets the problems it has, by
// field path, and nothing else.
func TestValidationProblems(t *testing.T) {
	tests := []struct {
		name string
		job  string
		want []string // "path: reason" prefixes, all of them, in order
	}{
		{"minimal is valid", `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"]}]}}`, nil},
		{"syntax", `{"name": "n",,}`, []string{"not JSON: line 1, column 14"}},
		{"two values", `{} {}`, []string{"more than one JSON value"}},
		{"empty object", `{}`, []string{"name: required", "jobType: required", "s3JobDefinition: required"}},
		{"unknown and misspelled fields", `{"name":"n","jobtype":"ONE_TIME","bogus":1,"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"],"region":"x"}]}}`,
			[]string{`bogus: unknown field`, `jobtype: unknown field (did you mean "jobType"?)`, `s3JobDefinition.bucketDefinitions[0].region: unknown field`, "jobType: required"}},
		{"wrong types", `{"name":5,"jobType":"ONE_TIME","samplingPercentage":"10","s3JobDefinition":{"bucketDefinitions":{"accountId":"1"}}}`,
			[]string{"name: want a string, got a number", "s3JobDefinition.bucketDefinitions: want an array, got an object", "samplingPercentage: want an integer, got a string", "name: required", "s3JobDefinition: no buckets"}},
		{"fraction", `{"name":"n","jobType":"ONE_TIME","samplingPercentage":2.5,"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"]}]}}`,
			[]string{"samplingPercentage: want an integer, got 2.5"}},
		{"sampling range", strings.Replace(minimal, "%s", `,"samplingPercentage":101`, 1), []string{"samplingPercentage: 101: want 1 to 100"}},
		{"scheduled without frequency", `{"name":"n","jobType":"SCHEDULED","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"]}]}}`,
			[]string{"scheduleFrequency: required for a SCHEDULED job"}},
		{"one time with frequency", strings.Replace(minimal, "%s", `,"scheduleFrequency":{"dailySchedule":{}}`, 1), []string{"scheduleFrequency: only for a SCHEDULED job"}},
		{"two frequencies and bad days", `{"name":"n","jobType":"SCHEDULED","scheduleFrequency":{"weeklySchedule":{"dayOfWeek":"FUNDAY"},"monthlySchedule":{"dayOfMonth":32}},"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"]}]}}`,
			[]string{`scheduleFrequency.weeklySchedule.dayOfWeek: "FUNDAY"`, "scheduleFrequency.monthlySchedule.dayOfMonth: 32: want 1 to 31", "scheduleFrequency: want exactly one"}},
		{"buckets", `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"1234","buckets":["ok-bucket","Bad_Name","ok-bucket"]},{"accountId":"111122223333","buckets":[]}]}}`,
			[]string{`s3JobDefinition.bucketDefinitions[0].accountId: "1234"`, `s3JobDefinition.bucketDefinitions[0].buckets[1]: "Bad_Name" is not an S3 bucket name`, `s3JobDefinition.bucketDefinitions[0].buckets[2]: "ok-bucket" is already listed at s3JobDefinition.bucketDefinitions[0].buckets[0]`, "s3JobDefinition.bucketDefinitions[1].buckets: empty"}},
		{"definitions and criteria", `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["bucket-1"]}],"bucketCriteria":{"includes":{"and":[{"simpleCriterion":{"comparator":"EQ","key":"S3_BUCKET_NAME","values":["bucket-1"]}}]}}}}`,
			[]string{"s3JobDefinition: bucketDefinitions and bucketCriteria exclude each other"}},
		{"bucket criteria", `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"includes":{"and":[{"simpleCriterion":{"comparator":"GT","key":"S3_BUCKET_NAME","values":[]}},{"simpleCriterion":{"comparator":"EQ","key":"S3_BUCKET_SHARED_ACCESS","values":["EXTERNAL"]}},{}]},"excludes":{"and":[{"tagCriterion":{"comparator":"LT","tagValues":[{"key":"","value":"x"}]}}]}}}}`,
			[]string{`s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.comparator: "GT": want EQ or NE or STARTS_WITH`, "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.values: empty", "s3JobDefinition.bucketCriteria.includes.and[1].simpleCriterion.key: S3_BUCKET_SHARED_ACCESS comes from Macie's bucket inventory", "s3JobDefinition.bucketCriteria.includes.and[2]: empty", `s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion.comparator: "LT"`, "s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion.tagValues[0].key: required"}},
		{"scoping", strings.Replace(minimal, "}]}%s}", `}],"scoping":{"includes":{"and":[{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_KEY","values":["a/"]}},{"simpleScopeTerm":{"comparator":"CONTAINS","key":"OBJECT_SIZE","values":["big","2"]}},{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_LAST_MODIFIED_DATE","values":["yesterday"]}},{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_EXTENSION","values":[".csv",""]}},{"simpleScopeTerm":{"comparator":"EQ","key":"BUCKET_CREATION_DATE","values":["x"]}}]},"excludes":{"and":[{"tagScopeTerm":{"comparator":"GT","key":"OBJECT_TAG","tagValues":[],"target":"S3_BUCKET"}},{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_EXTENSION","values":["tmp"]},"tagScopeTerm":{"comparator":"EQ","key":"TAG","tagValues":[{"key":"k","value":""}]}}]}}}}`, 1),
			[]string{
				`s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator: "EQ": want STARTS_WITH for OBJECT_KEY`,
				`s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.comparator: "CONTAINS": want EQ, GT, GTE, LT, LTE, NE for OBJECT_SIZE`,
				"s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.values: 2 values: OBJECT_SIZE takes exactly one",
				`s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.values[0]: "big": want a size in bytes`,
				`s3JobDefinition.scoping.includes.and[2].simpleScopeTerm.values[0]: "yesterday": want a UTC date and time`,
				"s3JobDefinition.scoping.includes.and[3].simpleScopeTerm.values[1]: empty value",
				`s3JobDefinition.scoping.includes.and[3].simpleScopeTerm.values[0]: ".csv": give the extension without the dot`,
				`s3JobDefinition.scoping.includes.and[4].simpleScopeTerm.key: "BUCKET_CREATION_DATE"`,
				`s3JobDefinition.scoping.excludes.and[0].tagScopeTerm.comparator: "GT": want EQ or NE`,
				`s3JobDefinition.scoping.excludes.and[0].tagScopeTerm.key: "OBJECT_TAG": want TAG`,
				`s3JobDefinition.scoping.excludes.and[0].tagScopeTerm.target: "S3_BUCKET": want S3_OBJECT`,
				"s3JobDefinition.scoping.excludes.and[0].tagScopeTerm.tagValues: empty",
				"s3JobDefinition.scoping.excludes.and[1]: give simpleScopeTerm or tagScopeTerm, not both",
			}},
		{"identifiers", strings.Replace(minimal, "%s", `,"managedDataIdentifierSelector":"INCLUDE","managedDataIdentifierIds":["SSN","NOPE","SSN"],"customDataIdentifierIds":["a/b"],"allowListIds":["x"]`, 1),
			[]string{`managedDataIdentifierIds[1]: "NOPE" is not a managed data identifier`, `managedDataIdentifierIds[2]: "SSN" listed twice`,
				"piiscan.customDataIdentifiers: required to resolve customDataIdentifierIds", `customDataIdentifierIds[0]: "a/b": want letters`,
				"piiscan.allowLists: required to resolve allowListIds"}},
		{"selector", strings.Replace(minimal, "%s", `,"managedDataIdentifierSelector":"NONE","managedDataIdentifierIds":["SSN"]`, 1),
			[]string{"managedDataIdentifierIds: only with managedDataIdentifierSelector INCLUDE or EXCLUDE (it is NONE)", "managedDataIdentifierSelector: NONE with no customDataIdentifierIds"}},
		{"exclude needs ids", strings.Replace(minimal, "%s", `,"managedDataIdentifierSelector":"EXCLUDE"`, 1), []string{"managedDataIdentifierIds: required with managedDataIdentifierSelector EXCLUDE"}},
		{"settings", strings.Replace(minimal, "%s", `,"piiscan":{"jobId":"a/b","results":"/tmp/x","encryption":"aes","accountId":"me"}`, 1),
			[]string{`piiscan.jobId: "a/b"`, `piiscan.accountId: "me"`, `piiscan.results: "/tmp/x": want s3://bucket/prefix`, "piiscan.kmsKeyId: required with piiscan.results", `piiscan.encryption: "aes"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.job), ValidateOptions{ManagedIDs: []string{"SSN", "CREDIT_CARD_NUMBER"}})
			if tt.want == nil {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			if len(ve.Problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%v", len(ve.Problems), len(tt.want), err)
			}
			for i, w := range tt.want {
				if i < len(ve.Problems) && !strings.HasPrefix(ve.Problems[i].String(), w) {
					t.Errorf("problem %d = %q, want prefix %q", i, ve.Problems[i], w)
				}
			}
		})
	}
}

func TestManagedIDs(t *testing.T) {
	all := []string{"A", "B", "C"}
	rec := []string{"A", "B"}
	for _, tt := range []struct {
		sel  string
		ids  []string
		want string
	}{
		{"", nil, "A,B"}, {SelectorRecommended, nil, "A,B"}, {SelectorAll, nil, "A,B,C"},
		{SelectorInclude, []string{"C"}, "C"}, {SelectorExclude, []string{"B"}, "A,C"}, {SelectorNone, nil, ""},
	} {
		j := &Job{ManagedDataIdentifierSelector: tt.sel, ManagedDataIdentifierIDs: tt.ids}
		got := j.ManagedIDs(all, rec)
		if got == nil || strings.Join(got, ",") != tt.want {
			t.Errorf("%s %v: %v, want %q (never nil: nil means the default set)", tt.sel, tt.ids, got, tt.want)
		}
	}
}

// FuzzParse: Parse never panics, and returns a job exactly when Validate
// finds nothing wrong with it.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("testdata/job.json"); err == nil {
		f.Add(string(data))
	}
	f.Add(strings.Replace(minimal, "%s", "", 1))
	f.Add(`{"name":5,"s3JobDefinition":{"scoping":{"includes":{"and":[{"simpleScopeTerm":null},{}]}}}}`)
	f.Add(`{"samplingPercentage":1e400,"jobType":[],"tags":{"a":1}}`)
	f.Add(`[`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, data string) {
		j, err := Parse([]byte(data), ValidateOptions{})
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("error %v is not a non-empty *ValidationError", err)
			}
			return
		}
		if verr := j.Validate(ValidateOptions{}); verr != nil {
			t.Fatalf("parsed job does not validate: %v", verr)
		}
		_ = j.ID()
		_ = j.DefinitionHash()
		CompileScope(j.S3JobDefinition.Scoping).KeyPrefixes()
	})
}

func TestResultsEncryption(t *testing.T) {
	for _, tt := range []struct {
		setting string
		want    s3repo.Encryption
	}{
		{"", s3repo.EncryptionSSEKMS},
		{"sse-kms", s3repo.EncryptionSSEKMS},
		{"client", s3repo.EncryptionClient},
	} {
		if got := (Settings{Encryption: tt.setting}).ResultsEncryption(); got != tt.want {
			t.Errorf("ResultsEncryption of %q = %q, want %q", tt.setting, got, tt.want)
		}
	}
}
