package jobs

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestStateBegin(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	f := false
	oneTime := &Job{Name: "j", JobType: JobTypeOneTime, S3JobDefinition: &S3JobDefinition{}}
	scheduled := &Job{Name: "j", JobType: JobTypeScheduled, S3JobDefinition: &S3JobDefinition{}}
	noInitial := &Job{Name: "j", JobType: JobTypeScheduled, InitialRun: &f, S3JobDefinition: &S3JobDefinition{}}
	ids := 0
	newID := func() string { ids++; return string(rune('a' + ids - 1)) }
	last := &Run{ID: "prev", StartedAt: t0.Add(-24 * time.Hour), CompletedAt: t0.Add(-23 * time.Hour)}
	for _, tt := range []struct {
		name      string
		job       *Job
		st        State
		want      Start
		wantSince time.Time
	}{
		{"first run", oneTime, State{}, StartNew, time.Time{}},
		{"resume", oneTime, State{Current: &Run{ID: "cur", Since: t0.Add(-time.Hour)}}, StartResumed, t0.Add(-time.Hour)},
		{"one-time done", oneTime, State{Last: last, CompletedRuns: 1}, StartDone, time.Time{}},
		{"scheduled first", scheduled, State{}, StartNew, time.Time{}},
		{"scheduled incremental", scheduled, State{Last: last, CompletedRuns: 1}, StartNew, last.StartedAt.Add(-time.Minute)},
		{"no initial run", noInitial, State{}, StartBaseline, time.Time{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			got, err := st.Begin(tt.job, t0, time.Minute, newID)
			if err != nil || got != tt.want {
				t.Fatalf("Begin = %v, %v; want %v", got, err, tt.want)
			}
			switch got {
			case StartNew, StartResumed:
				if st.Current == nil || !st.Current.Since.Equal(tt.wantSince) {
					t.Errorf("current run %+v, want since %v", st.Current, tt.wantSince)
				}
			case StartBaseline:
				if st.Current != nil || st.Last == nil || st.CompletedRuns != 1 {
					t.Errorf("baseline state %+v", st)
				}
			}
			if st.Definition != tt.job.DefinitionHash() {
				t.Error("definition hash not recorded")
			}
		})
	}
	st := State{Definition: "other"}
	if _, err := st.Begin(oneTime, t0, 0, newID); !errors.Is(err, ErrDefinitionChanged) {
		t.Errorf("changed definition: %v", err)
	}
	st = State{}
	st.Begin(scheduled, t0, 0, newID)
	st.Complete(t0.Add(time.Hour))
	if st.Current != nil || st.Last == nil || !st.Last.CompletedAt.Equal(t0.Add(time.Hour)) || st.CompletedRuns != 1 {
		t.Errorf("Complete: %+v", st)
	}
}

func TestStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	repo, err := NewLocalRepository(t.TempDir(), "job1")
	if err != nil {
		t.Fatal(err)
	}
	job := &Job{Name: "j", JobType: JobTypeScheduled, Piiscan: &Settings{JobID: "job1"}, S3JobDefinition: &S3JobDefinition{}}
	sh := Shard{Index: 1, Count: 3}
	st, err := LoadState(ctx, repo, job, sh)
	if err != nil || st.Current != nil || st.Shard != "1/3" || st.JobID != "job1" {
		t.Fatalf("fresh state %+v, %v", st, err)
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	st.Begin(job, t0, 0, func() string { return "run1" })
	st.Complete(t0.Add(time.Minute))
	st.Begin(job, t0.Add(time.Hour), time.Second, func() string { return "run2" })
	if err := SaveState(ctx, repo, st); err != nil {
		t.Fatal(err)
	}
	back, err := LoadState(ctx, repo, job, sh)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, st) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, st)
	}
	if _, err := LoadState(ctx, repo, &Job{Piiscan: &Settings{JobID: "job2"}}, sh); err == nil {
		t.Error("another job's state was accepted")
	}
	if other, err := LoadState(ctx, repo, job, Shard{Index: 0, Count: 3}); err != nil || other.Current != nil {
		t.Errorf("another shard's state: %+v, %v", other, err)
	}
}
