package jobs

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ValidateOptions tell Validate what it cannot know by itself.
type ValidateOptions struct {
	// ManagedIDs are the managed data identifier IDs that exist; nil skips
	// the check of managedDataIdentifierIds.
	ManagedIDs []string
}

// Limits Macie sets on a job, kept so that a job that runs here would also
// be accepted by Macie.
const (
	maxNameLength      = 500
	maxCustomIDs       = 30
	maxAllowLists      = 10
	maxBucketsPerJob   = 1000
	maxManagedSelected = 1000
)

// The patterns are compiled on first use: compiling them when the package
// is initialised cost every command, scans included, about 1.5 ms of
// start-up (the bucket name's counted repetition is most of it).
var (
	accountIDPattern = lazyRegexp(`^[0-9]{12}$`)
	bucketPattern    = lazyRegexp(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	jobIDPattern     = lazyRegexp(`^[A-Za-z0-9_-]{1,64}$`)
	resourceIDChars  = lazyRegexp(`^[A-Za-z0-9._-]+$`)
	weekdays         = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	selectors        = []string{SelectorAll, SelectorExclude, SelectorInclude, SelectorNone, SelectorRecommended}
)

// Validate returns every problem of the job, nil when there is none.
func (j *Job) Validate(opts ValidateOptions) error {
	if p := j.validate(opts); len(p) > 0 {
		return &ValidationError{Problems: p}
	}
	return nil
}

type problemList []Problem

func (l *problemList) add(path, format string, args ...any) {
	*l = append(*l, Problem{Path: path, Reason: fmt.Sprintf(format, args...)})
}

func (j *Job) validate(opts ValidateOptions) []Problem {
	var p problemList
	switch {
	case j.Name == "":
		p.add("name", "required")
	case utf8.RuneCountInString(j.Name) > maxNameLength:
		p.add("name", "longer than %d characters", maxNameLength)
	}
	switch j.JobType {
	case "":
		p.add("jobType", "required: ONE_TIME or SCHEDULED")
	case JobTypeOneTime:
		if j.ScheduleFrequency != nil {
			p.add("scheduleFrequency", "only for a SCHEDULED job")
		}
	case JobTypeScheduled:
		if j.ScheduleFrequency == nil {
			p.add("scheduleFrequency", "required for a SCHEDULED job: dailySchedule, weeklySchedule or monthlySchedule")
		}
	default:
		p.add("jobType", "%q: want ONE_TIME or SCHEDULED", j.JobType)
	}
	if f := j.ScheduleFrequency; f != nil {
		n := 0
		if f.DailySchedule != nil {
			n++
		}
		if f.WeeklySchedule != nil {
			n++
			if !slices.Contains(weekdays, f.WeeklySchedule.DayOfWeek) {
				p.add("scheduleFrequency.weeklySchedule.dayOfWeek", "%q: want one of %s", f.WeeklySchedule.DayOfWeek, strings.Join(weekdays, ", "))
			}
		}
		if f.MonthlySchedule != nil {
			n++
			if d := f.MonthlySchedule.DayOfMonth; d < 1 || d > 31 {
				p.add("scheduleFrequency.monthlySchedule.dayOfMonth", "%d: want 1 to 31", d)
			}
		}
		if n != 1 {
			p.add("scheduleFrequency", "want exactly one of dailySchedule, weeklySchedule, monthlySchedule; got %d", n)
		}
	}
	if j.InitialRun != nil && j.JobType == JobTypeOneTime && !*j.InitialRun {
		p.add("initialRun", "false is only for a SCHEDULED job: a ONE_TIME job always analyses existing objects")
	}
	j.validateDefinition(&p)
	if s := j.SamplingPercentage; s != nil && (*s < 1 || *s > 100) {
		p.add("samplingPercentage", "%d: want 1 to 100", *s)
	}
	j.validateIdentifiers(&p, opts)
	j.validateSettings(&p)
	return p
}

func (j *Job) validateDefinition(p *problemList) {
	d := j.S3JobDefinition
	if d == nil {
		p.add("s3JobDefinition", "required: bucketDefinitions or bucketCriteria, and optional scoping")
		return
	}
	switch {
	case len(d.BucketDefinitions) > 0 && d.BucketCriteria != nil:
		p.add("s3JobDefinition", "bucketDefinitions and bucketCriteria exclude each other: give one")
	case len(d.BucketDefinitions) == 0 && d.BucketCriteria == nil:
		p.add("s3JobDefinition", "no buckets: give bucketDefinitions or bucketCriteria")
	}
	seen := map[string]string{}
	total := 0
	for i, def := range d.BucketDefinitions {
		path := fmt.Sprintf("s3JobDefinition.bucketDefinitions[%d]", i)
		if !accountIDPattern().MatchString(def.AccountID) {
			p.add(path+".accountId", "%q: want a 12-digit AWS account ID", def.AccountID)
		}
		if len(def.Buckets) == 0 {
			p.add(path+".buckets", "empty: list at least one bucket")
		}
		for k, b := range def.Buckets {
			bp := fmt.Sprintf("%s.buckets[%d]", path, k)
			total++
			switch {
			case !validBucketName(b):
				p.add(bp, "%q is not an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')", b)
			case seen[b] != "":
				p.add(bp, "%q is already listed at %s", b, seen[b])
			default:
				seen[b] = bp
			}
		}
	}
	if total > maxBucketsPerJob {
		p.add("s3JobDefinition.bucketDefinitions", "%d buckets: Macie allows at most %d per job", total, maxBucketsPerJob)
	}
	if c := d.BucketCriteria; c != nil {
		if c.Includes == nil && c.Excludes == nil {
			p.add("s3JobDefinition.bucketCriteria", "empty: give includes or excludes")
		}
		validateCriteriaBlock(p, "s3JobDefinition.bucketCriteria.includes", c.Includes)
		validateCriteriaBlock(p, "s3JobDefinition.bucketCriteria.excludes", c.Excludes)
	}
	if s := d.Scoping; s != nil {
		validateScopingBlock(p, "s3JobDefinition.scoping.includes", s.Includes)
		validateScopingBlock(p, "s3JobDefinition.scoping.excludes", s.Excludes)
	}
}

func validBucketName(b string) bool {
	return bucketPattern().MatchString(b) && !strings.Contains(b, "..")
}

func validateCriteriaBlock(p *problemList, path string, b *CriteriaBlock) {
	if b == nil {
		return
	}
	if len(b.And) == 0 {
		p.add(path+".and", "empty: give at least one condition, or leave the block out")
	}
	for i, c := range b.And {
		cp := fmt.Sprintf("%s.and[%d]", path, i)
		switch {
		case c.SimpleCriterion != nil && c.TagCriterion != nil:
			p.add(cp, "give simpleCriterion or tagCriterion, not both")
		case c.SimpleCriterion == nil && c.TagCriterion == nil:
			p.add(cp, "empty: give simpleCriterion or tagCriterion")
		}
		if s := c.SimpleCriterion; s != nil {
			sp := cp + ".simpleCriterion"
			switch s.Key {
			case "ACCOUNT_ID", "S3_BUCKET_NAME":
				allowed := []string{"EQ", "NE"}
				if s.Key == "S3_BUCKET_NAME" {
					allowed = append(allowed, "STARTS_WITH")
				}
				if !slices.Contains(allowed, s.Comparator) {
					p.add(sp+".comparator", "%q: want %s for %s", s.Comparator, strings.Join(allowed, " or "), s.Key)
				}
			case "S3_BUCKET_EFFECTIVE_PERMISSION", "S3_BUCKET_SHARED_ACCESS":
				p.add(sp+".key", "%s comes from Macie's bucket inventory, which piiscan does not keep: list the buckets, or select them by name, account or tag", s.Key)
			case "":
				p.add(sp+".key", "required: ACCOUNT_ID or S3_BUCKET_NAME")
			default:
				p.add(sp+".key", "%q: want ACCOUNT_ID or S3_BUCKET_NAME", s.Key)
			}
			validateValues(p, sp+".values", s.Values)
		}
		if t := c.TagCriterion; t != nil {
			tp := cp + ".tagCriterion"
			if t.Comparator != "EQ" && t.Comparator != "NE" {
				p.add(tp+".comparator", "%q: want EQ or NE", t.Comparator)
			}
			validateTagValues(p, tp+".tagValues", t.TagValues)
		}
	}
}

func validateValues(p *problemList, path string, values []string) {
	if len(values) == 0 {
		p.add(path, "empty: give at least one value")
	}
	for i, v := range values {
		if v == "" {
			p.add(fmt.Sprintf("%s[%d]", path, i), "empty value")
		}
	}
}

func validateTagValues(p *problemList, path string, tags []TagPair) {
	if len(tags) == 0 {
		p.add(path, "empty: give at least one {key, value}")
	}
	for i, t := range tags {
		if t.Key == "" {
			p.add(fmt.Sprintf("%s[%d].key", path, i), "required (an empty value matches any value of the key)")
		}
	}
}

// scopeComparators are the comparators Macie accepts for each key.
var scopeComparators = map[string][]string{
	KeyObjectExtension:    {"EQ", "NE"},
	KeyObjectKey:          {"STARTS_WITH"},
	KeyObjectLastModified: {"EQ", "GT", "GTE", "LT", "LTE", "NE"},
	KeyObjectSize:         {"EQ", "GT", "GTE", "LT", "LTE", "NE"},
}

func validateScopingBlock(p *problemList, path string, b *ScopingBlock) {
	if b == nil {
		return
	}
	if len(b.And) == 0 {
		p.add(path+".and", "empty: give at least one term, or leave the block out")
	}
	for i, t := range b.And {
		tp := fmt.Sprintf("%s.and[%d]", path, i)
		switch {
		case t.SimpleScopeTerm != nil && t.TagScopeTerm != nil:
			p.add(tp, "give simpleScopeTerm or tagScopeTerm, not both")
		case t.SimpleScopeTerm == nil && t.TagScopeTerm == nil:
			p.add(tp, "empty: give simpleScopeTerm or tagScopeTerm")
		}
		if s := t.SimpleScopeTerm; s != nil {
			validateSimpleScopeTerm(p, tp+".simpleScopeTerm", s)
		}
		if g := t.TagScopeTerm; g != nil {
			gp := tp + ".tagScopeTerm"
			if g.Comparator != "EQ" && g.Comparator != "NE" {
				p.add(gp+".comparator", "%q: want EQ or NE", g.Comparator)
			}
			if g.Key != KeyTag {
				p.add(gp+".key", "%q: want TAG", g.Key)
			}
			if g.Target != "" && g.Target != "S3_OBJECT" {
				p.add(gp+".target", "%q: want S3_OBJECT", g.Target)
			}
			validateTagValues(p, gp+".tagValues", g.TagValues)
		}
	}
}

func validateSimpleScopeTerm(p *problemList, path string, s *SimpleScopeTerm) {
	allowed, ok := scopeComparators[s.Key]
	switch {
	case s.Key == "":
		p.add(path+".key", "required: OBJECT_EXTENSION, OBJECT_KEY, OBJECT_LAST_MODIFIED_DATE or OBJECT_SIZE")
	case !ok:
		p.add(path+".key", "%q: want OBJECT_EXTENSION, OBJECT_KEY, OBJECT_LAST_MODIFIED_DATE or OBJECT_SIZE", s.Key)
	case !slices.Contains(allowed, s.Comparator):
		p.add(path+".comparator", "%q: want %s for %s", s.Comparator, strings.Join(allowed, ", "), s.Key)
	}
	validateValues(p, path+".values", s.Values)
	single := s.Key == KeyObjectSize || s.Key == KeyObjectLastModified
	if single && len(s.Values) > 1 {
		p.add(path+".values", "%d values: %s takes exactly one", len(s.Values), s.Key)
	}
	for i, v := range s.Values {
		vp := fmt.Sprintf("%s.values[%d]", path, i)
		if v == "" {
			continue
		}
		switch s.Key {
		case KeyObjectSize:
			if n, err := strconv.ParseInt(v, 10, 64); err != nil || n < 0 {
				p.add(vp, "%q: want a size in bytes (a whole number, 0 or more)", v)
			}
		case KeyObjectLastModified:
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				p.add(vp, "%q: want a UTC date and time in ISO 8601 extended format, e.g. 2020-09-28T14:31:13Z", v)
			}
		case KeyObjectExtension:
			if strings.HasPrefix(v, ".") {
				p.add(vp, "%q: give the extension without the dot", v)
			}
		}
	}
}

