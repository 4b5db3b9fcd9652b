// Package sinktest is the conformance suite every findings.Sink passes: the
// JSON Lines sink here, and the S3 results repository sink. It checks the
// contract documented on findings.Sink with a real sink, not a fake.
package sinktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/piiscan/piiscan/findings"
)

// Opener returns a new, empty sink and a function that reads back, after
// the sink is closed, every record it wrote, in order.
type Opener func(t *testing.T) (s findings.Sink, readBack func() ([]*findings.Record, error))

// Run runs the conformance suite against sinks from open.
func Run(t *testing.T, open Opener) {
	t.Run("WritesEveryRecordInOrder", func(t *testing.T) {
		s, readBack := open(t)
		recs := Records(25)
		for _, r := range recs {
			if err := s.Write(context.Background(), r); err != nil {
				t.Fatalf("Write: %v", err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		got, err := readBack()
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if len(got) != len(recs) {
			t.Fatalf("read back %d records, want %d", len(got), len(recs))
		}
		for i := range recs {
			if err := same(got[i], recs[i]); err != nil {
				t.Errorf("record %d: %v", i, err)
			}
		}
	})

	t.Run("EmptyClose", func(t *testing.T) {
		s, readBack := open(t)
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		got, err := readBack()
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if len(got) != 0 {
			t.Errorf("read back %d records from an empty sink", len(got))
		}
	})

	t.Run("ClosedRefusesWrites", func(t *testing.T) {
		s, _ := open(t)
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := s.Write(context.Background(), Records(1)[0]); !errors.Is(err, findings.ErrClosed) {
			t.Errorf("Write after Close = %v, want ErrClosed", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close = %v, want nil", err)
		}
	})

	t.Run("HonoursContext", func(t *testing.T) {
		s, readBack := open(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.Write(ctx, Records(1)[0]); !errors.Is(err, context.Canceled) {
			t.Errorf("Write with a done context = %v, want context.Canceled", err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		got, err := readBack()
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if len(got) != 0 {
			t.Errorf("a refused record was written")
		}
	})
}

// Records returns n distinct records of every shape the suite needs: text,
// table and JSON occurrences, custom identifiers, a skipped object and an
// archive member.
func Records(n int) []*findings.Record {
	a := findings.NewAggregator(findings.DefaultMaxOccurrences)
	a.Now = func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
	id := 0
	a.NewID = func() string {
		id++
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", id)
	}
	sev := func(string, bool, int64) string { return "Medium" }
	job := findings.JobInfo{JobID: "conformance", AccountID: "111122223333", Region: "us-east-1"}
	member := &findings.EmbeddedFileDetails{FilePath: "in/archive.csv", FileExtension: "csv", FileSize: 10}
	var out []*findings.Record
	for i := 0; len(out) < n; i++ {
		a.Reset()
		obj := findings.ObjectInfo{Bucket: "conformance", Key: fmt.Sprintf("objects/%04d.dat", i), Size: int64(i)}
		status := findings.Status{Code: findings.StatusComplete}
		switch i % 5 {
		case 0:
			a.Add("EMAIL_ADDRESS", findings.CategoryPersonal, false, findings.LineOccurrence(int64(i+1), int64(i+1), 3))
		case 1:
			a.Add("CREDIT_CARD_NUMBER", findings.CategoryFinancial, false, findings.CellOccurrence(int64(i+2), 4, "card"))
			a.Add("EMPLOYEE_ID", "", true, findings.CellOccurrence(int64(i+2), 1, "id"))
		case 2:
			a.Add("USA_SOCIAL_SECURITY_NUMBER", findings.CategoryPersonal, false, findings.RecordOccurrence(int64(i), "$.ssn"))
		case 3:
			status = findings.Status{Code: findings.StatusSkipped, Reason: findings.ReasonUnsupportedFileTypeException}
		case 4:
			a.Add("AWS_CREDENTIALS", findings.CategoryCredentials, false, findings.LineOccurrence(1, 1, 1).In(member))
		}
		out = append(out, a.Build(obj, status, int64(i), "", job, sev))
		out = append(out, a.BuildEmbedded(obj, job, sev)...)
	}
	return out[:n]
}

// same compares what a sink stores of a record: its JSON.
func same(got, want *findings.Record) error {
	g, err := json.Marshal(got)
	if err != nil {
		return err
	}
	w, err := json.Marshal(want)
	if err != nil {
		return err
	}
	if !bytes.Equal(g, w) {
		return fmt.Errorf("stored record differs:\n got  %s\n want %s", g, w)
	}
	return nil
}
