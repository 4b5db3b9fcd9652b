package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/piiscan/piiscan/detectors"
)

func newIdentifiersCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "identifiers",
		Short: "List and try the managed data identifiers",
	}
	c.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "Print the catalogue of managed data identifiers",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
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
			return tw.Flush()
		},
	})
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
