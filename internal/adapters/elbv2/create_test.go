package elbv2_test

import (
	"testing"

	"github.com/everruns/reconciler/pkg/desired/names"
)

// Every kind of the file's load balancer tier is created with one call
// path, and the next Observe reports exactly what the file says: AWS's
// own fillings (redirect placeholders, one-group forward configs,
// attribute defaults) are normalised away.
func TestCreatedTierObservesInSync(t *testing.T) {
	h := start(t)
	h.createAll(t)
	for addr := range h.want {
		switch h.want[addr].Kind {
		case names.KindLoadBalancer, names.KindTargetGroup, names.KindListener, names.KindListenerRule:
			h.wantInSync(t, h.resource(t, string(addr)))
		}
	}
	alb := h.observe(t, names.KindLoadBalancer)["loadbalancer.alb"]
	if alb.Ready || alb.Status != "provisioning" {
		t.Errorf("new load balancer: ready %v, status %s; want provisioning", alb.Ready, alb.Status)
	}
	h.srv.Clock().Advance(provisioning)
	if alb := h.observe(t, names.KindLoadBalancer)["loadbalancer.alb"]; !alb.Ready || alb.Status != "active" {
		t.Errorf("after provisioning: ready %v, status %s; want active", alb.Ready, alb.Status)
	}
}

// CreateLoadBalancer and CreateTargetGroup are idempotent by name for the
// same settings (their API reference pages say so): a create repeated
// after a lost answer returns the first resource, not a twin.
func TestCreateIsIdempotent(t *testing.T) {
	h := start(t)
	for _, addr := range []string{"loadbalancer.alb", "loadbalancer.target_group.api"} {
		r := h.resource(t, addr)
		first := h.create(t, r)
		again := h.create(t, r)
		if first.ID != again.ID {
			t.Errorf("%s: second create made %s, first %s", addr, again.ID, first.ID)
		}
		if got := h.observe(t, r.Kind); len(got) != 1 {
			t.Errorf("%s: observed %d resources, want 1", addr, len(got))
		}
	}
}

// A resource of another environment, or untagged, is never claimed.
func TestObserveClaimsOnlyTheEnvironment(t *testing.T) {
	h := start(t)
	h.createAll(t)
	other := h.resource(t, "loadbalancer.target_group.api")
	other.Fields[names.TargetGroup.Name] = "staging-api"
	if _, err := h.kinds[names.KindTargetGroup].Create(t.Context(), env2, other); err != nil {
		t.Fatal(err)
	}
	got := h.observe(t, names.KindTargetGroup)
	if len(got) != 2 {
		t.Errorf("observed %d target groups, want the environment's 2: %v", len(got), keys(got))
	}
	if n := len(h.observe(t, names.KindListenerRule)); n != 4 {
		t.Errorf("observed %d rules, want 4", n)
	}
}
