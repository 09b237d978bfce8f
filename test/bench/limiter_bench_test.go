package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// limiters are the client-side rate limits measured side by side: the one
// global bucket the reconciler had (20/s, burst 40) and AWS's own shape.
var limiters = []struct {
	name string
	new  func() awsconfig.Limiter
}{
	{"global-20/s", func() awsconfig.Limiter { return awsconfig.NewGlobal(20, 40) }},
	{"aws-shaped", func() awsconfig.Limiter { return awsconfig.NewAWSShaped() }},
}

// BenchmarkLimiter measures, for each limiter in one run, what a person
// waits for on the fast paths: a cold diff (a new process's first Plan)
// of the shipped file and of the file with 40 more services, an apply of
// the whole environment from empty, and an apply that creates 40 services
// at once. AWS's transitions take a millisecond here, so what is left is
// the calls and the limiter.
func BenchmarkLimiter(b *testing.B) {
	for _, lim := range limiters {
		b.Run("limiter="+lim.name+"/cold-diff", func(b *testing.B) { benchColdDiff(b, lim.new, 0) })
		b.Run("limiter="+lim.name+"/cold-diff-40-services", func(b *testing.B) { benchColdDiff(b, lim.new, 40) })
		b.Run("limiter="+lim.name+"/apply-from-empty", func(b *testing.B) { benchApplyFromEmpty(b, lim.new) })
		b.Run("limiter="+lim.name+"/apply-40-new-services", func(b *testing.B) { benchApplyServices(b, lim.new, 40) })
	}
}

// withServices is the shipped file with n more services, each one task of
// a public image with no load balancer.
func withServices(b *testing.B, n int) *desired.Environment {
	b.Helper()
	src, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var extra strings.Builder
	for i := range n {
		fmt.Fprintf(&extra, "  bench-%02d:\n    name: bench-%02d\n    image: public.ecr.aws/docker/library/busybox\n"+
			"    tag: \"1.37\"\n    cpu: 256\n    memory: 512\n    desired_count: 1\n", i, i)
	}
	text := strings.Replace(string(src), "\nservices:\n", "\nservices:\n"+extra.String(), 1)
	env, diags := desired.Parse("bench.yaml", []byte(text))
	if diags.HasErrors() {
		b.Fatalf("bench file: %v", diags.Err())
	}
	return env
}

// limited is cfg with its own instrumentation and the given limiter: a new
// process's clients.
func limited(cfg aws.Config, lim awsconfig.Limiter) aws.Config {
	out := fakeawstest.Config(*cfg.BaseEndpoint)
	awsconfig.Instrument(&out, lim, nil)
	return out
}

func benchColdDiff(b *testing.B, newLimiter func() awsconfig.Limiter, services int) {
	env := withServices(b, services)
	srv, cfg := convergedWhole(b, env)
	srv.ResetCalls()
	for b.Loop() {
		noOpPlan(b, newEngine(b, limited(cfg, newLimiter())), env.Identity(), env.Resources(), nil)
	}
	b.ReportMetric(float64(total(srv.Calls()))/float64(b.N), "calls/op")
}

// benchApplyFromEmpty times what convergedWhole does with the limiter: a
// first apply that stops at the operator secrets, their values put (no
// time), and the apply that converges.
func benchApplyFromEmpty(b *testing.B, newLimiter func() awsconfig.Limiter) {
	env := withServices(b, 0)
	for b.Loop() {
		b.StopTimer()
		srv, cfg := fakeOnWallClock(b, millisecondTiming())
		b.StartTimer()
		convergeWith(b, srv, newEngine(b, limited(cfg, newLimiter())), cfg, env)
	}
}

func benchApplyServices(b *testing.B, newLimiter func() awsconfig.Limiter, services int) {
	base, more := withServices(b, 0), withServices(b, services)
	for b.Loop() {
		b.StopTimer()
		_, cfg := convergedWhole(b, base)
		b.StartTimer()
		engine := newEngine(b, limited(cfg, newLimiter()))
		if res, err := engine.Apply(b.Context(), more.Identity(), more.Resources(), reconcile.ApplyOptions{}); err != nil || !res.Converged() {
			b.Fatalf("apply %d new services: err=%v, result err=%v", services, err, res.Err())
		}
	}
}

func millisecondTiming() core.Timing {
	ms := time.Millisecond
	return core.Timing{NATGateway: ms, DBInstance: ms, LoadBalancer: ms, CloudMapOp: ms,
		ECSTaskStart: ms, ECSDeployment: ms, CertificateDNS: ms}
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}
