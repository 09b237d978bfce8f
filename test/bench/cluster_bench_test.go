package bench

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
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
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()),
		fakeaws.WithTiming(core.Timing{NATGateway: time.Millisecond, CloudMapOp: time.Millisecond}))
	hs := httptest.NewServer(srv)
	defer hs.Close()
	cfg := fakeawstest.Config(hs.URL)
	awsconfig.Instrument(&cfg, nil, nil)
	reg, err := adapters.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	engine := reconcile.New(reg.Kinds(),
		reconcile.WithClassifier(reg.Classifier().Classify), reconcile.WithPollInterval(5*time.Millisecond))
	res, err := engine.Apply(b.Context(), env.Identity(), resources, reconcile.ApplyOptions{Targets: clusterTargets})
	if err != nil || !res.Converged() {
		b.Fatalf("converge before measuring: err=%v, result err=%v", err, res.Err())
	}
	if latency > 0 {
		srv.InjectFault(fakeaws.Fault{Kind: fakeaws.FaultLatency, Latency: latency})
	}
	srv.ResetCalls()
	b.ResetTimer()
	for b.Loop() {
		plan, err := engine.Plan(b.Context(), env.Identity(), resources, clusterTargets)
		if err != nil {
			b.Fatal(err)
		}
		if !plan.Report.InSync() {
			b.Fatalf("a no-op pass found changes: %+v", plan.Report.Outstanding())
		}
	}
	b.StopTimer()
	calls, byOp := 0, []string{}
	for op, n := range srv.Calls() {
		calls += n
		if n > 0 {
			byOp = append(byOp, fmt.Sprintf("%s=%.0f", op, float64(n)/float64(b.N)))
		}
	}
	slices.Sort(byOp)
	b.Logf("calls per pass: %s", strings.Join(byOp, " "))
	b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
}
