// Command piiscan finds sensitive data (PII, financial data, credentials,
// health identifiers) in local directories and S3 buckets and reports it as
// Amazon Macie's sensitive data discovery results do.
//
// This package is wiring only: flags, the choice of source and sink, and
// exit codes. The work is done in scanner, sources, detectors and findings.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	// Work for the scan commands, started during package initialisation.
	_ "github.com/piiscan/piiscan/cmd/piiscan/internal/startup"
)

// Exit codes, documented in the README.
const (
	exitClean    = 0 // nothing sensitive found (at or above --fail-on)
	exitFindings = 1 // sensitive data found
	exitError    = 2 // usage or fatal error
	// exitInterrupted follows the shell convention for SIGINT (128+2).
	exitInterrupted = 130
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal asks for a clean stop (results flushed, summary
	// printed); from then on the default action is back, so a second one
	// ends the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	root := newRootCommand()
	err := root.ExecuteContext(ctx)
	var ec exitCodeError
	switch {
	case err == nil:
		return exitClean
	case errors.As(err, &ec):
		if ec.err != nil {
			fmt.Fprintln(os.Stderr, "piiscan:", ec.err)
		}
		return ec.code
	default:
		fmt.Fprintln(os.Stderr, "piiscan:", err)
		return exitError
	}
}

// exitCodeError carries an exit code other than 2 out of a command; err,
// when set, is printed.
type exitCodeError struct {
	code int
	err  error
}

func (e exitCodeError) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return fmt.Sprintf("exit %d", e.code)
}
