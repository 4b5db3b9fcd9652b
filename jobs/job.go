package jobs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/piiscan/piiscan/findings/s3repo"
)

// Job is a classification job in the shape of Macie's
// CreateClassificationJob request, with field names as Macie spells them,
// plus piiscan's own settings under "piiscan".
type Job struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// ClientToken, as in Macie, makes the request idempotent: the job id is
	// derived from the name and the token, so the same file always names
	// the same job (and resumes it), and a new token starts a new job.
	ClientToken       string             `json:"clientToken,omitempty"`
	JobType           string             `json:"jobType"`
	InitialRun        *bool              `json:"initialRun,omitempty"`
	ScheduleFrequency *ScheduleFrequency `json:"scheduleFrequency,omitempty"`
	S3JobDefinition   *S3JobDefinition   `json:"s3JobDefinition"`
	// SamplingPercentage is 1 to 100; nil means 100.
	SamplingPercentage            *int              `json:"samplingPercentage,omitempty"`
	ManagedDataIdentifierSelector string            `json:"managedDataIdentifierSelector,omitempty"`
	ManagedDataIdentifierIDs      []string          `json:"managedDataIdentifierIds,omitempty"`
	CustomDataIdentifierIDs       []string          `json:"customDataIdentifierIds,omitempty"`
	AllowListIDs                  []string          `json:"allowListIds,omitempty"`
	Tags                          map[string]string `json:"tags,omitempty"`
	Piiscan                       *Settings         `json:"piiscan,omitempty"`
}

// Job types.
const (
	JobTypeOneTime   = "ONE_TIME"
	JobTypeScheduled = "SCHEDULED"
)

// Managed data identifier selectors, as Macie spells them.
const (
	SelectorAll         = "ALL"
	SelectorExclude     = "EXCLUDE"
	SelectorInclude     = "INCLUDE"
	SelectorNone        = "NONE"
	SelectorRecommended = "RECOMMENDED"
)

// ScheduleFrequency is Macie's JobScheduleFrequency: exactly one of its
// fields is set.
type ScheduleFrequency struct {
	DailySchedule   *DailySchedule   `json:"dailySchedule,omitempty"`
	WeeklySchedule  *WeeklySchedule  `json:"weeklySchedule,omitempty"`
	MonthlySchedule *MonthlySchedule `json:"monthlySchedule,omitempty"`
}

// DailySchedule runs the job once a day; it has no fields.
type DailySchedule struct{}

// WeeklySchedule runs the job once a week on DayOfWeek (MONDAY … SUNDAY).
type WeeklySchedule struct {
	DayOfWeek string `json:"dayOfWeek"`
}

// MonthlySchedule runs the job once a month on DayOfMonth (1 … 31; in a
// shorter month, on its last day).
type MonthlySchedule struct {
	DayOfMonth int `json:"dayOfMonth"`
}

// S3JobDefinition says which buckets the job analyses (a static list, or
// criteria evaluated at the start of every run) and which objects in them.
type S3JobDefinition struct {
	BucketDefinitions []BucketDefinition `json:"bucketDefinitions,omitempty"`
	BucketCriteria    *BucketCriteria    `json:"bucketCriteria,omitempty"`
	Scoping           *Scoping           `json:"scoping,omitempty"`
}

// BucketDefinition lists buckets of one account.
type BucketDefinition struct {
	AccountID string   `json:"accountId"`
	Buckets   []string `json:"buckets"`
}

// BucketCriteria select buckets by property and tag: a bucket is analysed
// when it matches every condition of Includes and not every condition of
// Excludes.
type BucketCriteria struct {
	Includes *CriteriaBlock `json:"includes,omitempty"`
	Excludes *CriteriaBlock `json:"excludes,omitempty"`
}

// CriteriaBlock joins its conditions with AND.
type CriteriaBlock struct {
	And []CriteriaForJob `json:"and"`
}

// CriteriaForJob is one bucket condition: exactly one field is set.
type CriteriaForJob struct {
	SimpleCriterion *SimpleCriterion `json:"simpleCriterion,omitempty"`
	TagCriterion    *TagCriterion    `json:"tagCriterion,omitempty"`
}

// SimpleCriterion is a bucket property condition: Key is ACCOUNT_ID or
// S3_BUCKET_NAME (Macie's S3_BUCKET_EFFECTIVE_PERMISSION and
// S3_BUCKET_SHARED_ACCESS come from Macie's bucket inventory, which piiscan
// does not have; they are refused).
type SimpleCriterion struct {
	Comparator string   `json:"comparator"`
	Key        string   `json:"key"`
	Values     []string `json:"values"`
}

// TagCriterion is a bucket tag condition.
type TagCriterion struct {
	Comparator string    `json:"comparator"`
	TagValues  []TagPair `json:"tagValues"`
}

// TagPair is a tag key and value; an empty Value matches any value of Key.
type TagPair struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Scoping selects the objects of the buckets: an object is analysed when it
// matches every term of Includes and not every term of Excludes.
type Scoping struct {
	Includes *ScopingBlock `json:"includes,omitempty"`
	Excludes *ScopingBlock `json:"excludes,omitempty"`
}

