package daemon

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/piiscan/piiscan/findings/s3repo"
)

// Defaults for Config fields left empty.
const (
	DefaultListen            = ":9464"
	DefaultWaitTime          = 20 * time.Second
	DefaultVisibilityTimeout = 5 * time.Minute
	DefaultMaxReceives       = 5
	DefaultEventsJobID       = "piiscan-events"
	DefaultShutdownTimeout   = 25 * time.Second // inside Kubernetes' default 30 s grace period
)

// Config is the daemon's configuration, read from one YAML or JSON file
// (field names as in the JSON tags), then overridden by environment
// variables (ApplyEnv) and flags.
type Config struct {
	// Listen is the address of /metrics, /healthz and /readyz.
	Listen  string        `json:"listen,omitempty"`
	Log     LogConfig     `json:"log,omitzero"`
	AWS     AWSConfig     `json:"aws,omitzero"`
	Scan    ScanConfig    `json:"scan,omitzero"`
	Results ResultsConfig `json:"results,omitzero"`
	Queue   QueueConfig   `json:"queue,omitzero"`
	Jobs    []JobConfig   `json:"jobs,omitempty"`
	// ShutdownTimeout bounds the drain after SIGTERM: in-flight messages
	// still unfinished then are released for a peer.
	ShutdownTimeout Duration `json:"shutdownTimeout,omitzero"`
}

// LogConfig: Level is debug, info, warn or error; Format json or text.
type LogConfig struct {
	Level  string `json:"level,omitempty"`
	Format string `json:"format,omitempty"`
}

// AWSConfig says how to reach AWS; credentials come from the standard chain
// only. AWS_ENDPOINT_URL_S3/_KMS/_SQS are honoured as well.
type AWSConfig struct {
	Region         string `json:"region,omitempty"`
	Profile        string `json:"profile,omitempty"`
	RoleARN        string `json:"roleArn,omitempty"`
	S3EndpointURL  string `json:"s3EndpointUrl,omitempty"`
	KMSEndpointURL string `json:"kmsEndpointUrl,omitempty"`
	SQSEndpointURL string `json:"sqsEndpointUrl,omitempty"`
}

// ScanConfig selects what event-driven scans look for (scheduled jobs use
// their definitions' own settings).
type ScanConfig struct {
	Identifiers       []string `json:"identifiers,omitempty"`
	CustomIdentifiers []string `json:"customIdentifiers,omitempty"`
	AllowLists        []string `json:"allowLists,omitempty"`
	MaxOccurrences    int      `json:"maxOccurrences,omitempty"`
}

