package bench

import (
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// liveEngine is the command line's engine, with its default 5 s poll,
// over a fake whose clock is the wall clock and whose NAT gateway takes
// AWS-like seconds (the fake's standalone timings: 3 s).
func liveEngine(b *testing.B) (*fakeaws.Server, *reconcile.Engine) {
	srv, cfg := fakeOnWallClock(b, core.DefaultTiming())
	return srv, newEngine(b, cfg, reconcile.WithPollInterval(5*time.Second))
}

// BenchmarkApplyNetworkFromEmpty: how long apply takes from nothing to a
// converged network tier, where the slowest AWS transition (the NAT
// gateway) takes 3 s.
func BenchmarkApplyNetworkFromEmpty(b *testing.B) {
	env, resources := environment(b, 0)
	for b.Loop() {
		b.StopTimer()
		_, engine := liveEngine(b)
		b.StartTimer()
		res, err := engine.Apply(b.Context(), env.Identity(), resources, reconcile.ApplyOptions{Targets: networkTarget})
		if err != nil || !res.Converged() {
			b.Fatalf("err=%v, result err=%v", err, res.Err())
		}
	}
}

// BenchmarkNoOpDaemonPass: a daemon pass (Apply) over a converged network
// tier, whose AWS calls should equal diff's (Plan's).
func BenchmarkNoOpDaemonPass(b *testing.B) {
	env, resources := environment(b, 0)
	srv, engine := liveEngine(b)
	if res, err := engine.Apply(b.Context(), env.Identity(), resources, reconcile.ApplyOptions{Targets: networkTarget}); err != nil || !res.Converged() {
		b.Fatalf("converge before measuring: err=%v", err)
	}
	srv.ResetCalls()
	for b.Loop() {
		res, err := engine.Apply(b.Context(), env.Identity(), resources, reconcile.ApplyOptions{Targets: networkTarget})
		if err != nil || !res.Converged() {
			b.Fatalf("err=%v", err)
		}
	}
	calls := 0
	for _, n := range srv.Calls() {
		calls += n
	}
	b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
}
