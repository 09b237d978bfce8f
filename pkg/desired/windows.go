package desired

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

const minutesPerWeek = 7 * 24 * 60

var (
	backupWindowRE = regexp.MustCompile(`^(\d\d):(\d\d)-(\d\d):(\d\d)$`)
	maintWindowRE  = regexp.MustCompile(`^([A-Za-z]{3}):(\d\d):(\d\d)-([A-Za-z]{3}):(\d\d):(\d\d)$`)
	weekdays       = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// span is a window in minutes: start, and length (it may wrap midnight or
// the end of the week).
type span struct{ start, length, period int }

func clock(h, m string) (int, error) {
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 23 || mm > 59 {
		return 0, fmt.Errorf("%s:%s is not a time of day", h, m)
	}
	return hh*60 + mm, nil
}

// parseBackupWindow reads RDS's daily "hh:mm-hh:mm" (UTC).
func parseBackupWindow(s string) (span, error) {
	m := backupWindowRE.FindStringSubmatch(s)
	if m == nil {
		return span{}, fmt.Errorf("backup window %q: use hh:mm-hh:mm (UTC)", s)
	}
	from, err1 := clock(m[1], m[2])
	to, err2 := clock(m[3], m[4])
	if err1 != nil || err2 != nil {
		return span{}, fmt.Errorf("backup window %q: hours 00–23, minutes 00–59", s)
	}
	return window(s, from, to, 24*60)
}

// parseMaintenanceWindow reads RDS's weekly "ddd:hh:mm-ddd:hh:mm" (UTC).
func parseMaintenanceWindow(s string) (span, error) {
	m := maintWindowRE.FindStringSubmatch(s)
	if m == nil {
		return span{}, fmt.Errorf("maintenance window %q: use ddd:hh:mm-ddd:hh:mm (UTC), e.g. Mon:04:00-Mon:05:00", s)
	}
	d1, d2 := weekday(m[1]), weekday(m[4])
	from, err1 := clock(m[2], m[3])
	to, err2 := clock(m[5], m[6])
	if d1 < 0 || d2 < 0 || err1 != nil || err2 != nil {
		return span{}, fmt.Errorf("maintenance window %q: days mon–sun, hours 00–23, minutes 00–59", s)
	}
	return window(s, d1*1440+from, d2*1440+to, minutesPerWeek)
}

func window(s string, from, to, period int) (span, error) {
	length := (to - from + period) % period
	if length < 30 {
		return span{}, fmt.Errorf("window %q is shorter than the 30 minutes RDS requires", s)
	}
	return span{from, length, period}, nil
}

func weekday(s string) int {
	for i, d := range weekdays {
		if strings.EqualFold(s, d) {
			return i
		}
	}
	return -1
}

// overlapsDaily reports whether the weekly window w meets the daily window
// d on any day of the week.
func overlapsDaily(w, d span) bool {
	for day := range 7 {
		start := day*1440 + d.start
		if overlap(w.start, w.length, start, d.length, minutesPerWeek) {
			return true
		}
	}
	return false
}

func overlap(a, alen, b, blen, period int) bool {
	// Distance from a to b going forward, and from b to a.
	ab := (b - a + period) % period
	ba := (a - b + period) % period
	return ab < alen || ba < blen
}
