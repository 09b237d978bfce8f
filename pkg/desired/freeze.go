package desired

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// FreezeWindow is a recurring span of time in which the daemon's passes
// only observe.
type FreezeWindow struct {
	// When the window opens: a 5-field cron expression (minute hour
	// day-of-month month day-of-week), e.g. "0 18 * * FRI" for Fridays at
	// 18:00, read in time_zone.
	Start string `yaml:"start" json:"start"`
	// How long it stays open, a Go duration such as "62h" or "30m".
	Duration string `yaml:"duration" json:"duration"`
	// IANA time zone of start, e.g. "Europe/Paris". Default "UTC".
	TimeZone string `yaml:"time_zone,omitempty" json:"time_zone,omitempty"`
}

// minOverrideToken keeps the break-glass text from matching a commit
// message by accident.
const minOverrideToken = 8

// freezeSpec is a window ready to be asked about.
type freezeSpec struct {
	schedule cron.Schedule
	length   time.Duration
	zone     *time.Location
}

// parseFreezeWindow reads one window; each error is for the field it
// names.
func parseFreezeWindow(w FreezeWindow) (spec freezeSpec, field string, err error) {
	// A CRON_TZ= or TZ= prefix would compete with time_zone.
	if strings.Contains(w.Start, "TZ=") || strings.HasPrefix(strings.TrimSpace(w.Start), "@") {
		return spec, "start", fmt.Errorf("start %q: write 5 cron fields (minute hour day-of-month month day-of-week) and the zone in time_zone", w.Start)
	}
	if spec.schedule, err = cron.ParseStandard(w.Start); err != nil {
		return spec, "start", fmt.Errorf("start %q is not a 5-field cron expression (minute hour day-of-month month day-of-week): %w", w.Start, err)
	}
	if spec.length, err = time.ParseDuration(w.Duration); err != nil || spec.length <= 0 {
		return spec, "duration", fmt.Errorf("duration %q: use a positive Go duration such as 2h or 62h", w.Duration)
	}
	zone := w.TimeZone
	if zone == "" {
		zone = "UTC"
	}
	if spec.zone, err = time.LoadLocation(zone); err != nil {
		return spec, "time_zone", fmt.Errorf("time_zone %q is not an IANA time zone such as Europe/Paris or UTC", w.TimeZone)
	}
	return spec, "", nil
}

// openAt says whether the window is open at now, and until when: it is
// open when it started at most its length ago.
func (s freezeSpec) openAt(now time.Time) (bool, time.Time) {
	// Next is strictly after its argument: the start at now-length
	// exactly has closed by now.
	start := s.schedule.Next(now.In(s.zone).Add(-s.length))
	if start.IsZero() || start.After(now) {
		return false, time.Time{}
	}
	return true, start.Add(s.length)
}

func (v *validator) freeze() {
	r := v.env.Reconciler
	if r == nil {
		return
	}
	for i, w := range r.FreezeWindows {
		path := fmt.Sprintf("%sfreeze_windows[%d]", rp, i)
		if _, field, err := parseFreezeWindow(w); err != nil {
			v.errorf(path+"."+field, "%v", err)
		}
	}
	if t := r.OverrideToken; t != "" && len(strings.TrimSpace(t)) < minOverrideToken {
		v.errorf(rp+"override_token", "override_token must be at least %d characters (not counting spaces at its ends), so that no commit message carries it by accident", minOverrideToken)
	}
}

// Restraint says whether a pass of the daemon may act, from the file's
// reconciler section, the time and the commit message of the revision.
type Restraint struct {
	// Suspended: reconciler.suspend is true.
	Suspended bool
	// Frozen: a freeze window is open (Window names it, Until is when
	// it closes).
	Frozen bool
	Window string
	Until  time.Time
	// Overridden: the window is open but the commit carries the
	// override token, so the pass may act (break-glass).
	Overridden bool
}

// ObserveOnly says whether passes must not change AWS.
func (r Restraint) ObserveOnly() bool { return r.Suspended || r.Frozen && !r.Overridden }

// Reason is "suspended", "frozen" or "" (acting allowed), for statuses
// and metrics.
func (r Restraint) Reason() string {
	switch {
	case r.Suspended:
		return "suspended"
	case r.Frozen && !r.Overridden:
		return "frozen"
	}
	return ""
}

// String says why passes only observe, or that a freeze was overridden,
// for people ("" when nothing restrains them).
func (r Restraint) String() string {
	switch {
	case r.Suspended:
		return "suspended by the file (reconciler.suspend: true): observing only, repairing nothing"
	case r.Frozen && r.Overridden:
		return fmt.Sprintf("freeze window %s open until %s, overridden by the commit's override token", r.Window, r.Until.UTC().Format(time.RFC3339))
	case r.Frozen:
		return fmt.Sprintf("freeze window %s open until %s: observing only, repairing nothing", r.Window, r.Until.UTC().Format(time.RFC3339))
	}
	return ""
}

// Suspended says whether the file says reconciler.suspend: true: nothing
// may change AWS, not even apply.
func (e *Environment) Suspended() bool { return e.Reconciler != nil && e.Reconciler.Suspend }

// Restraint is what restrains the daemon's passes at now, for a revision
// whose commit message is message ("" when the source has none).
func (e *Environment) Restraint(now time.Time, message string) Restraint {
	r := e.Reconciler
	if r == nil {
		return Restraint{}
	}
	out := Restraint{Suspended: r.Suspend}
	for _, w := range r.FreezeWindows {
		spec, _, err := parseFreezeWindow(w)
		if err != nil {
			continue // validation refused the file already
		}
		if open, until := spec.openAt(now); open && until.After(out.Until) {
			out.Frozen, out.Until = true, until
			out.Window = fmt.Sprintf("%q (%s, %s)", w.Start, w.Duration, spec.zone)
		}
	}
	if out.Frozen && r.OverrideToken != "" && strings.Contains(message, strings.TrimSpace(r.OverrideToken)) {
		out.Overridden = true
	}
	return out
}
