package e2e

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// fullPhase is one apply of the whole environment's life: the first one
// from empty (it stops at the person's steps), the one after them, and a
// release (new api and migrate images: a rollout and a one-off task).
type fullPhase struct {
	name      string
	resources []desired.Resource
	wait      time.Duration // the first apply's short wait for the certificate
	converges bool
	before    func(w *fullEngine) // what happens before the phase: the person's steps
}

func fullPhases(t *testing.T) []fullPhase {
	t.Helper()
	release := fullEnvWithTags(t, map[string]string{"services.api": "v0.5.1", "tasks.migrate": "v0.5.1"})
	return []fullPhase{
		{name: "first", resources: networkResources(t), wait: 300 * time.Millisecond},
		{name: "after-person", resources: networkResources(t), converges: true, before: func(w *fullEngine) { w.actAsPerson() }},
		{name: "release", resources: fullLoad(t, release), converges: true},
	}
}

func fullLoad(t *testing.T, path string) []desired.Resource {
	t.Helper()
	env, diags := desired.Load(path)
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", path, diags)
	}
	return env.Resources()
}

// An apply of the whole environment killed at a random AWS call in each
// phase of its life, then run again, leaves exactly one resource per
// address, registers each new definition once and runs each one-off task
// once per revision. Each repetition has a fresh fake and one crash per
// phase, drawn from a seeded generator (the subtest's name replays it).
func TestWholeEnvironmentCrashedApplyResumesWithoutDuplicates(t *testing.T) {
	phases := fullPhases(t)
	totals := fullPhaseAttempts(t, phases)
	rng := rand.New(rand.NewPCG(*crashSeed, 9))
	for i := range max(*crashRepetitions/3, 2) {
		points := make([]crashPoint, len(phases))
		name := fmt.Sprintf("%02d", i)
		for p := range phases {
			points[p] = crashPoint{1 + rng.IntN(totals[p]), rng.IntN(2) == 0}
			name += fmt.Sprintf("/%s-%d-lost-%v", phases[p].name, points[p].n, points[p].lost)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newFullEngine(t)
			for p, ph := range phases {
				w.crashThenResume(ph, points[p])
			}
			w.auditWhole(phases[len(phases)-1].resources)
		})
	}
}

// crashPoint: the attempt at which the process dies, and whether that
// attempt reached AWS (its answer lost) or not.
type crashPoint struct {
	n    int
	lost bool
}

// crashThenResume runs ph's apply killed at pt, then again to its end.
func (w *fullEngine) crashThenResume(ph fullPhase, pt crashPoint) {
	w.t.Helper()
	if ph.before != nil {
		ph.before(w)
	}
	ctx, cancel := context.WithCancel(w.t.Context())
	defer cancel()
	cfg := testConfig(w.f)
	crashAfter(&cfg, pt.n, pt.lost, cancel)
	if _, err := w.applyWith(ctx, cfg, ph.resources, ph.wait); err != nil && !errors.Is(err, context.Canceled) {
		w.t.Fatalf("%s: crashed apply: %v", ph.name, err)
	}
	w.resume(ph)
}

// resume runs ph's apply to its end: it converges, or for the first
// phase stops at the person's steps.
func (w *fullEngine) resume(ph fullPhase) {
	w.t.Helper()
	res, err := w.applyWith(w.t.Context(), testConfig(w.f), ph.resources, ph.wait)
	if err != nil || res.Converged() != ph.converges {
		w.t.Fatalf("%s: apply after the crash: err %v, converged %v (want %v): %v\n%+v", ph.name, err, res.Converged(), ph.converges, res.Err(), outstanding(res))
	}
}

// fullPhaseAttempts counts the AWS attempts of each phase, uncrashed.
func fullPhaseAttempts(t *testing.T, phases []fullPhase) []int {
	t.Helper()
	w := newFullEngine(t)
	totals := make([]int, len(phases))
	for p, ph := range phases {
		if ph.before != nil {
			ph.before(w)
		}
		cfg := testConfig(w.f)
		calls := crashAfter(&cfg, 1<<30, false, func() {})
		res, err := w.applyWith(t.Context(), cfg, ph.resources, ph.wait)
		if err != nil || res.Converged() != ph.converges {
			t.Fatalf("%s uncrashed: err %v, converged %v: %v", ph.name, err, res.Converged(), res.Err())
		}
		totals[p] = int(calls.Load())
	}
	t.Logf("attempts per phase: %v", totals)
	return totals
}
