package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws"
	fakeacm "github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// BenchmarkNoOpWholePass measures Plan (what diff and every daemon pass
// do) over the whole shipped environment once it has converged: the AWS
// calls per pass by operation and the wall time, with no added latency
// and with 50 ms added to every call. The first pass of a new process is
// logged apart: it fills the task definition cache that later passes use.
func BenchmarkNoOpWholePass(b *testing.B) {
	for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%s", latency), func(b *testing.B) { benchWholePass(b, latency) })
	}
}

func benchWholePass(b *testing.B, latency time.Duration) {
	env, _ := environment(b, 0)
	srv, cfg := convergedWhole(b, env)
	if latency > 0 {
		srv.InjectFault(fakeaws.Fault{Kind: fakeaws.FaultLatency, Latency: latency})
	}
	engine := newEngine(b, cfg)
	srv.ResetCalls()
	start := time.Now()
	noOpPlan(b, engine, env.Identity(), env.Resources(), nil)
	b.Logf("first pass of a new process: %s, %s", time.Since(start).Round(time.Millisecond), callsByOp(srv.Calls(), 1))
	srv.ClearFaults() // measureNoOpPasses adds the latency again: once, not twice
	measureNoOpPasses(b, srv, engine, env.Identity(), env.Resources(), nil, latency)
	b.ReportMetric(float64(len(env.Resources())), "resources")
}

// convergedWhole converges the whole file on a new fake as a person
// would: the certificate's CNAME made ahead, a first apply that stops at
// the operator secrets, their values put, a second apply.
func convergedWhole(b *testing.B, env *desired.Environment) (*fakeaws.Server, aws.Config) {
	b.Helper()
	srv, cfg := fakeOnWallClock(b, millisecondTiming())
	convergeWith(b, srv, newEngine(b, cfg), cfg, env)
	return srv, cfg
}

// convergeWith converges env from empty with engine as a person would:
// the certificate's CNAME made ahead, a first apply that stops at the
// operator secrets, their values put, a second apply.
func convergeWith(b *testing.B, srv *fakeaws.Server, engine *reconcile.Engine, cfg aws.Config, env *desired.Environment) {
	b.Helper()
	srv.Service("acm").(*fakeacm.Service).MarkDomainValidated("poc.everruns.com")
	if res, err := engine.Apply(b.Context(), env.Identity(), env.Resources(), reconcile.ApplyOptions{}); err != nil || res.Converged() {
		b.Fatalf("first apply: err %v, converged %v; want it to stop at the operator secrets", err, res.Converged())
	}
	putOperatorSecrets(b.Context(), b, sm.NewFromConfig(cfg))
	if res, err := engine.Apply(b.Context(), env.Identity(), env.Resources(), reconcile.ApplyOptions{}); err != nil || !res.Converged() {
		b.Fatalf("converge: err=%v, result err=%v", err, res.Err())
	}
}

func putOperatorSecrets(ctx context.Context, b *testing.B, c *sm.Client) {
	for name, v := range map[string]string{
		"everruns/production/openai-api-key": `{"api_key":"sk-bench"}`,
		"everruns/production/ghcr":           `{"username":"bench","password":"ghp-bench"}`,
	} {
		if _, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)}); err != nil {
			b.Fatal(err)
		}
	}
}
