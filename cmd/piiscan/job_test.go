package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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

const validJob = `{
  "name": "nightly",
  "jobType": "SCHEDULED",
  "scheduleFrequency": {"dailySchedule": {}},
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["data-lake"]}]},
  "managedDataIdentifierSelector": "INCLUDE",
  "managedDataIdentifierIds": ["USA_SOCIAL_SECURITY_NUMBER"],
  "customDataIdentifierIds": ["employee-id"],
  "allowListIds": ["test-data", "internal-words"],
  "piiscan": {"customDataIdentifiers": "config", "allowLists": "config"}
}`

// TestJobValidate: what `job validate` prints and its exit status. The
// checks themselves are jobrun's and jobs' (ReadDefinition, Resources).
func TestJobValidate(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "config/employee-id.json", `{"name": "EmployeeID", "regex": "EMP-[0-9]{6}", "keywords": ["employee"]}`)
	writeFile(t, dir, "config/test-data.json", `{"name": "test data", "criteria": {"regex": "4111-?1111-?1111-?1111"}}`)
	job := writeFile(t, dir, "job.json", validJob)
	invalid := writeFile(t, dir, "invalid.json", `{"name": "x", "jobType": "ONE_TIME",
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["ok-bucket"]}],
    "scoping": {"excludes": {"and": [{"simpleScopeTerm": {"comparator": "GT", "key": "OBJECT_EXTENSION", "values": ["csv"]}}]}}},
  "managedDataIdentifierSelector": "INCLUDE", "managedDataIdentifierIds": ["NOT_AN_IDENTIFIER"]}`)
	for _, tt := range []struct {
		name      string
		words     string // config/internal-words.txt; "" for none
		path      string
		code      int
		stdout    string
		stderrHas []string
	}{
		{"valid", "Jane Doe\n\nJohn Roe\n", job, 0, `job "nightly" (id `, nil},
		{"missing allow list", "", job, exitError, "", []string{`piiscan: allowListIds[1]: "internal-words" not found`}},
		{"invalid definition", "x\n", invalid, exitError, "", []string{
			"piiscan: " + invalid + ": invalid job (2 problems)",
			`s3JobDefinition.scoping.excludes.and[0].simpleScopeTerm.comparator: "GT": want EQ, NE for OBJECT_EXTENSION`,
			`managedDataIdentifierIds[0]: "NOT_AN_IDENTIFIER" is not a managed data identifier`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "config/internal-words.txt"))
			if tt.words != "" {
				writeFile(t, dir, "config/internal-words.txt", tt.words)
			}
			stdout, stderr, code := piiscan(t, "job", "validate", tt.path)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.stderrHas {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}

// TestJobSetupErrors: a job that cannot start exits 2 with the reason and
// prints no summary; these fail before any AWS request.
func TestJobSetupErrors(t *testing.T) {
	dir := t.TempDir()
	job := writeFile(t, dir, "job.json", validJob)
	stdout, stderr, code := piiscanEnv(t, nil, "job", "run", "--output", filepath.Join(dir, "results"), job)
	if code != exitError || stdout != "" || !strings.Contains(stderr, `piiscan: job setup: customDataIdentifierIds[0]: "employee-id" not found`) {
		t.Errorf("job run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The job never started: job summary, which only reads, says there is
	// no results directory and does not make one.
	stdout, stderr, code = piiscan(t, "job", "summary", "--output", filepath.Join(dir, "results"), job)
	if code != exitError || stdout != "" || !strings.Contains(stderr, "piiscan: results directory: stat ") || !strings.Contains(stderr, "no such file or directory") {
		t.Errorf("job summary: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("job summary made the results directory (stat: %v)", err)
	}
	// A results directory with no summary in it: the one the error named.
	missing := regexp.MustCompile(`stat (\S+): no such file`).FindStringSubmatch(stderr)
	if missing == nil || !strings.HasPrefix(missing[1], filepath.Join(dir, "results")+string(filepath.Separator)) {
		t.Fatalf("job summary named no results directory under --output: %q", stderr)
	}
	if err := os.MkdirAll(missing[1], 0o755); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = piiscan(t, "job", "summary", "--output", filepath.Join(dir, "results"), job)
	if code != exitError || stdout != "" || !strings.Contains(stderr, "piiscan: no shard of job ") {
		t.Errorf("job summary: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	noResults := writeFile(t, dir, "no-results.json", `{"name": "x", "jobType": "ONE_TIME",
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["ok-bucket"]}]}}`)
	_, stderr, code = piiscan(t, "job", "summary", noResults)
	if want := "piiscan: no results repository: the job has no piiscan.results; give --output DIR\n"; code != exitError || stderr != want {
		t.Errorf("job summary without results: exit %d, stderr %q, want %q", code, stderr, want)
	}
}

func TestJobRunFlags(t *testing.T) {
	dir := t.TempDir()
	job := writeFile(t, dir, "job.json", `{"name": "x", "jobType": "ONE_TIME",
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["ok-bucket"]}]}}`)
	withResults := writeFile(t, dir, "job2.json", `{"name": "x", "jobType": "ONE_TIME",
  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["ok-bucket"]}]},
  "piiscan": {"results": "s3://results/p", "kmsKeyId": "alias/k"}}`)
	for _, tt := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{job}, nil, "no results repository"},
		{[]string{withResults, "--output", dir}, nil, "give one"},
		{[]string{job, "--output", dir, "--shard", "4/4"}, nil, "shard index 4: want 0 to 3"},
		{[]string{job, "--output", dir, "--shard", "1/4", "--shard-count", "3"}, nil, "disagree"},
		{[]string{job, "--output", dir}, []string{"JOB_COMPLETION_INDEX=2"}, "no shard count"},
		{[]string{job, "--output", dir, "--workers", "0", "--format", "xml"}, nil, `--workers 0: want 1 or more; --format "xml"`},
	} {
		cmd := append([]string{"job", "run"}, tt.args...)
		stdout, stderr, code := piiscanEnv(t, tt.env, cmd...)
		if code != exitError || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v %v: exit %d, stderr %q, want %q (stdout %q)", tt.env, tt.args, code, stderr, tt.want, stdout)
		}
	}
}

// piiscanEnv runs piiscan with extra environment variables and without
// the shard variables of the environment the tests run in.
func piiscanEnv(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	for _, name := range []string{"AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE", "JOB_COMPLETION_INDEX", "PIISCAN_SHARD_COUNT"} {
		t.Setenv(name, "")
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return piiscan(t, args...)
}

// TestDeployJobsValidate: the job files shipped in deploy/ stay valid.
func TestDeployJobsValidate(t *testing.T) {
	if _, stderr, code := piiscan(t, "job", "validate", "../../deploy/batch/data-lake.json"); code != 0 {
		t.Errorf("deploy/batch/data-lake.json: exit %d: %s", code, stderr)
	}
	manifest, err := os.ReadFile("../../deploy/kubernetes/indexed-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The ConfigMap's job.json: the block indented under "job.json: |".
	_, block, ok := strings.Cut(string(manifest), "job.json: |\n")
	if !ok {
		t.Fatal("no job.json in the ConfigMap")
	}
	var lines []string
	for line := range strings.Lines(block) {
		if !strings.HasPrefix(line, "    ") {
			break
		}
		lines = append(lines, line[4:])
	}
	job := writeFile(t, t.TempDir(), "job.json", strings.Join(lines, ""))
	if _, stderr, code := piiscan(t, "job", "validate", job); code != 0 {
		t.Errorf("indexed-job.yaml's job.json: exit %d: %s", code, stderr)
	}
}
