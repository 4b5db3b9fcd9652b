// Command kmsserver runs the TEST-ONLY KMS server of package kmsserver on
// 127.0.0.1. It prints the bound address (host:port) as the first line on
// standard output, then logs one line per request to standard error.
//
//	kmsserver -listen 127.0.0.1:0 [-region us-east-1] [-account 111122223333] [-deny alias/x=Decrypt+Encrypt,keyid=*]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/piiscan/piiscan/testservers/kmsserver"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kmsserver:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	region := flag.String("region", kmsserver.DefaultRegion, "region in key ARNs")
	account := flag.String("account", kmsserver.DefaultAccount, "account id in key ARNs")
	deny := flag.String("deny", "", "comma-separated KEYREF=OP+OP (or KEYREF=*) answered with AccessDeniedException")
	quiet := flag.Bool("quiet", false, "do not log requests")
	flag.Parse()

	denyMap, err := parseDeny(*deny)
	if err != nil {
		return err
	}
	var logger *slog.Logger
	if !*quiet {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv := kmsserver.New(kmsserver.Options{Region: *region, Account: *account, Deny: denyMap, Logger: logger})

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Println(ln.Addr().String())

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// parseDeny reads "ref=Op+Op,ref2=*" into Options.Deny.
func parseDeny(s string) (map[string][]string, error) {
	out := map[string][]string{}
	if s == "" {
		return out, nil
	}
	for _, item := range strings.Split(s, ",") {
		ref, ops, ok := strings.Cut(item, "=")
		if !ok || ref == "" || ops == "" {
			return nil, fmt.Errorf("parse -deny item %q: want KEYREF=OP+OP", item)
		}
		out[ref] = strings.Split(ops, "+")
	}
	return out, nil
}
