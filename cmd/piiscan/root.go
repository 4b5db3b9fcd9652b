package main

import (
	"github.com/spf13/cobra"
)

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "piiscan",
		Short: "Find sensitive data in local directories and S3 buckets",
		Long: `piiscan finds PII, financial data, credentials and health identifiers in local
directories and S3 buckets, and reports each object as an Amazon Macie
sensitive data discovery result. Matched values are never printed.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(c, err)
	})
	root.AddCommand(newScanCommand(), newIdentifiersCommand(), newResultsCommand(), newDaemonCommand(), newJobCommand())
	return root
}

// usageError adds a hint to a flag or argument error; it exits with 2.
func usageError(c *cobra.Command, err error) error {
	return exitCodeError{code: exitError, err: &hintError{err: err, hint: "see '" + c.CommandPath() + " --help'"}}
}

type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() + " (" + e.hint + ")" }
func (e *hintError) Unwrap() error { return e.err }