func (j *Job) validateIdentifiers(p *problemList, opts ValidateOptions) {
	sel := j.ManagedDataIdentifierSelector
	switch sel {
	case "", SelectorAll, SelectorNone, SelectorRecommended:
		if len(j.ManagedDataIdentifierIDs) > 0 {
			p.add("managedDataIdentifierIds", "only with managedDataIdentifierSelector INCLUDE or EXCLUDE (it is %s)", orDefault(sel, SelectorRecommended))
		}
	case SelectorInclude, SelectorExclude:
		if len(j.ManagedDataIdentifierIDs) == 0 {
			p.add("managedDataIdentifierIds", "required with managedDataIdentifierSelector %s", sel)
		}
	default:
		p.add("managedDataIdentifierSelector", "%q: want one of %s", sel, strings.Join(selectors, ", "))
	}
	if sel == SelectorNone && len(j.CustomDataIdentifierIDs) == 0 {
		p.add("managedDataIdentifierSelector", "NONE with no customDataIdentifierIds: the job would detect nothing")
	}
	if len(j.ManagedDataIdentifierIDs) > maxManagedSelected {
		p.add("managedDataIdentifierIds", "more than %d", maxManagedSelected)
	}
	seen := map[string]bool{}
	for i, id := range j.ManagedDataIdentifierIDs {
		ip := fmt.Sprintf("managedDataIdentifierIds[%d]", i)
		switch {
		case id == "":
			p.add(ip, "empty")
		case seen[id]:
			p.add(ip, "%q listed twice", id)
		case opts.ManagedIDs != nil && !slices.Contains(opts.ManagedIDs, id):
			p.add(ip, "%q is not a managed data identifier (see 'piiscan identifiers list')", id)
		}
		seen[id] = true
	}
	s := j.Settings()
	validateResourceIDs(p, "customDataIdentifierIds", j.CustomDataIdentifierIDs, maxCustomIDs, s.CustomDataIdentifiers, "piiscan.customDataIdentifiers")
	validateResourceIDs(p, "allowListIds", j.AllowListIDs, maxAllowLists, s.AllowLists, "piiscan.allowLists")
}

