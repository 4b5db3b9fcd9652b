package daemon

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodYAML = `
listen: 127.0.0.1:9999
log: {level: debug, format: text}
aws: {region: eu-west-1}
results:
  url: s3://results/piiscan
  kmsKeyId: alias/results
queue:
  url: https://sqs.eu-west-1.amazonaws.com/123456789012/uploads
  deadLetterQueueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/uploads-dlq
  maxInFlight: 4
  waitTime: 10s
  visibilityTimeout: 2m
  maxReceives: 3
shutdownTimeout: 40s
`

func TestLoadConfigYAMLAndJSON(t *testing.T) {
	yamlCfg, err := LoadConfig(writeFile(t, "d.yaml", goodYAML))
	if err != nil {
		t.Fatal(err)
	}
	jsonCfg, err := LoadConfig(writeFile(t, "d.json", `{"listen":"127.0.0.1:9999","log":{"level":"debug","format":"text"},"aws":{"region":"eu-west-1"},
"results":{"url":"s3://results/piiscan","kmsKeyId":"alias/results"},
"queue":{"url":"https://sqs.eu-west-1.amazonaws.com/123456789012/uploads","deadLetterQueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/uploads-dlq",
"maxInFlight":4,"waitTime":10,"visibilityTimeout":"2m","maxReceives":3},"shutdownTimeout":"40s"}`))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*Config{"yaml": yamlCfg, "json": jsonCfg} {
		res, err := c.Validate()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Listen != "127.0.0.1:9999" || res.Queue.MaxInFlight != 4 || res.Queue.WaitTime.Duration != 10*time.Second ||
			res.Queue.VisibilityTimeout.Duration != 2*time.Minute || res.Queue.MaxReceives != 3 || res.ShutdownTimeout.Duration != 40*time.Second ||
			res.Queue.JobID != DefaultEventsJobID || res.Results.Encryption != "sse-kms" || res.Log.Format != "text" {
			t.Errorf("%s: %+v", name, res.Config)
		}
	}
}

func TestLoadConfigRefusesUnknownFields(t *testing.T) {
	_, err := LoadConfig(writeFile(t, "d.yaml", "queue:\n  urll: https://x\n"))
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "urll") {
		t.Fatalf("err = %v, want a ConfigError naming the unknown field", err)
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("missing file accepted")
	}
}

func TestValidateDefaults(t *testing.T) {
	res, err := Config{}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if res.Listen != DefaultListen || res.Log.Level != "info" || res.Log.Format != "json" || res.ShutdownTimeout.Duration != DefaultShutdownTimeout {
		t.Errorf("defaults: %+v", res.Config)
	}
	res, err = Config{Queue: QueueConfig{URL: "https://sqs.us-east-1.amazonaws.com/1/q"}, Results: ResultsConfig{URL: "s3://r", KMSKeyID: "k"}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	q := res.Queue
	if q.MaxInFlight < 1 || q.WaitTime.Duration != DefaultWaitTime || q.VisibilityTimeout.Duration != DefaultVisibilityTimeout || q.MaxReceives != DefaultMaxReceives {
		t.Errorf("queue defaults: %+v", q)
	}
	zero := Duration{}
	res, err = Config{Queue: QueueConfig{URL: "https://sqs.us-east-1.amazonaws.com/1/q", WaitTime: &zero}, Results: ResultsConfig{URL: "s3://r", KMSKeyID: "k"}}.Validate()
	if err != nil || res.Queue.WaitTime.Duration != 0 {
		t.Errorf("waitTime 0 (short polling) must stay 0: %v %v", err, res)
	}
}

// TestValidateListsEveryProblem: one bad config, every problem reported.
func TestValidateListsEveryProblem(t *testing.T) {
	wait := Duration{25 * time.Second}
	job := writeFile(t, "job.json", `{"name":"nightly","jobType":"SCHEDULED"}`)
	c := Config{
		Listen: "nonsense",
		Log:    LogConfig{Level: "loud", Format: "xml"},
		AWS:    AWSConfig{SQSEndpointURL: "ftp://x"},
		Queue: QueueConfig{
			URL: "sqs://q", DeadLetterQueueURL: "sqs://q", MaxInFlight: -1, WaitTime: &wait,
			VisibilityTimeout: Duration{time.Second}, MaxReceives: -2, JobID: "a/b",
		},
		Results:         ResultsConfig{URL: "https://not-s3", Encryption: "none", AccountID: "1/2"},
		ShutdownTimeout: Duration{-time.Second},
		Jobs: []JobConfig{
			{Definition: ""},
			{Definition: job},
			{Definition: job, Schedule: &ScheduleFrequency{Cron: "bad cron"}},
			{Definition: filepath.Join(t.TempDir(), "none.json"), Name: "x"},
		},
	}
	_, err := c.Validate()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *ConfigError", err)
	}
	want := []string{
		`listen "nonsense"`, `log.level "loud"`, `log.format "xml"`, `aws.sqsEndpointUrl "ftp://x"`,
		`queue.url "sqs://q"`, `queue.deadLetterQueueUrl "sqs://q"`, "must not be queue.url", "queue.maxInFlight -1",
		"queue.waitTime 25s", "queue.visibilityTimeout 1s", "queue.maxReceives -2", `queue.jobId "a/b"`,
		`results.url "https://not-s3"`, "results.kmsKeyId is required", `results.encryption "none"`, `results.accountId "1/2"`,
		"shutdownTimeout -1s", "jobs[0].definition: required", "jobs[1] (nightly): no schedule",
		`jobs[2] (nightly) schedule: cron "bad cron"`, `jobs[2]: name "nightly" used twice`, "jobs[3].definition:",
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("problem %q not reported", w)
		}
	}
	if len(ce.Problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(ce.Problems), len(want), err)
	}
}

