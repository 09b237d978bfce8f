package e2e

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// BenchmarkNoOpDatabasePass converges `--target database` (the database
// tier, the credentials secret and the network it needs), then measures
// Plan, what diff and each daemon pass do: AWS calls per pass, in all and
// to RDS, with and without 50 ms injected into every call.
func BenchmarkNoOpDatabasePass(b *testing.B) {
	for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%s", latency), func(b *testing.B) {
			resources := dbResources(b, nil)
			srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(fastTiming()))
			hs := httptest.NewServer(srv)
			defer hs.Close()
			f := &fake{srv: srv, url: hs.URL}
			e := dbEngine(b, testConfig(f), resources)
			res, err := e.Apply(b.Context(), envID, resources, reconcile.ApplyOptions{Targets: []string{dbTarget}})
			if err != nil || !res.Converged() {
				b.Fatalf("converge: %v %v", err, res.Err())
			}
			if latency > 0 {
				f.srv.InjectFault(fakeaws.Fault{Kind: fakeaws.FaultLatency, Latency: latency})
			}
			f.srv.ResetCalls()
			b.ResetTimer()
			for b.Loop() {
				p, err := e.Plan(b.Context(), envID, resources, []string{dbTarget})
				if err != nil || !p.Report.InSync() {
					b.Fatalf("plan: %v %+v", err, p.Report.Outstanding())
				}
			}
			b.StopTimer()
			all, rds := 0, 0
			for op, n := range f.srv.Calls() {
				all += n
				if strings.HasPrefix(op, "rds:") {
					rds += n
				}
			}
			b.ReportMetric(float64(all)/float64(b.N), "calls/pass")
			b.ReportMetric(float64(rds)/float64(b.N), "rds-calls/pass")
		})
	}
}
