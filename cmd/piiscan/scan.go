package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
)

type scanOptions struct {
	aws            awsOptions
	results        resultsOptions
	format         string
	output         string
	workers        int
	maxOccurrences int
	failOn         string
	identifiers    []string
	custom         []string
	allowLists     []string
	progress       string
	jobID          string
	logLevel       string
}

func newScanCommand() *cobra.Command {
	var o scanOptions
	c := &cobra.Command{
		Use:   "scan PATH|s3://BUCKET/PREFIX...",
		Short: "Scan local files, directories and S3 buckets for sensitive data",
		Long: `Scan local files, directories and S3 buckets for sensitive data.

Every object scanned or attempted gets one result record in Amazon Macie's
sensitive data discovery result schema. On a terminal, a progress bar and a
summary table are shown; --format json writes the records as JSON Lines.

Exit status: 0 when nothing at or above --fail-on was found, 1 when
something was, 2 on a usage or fatal error, 130 when interrupted.`,
		Example: `  piiscan scan testcorpus/sample
  piiscan scan --format json --output results.jsonl ./data
  piiscan scan --fail-on HIGH ./repo   # a CI gate
  piiscan scan s3://data-lake/raw/ --results s3://macie-results/piiscan --kms-key-id alias/results`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(c, errors.New("nothing to scan: give one or more paths or s3:// URLs"))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			return runScan(c, args, &o)
		},
	}
	f := c.Flags()
	o.aws.register(f)
	o.results.register(f)
	f.StringVar(&o.format, "format", "auto", "output: table (a summary for people), json (result records as JSON Lines), or auto (table on a terminal, json otherwise)")
	f.StringVarP(&o.output, "output", "o", "", "write result records as JSON Lines to this file (default: stdout with --format json)")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "objects scanned in parallel")
	f.IntVar(&o.maxOccurrences, "max-occurrences", scanner.DefaultMaxOccurrences, "occurrences kept per type per object (counts go on)")
	f.StringVar(&o.failOn, "fail-on", "LOW", "exit 1 when a finding of at least this severity is found: LOW, MEDIUM, HIGH, or NEVER")
	f.StringSliceVar(&o.identifiers, "identifiers", nil, "managed data identifier IDs to use, comma-separated; \"default\" for the default set, -ID to leave one out (default,NAME adds NAME; default: the default set; see 'piiscan identifiers list')")
	f.StringArrayVar(&o.custom, "custom-identifiers", nil, "JSON file of custom data identifiers (Macie CreateCustomDataIdentifier requests: one object or an array); repeatable")
	f.StringArrayVar(&o.allowLists, "allow-list", nil, "allow list: a JSON file (Macie CreateAllowList request with criteria.regex) or a text file of words, one per line; repeatable")
	f.StringVar(&o.progress, "progress", "auto", "progress bar on stderr: auto (on a terminal), always, never")
	f.StringVar(&o.jobID, "job-id", "", "job ID written in every record (default: a new random ID)")
	f.StringVar(&o.logLevel, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	return c
}

