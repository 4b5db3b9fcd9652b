package s3repo

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/sinktest"
	"github.com/piiscan/piiscan/testservers/kmsserver"
)

// TestSinkConformance runs the suite every findings.Sink passes, with
// client-side encryption so that reading back goes through KMS Decrypt.
func TestSinkConformance(t *testing.T) {
	sinktest.Run(t, func(t *testing.T) (findings.Sink, func() ([]*findings.Record, error)) {
		mem := newMemS3()
		kc, keyID := newKMS(t, kmsserver.Options{})
		cfg := baseConfig(keyID)
		cfg.Encryption = EncryptionClient
		cfg.MaxRecords = 7 // several objects, so order across objects counts
		w, err := NewWriter(context.Background(), mem, kc, cfg)
		if err != nil {
			t.Fatal(err)
		}
		readBack := func() ([]*findings.Record, error) {
			var out []*findings.Record
			err := NewReader(mem, kc, cfg.Bucket, JobDir(cfg.Prefix, cfg.AccountID, cfg.Region, cfg.JobID), ReaderOptions{}).
				Lines(context.Background(), func(_ string, line []byte) error {
					var r findings.Record
					if err := json.Unmarshal(line, &r); err != nil {
						return err
					}
					out = append(out, &r)
					return nil
				})
			return out, err
		}
		return NewSink(w), readBack
	})
}
