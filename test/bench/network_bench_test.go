// Package bench measures a no-op reconcile pass over the network tier
// against the in-process fake AWS: how many AWS calls it makes and how long
// it takes, with and without latency injected into every call. Results and
// the command that reproduces them are in BENCHMARKS.md.
package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// environment loads the seed file with extra security groups added, so
// that the number of resources of one kind grows while the file stays
// valid.
func environment(b *testing.B, extraGroups int) (*desired.Environment, []desired.Resource) {
	b.Helper()
	src, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var extra strings.Builder
	for i := range extraGroups {
		fmt.Fprintf(&extra, "  extra-%d:\n    ingress:\n      - {protocol: tcp, port: %d, cidr: 10.0.0.0/16}\n", i, 8000+i)
	}
	text := strings.Replace(string(src), "security_groups:\n", "security_groups:\n"+extra.String(), 1)
	env, diags := desired.Parse("bench.yaml", []byte(text))
	if diags.HasErrors() {
		b.Fatalf("bench file: %v", diags.Err())
	}
	var network []desired.Resource
	for _, r := range env.Resources() {
		if r.Address.HasPrefix("network") {
			network = append(network, r)
		}
	}
	return env, network
}

// networkTarget keeps a pass to the network tier: without a target the
// engine observes every kind it has an adapter for, to find orphans.
var networkTarget = []string{"network"}

func BenchmarkNoOpNetworkPass(b *testing.B) {
	for _, groups := range []int{0, 30} {
		for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
			b.Run(fmt.Sprintf("extra_groups=%d/latency=%s", groups, latency), func(b *testing.B) {
				benchPass(b, groups, latency)
			})
		}
	}
}

func benchPass(b *testing.B, extraGroups int, latency time.Duration) {
	env, resources := environment(b, extraGroups)
	srv, cfg := fakeOnWallClock(b, core.Timing{NATGateway: time.Millisecond})
	engine := newEngine(b, cfg)
	res, err := engine.Apply(b.Context(), env.Identity(), resources, reconcile.ApplyOptions{Targets: networkTarget})
	if err != nil || !res.Converged() {
		b.Fatalf("converge before measuring: err=%v, result err=%v", err, res.Err())
	}
	measureNoOpPasses(b, srv, engine, env.Identity(), resources, networkTarget, latency)
	b.ReportMetric(float64(len(resources)), "resources")
}
