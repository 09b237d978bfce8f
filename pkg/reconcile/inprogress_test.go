package reconcile

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
)

// InProgress counts the resources of awaiting kinds observed not ready,
// and nothing of other kinds, ready or not.
func TestPlanCountsChangesInProgressOfAwaitingKindsOnly(t *testing.T) {
	observe := func(lives map[desired.Address]Live) func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
		return func(context.Context, desired.Identity) (map[desired.Address]Live, error) { return lives, nil }
	}
	svc := awaitKind{KindFns{ObserveFn: observe(map[desired.Address]Live{
		"service.api":    {ID: "a", Fields: map[string]any{}},              // rolling out
		"service.worker": {ID: "w", Fields: map[string]any{}, Ready: true}, // done
	})}}
	nat := KindFns{ObserveFn: observe(map[desired.Address]Live{"network.nat": {ID: "n", Fields: map[string]any{}}})}
	e := New(map[string]Kind{"ecs.service": svc, "ec2.nat_gateway": nat})
	p, err := e.Plan(t.Context(), env, []desired.Resource{
		res("service.api", "ecs.service", nil), res("service.worker", "ecs.service", nil), res("network.nat", "ec2.nat_gateway", nil),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]int{"ecs.service": 1}, p.InProgress()); d != "" {
		t.Errorf("InProgress (-want +got):\n%s", d)
	}
}
