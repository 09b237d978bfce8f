package bench

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// fakeOnWallClock is a new fake AWS on the wall clock with the given
// transition times, served over loopback HTTP for the benchmark's
// lifetime, and an instrumented SDK configuration for it.
func fakeOnWallClock(b *testing.B, timing core.Timing) (*fakeaws.Server, aws.Config) {
	b.Helper()
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(timing))
	hs := httptest.NewServer(srv)
	b.Cleanup(hs.Close)
	cfg := fakeawstest.Config(hs.URL)
	awsconfig.Instrument(&cfg, nil, nil)
	return srv, cfg
}

// newEngine is a new process's engine over cfg (new adapters, empty
// caches), with the command line's classifier, polling fast, with opts.
func newEngine(b *testing.B, cfg aws.Config, opts ...reconcile.Option) *reconcile.Engine {
	b.Helper()
	reg, err := adapters.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return reconcile.New(reg.Kinds(), append([]reconcile.Option{reconcile.WithClassifier(reg.Classifier().Classify),
		reconcile.WithPollInterval(5 * time.Millisecond)}, opts...)...)
}

// noOpPlan is one pass that must find nothing to do.
func noOpPlan(b *testing.B, engine *reconcile.Engine, id desired.Identity, resources []desired.Resource, targets []string) {
	plan, err := engine.Plan(b.Context(), id, resources, targets)
	if err != nil {
		b.Fatal(err)
	}
	if !plan.Report.InSync() || len(plan.Report.Unsupported) > 0 {
		b.Fatalf("a no-op pass found changes: %+v, unsupported %+v", plan.Report.Outstanding(), plan.Report.Unsupported)
	}
}

// measureNoOpPasses times b.N no-op passes with latency added to every
// call, and reports the calls a pass makes (calls/op), logging them by
// operation.
func measureNoOpPasses(b *testing.B, srv *fakeaws.Server, engine *reconcile.Engine, id desired.Identity,
	resources []desired.Resource, targets []string, latency time.Duration) {
	if latency > 0 {
		srv.InjectFault(fakeaws.Fault{Kind: fakeaws.FaultLatency, Latency: latency})
	}
	srv.ResetCalls()
	b.ResetTimer()
	for b.Loop() {
		noOpPlan(b, engine, id, resources, targets)
	}
	b.StopTimer()
	calls := srv.Calls()
	total := 0
	for _, n := range calls {
		total += n
	}
	b.Logf("calls per pass: %s", callsByOp(calls, b.N))
	b.ReportMetric(float64(total)/float64(b.N), "calls/op")
}

// callsByOp is "N calls: service:Operation=n …" per pass, sorted.
func callsByOp(calls map[string]int, passes int) string {
	var out []string
	total := 0
	for op, n := range calls {
		if n > 0 {
			out = append(out, fmt.Sprintf("%s=%.0f", op, float64(n)/float64(passes)))
			total += n
		}
	}
	slices.Sort(out)
	return fmt.Sprintf("%d calls: %s", total/passes, strings.Join(out, " "))
}
