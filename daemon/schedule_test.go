package daemon

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/piiscan/piiscan/scanner"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestScheduleNext(t *testing.T) {
	daily := &struct{}{}
	tests := []struct {
		name string
		freq ScheduleFrequency
		from string
		want []string // successive runs
	}{
		{"daily at midnight", ScheduleFrequency{DailySchedule: daily}, "2026-11-22 12:00", []string{"2026-11-23 00:00", "2026-11-24 00:00"}},
		{"daily exactly at the time is the next day", ScheduleFrequency{DailySchedule: daily}, "2026-11-22 00:00", []string{"2026-11-23 00:00"}},
		{"daily at 02:30", ScheduleFrequency{DailySchedule: daily, TimeOfDay: "02:30"}, "2026-11-22 01:00", []string{"2026-11-22 02:30", "2026-11-23 02:30"}},
		{"weekly monday", ScheduleFrequency{WeeklySchedule: &WeeklySchedule{DayOfWeek: "MONDAY"}}, "2026-11-22 12:00", []string{"2026-11-23 00:00", "2026-11-30 00:00"}},
		{"weekly on the day, later", ScheduleFrequency{WeeklySchedule: &WeeklySchedule{DayOfWeek: "SUNDAY"}, TimeOfDay: "23:00"}, "2026-11-22 12:00", []string{"2026-11-22 23:00", "2026-11-29 23:00"}},
		{"weekly lower case", ScheduleFrequency{WeeklySchedule: &WeeklySchedule{DayOfWeek: "friday"}}, "2026-11-22 12:00", []string{"2026-11-27 00:00"}},
		{"monthly 15th", ScheduleFrequency{MonthlySchedule: &MonthlySchedule{DayOfMonth: 15}}, "2026-11-22 12:00", []string{"2026-12-15 00:00", "2027-01-15 00:00"}},
		{"monthly 31st falls on last days", ScheduleFrequency{MonthlySchedule: &MonthlySchedule{DayOfMonth: 31}}, "2027-01-31 12:00", []string{"2027-02-28 00:00", "2027-03-31 00:00", "2027-04-30 00:00"}},
		{"monthly 29th in a leap year", ScheduleFrequency{MonthlySchedule: &MonthlySchedule{DayOfMonth: 29}}, "2028-01-30 00:00", []string{"2028-02-29 00:00", "2028-03-29 00:00"}},
		{"monthly 1st across a year", ScheduleFrequency{MonthlySchedule: &MonthlySchedule{DayOfMonth: 1}, TimeOfDay: "06:00"}, "2026-12-01 06:00", []string{"2027-01-01 06:00"}},
		{"cron weekdays at 03:15", ScheduleFrequency{Cron: "15 3 * * 1-5"}, "2026-11-20 04:00", []string{"2026-11-23 03:15", "2026-11-24 03:15"}},
		{"cron descriptor", ScheduleFrequency{Cron: "@daily"}, "2026-11-22 12:00", []string{"2026-11-23 00:00"}},
		{"cron every", ScheduleFrequency{Cron: "@every 90m"}, "2026-11-22 12:00", []string{"2026-11-22 13:30", "2026-11-22 15:00"}},
		{"cron with a zone", ScheduleFrequency{Cron: "CRON_TZ=Europe/Paris 0 9 * * *"}, "2026-11-22 00:00", []string{"2026-11-22 08:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.freq.Compile()
			if err != nil {
				t.Fatal(err)
			}
			at := utc(tt.from)
			for _, w := range tt.want {
				at = s.Next(at)
				if !at.Equal(utc(w)) {
					t.Fatalf("next = %s, want %s", at.UTC().Format("2006-01-02 15:04 Mon"), w)
				}
			}
		})
	}
}

func TestScheduleCompileProblems(t *testing.T) {
	tests := []struct {
		freq ScheduleFrequency
		want string
	}{
		{ScheduleFrequency{}, "exactly one"},
		{ScheduleFrequency{DailySchedule: &struct{}{}, Cron: "@daily"}, "exactly one"},
		{ScheduleFrequency{WeeklySchedule: &WeeklySchedule{DayOfWeek: "MON"}}, "dayOfWeek"},
		{ScheduleFrequency{MonthlySchedule: &MonthlySchedule{DayOfMonth: 0}}, "dayOfMonth 0"},
		{ScheduleFrequency{MonthlySchedule: &MonthlySchedule{DayOfMonth: 32}}, "dayOfMonth 32"},
		{ScheduleFrequency{DailySchedule: &struct{}{}, TimeOfDay: "25:00"}, "timeOfDay"},
		{ScheduleFrequency{Cron: "@daily", TimeOfDay: "01:00"}, "does not apply to cron"},
		{ScheduleFrequency{Cron: "61 * * * *"}, "cron"},
		{ScheduleFrequency{Cron: "0 0 30 2 *"}, "never fires"},
		{ScheduleFrequency{Cron: "* * * * * *"}, "cron"},     // seconds are not a crontab field
		{ScheduleFrequency{Cron: "TZ="}, "time zone prefix"}, // robfig/cron panics on this one
		{ScheduleFrequency{Cron: "CRON_TZ=Nowhere/Atlantis 0 0 * * *"}, "cron"},
	}
	for _, tt := range tests {
		if _, err := tt.freq.Compile(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want %q", tt.freq, err, tt.want)
		}
	}
}

