package daemon

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule says when a job runs next.
type Schedule interface {
	// Next returns the first run time strictly after t, or the zero time
	// when there is none.
	Next(t time.Time) time.Time
}

// ScheduleFrequency is Macie's scheduleFrequency (exactly one of
// dailySchedule, weeklySchedule, monthlySchedule), or, our extension, a cron
// expression. Macie does not say at what time of day a scheduled job starts;
// TimeOfDay ("HH:MM", UTC, default "00:00") says it here.
type ScheduleFrequency struct {
	DailySchedule   *struct{}        `json:"dailySchedule,omitempty"`
	WeeklySchedule  *WeeklySchedule  `json:"weeklySchedule,omitempty"`
	MonthlySchedule *MonthlySchedule `json:"monthlySchedule,omitempty"`
	// Cron is a standard five-field cron expression ("0 3 * * 1-5"), a
	// descriptor ("@daily", "@every 6h"), optionally prefixed with
	// "CRON_TZ=Europe/Paris "; without a zone it is UTC.
	Cron      string `json:"cron,omitempty"`
	TimeOfDay string `json:"timeOfDay,omitempty"`
}

// WeeklySchedule is Macie's: dayOfWeek is SUNDAY … SATURDAY.
type WeeklySchedule struct {
	DayOfWeek string `json:"dayOfWeek"`
}

// MonthlySchedule is Macie's: dayOfMonth is 1 … 31; in a month without that
// day the job runs on the month's last day, as Macie does.
type MonthlySchedule struct {
	DayOfMonth int `json:"dayOfMonth"`
}

// IsZero reports whether no frequency is set.
func (f ScheduleFrequency) IsZero() bool {
	return f.DailySchedule == nil && f.WeeklySchedule == nil && f.MonthlySchedule == nil && f.Cron == ""
}

var weekdays = map[string]time.Weekday{
	"SUNDAY": time.Sunday, "MONDAY": time.Monday, "TUESDAY": time.Tuesday, "WEDNESDAY": time.Wednesday,
	"THURSDAY": time.Thursday, "FRIDAY": time.Friday, "SATURDAY": time.Saturday,
}

// cronParser reads the standard five fields and descriptors, as crontab(5).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Compile checks the frequency and returns its Schedule; the error lists
// every problem.
func (f ScheduleFrequency) Compile() (Schedule, error) {
	var problems []string
	set := 0
	for _, on := range []bool{f.DailySchedule != nil, f.WeeklySchedule != nil, f.MonthlySchedule != nil, f.Cron != ""} {
		if on {
			set++
		}
	}
	if set != 1 {
		problems = append(problems, fmt.Sprintf("want exactly one of dailySchedule, weeklySchedule, monthlySchedule or cron, got %d", set))
	}
	c := calendar{}
	if f.TimeOfDay != "" {
		if f.Cron != "" {
			problems = append(problems, "timeOfDay does not apply to cron (put the time in the expression)")
		}
		at, err := time.Parse("15:04", f.TimeOfDay)
		if err != nil {
			problems = append(problems, fmt.Sprintf("timeOfDay %q: want HH:MM (UTC)", f.TimeOfDay))
		}
		c.hour, c.minute = at.Hour(), at.Minute()
	}
	var sched Schedule
	switch {
	case f.WeeklySchedule != nil:
		day, ok := weekdays[strings.ToUpper(f.WeeklySchedule.DayOfWeek)]
		if !ok {
			problems = append(problems, fmt.Sprintf("weeklySchedule.dayOfWeek %q: want SUNDAY … SATURDAY", f.WeeklySchedule.DayOfWeek))
		}
		c.weekly, c.weekday = true, day
		sched = c
	case f.MonthlySchedule != nil:
		if d := f.MonthlySchedule.DayOfMonth; d < 1 || d > 31 {
			problems = append(problems, fmt.Sprintf("monthlySchedule.dayOfMonth %d: want 1 … 31", d))
		}
		c.monthDay = f.MonthlySchedule.DayOfMonth
		sched = c
	case f.Cron != "":
		expr := f.Cron
		if !strings.HasPrefix(expr, "CRON_TZ=") && !strings.HasPrefix(expr, "TZ=") {
			expr = "CRON_TZ=UTC " + expr
		}
		s, err := parseCron(expr)
		if err != nil {
			problems = append(problems, fmt.Sprintf("cron %q: %v", f.Cron, err))
		} else if s.Next(time.Now()).IsZero() {
			problems = append(problems, fmt.Sprintf("cron %q never fires", f.Cron))
		}
		sched = s
	default:
		sched = c
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return sched, nil
}

// parseCron parses with robfig/cron, which panics on a zone prefix with no
// expression after it ("TZ="): that is refused first, and any other panic
// in the parser becomes an error rather than reaching the user.
func parseCron(expr string) (s cron.Schedule, err error) {
	if strings.HasPrefix(expr, "CRON_TZ=") || strings.HasPrefix(expr, "TZ=") {
		if !strings.Contains(expr, " ") {
			return nil, errors.New("a time zone prefix must be followed by a space and the expression")
		}
	}
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("unparsable expression (%v)", r)
		}
	}()
	return cronParser.Parse(expr)
}

// calendar is Macie's daily, weekly or monthly schedule at a time of day,
// in UTC.
type calendar struct {
	hour, minute int
	weekly       bool
	weekday      time.Weekday
	monthDay     int // 0: not monthly
}

func (c calendar) Next(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), c.hour, c.minute, 0, 0, time.UTC)
	// 32 days reach every weekday and every month's chosen (or last) day.
	for range 32 {
		if d.After(t) && c.matches(d) {
			return d
		}
		d = d.AddDate(0, 0, 1)
	}
	return time.Time{}
}

func (c calendar) matches(d time.Time) bool {
	switch {
	case c.weekly:
		return d.Weekday() == c.weekday
	case c.monthDay > 0:
		last := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return d.Day() == min(c.monthDay, last)
	default:
		return true
	}
}
