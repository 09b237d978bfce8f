package daemon

import (
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
)

// state is what the endpoints serve: the last complete observation, kept
// through failed passes so that a failure never hides drift, and what the
// latest pass did.
type state struct {
	observed   *pass.Outcome // the last pass that observed the environment
	observedAt time.Time
	// failingSince is the start of the first failed pass since the last
	// observation (zero while observation works).
	failingSince time.Time
	last         passRecord
	source       pass.SourceStatus
	// runningSince is the start of the pass in progress (zero between
	// passes).
	runningSince time.Time
}

// passRecord is the latest pass, for /drift.
type passRecord struct {
	Result     string    `json:"result"`
	Mode       string    `json:"mode"`
	FinishedAt time.Time `json:"finished_at"`
	Error      string    `json:"error,omitempty"`
	// Restraint says why the pass only observed (suspended, a freeze
	// window) or that a freeze was overridden; "" otherwise.
	Restraint string `json:"restraint,omitempty"`
}

func result(out pass.Outcome, err error) string {
	switch {
	case err != nil:
		return "error"
	case !out.Report.InSync():
		return "drift"
	}
	return "success"
}

func (d *Daemon) record(out pass.Outcome, err error, start, end time.Time) {
	res := result(out, err)
	// Metrics first, state second: once /readyz says ready, the metrics
	// of the pass that made it so are already there.
	if m := d.cfg.Metrics; m != nil {
		m.ObservePass(res, end.Sub(start), end)
		m.ObserveSource(out.Source.Valid, out.Revision)
		m.ObserveRestraint(out.Restraint.Suspended, out.Restraint.Frozen && !out.Restraint.Overridden)
		if out.Observed {
			m.ObserveEnvironment(out.Managed, out.Drifted, end)
			m.ObserveDrift(outstanding(out), total(out.InProgress), end)
			m.ObserveResources(out.Resources)
		}
	}
	d.mu.Lock()
	s := &d.state
	s.last = passRecord{Result: res, Mode: out.Mode.String(), FinishedAt: end.UTC(), Restraint: out.Restraint.String()}
	if err != nil {
		s.last.Error = err.Error()
	}
	s.source = out.Source
	switch {
	case out.Observed:
		s.observed, s.observedAt, s.failingSince = &out, end, time.Time{}
	case s.failingSince.IsZero():
		s.failingSince = start
	}
	d.mu.Unlock()
	d.logPass(out, err, res, end.Sub(start))
}

// maxLoggedAddresses bounds the addresses one pass line names: the count
// is always exact, the list is for a person reading the log.
const maxLoggedAddresses = 20

// logPass writes the pass's one line: at error for a failed pass, with a
// short message and the detail in fields; else what the pass repaired
// (an apply) and what is still different.
func (d *Daemon) logPass(out pass.Outcome, err error, res string, took time.Duration) {
	fields := []zap.Field{zap.String("result", res), zap.Stringer("mode", out.Mode), zap.Duration("took", took),
		zap.String("revision", out.Revision), zap.Bool("source_valid", out.Source.Valid)}
	if len(out.Repaired) > 0 || out.Mode == pass.Act {
		fields = append(fields, zap.Int("repaired", len(out.Repaired)))
	}
	if len(out.Repaired) > 0 {
		fields = append(fields, zap.Strings("repaired_addresses", addressStrings(out.Repaired)))
	}
	if out.Observed {
		fields = append(fields, zap.Int("outstanding", len(out.Report.Outstanding())))
	}
	if err != nil {
		d.cfg.Logger.Error("pass failed", append(fields, zap.Error(err))...)
		return
	}
	d.cfg.Logger.Info("pass finished", fields...)
}

func addressStrings(addrs []desired.Address) []string {
	out := make([]string, 0, min(len(addrs), maxLoggedAddresses+1))
	for i, a := range addrs {
		if i == maxLoggedAddresses {
			out = append(out, fmt.Sprintf("… and %d more", len(addrs)-i))
			break
		}
		out = append(out, string(a))
	}
	return out
}

// ready says whether the daemon knows the environment: it has observed it,
// and observation has not kept failing for longer than StaleAfter.
func (d *Daemon) ready() (bool, string) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	s := d.state
	switch {
	case s.observed == nil:
		return false, "no complete observation yet"
	case !s.failingSince.IsZero() && d.cfg.Now().Sub(s.failingSince) > d.cfg.StaleAfter:
		return false, "observation has failed since " + s.failingSince.UTC().Format(time.RFC3339) + ": " + s.last.Error
	case !s.runningSince.IsZero() && d.cfg.Now().Sub(s.runningSince) > d.cfg.StuckAfter:
		return false, "the pass started at " + s.runningSince.UTC().Format(time.RFC3339) + " is stuck: it has run longer than " + d.cfg.StuckAfter.String()
	}
	return true, "ok"
}

// outstanding lists the addresses the observation found different from the
// file, orphans included: they wait for a person.
func outstanding(out pass.Outcome) []string {
	var addrs []string
	for _, c := range out.Report.Outstanding() {
		addrs = append(addrs, string(c.Address))
	}
	return addrs
}

func total(byKind map[string]int) int {
	n := 0
	for _, v := range byKind {
		n += v
	}
	return n
}