func runScan(c *cobra.Command, args []string, o *scanOptions) error {
	ctx := c.Context()
	stdout, stderr := c.OutOrStdout(), c.ErrOrStderr()

	cfg, err := o.validate(stdout, stderr)
	if err != nil {
		return usageError(c, err)
	}
	engine, err := compileEngine(o.identifiers, o.custom, o.allowLists)
	if err != nil {
		return usageError(c, err)
	}
	o.aws.workers = o.workers
	src, buckets, err := openSources(ctx, args, &o.aws, cfg.logger)
	if err != nil {
		return usageError(c, err)
	}
	cfg.scan.Buckets = buckets

	sink, closeSink, err := o.openSink(stdout, cfg.table)
	if err != nil {
		return exitCodeError{code: exitError, err: err}
	}
	if o.results.url != "" {
		repo, err := o.results.open(ctx, &o.aws, &cfg.scan.Job, cfg.logger)
		if err != nil {
			_ = closeSink()
			return exitCodeError{code: exitError, err: err}
		}
		sink = findings.Tee(sink, repo)
		closeLocal := closeSink
		closeSink = func() error { return errors.Join(closeLocal(), repo.Close()) }
	}
	var progress *progressBar
	if cfg.showProgress {
		progress = newProgressBar(stderr)
		cfg.scan.Progress = progress
	}
	cfg.scan.Engine = engine
	cfg.scan.Logger = cfg.logger
	// The JSON Lines and results-bucket sinks encode a record when it is
	// written; the progress bar and the summary only count: none keeps a
	// record, so records are built without copies.
	cfg.scan.LendRecords = true

	summary := findings.NewSummary()
	start := time.Now()
	runErr := scanner.Run(ctx, src, sink, summary, cfg.scan)
	if progress != nil {
		progress.Finish()
	}
	closeErr := closeSink()
	summary.Elapsed = time.Since(start)

	interrupted := errors.Is(runErr, context.Canceled) && ctx.Err() != nil
	if cfg.table {
		if err := summary.WriteTable(stdout); err != nil {
			return exitCodeError{code: exitError, err: fmt.Errorf("write summary: %w", err)}
		}
	}
	switch {
	case interrupted:
		return exitCodeError{code: exitInterrupted, err: errors.New("interrupted: results of objects finished so far were written")}
	case runErr != nil:
		return exitCodeError{code: exitError, err: runErr}
	case closeErr != nil:
		return exitCodeError{code: exitError, err: closeErr}
	}
	if cfg.failOn != 0 && summary.MaxSeverity() >= cfg.failOn {
		return exitCodeError{code: exitFindings}
	}
	return nil
}

type scanConfig struct {
	scan         scanner.Config
	table        bool
	showProgress bool
	failOn       findings.Severity
	logger       *slog.Logger
}

// validate checks every flag up front so that a bad one fails before any
// work, with a message that says what to fix.
func (o *scanOptions) validate(stdout, stderr io.Writer) (scanConfig, error) {
	var cfg scanConfig
	var problems []string
	switch o.format {
	case "table":
		cfg.table = true
	case "json":
	case "auto":
		cfg.table = isTerminal(stdout)
	default:
		problems = append(problems, fmt.Sprintf("--format %q: want table, json or auto", o.format))
	}
	switch o.progress {
	case "auto":
		cfg.showProgress = isTerminal(stderr)
	case "always":
		cfg.showProgress = true
	case "never":
	default:
		problems = append(problems, fmt.Sprintf("--progress %q: want auto, always or never", o.progress))
	}
	if o.workers < 1 {
		problems = append(problems, fmt.Sprintf("--workers %d: want 1 or more", o.workers))
	}
	if o.maxOccurrences < 1 {
		problems = append(problems, fmt.Sprintf("--max-occurrences %d: want 1 or more", o.maxOccurrences))
	}
	if strings.EqualFold(o.failOn, "NEVER") {
		cfg.failOn = 0
	} else if s, ok := findings.ParseSeverity(o.failOn); ok {
		cfg.failOn = s
	} else {
		problems = append(problems, fmt.Sprintf("--fail-on %q: want LOW, MEDIUM, HIGH or NEVER", o.failOn))
	}
	problems = append(problems, o.results.validate()...)
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		problems = append(problems, fmt.Sprintf("--log-level %q: want debug, info, warn or error", o.logLevel))
	}
	if len(problems) > 0 {
		return cfg, errors.New(strings.Join(problems, "; "))
	}
	cfg.logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	jobID := o.jobID
	if jobID == "" {
		jobID = strings.ReplaceAll(uuid.NewString(), "-", "")
	}
	cfg.scan = scanner.Config{
		Workers:        o.workers,
		MaxOccurrences: o.maxOccurrences,
		Job:            findings.JobInfo{JobID: jobID},
	}
	return cfg, nil
}

// openSink returns where records go: --output, else stdout unless the
// output is the summary table.
func (o *scanOptions) openSink(stdout io.Writer, table bool) (findings.Sink, func() error, error) {
	switch {
	case o.output != "":
		f, err := os.Create(o.output)
		if err != nil {
			return nil, nil, fmt.Errorf("open --output: %w", err)
		}
		sink := findings.NewJSONLines(f)
		return sink, func() error {
			err := sink.Close()
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close %s: %w", o.output, cerr)
			}
			return err
		}, nil
	case table:
		return discardSink{}, func() error { return nil }, nil
	default:
		sink := findings.NewJSONLines(stdout)
		return sink, sink.Close, nil
	}
}

