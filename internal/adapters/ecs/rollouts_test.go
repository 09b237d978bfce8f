package ecs

import (
	"maps"
	"strconv"
	"testing"
	"time"
)

// A process counts the rollouts that start while it runs: one it finds
// already ended (a restart of the daemon) is no rollout of its own, yet the
// service's counts exist at 0 from that first observation.
func TestRolloutsCountOnlyWhatStartedInThisProcess(t *testing.T) {
	start := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	r := newRollouts(start)
	mark := func(at time.Time) map[string]string {
		return map[string]string{tagRollout: "h1", tagRolloutAt: strconv.FormatInt(at.Unix(), 10)}
	}

	r.observe("api", rolloutState{}, true, mark(start.Add(-time.Hour)))
	want := map[RolloutKey]int{{"api", "succeeded"}: 0, {"api", "failed"}: 0}
	if got := r.Totals(); !maps.Equal(got, want) {
		t.Fatalf("after a rollout that ended before the process: %v, want %v", got, want)
	}

	ours := mark(start.Add(time.Minute))
	r.observe("api", rolloutState{}, false, ours) // still rolling out
	r.observe("api", rolloutState{}, true, ours)
	r.observe("api", rolloutState{}, true, ours) // seen again by the next pass
	want[RolloutKey{"api", "succeeded"}] = 1
	if got := r.Totals(); !maps.Equal(got, want) {
		t.Fatalf("after one rollout of this process: %v, want %v", got, want)
	}
}
