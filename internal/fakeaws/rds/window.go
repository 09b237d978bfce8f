package rds

import (
	"fmt"
	"strings"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Default windows. AWS picks a random window per region when none is
// given; the fake picks fixed ones so that tests can compute them.
const (
	defaultMaintenanceWindow = "sun:05:00-sun:05:30"
	defaultBackupWindow      = "03:00-03:30"
)

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// windowStart parses the start of a PreferredMaintenanceWindow
// (ddd:hh24:mi-ddd:hh24:mi, UTC) as a weekday and an offset into that day.
func windowStart(w string) (time.Weekday, time.Duration, error) {
	start, end, ok := strings.Cut(strings.ToLower(w), "-")
	from, err1 := parseWeekTime(start)
	to, err2 := parseWeekTime(end)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, core.BadRequest("InvalidParameterValue", "Invalid maintenance window format: %s. Must be in the format ddd:hh24:mi-ddd:hh24:mi", w)
	}
	length := to - from
	if length < 0 {
		length += 7 * 24 * time.Hour
	}
	if length < 30*time.Minute {
		return 0, 0, core.BadRequest("InvalidParameterValue", "The maintenance window must be at least 30 minutes.")
	}
	return time.Weekday(from / (24 * time.Hour)), from % (24 * time.Hour), nil
}

// parseWeekTime turns "ddd:hh:mi" into an offset from Sunday 00:00.
func parseWeekTime(s string) (time.Duration, error) {
	var day string
	var h, m int
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, fmt.Errorf("want ddd:hh24:mi")
	}
	day = parts[0]
	wd, ok := weekdays[day]
	if _, err := fmt.Sscanf(parts[1]+":"+parts[2], "%02d:%02d", &h, &m); err != nil || !ok || h > 23 || m > 59 {
		return 0, fmt.Errorf("want ddd:hh24:mi")
	}
	return time.Duration(wd)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// nextWindow is the first start of window w at or after t.
func nextWindow(w string, t time.Time) time.Time {
	wd, offset, err := windowStart(w)
	if err != nil { // windows are validated on the way in
		return t
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	day = day.AddDate(0, 0, (int(wd)-int(day.Weekday())+7)%7)
	start := day.Add(offset)
	if start.Before(t) {
		start = start.AddDate(0, 0, 7)
	}
	return start
}

// validateBackupWindow checks hh24:mi-hh24:mi, at least 30 minutes.
func validateBackupWindow(w string) error {
	var h1, m1, h2, m2 int
	if _, err := fmt.Sscanf(w, "%02d:%02d-%02d:%02d", &h1, &m1, &h2, &m2); err != nil || h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 {
		return core.BadRequest("InvalidParameterValue", "Invalid backup window format: %s. Must be in the format hh24:mi-hh24:mi", w)
	}
	length := (h2*60 + m2) - (h1*60 + m1)
	if length < 0 {
		length += 24 * 60
	}
	if length < 30 {
		return core.BadRequest("InvalidParameterValue", "The backup window must be at least 30 minutes.")
	}
	return nil
}