func validateResourceIDs(p *problemList, path string, ids []string, limit int, location, locationPath string) {
	if len(ids) > limit {
		p.add(path, "%d ids: Macie allows at most %d", len(ids), limit)
	}
	if len(ids) > 0 && location == "" {
		p.add(locationPath, "required to resolve %s: a directory or s3://bucket/prefix holding <id>.json", path)
	}
	seen := map[string]bool{}
	for i, id := range ids {
		ip := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case id == "":
			p.add(ip, "empty")
		case !resourceIDChars().MatchString(id):
			p.add(ip, "%q: want letters, digits, '.', '_' and '-' only (it names a file)", id)
		case seen[id]:
			p.add(ip, "%q listed twice", id)
		}
		seen[id] = true
	}
}

func (j *Job) validateSettings(p *problemList) {
	s := j.Piiscan
	if s == nil {
		return
	}
	if s.JobID != "" && !jobIDPattern().MatchString(s.JobID) {
		p.add("piiscan.jobId", "%q: want 1 to 64 letters, digits, '_' or '-'", s.JobID)
	}
	if s.AccountID != "" && !accountIDPattern().MatchString(s.AccountID) {
		p.add("piiscan.accountId", "%q: want a 12-digit AWS account ID", s.AccountID)
	}
	if s.Results != "" {
		if !strings.HasPrefix(s.Results, "s3://") || len(s.Results) == len("s3://") {
			p.add("piiscan.results", "%q: want s3://bucket/prefix (for local results use --output DIR)", s.Results)
		}
		if s.KMSKeyID == "" {
			p.add("piiscan.kmsKeyId", "required with piiscan.results: results are always stored encrypted")
		}
	}
	switch s.Encryption {
	case "", "sse-kms", "client":
	default:
		p.add("piiscan.encryption", "%q: want sse-kms or client", s.Encryption)
	}
	for _, loc := range []struct{ path, v string }{{"piiscan.customDataIdentifiers", s.CustomDataIdentifiers}, {"piiscan.allowLists", s.AllowLists}} {
		if loc.v == "s3://" {
			p.add(loc.path, "want s3://bucket/prefix")
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