type discardSink struct{}

func (discardSink) Write(context.Context, *findings.Record) error { return nil }
func (discardSink) Close() error                                  { return nil }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// compileEngine builds the detection engine from the selected managed
// identifiers, custom identifier files and allow lists.
func compileEngine(ids, customFiles, allowFiles []string) (*detectors.Engine, error) {
	managed, err := selectIdentifiers(ids)
	if err != nil {
		return nil, err
	}
	opts := detectors.Options{Managed: managed}
	for _, name := range customFiles {
		custom, err := loadCustomIdentifiers(name)
		if err != nil {
			return nil, err
		}
		opts.Custom = append(opts.Custom, custom...)
	}
	for _, name := range allowFiles {
		list, err := loadAllowList(name)
		if err != nil {
			return nil, err
		}
		opts.AllowLists = append(opts.AllowLists, list)
	}
	engine, err := detectors.Compile(opts)
	if err != nil {
		return nil, fmt.Errorf("identifiers: %w", err)
	}
	return engine, nil
}

// selectIdentifiers reads the --identifiers list: IDs, "default" for the
// default set, and -ID to leave one out, in order; a list that starts with
// -ID starts from the default set (--identifiers default,NAME adds NAME to
// it, --identifiers=-IP_ADDRESS takes one away). nil for none: the default.
func selectIdentifiers(ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	known := make(map[string]bool)
	for _, s := range detectors.Catalogue() {
		known[s.ID] = true
	}
	var out []string
	if strings.HasPrefix(ids[0], "-") {
		out = detectors.DefaultIDs()
	}
	for _, id := range ids {
		switch {
		case strings.EqualFold(id, "default"):
			out = append(out, detectors.DefaultIDs()...)
		case strings.HasPrefix(id, "-"):
			if !known[id[1:]] {
				return nil, fmt.Errorf("--identifiers %s: unknown managed data identifier %q (see 'piiscan identifiers list')", id, id[1:])
			}
			out = slices.DeleteFunc(out, func(s string) bool { return s == id[1:] })
		default:
			out = append(out, id) // an unknown ID is the engine's error
		}
	}
	if out == nil {
		out = []string{} // all left out: custom identifiers only
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// loadCustomIdentifiers reads one CreateCustomDataIdentifier request, or an
// array of them.
func loadCustomIdentifiers(name string) ([]detectors.CustomDataIdentifier, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("--custom-identifiers: %w", err)
	}
	list, err := detectors.ParseCustomDataIdentifiers(data)
	if err != nil {
		return nil, fmt.Errorf("--custom-identifiers %s: not a CreateCustomDataIdentifier request: %w", name, err)
	}
	return list, nil
}

// loadAllowList reads a CreateAllowList request (.json) or a word list (any
// other file: one word or phrase per line, blank lines ignored).
func loadAllowList(name string) (detectors.AllowList, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return detectors.AllowList{}, fmt.Errorf("--allow-list: %w", err)
	}
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		var req struct {
			Name     string `json:"name"`
			Criteria struct {
				Regex       string          `json:"regex"`
				S3WordsList json.RawMessage `json:"s3WordsList"`
			} `json:"criteria"`
		}
		if err := json.Unmarshal(data, &req); err != nil {
			return detectors.AllowList{}, fmt.Errorf("--allow-list %s: not a CreateAllowList request: %w", name, err)
		}
		if req.Criteria.Regex == "" {
			return detectors.AllowList{}, fmt.Errorf("--allow-list %s: criteria.regex is empty; for a word list pass the words as a text file, one per line", name)
		}
		return detectors.AllowList{Name: req.Name, Criteria: detectors.AllowListCriteria{Regex: req.Criteria.Regex}}, nil
	}
	var words []string
	for line := range strings.Lines(string(data)) {
		if w := strings.TrimSpace(line); w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return detectors.AllowList{}, fmt.Errorf("--allow-list %s: no words in the file", name)
	}
	return detectors.AllowList{Name: name, Criteria: detectors.AllowListCriteria{Words: words}}, nil
}
