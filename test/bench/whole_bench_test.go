package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	fakeacm "github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
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
	engine := wholeEngine(b, cfg)
	srv.ResetCalls()
	start := time.Now()
	wholePlan(b, engine, env)
	b.Logf("first pass of a new process: %s, %s", time.Since(start).Round(time.Millisecond), callsByOp(srv.Calls(), 1))
	srv.ResetCalls()
	b.ResetTimer()
	for b.Loop() {
		wholePlan(b, engine, env)
	}
	b.StopTimer()
	calls := srv.Calls()
	b.Logf("calls per pass: %s", callsByOp(calls, b.N))
	total := 0
	for _, n := range calls {
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "calls/op")
	b.ReportMetric(float64(len(env.Resources())), "resources")
}

func wholePlan(b *testing.B, engine *reconcile.Engine, env *desired.Environment) {
	plan, err := engine.Plan(b.Context(), env.Identity(), env.Resources(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if !plan.Report.InSync() || len(plan.Report.Unsupported) > 0 {
		b.Fatalf("a no-op pass found changes: %+v, unsupported %+v", plan.Report.Outstanding(), plan.Report.Unsupported)
	}
}

// convergedWhole converges the whole file on a new fake as a person
// would: the certificate's CNAME made ahead, a first apply that stops at
// the operator secrets, their values put, a second apply.
func convergedWhole(b *testing.B, env *desired.Environment) (*fakeaws.Server, aws.Config) {
	b.Helper()
	ms := time.Millisecond
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(core.Timing{NATGateway: ms, DBInstance: ms,
		LoadBalancer: ms, CloudMapOp: ms, ECSTaskStart: ms, ECSDeployment: ms, CertificateDNS: ms}))
	hs := httptest.NewServer(srv)
	b.Cleanup(hs.Close)
	srv.Service("acm").(*fakeacm.Service).MarkDomainValidated("poc.everruns.com")
	cfg := fakeawstest.Config(hs.URL)
	awsconfig.Instrument(&cfg, nil, nil)
	engine := wholeEngine(b, cfg)
	if res, err := engine.Apply(b.Context(), env.Identity(), env.Resources(), reconcile.ApplyOptions{}); err != nil || res.Converged() {
		b.Fatalf("first apply: err %v, converged %v; want it to stop at the operator secrets", err, res.Converged())
	}
	putOperatorSecrets(b.Context(), b, sm.NewFromConfig(fakeawstest.Config(hs.URL)))
	if res, err := engine.Apply(b.Context(), env.Identity(), env.Resources(), reconcile.ApplyOptions{}); err != nil || !res.Converged() {
		b.Fatalf("converge before measuring: err=%v, result err=%v", err, res.Err())
	}
	return srv, cfg
}

// wholeEngine is a new process's engine: new adapters, empty caches.
func wholeEngine(b *testing.B, cfg aws.Config) *reconcile.Engine {
	reg, err := adapters.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return reconcile.New(reg.Kinds(), reconcile.WithClassifier(reg.Classifier().Classify), reconcile.WithPollInterval(5*time.Millisecond))
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

// callsByOp is "service:Operation=n …" per pass, sorted.
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
