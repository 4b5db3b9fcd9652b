package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/piiscan/piiscan/detectors"
)

func newIdentifiersCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "identifiers",
		Short: "List and try the managed data identifiers",
	}
	c.AddCommand(newIdentifiersTestCommand())
	var custom []string
	list := &cobra.Command{
		Use:   "list",
		Short: "Print the catalogue of managed data identifiers",
		Long: `Print the catalogue of managed data identifiers. With --custom-identifiers,
the custom data identifiers of those files are checked as a scan would check
them (a pattern RE2 rejects, a limit passed) and listed after the catalogue.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			var ids []detectors.Identifier
			var reqs []detectors.CustomDataIdentifier
			for _, f := range custom {
				list, err := loadCustomIdentifiers(f)
				if err != nil {
					return usageError(c, err)
				}
				reqs = append(reqs, list...)
			}
			if len(reqs) > 0 {
				e, err := detectors.Compile(detectors.Options{Managed: []string{}, Custom: reqs})
				if err != nil {
					return usageError(c, fmt.Errorf("identifiers: %w", err))
				}
				ids = e.Identifiers()
			}
			defaults := make(map[string]bool)
			for _, id := range detectors.DefaultIDs() {
				defaults[id] = true
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tCATEGORY\tKEYWORD REQUIRED\tCHECKSUM\tSEVERITY\tDEFAULT")
			for _, s := range detectors.Catalogue() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Category, yesNo(s.KeywordRequired),
					dash(s.Checksum), severityRule(s.Severity), yesNo(defaults[s.ID]))
			}
			for i := range ids {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ids[i].ID, ids[i].Category, yesNo(len(reqs[i].Keywords) > 0),
					"-", severityRule(ids[i].SeverityRule()), "yes")
			}
			return tw.Flush()
		},
	}
	list.Flags().StringArrayVar(&custom, "custom-identifiers", nil, "JSON file of custom data identifiers (Macie CreateCustomDataIdentifier requests) to check and list; repeatable")
	c.AddCommand(list)
	return c
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// severityRule renders a severity rule as "HIGH" or "LOW; MEDIUM from 100".
func severityRule(rule []detectors.SeverityThreshold) string {
	var b strings.Builder
	for i, t := range rule {
		if i > 0 {
			fmt.Fprintf(&b, "; %s from %d", t.Severity, t.Occurrences)
		} else {
			b.WriteString(t.Severity.String())
		}
	}
	return dash(b.String())
}

type identifiersTestOptions struct {
	identifiers []string
	custom      []string
	allowLists  []string
	field       string
	file        string
}

func newIdentifiersTestCommand() *cobra.Command {
	var o identifiersTestOptions
	c := &cobra.Command{
		Use:   "test [TEXT]",
		Short: "Show what the identifiers match in sample text, and why candidates were rejected",
		Long: `Run identifiers over sample text (the argument, --file, or standard input)
and list every candidate the engine considered: what matched, and for what
did not, why (checksum failed, no keyword within 30 characters, allow-listed,
a known example value, a custom identifier's ignore word). Unlike a scan,
this prints the candidate text: it is your own sample. --field gives a column
name or JSON path to use as keyword context, as a CSV header or a JSON key
would be. The text is one whole text: a custom pattern's ^ and $ match at its
start and end (and at line breaks with (?m)).`,
		Example: `  piiscan identifiers test 'ssn: 536-90-4399'
  piiscan identifiers test --identifiers CREDIT_CARD_NUMBER --field card_number '4556 7375 8689 9855'
  piiscan identifiers test --custom-identifiers employee.json --file sample.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var data []byte
			var err error
			switch {
			case len(args) == 1 && o.file != "":
				return usageError(c, errors.New("give TEXT or --file, not both"))
			case len(args) == 1:
				data = []byte(args[0])
			case o.file != "":
				data, err = os.ReadFile(o.file)
			default:
				data, err = io.ReadAll(io.LimitReader(c.InOrStdin(), 16<<20))
			}
			if err != nil {
				return usageError(c, err)
			}
			engine, err := compileEngine(o.identifiers, o.custom, o.allowLists)
			if err != nil {
				return usageError(c, err)
			}
			return writeExplanations(c.OutOrStdout(), engine, data, engine.Explain(data, o.field))
		},
	}
	f := c.Flags()
	f.StringSliceVar(&o.identifiers, "identifiers", nil, "managed data identifier IDs to try; \"default\" for the default set, -ID to leave one out (default: the default set)")
	f.StringArrayVar(&o.custom, "custom-identifiers", nil, "JSON file of custom data identifiers (Macie CreateCustomDataIdentifier requests); repeatable")
	f.StringArrayVar(&o.allowLists, "allow-list", nil, "allow list file (as for scan); repeatable")
	f.StringVar(&o.field, "field", "", "column name or JSON path whose keywords count for the text")
	f.StringVar(&o.file, "file", "", "read the sample text from this file")
	return c
}

// writeExplanations prints one line per candidate: where (line:column), the
// identifier, the verdict, and the candidate text, shortened.
func writeExplanations(w io.Writer, engine *detectors.Engine, data []byte, exps []detectors.Explanation) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AT\tIDENTIFIER\tRESULT\tTEXT")
	matched := 0
	for _, x := range exps {
		line := 1 + bytes.Count(data[:x.Start], []byte{'\n'})
		col := 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:x.Start], '\n')+1:x.Start])
		verdict := "match"
		if x.Reason != "" {
			verdict = "no: " + x.Reason
		} else {
			matched++
		}
		fmt.Fprintf(tw, "%d:%d\t%s\t%s\t%s\n", line, col, x.ID, verdict, shorten(data[x.Start:x.End]))
	}
	if len(exps) == 0 {
		fmt.Fprintln(tw, "-\t-\tno candidate\t-")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d match(es), %d candidate(s) rejected\n", matched, len(exps)-matched)
	return err
}

// shorten keeps long candidates (private keys) to one readable line.
func shorten(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:40]) + "…" + string(r[len(r)-15:])
	}
	return s
}
