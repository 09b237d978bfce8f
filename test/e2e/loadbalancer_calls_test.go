package e2e

import (
	"maps"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// The ELBv2 calls of a no-op pass (diff of a converged tier), recorded in
// BENCHMARKS.md. Each is fixed by the design in
// internal/adapters/elbv2/register.go: per kind one listing, tags from the
// pass's one tagging GetResources (no DescribeTags while it holds every
// ARN), attributes per claimed ALB and target group
// (the API reads them one resource at a time), listeners per claimed ALB
// and the rules the index names in one call by their ARNs (per listener
// only when the index lacks a rule the file wants); the kinds observed at
// once share one listing of load balancers and one of listeners. Run with
// -v to print them.
func TestLoadBalancerNoOpPassCalls(t *testing.T) {
	f := lbNewFake(t)
	file := envFile
	lbApply(t, file)
	f.srv.ResetCalls()
	if code, _ := lbDiff(t, file); code != cli.ExitOK {
		t.Fatalf("diff of a converged tier: exit %d, want 0", code)
	}
	got := map[string]int64{}
	for op, n := range f.srv.Calls() {
		if name, ok := strings.CutPrefix(op, "elasticloadbalancing:"); ok && n > 0 {
			got[name] = int64(n)
		}
		if op == "tagging:GetResources" {
			got[op] = int64(n)
		}
	}
	want := map[string]int64{
		"DescribeLoadBalancers":          1, // shared by load balancers, listeners, rules
		"tagging:GetResources":           1, // the tags of all four kinds (and the other tiers')
		"DescribeLoadBalancerAttributes": 1,
		"DescribeTargetGroups":           1,
		"DescribeTargetGroupAttributes":  2, // api, ui
		"DescribeListeners":              1, // per claimed ALB, shared by listeners and rules
		"DescribeRules":                  1, // by the ARNs the index names (the file's every rule)
	}
	if !maps.Equal(got, want) {
		t.Errorf("ELBv2 calls of a no-op pass %v, want %v", got, want)
	}
	var total int64
	for _, n := range got {
		total += n
	}
	t.Logf("no-op pass over the load balancer tier: %d ELBv2 calls %v", total, got)
}
