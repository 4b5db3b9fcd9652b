package findings_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/sinktest"
)

func TestJSONLinesConformance(t *testing.T) {
	sinktest.Run(t, func(t *testing.T) (findings.Sink, func() ([]*findings.Record, error)) {
		var buf bytes.Buffer
		return findings.NewJSONLines(&buf), decodeJSONLines(&buf)
	})
}

// TestJSONLinesEncodedConformance runs the same suite over Encode and
// WriteEncoded, as scanner.Run calls them.
func TestJSONLinesEncodedConformance(t *testing.T) {
	sinktest.Run(t, func(t *testing.T) (findings.Sink, func() ([]*findings.Record, error)) {
		var buf bytes.Buffer
		s, ok := findings.NewJSONLines(&buf).(findings.EncodingSink)
		if !ok {
			t.Fatal("the JSON Lines sink is not an EncodingSink")
		}
		return &encodedWrites{EncodingSink: s}, decodeJSONLines(&buf)
	})
}

// encodedWrites writes through Encode, into a buffer of its own, and
// WriteEncoded.
type encodedWrites struct {
	findings.EncodingSink
	enc []byte
}

func (s *encodedWrites) Write(ctx context.Context, r *findings.Record) error {
	s.enc = s.Encode(s.enc[:0], r)
	return s.WriteEncoded(ctx, r, s.enc)
}

func decodeJSONLines(buf *bytes.Buffer) func() ([]*findings.Record, error) {
	return func() ([]*findings.Record, error) {
		var out []*findings.Record
		dec := json.NewDecoder(buf)
		for dec.More() {
			r := new(findings.Record)
			if err := dec.Decode(r); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	}
}
