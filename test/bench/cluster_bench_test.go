package bench

import (
	"fmt"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// clusterTargets are the cluster tier and its one discovery service; the
// engine adds the network they depend on.
var clusterTargets = []string{"cluster", "service.temporal.discovery"}

// BenchmarkNoOpClusterPass measures Plan over the cluster tier once it
// has converged: the calls per kind and the time per pass. It logs the
// calls of one pass by operation.
func BenchmarkNoOpClusterPass(b *testing.B) {
	for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%s", latency), func(b *testing.B) { benchClusterPass(b, latency) })
	}
}

func benchClusterPass(b *testing.B, latency time.Duration) {
	env, _ := environment(b, 0)
	resources := env.Resources()
	srv, cfg := fakeOnWallClock(b, core.Timing{NATGateway: time.Millisecond, CloudMapOp: time.Millisecond})
	engine := newEngine(b, cfg)
	res, err := engine.Apply(b.Context(), env.Identity(), resources, reconcile.ApplyOptions{Targets: clusterTargets})
	if err != nil || !res.Converged() {
		b.Fatalf("converge before measuring: err=%v, result err=%v", err, res.Err())
	}
	measureNoOpPasses(b, srv, engine, env.Identity(), resources, clusterTargets, latency)
}