// ResultsConfig is the results repository of event-driven scans.
type ResultsConfig struct {
	// URL is s3://bucket/prefix.
	URL       string `json:"url,omitempty"`
	KMSKeyID  string `json:"kmsKeyId,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	// Encryption is sse-kms (the default: S3 encrypts with KMSKeyID) or
	// client (the daemon seals each results object before upload).
	Encryption string `json:"encryption,omitempty"`
}

// QueueConfig is the SQS queue of S3 event notifications.
type QueueConfig struct {
	URL string `json:"url,omitempty"`
	// DeadLetterQueueURL receives poison messages; when empty, the queue's
	// redrive policy target is used, and without one the daemon refuses to
	// start (a poison message would otherwise be retried forever).
	DeadLetterQueueURL string `json:"deadLetterQueueUrl,omitempty"`
	// MaxInFlight bounds the messages received and not yet finished
	// (default: the number of CPUs).
	MaxInFlight int `json:"maxInFlight,omitempty"`
	// WaitTime is the long-polling wait, 0 to 20 s (default 20 s).
	WaitTime *Duration `json:"waitTime,omitempty"`
	// VisibilityTimeout is asked for on receive and renewed while an
	// object is being scanned (default 5 min).
	VisibilityTimeout Duration `json:"visibilityTimeout,omitzero"`
	// MaxReceives: a message received more often is dead-lettered (default 5).
	MaxReceives int `json:"maxReceives,omitempty"`
	// JobID is the jobId of event-driven result records (default piiscan-events).
	JobID string `json:"jobId,omitempty"`
}

// JobConfig is one scheduled job.
type JobConfig struct {
	// Definition is the job definition file (Macie CreateClassificationJob
	// request JSON), as `piiscan job run` reads it.
	Definition string `json:"definition"`
	// Name defaults to the definition's name.
	Name string `json:"name,omitempty"`
	// Schedule defaults to the definition's scheduleFrequency.
	Schedule *ScheduleFrequency `json:"schedule,omitempty"`
}

// Duration is a time.Duration written as a Go duration string ("90s",
// "5m") or a number of seconds.
type Duration struct{ time.Duration }

// UnmarshalJSON reads "90s" or 90.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("duration %q: %w", s, err)
		}
		d.Duration = v
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("duration: want a string like \"90s\" or a number of seconds, got %s", b)
	}
	d.Duration = time.Duration(secs * float64(time.Second))
	return nil
}

// MarshalJSON writes the duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// ConfigError lists every problem found in a configuration.
type ConfigError struct {
	Problems []string
}

func (e *ConfigError) Error() string {
	return "invalid configuration:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// LoadConfig reads a configuration file, YAML or JSON (YAML is a superset),
// refusing unknown fields, so a misspelt setting is an error and not a
// silent default.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var c Config
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, &ConfigError{Problems: []string{fmt.Sprintf("%s: %v", path, err)}}
	}
	return &c, nil
}

// ApplyEnv overrides settings from PIISCAN_* environment variables (getenv
// is os.Getenv in production). It returns the problems with their values.
//
//	PIISCAN_LISTEN, PIISCAN_LOG_LEVEL, PIISCAN_LOG_FORMAT,
//	PIISCAN_QUEUE_URL, PIISCAN_DEAD_LETTER_QUEUE_URL, PIISCAN_MAX_IN_FLIGHT,
//	PIISCAN_RESULTS, PIISCAN_KMS_KEY_ID, PIISCAN_ACCOUNT_ID,
//	PIISCAN_SHUTDOWN_TIMEOUT
func (c *Config) ApplyEnv(getenv func(string) string) []string {
	var problems []string
	str := map[string]*string{
		"PIISCAN_LISTEN": &c.Listen, "PIISCAN_LOG_LEVEL": &c.Log.Level, "PIISCAN_LOG_FORMAT": &c.Log.Format,
		"PIISCAN_QUEUE_URL": &c.Queue.URL, "PIISCAN_DEAD_LETTER_QUEUE_URL": &c.Queue.DeadLetterQueueURL,
		"PIISCAN_RESULTS": &c.Results.URL, "PIISCAN_KMS_KEY_ID": &c.Results.KMSKeyID, "PIISCAN_ACCOUNT_ID": &c.Results.AccountID,
	}
	for name, p := range str {
		if v := getenv(name); v != "" {
			*p = v
		}
	}
	if v := getenv("PIISCAN_MAX_IN_FLIGHT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("PIISCAN_MAX_IN_FLIGHT %q: want a number", v))
		}
		c.Queue.MaxInFlight = n
	}
	if v := getenv("PIISCAN_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("PIISCAN_SHUTDOWN_TIMEOUT %q: want a duration like 30s", v))
		}
		c.ShutdownTimeout.Duration = d
	}
	return problems
}

// Resolved is a validated configuration with defaults filled in and job
// schedules compiled.
type Resolved struct {
	Config
	Jobs []Job
}

// Validate fills in defaults and checks everything it can without the
// network, returning a *ConfigError listing every problem.
func (c Config) Validate() (*Resolved, error) {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if _, port, err := net.SplitHostPort(c.Listen); err != nil {
		add("listen %q: want host:port or :port", c.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		add("listen %q: bad port", c.Listen)
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		add("log.level %q: want debug, info, warn or error", c.Log.Level)
	}
	if c.Log.Format == "" {
		c.Log.Format = "json"
	}
	if c.Log.Format != "json" && c.Log.Format != "text" {
		add("log.format %q: want json or text", c.Log.Format)
	}
	for name, u := range map[string]string{"aws.s3EndpointUrl": c.AWS.S3EndpointURL, "aws.kmsEndpointUrl": c.AWS.KMSEndpointURL, "aws.sqsEndpointUrl": c.AWS.SQSEndpointURL} {
		if u != "" && !httpURL(u) {
			add("%s %q: want an http(s) URL", name, u)
		}
	}
	if c.Scan.MaxOccurrences < 0 {
		add("scan.maxOccurrences %d: want 1 or more (0 for the default)", c.Scan.MaxOccurrences)
	}
	if c.ShutdownTimeout.Duration == 0 {
		c.ShutdownTimeout.Duration = DefaultShutdownTimeout
	}
	if c.ShutdownTimeout.Duration < 0 {
		add("shutdownTimeout %s: want a positive duration", c.ShutdownTimeout)
	}

	q := &c.Queue
	if q.URL != "" {
		if !httpURL(q.URL) {
			add("queue.url %q: want the queue's https URL", q.URL)
		}
		if q.DeadLetterQueueURL != "" && !httpURL(q.DeadLetterQueueURL) {
			add("queue.deadLetterQueueUrl %q: want the queue's https URL", q.DeadLetterQueueURL)
		}
		if q.DeadLetterQueueURL != "" && q.DeadLetterQueueURL == q.URL {
			add("queue.deadLetterQueueUrl: must not be queue.url")
		}
		if q.MaxInFlight == 0 {
			q.MaxInFlight = runtime.GOMAXPROCS(0)
		}
		if q.MaxInFlight < 1 || q.MaxInFlight > 1000 {
			add("queue.maxInFlight %d: want 1 to 1000", q.MaxInFlight)
		}
		if q.WaitTime == nil {
			q.WaitTime = &Duration{DefaultWaitTime}
		}
		if w := q.WaitTime.Duration; w < 0 || w > 20*time.Second || w%time.Second != 0 {
			add("queue.waitTime %s: want whole seconds from 0 to 20s (SQS's long-polling limit)", w)
		}
		if q.VisibilityTimeout.Duration == 0 {
			q.VisibilityTimeout.Duration = DefaultVisibilityTimeout
		}
		if v := q.VisibilityTimeout.Duration; v < 3*time.Second || v > 12*time.Hour || v%time.Second != 0 {
			add("queue.visibilityTimeout %s: want whole seconds from 3s to 12h", v)
		}
		if q.MaxReceives == 0 {
			q.MaxReceives = DefaultMaxReceives
		}
		if q.MaxReceives < 1 {
			add("queue.maxReceives %d: want 1 or more", q.MaxReceives)
		}
		if q.JobID == "" {
			q.JobID = DefaultEventsJobID
		}
		if strings.Contains(q.JobID, "/") {
			add("queue.jobId %q: may not contain /", q.JobID)
		}
		if c.Results.URL == "" {
			add("queue.url needs results.url: event scans store their result records in the results repository before a message is deleted")
		}
	}
	r := &c.Results
	if r.URL != "" {
		if u, err := url.Parse(r.URL); err != nil || u.Scheme != "s3" || u.Host == "" {
			add("results.url %q: want s3://bucket/prefix", r.URL)
		}
		if r.KMSKeyID == "" {
			add("results.kmsKeyId is required with results.url: results are always stored encrypted")
		}
		if r.Encryption == "" {
			r.Encryption = string(s3repo.EncryptionSSEKMS)
		}
		switch s3repo.Encryption(r.Encryption) {
		case s3repo.EncryptionSSEKMS, s3repo.EncryptionClient:
		default:
			add("results.encryption %q: want %s or %s", r.Encryption, s3repo.EncryptionSSEKMS, s3repo.EncryptionClient)
		}
		if strings.Contains(r.AccountID, "/") {
			add("results.accountId %q: may not contain /", r.AccountID)
		}
	} else if r.KMSKeyID != "" {
		add("results.kmsKeyId needs results.url")
	}

	res := &Resolved{}
	names := map[string]bool{}
	for i, j := range c.Jobs {
		job, problems := j.resolve(i)
		p = append(p, problems...)
		if job.Name != "" {
			if names[job.Name] {
				add("jobs[%d]: name %q used twice", i, job.Name)
			}
			names[job.Name] = true
		}
		res.Jobs = append(res.Jobs, job)
	}
	if len(p) > 0 {
		return nil, &ConfigError{Problems: p}
	}
	res.Config = c
	return res, nil
}

// resolve reads what the daemon needs from a job definition: its name and
// scheduleFrequency (Macie's CreateClassificationJob fields). Everything
// else in the file belongs to the job runner.
func (j JobConfig) resolve(i int) (Job, []string) {
	var p []string
	job := Job{Name: j.Name, Definition: j.Definition}
	sched := j.Schedule
	if j.Definition == "" {
		return job, []string{fmt.Sprintf("jobs[%d].definition: required (a job definition file)", i)}
	}
	data, err := os.ReadFile(j.Definition)
	if err != nil {
		return job, []string{fmt.Sprintf("jobs[%d].definition: %v", i, err)}
	}
	var def struct {
		Name              string             `json:"name"`
		ScheduleFrequency *ScheduleFrequency `json:"scheduleFrequency"`
	}
	if err := json.Unmarshal(data, &def); err != nil {
		p = append(p, fmt.Sprintf("jobs[%d].definition %s: not a job definition: %v", i, j.Definition, err))
	}
	if job.Name == "" {
		job.Name = def.Name
	}
	if sched == nil {
		sched = def.ScheduleFrequency
	}
	if job.Name == "" {
		p = append(p, fmt.Sprintf("jobs[%d]: no name (in the definition or the config)", i))
	}
	if sched == nil || sched.IsZero() {
		p = append(p, fmt.Sprintf("jobs[%d] (%s): no schedule (scheduleFrequency in the definition, or schedule in the config)", i, job.Name))
		return job, p
	}
	s, err := sched.Compile()
	if err != nil {
		p = append(p, fmt.Sprintf("jobs[%d] (%s) schedule: %v", i, job.Name, err))
	}
	job.Schedule = s
	return job, p
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
