package findings_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/findings/sinktest"
)

func TestJSONLinesConformance(t *testing.T) {
	sinktest.Run(t, func(t *testing.T) (findings.Sink, func() ([]*findings.Record, error)) {
		var buf bytes.Buffer
		return findings.NewJSONLines(&buf), func() ([]*findings.Record, error) {
			var out []*findings.Record
			dec := json.NewDecoder(&buf)
			for dec.More() {
				r := new(findings.Record)
				if err := dec.Decode(r); err != nil {
					return nil, err
				}
				out = append(out, r)
			}
			return out, nil
		}
	})
}
