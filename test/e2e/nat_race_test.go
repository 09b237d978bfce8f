package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// A NAT gateway deleted by hand keeps its Elastic IP while it is
// "deleting" (minutes in AWS). An apply in that window makes the
// replacement with the same allocation: AWS accepts the call and the new
// gateway fails (Resource.AlreadyAssociated). The apply must not then wait
// out the readiness timeout (15 min by default) for a gateway that has
// failed; converging at once, or failing fast so that the next pass does,
// are both right.
//
// The NAT adapter checks for a deleting gateway that still holds the
// allocation and answers not-ready, which the engine polls within the
// readiness timeout; without that, the replacement failed and the engine
// waited out the timeout for a gateway Observe no longer showed.
func TestNATRecreatedWhileTheDeletedOneStillHoldsItsAddress(t *testing.T) {
	timing := fastTiming()
	timing.NATGateway = 300 * time.Millisecond // the deleting window the apply lands in
	f := newFake(t, fakeaws.WithTiming(timing))
	resources := networkResources(t)
	eng := newEngine(testConfig(f), reconcile.WithReadyTimeout(2*time.Second))
	opts := reconcile.ApplyOptions{Targets: []string{target}}
	if res, err := eng.Apply(t.Context(), envID, resources, opts); err != nil || !res.Converged() {
		t.Fatalf("first apply: %v %v", err, res.Err())
	}

	deleteNAT(t, f)
	res, err := eng.Apply(t.Context(), envID, resources, opts)
	if err != nil {
		t.Fatalf("apply after the NAT was deleted: %v", err)
	}
	if !res.Converged() {
		if e := res.Err(); e != nil && strings.Contains(e.Error(), "not ready after") {
			t.Fatalf("apply waited out the readiness timeout for a failed gateway: %v", e)
		}
		if res, err = eng.Apply(t.Context(), envID, resources, opts); err != nil || !res.Converged() {
			t.Fatalf("the pass after did not converge: %v %v", err, res.Err())
		}
	}
	if _, nat := defaultRoute(routeTable(t, f, "network.route_table.private")); nat != natID(t, f) {
		t.Errorf("private default route goes to %q, want the live NAT", nat)
	}
}