func FuzzScheduleCron(f *testing.F) {
	for _, s := range []string{"0 3 * * *", "@weekly", "*/5 * * * 1-5", "CRON_TZ=UTC 0 0 1 * *", "", "0 0 31 2 *", "@every 1s"} {
		f.Add(s)
	}
	from := utc("2026-11-22 12:00")
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := ScheduleFrequency{Cron: expr}.Compile()
		if err != nil {
			return
		}
		if next := s.Next(from); !next.After(from) {
			t.Fatalf("%q: next %s is not after %s", expr, next, from)
		}
	})
}

// fakeClock advances only when the scheduler sleeps.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return nil
}

func TestSchedulerRunsJobsAndRecordsMetrics(t *testing.T) {
	clock := &fakeClock{now: utc("2026-11-22 12:00")}
	sched, _ := ScheduleFrequency{DailySchedule: &struct{}{}, TimeOfDay: "03:00"}.Compile()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var runs []time.Time
	runner := JobRunnerFunc(func(ctx context.Context, job Job, p scanner.Progress) error {
		runs = append(runs, clock.Now())
		p.Read(100)
		switch len(runs) {
		case 2:
			return errors.New("bucket gone")
		case 3:
			cancel()
			return ctx.Err()
		}
		return nil
	})
	m := NewMetrics("test")
	m.InitJob("nightly")
	s := &Scheduler{Jobs: []Job{{Name: "nightly", Schedule: sched}}, Runner: runner, Metrics: m, Now: clock.Now, Sleep: clock.Sleep}
	s.Run(ctx)
	want := []time.Time{utc("2026-11-23 03:00"), utc("2026-11-24 03:00"), utc("2026-11-25 03:00")}
	if len(runs) != len(want) {
		t.Fatalf("runs %v, want %v", runs, want)
	}
	for i := range want {
		if !runs[i].Equal(want[i]) {
			t.Errorf("run %d at %s, want %s", i, runs[i], want[i])
		}
	}
	for outcome, n := range map[string]float64{"success": 1, "failure": 1, "cancelled": 1} {
		if got := testutil.ToFloat64(m.jobRuns.WithLabelValues("nightly", outcome)); got != n {
			t.Errorf("runs{outcome=%s} = %v, want %v", outcome, got, n)
		}
	}
	if got := testutil.ToFloat64(m.jobLastSuccess.WithLabelValues("nightly")); got != float64(want[0].Unix()) {
		t.Errorf("last success %v, want %v", got, want[0].Unix())
	}
	if got := testutil.ToFloat64(m.bytes.WithLabelValues(SourceJob)); got != 300 {
		t.Errorf("job bytes %v, want 300", got)
	}
}

// lastSuccessRunner is a JobRunner that knows the last success.
type lastSuccessRunner struct {
	JobRunnerFunc
	last time.Time
	err  error
}

func (r lastSuccessRunner) LastSuccess(context.Context, Job) (time.Time, error) { return r.last, r.err }

// TestSchedulerRestoresLastSuccess: a restarted daemon reports the last
// success its runner reads from the job's state before any run; a runner
// that cannot read it leaves the gauge absent, and the schedule goes on.
func TestSchedulerRestoresLastSuccess(t *testing.T) {
	sched, _ := ScheduleFrequency{DailySchedule: &struct{}{}, TimeOfDay: "03:00"}.Compile()
	noRun := JobRunnerFunc(func(context.Context, Job, scanner.Progress) error { return nil })
	last := utc("2026-11-21 03:04")
	for name, r := range map[string]struct {
		runner JobRunner
		want   float64
		series int
	}{
		"restored":     {lastSuccessRunner{noRun, last, nil}, float64(last.Unix()), 1},
		"never ran":    {lastSuccessRunner{noRun, time.Time{}, nil}, 0, 0},
		"unreadable":   {lastSuccessRunner{noRun, time.Time{}, errors.New("AccessDenied")}, 0, 0},
		"not a reader": {noRun, 0, 0},
	} {
		m := NewMetrics("test")
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the first sleep returns at once: no run takes place
		s := &Scheduler{Jobs: []Job{{Name: "nightly", Schedule: sched}}, Runner: r.runner, Metrics: m, Now: func() time.Time { return utc("2026-11-22 12:00") }}
		s.Run(ctx)
		if n := testutil.CollectAndCount(m.jobLastSuccess); n != r.series {
			t.Errorf("%s: %d last-success series, want %d", name, n, r.series)
		}
		if r.series > 0 {
			if got := testutil.ToFloat64(m.jobLastSuccess.WithLabelValues("nightly")); got != r.want {
				t.Errorf("%s: last success %v, want %v", name, got, r.want)
			}
		}
	}
}
