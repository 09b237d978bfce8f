package bench

import (
	"fmt"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
)

// BenchmarkColdDiff measures what `diff` in CI costs: a new process (new
// adapters, empty caches, AWS-shaped limiter) making one Plan over a
// converged environment, for the shipped file and for 40 more services,
// with no added latency and with 50 ms added to every call. It reports
// the calls by operation and, at 50 ms, the round trips deep (wall time
// ÷ 50 ms).
func BenchmarkColdDiff(b *testing.B) {
	for _, services := range []int{0, 40} {
		for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
			b.Run(fmt.Sprintf("services=+%d/latency=%s", services, latency), func(b *testing.B) {
				benchColdDiffCalls(b, services, latency)
			})
		}
	}
}

func benchColdDiffCalls(b *testing.B, services int, latency time.Duration) {
	env := withServices(b, services)
	srv, cfg := convergedWhole(b, env)
	if latency > 0 {
		srv.InjectFault(fakeaws.Fault{Kind: fakeaws.FaultLatency, Latency: latency})
	}
	srv.ResetCalls()
	var wall time.Duration
	for b.Loop() {
		engine := newEngine(b, limited(cfg, awsconfig.NewAWSShaped()))
		start := time.Now()
		noOpPlan(b, engine, env.Identity(), env.Resources(), nil)
		wall += time.Since(start)
	}
	b.Logf("cold diff: %s", callsByOp(srv.Calls(), b.N))
	b.ReportMetric(float64(total(srv.Calls()))/float64(b.N), "calls/op")
	if latency > 0 {
		b.ReportMetric(float64(wall)/float64(b.N)/float64(latency), "round-trips/op")
	}
}
