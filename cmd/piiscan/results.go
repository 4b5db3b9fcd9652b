package main

import (
	"bufio"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/piiscan/piiscan/findings/s3repo"
	"github.com/piiscan/piiscan/sources/s3source"
)

func newResultsCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "results",
		Short: "Read result records stored in a results bucket",
	}
	var aws awsOptions
	var keyID string
	cat := &cobra.Command{
		Use:   "cat s3://BUCKET/PREFIX",
		Short: "Print the stored result records under a prefix as JSON Lines, decrypting them",
		Long: `Print the stored result records under a prefix as JSON Lines.

Objects encrypted on the client side (--encryption client) are decrypted
with KMS Decrypt; an object whose stored encryption context does not match
its bucket, key and job is refused, and nothing of it is printed.`,
		Example: `  piiscan results cat s3://macie-results/piiscan/AWSLogs/111122223333/Macie/us-east-1/JOBID/`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 || !strings.HasPrefix(args[0], "s3://") {
				return usageError(c, errors.New("want one s3://bucket/prefix"))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			bucket, prefix, err := s3source.ParseURL(args[0])
			if err != nil {
				return usageError(c, err)
			}
			ctx := c.Context()
			client, err := aws.s3For(ctx, bucket)
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			clients, err := aws.get(ctx)
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			out := bufio.NewWriter(c.OutOrStdout())
			r := s3repo.NewReader(client, clients.KMS, bucket, prefix, s3repo.ReaderOptions{KMSKeyID: keyID})
			err = r.Lines(ctx, func(_ string, line []byte) error {
				out.Write(line)
				return out.WriteByte('\n')
			})
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return exitCodeError{code: exitError, err: err}
			}
			return nil
		},
	}
	aws.register(cat.Flags())
	cat.Flags().StringVar(&keyID, "kms-key-id", "", "require this KMS key for decryption (recommended by KMS); default: the key named in each object")
	c.AddCommand(cat)
	return c
}
