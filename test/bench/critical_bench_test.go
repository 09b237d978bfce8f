package bench

import (
	"fmt"
	"testing"
	"time"

	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/awsconfig"
	fakeacm "github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// criticalPath is the longest chain of AWS transitions in the shipped
// environment under timing t: the database (created, then backed up), its
// secret (no transition), the Temporal schema task (started, then run to
// its end), Temporal (a task started, the deployment completed), the
// namespace task, then api and worker.
func criticalPath(t core.Timing) time.Duration {
	task := 2 * t.ECSTaskStart
	service := t.ECSTaskStart + t.ECSDeployment
	return 2*t.DBInstance + task + service + task + service
}

// BenchmarkApplyCriticalPath times one apply of the whole environment from
// an account where only the operator secrets exist (with their values: the
// person's steps done ahead, so that one apply converges) against devcloud's
// default transition times, and reports it over the critical path.
func BenchmarkApplyCriticalPath(b *testing.B) {
	for _, services := range []int{0, 40} {
		b.Run(fmt.Sprintf("services=+%d", services), func(b *testing.B) { benchCriticalPath(b, services) })
	}
}

func benchCriticalPath(b *testing.B, services int) {
	env := withServices(b, services)
	timing := core.DefaultTiming()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		srv, cfg := fakeOnWallClock(b, timing)
		srv.Service("acm").(*fakeacm.Service).MarkDomainValidated("poc.everruns.com")
		ahead := newEngine(b, cfg)
		_, _ = ahead.Apply(b.Context(), env.Identity(), env.Resources(), reconcile.ApplyOptions{
			Targets: []string{"secrets.openai", "secrets.ghcr"}, NoWaitForPeople: true})
		putOperatorSecrets(b.Context(), b, sm.NewFromConfig(cfg))
		engine := newEngine(b, limited(cfg, awsconfig.NewAWSShaped()))
		b.StartTimer()
		start := time.Now()
		if res, err := engine.Apply(b.Context(), env.Identity(), env.Resources(), reconcile.ApplyOptions{}); err != nil || !res.Converged() {
			b.Fatalf("apply: err=%v, result err=%v", err, res.Err())
		}
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(elapsed)/float64(b.N)/float64(criticalPath(timing)), "x-critical-path")
	b.Logf("critical path %s", criticalPath(timing))
}
