package daemon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// withDrift is an observation that found addrs different from the file and
// rollouts in progress.
func withDrift(rollouts int, addrs ...string) pass.Outcome {
	out := observed("r")
	for _, a := range addrs {
		out.Report.Changes = append(out.Report.Changes, drift.Change{Address: desired.Address(a), Kind: "ec2.vpc", Action: drift.ActionUpdate})
	}
	out.InProgress = map[string]int{"ecs.service": rollouts}
	return out
}

// The oldest drift's age counts from when it was first seen, for as long
// as every observation still sees it; a failed pass changes nothing; a
// repaired difference is forgotten. Rollouts come from the last
// observation.
func TestOldestDriftAgeAndRolloutsFollowTheObservations(t *testing.T) {
	m := metrics.New("t")
	d := newDaemon(t, Config{Metrics: m, Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return pass.Outcome{}, nil }})
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	steps := []struct {
		out     pass.Outcome
		err     error
		end     time.Time
		wantAge time.Duration // at end + 1 minute
	}{
		{withDrift(0, "network.vpc"), nil, at(0), time.Minute},
		{withDrift(2, "network.vpc", "network.subnet.a"), nil, at(5), 6 * time.Minute},
		{pass.Outcome{}, errors.New("throttled"), at(10), 11 * time.Minute},
		{withDrift(0, "network.subnet.a"), nil, at(15), 11 * time.Minute},
		{withDrift(0), nil, at(20), 0},
	}
	for i, s := range steps {
		d.record(s.out, s.err, s.end, s.end)
		if got := m.OldestDriftAge(s.end.Add(time.Minute)); got != s.wantAge {
			t.Errorf("step %d: oldest drift age %s, want %s", i, got, s.wantAge)
		}
	}
	d.record(withDrift(3), nil, at(25), at(25))
	if body := scrape(t, d.Handler(), "/metrics"); !strings.Contains(body, "reconciler_rollouts_in_progress 3") ||
		!strings.Contains(body, "reconciler_oldest_drift_age_seconds 0") {
		t.Errorf("/metrics lacks the rollouts or the age:\n%s", body)
	}
}