func TestValidateQueueNeedsResults(t *testing.T) {
	_, err := Config{Queue: QueueConfig{URL: "https://sqs.us-east-1.amazonaws.com/1/q"}}.Validate()
	if err == nil || !strings.Contains(err.Error(), "queue.url needs results.url") {
		t.Fatalf("err = %v", err)
	}
}

func TestJobScheduleFromDefinition(t *testing.T) {
	def := writeFile(t, "job.json", `{"name":"weekly-scan","jobType":"SCHEDULED","scheduleFrequency":{"weeklySchedule":{"dayOfWeek":"MONDAY"}},
"s3JobDefinition":{"bucketDefinitions":[{"accountId":"1","buckets":["b"]}]}}`)
	res, err := Config{Jobs: []JobConfig{{Definition: def}, {Definition: def, Name: "hourly", Schedule: &ScheduleFrequency{Cron: "0 * * * *"}}}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if res.Jobs[0].Name != "weekly-scan" || res.Jobs[1].Name != "hourly" {
		t.Fatalf("names %q %q", res.Jobs[0].Name, res.Jobs[1].Name)
	}
	from := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) // a Sunday
	if got := res.Jobs[0].Schedule.Next(from); !got.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("weekly next = %s", got)
	}
	if got := res.Jobs[1].Schedule.Next(from); !got.Equal(time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("cron next = %s", got)
	}
}

func TestApplyEnv(t *testing.T) {
	env := map[string]string{
		"PIISCAN_LISTEN": ":1", "PIISCAN_QUEUE_URL": "https://q", "PIISCAN_MAX_IN_FLIGHT": "7",
		"PIISCAN_SHUTDOWN_TIMEOUT": "1m", "PIISCAN_KMS_KEY_ID": "alias/k", "PIISCAN_LOG_FORMAT": "text",
	}
	c := Config{Listen: ":2", Queue: QueueConfig{URL: "https://file"}}
	if p := c.ApplyEnv(func(k string) string { return env[k] }); len(p) != 0 {
		t.Fatal(p)
	}
	if c.Listen != ":1" || c.Queue.URL != "https://q" || c.Queue.MaxInFlight != 7 || c.ShutdownTimeout.Duration != time.Minute ||
		c.Results.KMSKeyID != "alias/k" || c.Log.Format != "text" {
		t.Errorf("%+v", c)
	}
	bad := map[string]string{"PIISCAN_MAX_IN_FLIGHT": "many", "PIISCAN_SHUTDOWN_TIMEOUT": "soon"}
	if p := (&Config{}).ApplyEnv(func(k string) string { return bad[k] }); len(p) != 2 {
		t.Errorf("problems %v, want 2", p)
	}
}

func FuzzLoadConfig(f *testing.F) {
	for _, s := range []string{goodYAML, "{}", "", "queue: [", `{"jobs":[{"definition":""}]}`, "shutdownTimeout: 1e300"} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(path)
		if err != nil {
			return
		}
		res, err := c.Validate()
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("Validate error without problems: %v", err)
			}
			return
		}
		if res.Listen == "" || res.ShutdownTimeout.Duration <= 0 {
			t.Fatalf("accepted config without defaults: %+v", res.Config)
		}
	})
}
