package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

// ecsWithExtraServices is ecsResources plus n more services of one
// container each.
func ecsWithExtraServices(t *testing.T, n int) []desired.Resource {
	t.Helper()
	var b strings.Builder
	b.WriteString(strings.NewReplacer("API_TAG", "v1", "API_COUNT", "1", "MIGRATE_TAG", "v1").Replace(ecsFile))
	for i := range n {
		fmt.Fprintf(&b, "  extra%02d:\n    image: example/extra\n    tag: v1\n", i)
	}
	path := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env, diags := desired.Load(path)
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	return env.Resources()
}

// The calls of a daemon's no-op pass over services and tasks (BENCHMARKS.md):
// the engine and its adapters live across passes, as in `reconciler run`,
// so task definitions come from the cache and services are described ten
// per call.
func TestECSNoOpPassCalls(t *testing.T) {
	for _, extra := range []int{0, 12} {
		t.Run(fmt.Sprintf("%d-services", 3+extra), func(t *testing.T) {
			w := newECSWorld(t)
			resources := ecsWithExtraServices(t, extra)
			w.converge(t, resources)
			e := w.engine(t, testConfig(w.f), resources)
			if _, err := e.Plan(t.Context(), envID, resources, ecsTargets); err != nil {
				t.Fatal(err) // the first pass of the process fills the cache
			}
			w.f.srv.ResetCalls()
			p, err := e.Plan(t.Context(), envID, resources, ecsTargets)
			if err != nil {
				t.Fatal(err)
			}
			calls := w.f.srv.Calls()
			var ecsOps []string
			for op, n := range calls {
				if strings.HasPrefix(op, "ecs:") {
					ecsOps = append(ecsOps, fmt.Sprintf("%s=%d", op, n))
				}
			}
			sort.Strings(ecsOps)
			t.Logf("no-op pass, %d services: %s", 3+extra, strings.Join(ecsOps, " "))
			if want := (3 + extra + 9) / 10; calls["ecs:DescribeServices"] != want || calls["ecs:DescribeTaskDefinition"] != 0 {
				t.Errorf("DescribeServices %d (want %d), DescribeTaskDefinition %d (want 0)", calls["ecs:DescribeServices"], want, calls["ecs:DescribeTaskDefinition"])
			}
			if len(mutations(calls)) != 0 || len(p.Report.Outstanding()) != 0 {
				t.Errorf("no-op pass: mutations %v, outstanding %v", mutations(calls), p.Report.Outstanding())
			}
		})
	}
}