// ScopingBlock joins its terms with AND.
type ScopingBlock struct {
	And []ScopeTerm `json:"and"`
}

// ScopeTerm is one object condition: exactly one field is set.
type ScopeTerm struct {
	SimpleScopeTerm *SimpleScopeTerm `json:"simpleScopeTerm,omitempty"`
	TagScopeTerm    *TagScopeTerm    `json:"tagScopeTerm,omitempty"`
}

// SimpleScopeTerm is an object property condition. Values are OR-ed for
// EQ and STARTS_WITH; NE holds when none of them is equal.
type SimpleScopeTerm struct {
	Comparator string   `json:"comparator"`
	Key        string   `json:"key"`
	Values     []string `json:"values"`
}

// TagScopeTerm is an object tag condition: EQ holds when the object has any
// of TagValues, NE when it has none of them.
type TagScopeTerm struct {
	Comparator string    `json:"comparator"`
	Key        string    `json:"key"`
	TagValues  []TagPair `json:"tagValues"`
	Target     string    `json:"target,omitempty"`
}

// Scope term keys, as Macie spells them.
const (
	KeyObjectExtension    = "OBJECT_EXTENSION"
	KeyObjectKey          = "OBJECT_KEY"
	KeyObjectSize         = "OBJECT_SIZE"
	KeyObjectLastModified = "OBJECT_LAST_MODIFIED_DATE"
	KeyTag                = "TAG"
)

// Settings are piiscan's own, which Macie keeps outside the job (the
// results repository is an account setting there, custom identifiers and
// allow lists are resources referred to by id).
type Settings struct {
	// JobID overrides the id derived from name and clientToken.
	JobID string `json:"jobId,omitempty"`
	// Results is the results repository, s3://bucket/prefix: records go to
	// <prefix>/AWSLogs/<account>/Macie/<region>/<jobId>/, as Macie's.
	Results string `json:"results,omitempty"`
	// KMSKeyID encrypts the stored results (id, ARN or alias/NAME).
	KMSKeyID string `json:"kmsKeyId,omitempty"`
	// Encryption is sse-kms (default, as Macie) or client.
	Encryption string `json:"encryption,omitempty"`
	// AccountID in the results layout; default from STS GetCallerIdentity.
	AccountID string `json:"accountId,omitempty"`
	// CustomDataIdentifiers is where customDataIdentifierIds are resolved:
	// a directory or s3://bucket/prefix holding <id>.json, each a
	// CreateCustomDataIdentifier request. A relative directory is relative
	// to the job file.
	CustomDataIdentifiers string `json:"customDataIdentifiers,omitempty"`
	// AllowLists is where allowListIds are resolved: <id>.json (a
	// CreateAllowList request with criteria.regex) or <id>.txt (one word or
	// phrase per line), in a directory or under s3://bucket/prefix.
	AllowLists string `json:"allowLists,omitempty"`
}

// ID returns the job's id: Settings.JobID when set, else 32 hex digits (the
// shape of Macie's job ids) derived from the name and the client token.
func (j *Job) ID() string {
	if j.Piiscan != nil && j.Piiscan.JobID != "" {
		return j.Piiscan.JobID
	}
	sum := sha256.Sum256([]byte(j.Name + "\x00" + j.ClientToken))
	return hex.EncodeToString(sum[:16])
}

// DefinitionHash returns a digest of what decides which objects a run scans
// and how: everything but the description, the tags and piiscan's settings.
// Macie forbids changing a job once created; a run refuses a job whose
// definition changed since its first run, so that resumed and incremental
// runs stay consistent.
func (j *Job) DefinitionHash() string {
	c := *j
	c.Description, c.Tags, c.Piiscan = "", nil, nil
	data, _ := json.Marshal(c) // a struct of strings, ints and slices cannot fail
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Sampling returns the sampling percentage, 100 when unset.
func (j *Job) Sampling() int {
	if j.SamplingPercentage == nil {
		return 100
	}
	return *j.SamplingPercentage
}

// Settings returns piiscan's settings, never nil.
func (j *Job) Settings() Settings {
	if j.Piiscan == nil {
		return Settings{}
	}
	return *j.Piiscan
}

// ResultsEncryption returns how stored results are encrypted: Encryption,
// or sse-kms when it is unset, as Macie's repository is.
func (s Settings) ResultsEncryption() s3repo.Encryption {
	if s.Encryption == "" {
		return s3repo.EncryptionSSEKMS
	}
	return s3repo.Encryption(s.Encryption)
}

// Problem is one thing wrong with a job: Path names the field
// ("s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.comparator"),
// Reason says what is wrong and what is accepted.
type Problem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Reason
	}
	return p.Path + ": " + p.Reason
}

// ValidationError lists every problem found in a job.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("invalid job (%d problems):\n  %s", len(e.Problems), strings.Join(lines, "\n  "))
}

