package jobrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/jobs"
	"github.com/piiscan/piiscan/sources/s3source"
)

// Resources loads a job's custom data identifiers and allow lists. Macie
// keeps them as resources referred to by id; piiscan reads each from the
// location the job's settings name (piiscan.customDataIdentifiers,
// piiscan.allowLists), a directory or an s3://bucket/prefix:
// <id>.json for a custom data identifier (a CreateCustomDataIdentifier
// request), and <id>.json (a CreateAllowList request) or <id>.txt (one word
// or phrase per line) for an allow list.
type Resources struct {
	// Dir is where relative directories resolve (DefinitionDir).
	Dir string
	// AWS reads s3:// locations; nil refuses them.
	AWS AWS
}

// Engine compiles the matching engine the job asks for: its managed data
// identifiers (managedDataIdentifierSelector), custom data identifiers and
// allow lists. An error names the field and id at fault.
func (r Resources) Engine(ctx context.Context, job *jobs.Job) (*detectors.Engine, error) {
	opts := detectors.Options{Managed: job.ManagedIDs(catalogueIDs(), detectors.DefaultIDs())}
	s := job.Settings()
	for i, id := range job.CustomDataIdentifierIDs {
		cdi, err := r.CustomDataIdentifier(ctx, s.CustomDataIdentifiers, id)
		if err != nil {
			return nil, fmt.Errorf("customDataIdentifierIds[%d]: %w", i, err)
		}
		opts.Custom = append(opts.Custom, cdi)
	}
	for i, id := range job.AllowListIDs {
		list, err := r.AllowList(ctx, s.AllowLists, id)
		if err != nil {
			return nil, fmt.Errorf("allowListIds[%d]: %w", i, err)
		}
		opts.AllowLists = append(opts.AllowLists, list)
	}
	engine, err := detectors.Compile(opts)
	if err != nil {
		return nil, fmt.Errorf("identifiers: %w", err)
	}
	return engine, nil
}

// CheckLocal compiles the job's identifiers and allow lists as Engine does
// when both locations are local directories: what `job validate` can check
// without AWS access. With either in S3 it checks nothing; the run that
// loads them does.
func (r Resources) CheckLocal(ctx context.Context, job *jobs.Job) error {
	s := job.Settings()
	if strings.HasPrefix(s.CustomDataIdentifiers, "s3://") || strings.HasPrefix(s.AllowLists, "s3://") {
		return nil
	}
	local := r
	local.AWS = nil
	_, err := local.Engine(ctx, job)
	return err
}

// CustomDataIdentifier reads <location>/<id>.json, a
// CreateCustomDataIdentifier request; its name defaults to id.
func (r Resources) CustomDataIdentifier(ctx context.Context, location, id string) (detectors.CustomDataIdentifier, error) {
	data, name, err := r.fetch(ctx, location, id, ".json")
	if err != nil {
		return detectors.CustomDataIdentifier{}, err
	}
	list, err := detectors.ParseCustomDataIdentifiers(data)
	if err == nil && len(list) != 1 {
		err = fmt.Errorf("%d requests, want one", len(list))
	}
	if err != nil {
		return detectors.CustomDataIdentifier{}, fmt.Errorf("%s: not a CreateCustomDataIdentifier request: %w", name, err)
	}
	cdi := list[0]
	if cdi.Name == "" {
		cdi.Name = id
	}
	return cdi, nil
}

// AllowList reads the allow list id from location: <id>.json, a
// CreateAllowList request whose criteria are a regex or an s3WordsList
// (read now), else <id>.txt, one word or phrase per line. Its name defaults
// to id.
func (r Resources) AllowList(ctx context.Context, location, id string) (detectors.AllowList, error) {
	data, name, err := r.fetch(ctx, location, id, ".json", ".txt")
	if err != nil {
		return detectors.AllowList{}, err
	}
	if strings.HasSuffix(name, ".txt") {
		words := wordsOf(data)
		if len(words) == 0 {
			return detectors.AllowList{}, fmt.Errorf("%s: no words", name)
		}
		return detectors.AllowList{Name: id, Criteria: detectors.AllowListCriteria{Words: words}}, nil
	}
	var req struct {
		Name     string `json:"name"`
		Criteria struct {
			Regex       string `json:"regex"`
			S3WordsList *struct {
				BucketName string `json:"bucketName"`
				ObjectKey  string `json:"objectKey"`
			} `json:"s3WordsList"`
		} `json:"criteria"`
	}
	if err := json.Unmarshal(data, &req); err != nil {
		return detectors.AllowList{}, fmt.Errorf("%s: not a CreateAllowList request: %w", name, err)
	}
	list := detectors.AllowList{Name: req.Name}
	if list.Name == "" {
		list.Name = id
	}
	switch {
	case req.Criteria.Regex != "":
		list.Criteria.Regex = req.Criteria.Regex
	case req.Criteria.S3WordsList != nil:
		w := req.Criteria.S3WordsList
		words, err := getObject(ctx, r.AWS, w.BucketName, w.ObjectKey)
		if err != nil {
			return detectors.AllowList{}, fmt.Errorf("%s: criteria.s3WordsList: %w", name, err)
		}
		list.Criteria.Words = wordsOf(words)
	default:
		return detectors.AllowList{}, fmt.Errorf("%s: criteria has neither regex nor s3WordsList", name)
	}
	return list, nil
}

// wordsOf returns the non-blank lines of a words list, trimmed: Macie's
// format for an allow list's words.
func wordsOf(data []byte) []string {
	var words []string
	for line := range strings.Lines(string(data)) {
		if w := strings.TrimSpace(line); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// fetch reads the first of <location>/<id><ext> that exists, in the order
// of exts, and returns its data and name (a path, or the key in S3).
func (r Resources) fetch(ctx context.Context, location, id string, exts ...string) ([]byte, string, error) {
	var tried []string
	for _, ext := range exts {
		if strings.HasPrefix(location, "s3://") {
			bucket, prefix, err := s3source.ParseURL(location)
			if err != nil {
				return nil, "", err
			}
			if prefix != "" && !strings.HasSuffix(prefix, "/") {
				prefix += "/"
			}
			key := prefix + id + ext
			data, err := getObject(ctx, r.AWS, bucket, key)
			var coded interface{ ErrorCode() string }
			if errors.As(err, &coded) && coded.ErrorCode() == "NoSuchKey" {
				tried = append(tried, "s3://"+bucket+"/"+key)
				continue
			}
			return data, key, err
		}
		dir := location
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(r.Dir, dir)
		}
		name := filepath.Join(dir, id+ext)
		data, err := readFile(name)
		if errors.Is(err, os.ErrNotExist) {
			tried = append(tried, name)
			continue
		}
		return data, name, err
	}
	return nil, "", fmt.Errorf("%q not found (looked for %s)", id, strings.Join(tried, ", "))
}