// Parse reads and validates a job. A malformed job gives a
// *ValidationError listing every problem: JSON syntax (alone, with its line
// and column, since nothing after it can be read), then unknown fields and
// values of the wrong type, then the checks of Validate.
func Parse(data []byte, opts ValidateOptions) (*Job, error) {
	var generic any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return nil, &ValidationError{Problems: []Problem{{Reason: syntaxReason(data, err)}}}
	}
	if dec.More() {
		return nil, &ValidationError{Problems: []Problem{{Reason: "more than one JSON value: want one job object"}}}
	}
	var problems []Problem
	checkShape("", generic, reflect.TypeFor[Job](), &problems)
	if len(problems) > 0 {
		// Read what is left once unknown and ill-typed values are removed,
		// so that the checks below still report every other problem.
		var err error
		if data, err = json.Marshal(generic); err != nil {
			return nil, &ValidationError{Problems: problems}
		}
	}
	var j Job
	if err := json.Unmarshal(data, &j); err != nil {
		problems = append(problems, Problem{Reason: err.Error()})
	}
	problems = append(problems, j.validate(opts)...)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return &j, nil
}

func syntaxReason(data []byte, err error) string {
	var se *json.SyntaxError
	if e, ok := err.(*json.SyntaxError); ok {
		se = e
	}
	if se == nil {
		return "not JSON: " + err.Error()
	}
	line, col := 1, 1
	// Offset counts the bytes read, the offending one included.
	for _, b := range data[:max(0, min(int(se.Offset)-1, len(data)))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("not JSON: line %d, column %d: %v", line, col, se)
}

// checkShape walks a decoded JSON value alongside the Go type it must fill,
// recording every unknown field and every value of the wrong type, where
// encoding/json would stop at the first. It removes them from v (and
// returns false when v itself is wrong), so that what is left decodes
// cleanly; unknown fields must go too, or encoding/json would fill a field
// from a key that differs only in case.
func checkShape(path string, v any, t reflect.Type, problems *[]Problem) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return true // null: absent
	}
	ok := true
	add := func(reason string) {
		*problems = append(*problems, Problem{Path: path, Reason: reason})
		ok = false
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, isObj := v.(map[string]any)
		if !isObj {
			add("want an object, got " + jsonKind(v))
			return false
		}
		fields := jsonFields(t)
		names := make([]string, 0, len(obj))
		for name := range obj {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			sub := joinPath(path, name)
			f, known := fields[name]
			if !known {
				reason := "unknown field"
				for k := range fields {
					if strings.EqualFold(k, name) {
						reason += fmt.Sprintf(" (did you mean %q?)", k)
					}
				}
				*problems = append(*problems, Problem{Path: sub, Reason: reason})
				delete(obj, name)
				continue
			}
			if !checkShape(sub, obj[name], f.Type, problems) {
				delete(obj, name)
			}
		}
	case reflect.Slice:
		arr, isArr := v.([]any)
		if !isArr {
			add("want an array, got " + jsonKind(v))
			return false
		}
		for i, e := range arr {
			if !checkShape(fmt.Sprintf("%s[%d]", path, i), e, t.Elem(), problems) {
				arr[i] = nil
			}
		}
	case reflect.Map:
		obj, isObj := v.(map[string]any)
		if !isObj {
			add("want an object, got " + jsonKind(v))
			return false
		}
		for k, e := range obj {
			if !checkShape(joinPath(path, k), e, t.Elem(), problems) {
				delete(obj, k)
			}
		}
	case reflect.String:
		if _, isStr := v.(string); !isStr {
			add("want a string, got " + jsonKind(v))
		}
	case reflect.Bool:
		if _, isBool := v.(bool); !isBool {
			add("want true or false, got " + jsonKind(v))
		}
	case reflect.Int:
		n, isNum := v.(json.Number)
		if !isNum {
			add("want an integer, got " + jsonKind(v))
			return false
		}
		if _, err := n.Int64(); err != nil {
			add(fmt.Sprintf("want an integer, got %s", n))
		}
	}
	return ok
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return "null"
}

func jsonFields(t reflect.Type) map[string]reflect.StructField {
	fields := make(map[string]reflect.StructField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f
	}
	return fields
}

// ManagedIDs returns the managed data identifier IDs the job uses, by its
// selector: RECOMMENDED (the default) recommended, ALL all, INCLUDE the
// listed ones, EXCLUDE all but the listed ones, NONE none (an empty, non-nil
// slice).
func (j *Job) ManagedIDs(all, recommended []string) []string {
	switch j.ManagedDataIdentifierSelector {
	case SelectorAll:
		return slices.Clone(all)
	case SelectorInclude:
		return slices.Clone(j.ManagedDataIdentifierIDs)
	case SelectorExclude:
		out := []string{}
		for _, id := range all {
			if !slices.Contains(j.ManagedDataIdentifierIDs, id) {
				out = append(out, id)
			}
		}
		return out
	case SelectorNone:
		return []string{}
	default:
		return slices.Clone(recommended)
	}
}
