package reconcile

import (
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// withPolicy sets the policy of the resource at addr.
func withPolicy(rs []desired.Resource, addr string, p desired.Policy) []desired.Resource {
	for i := range rs {
		if rs[i].Address == desired.Address(addr) {
			rs[i].Policy = p
		}
	}
	return rs
}

// drifted changes one live field behind the engine's back.
func (c *cloud) drifted(addr, field string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.objs[desired.Address(addr)].live.Fields[field] = v
}

// One resource's drift is reported and left alone while another's, in the
// same apply, is repaired; dependents of the report-only one go on.
func TestApplyReportOnlyLeavesDriftAndRepairsTheRest(t *testing.T) {
	c := newCloud()
	e := engine(c)
	if _, err := e.Apply(t.Context(), env, network(), ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	c.drifted("network.vpc", "cidr_block", "10.9.0.0/16")
	c.drifted("network.subnet.public-a", "cidr_block", "10.0.9.0/24")
	rs := withPolicy(network(), "network.vpc", desired.Policy{Drift: desired.DriftReport})
	n := len(c.calls)
	r, err := e.Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.count("update network.vpc"); got != 0 {
		t.Errorf("the report-only VPC got %d updates, want none", got)
	}
	if got := c.count("update network.subnet.public-a"); got != 1 {
		t.Errorf("the subnet got %d updates, want 1 (its drift is repaired); calls %v", got, c.calls[n:])
	}
	st := statuses(r)
	if st["network.vpc"] != StatusReported || st["network.subnet.public-a"] != StatusDone || st["network.route_table.private"] != StatusDone {
		t.Errorf("statuses %v; want the VPC reported, the others done", st)
	}
	vpc := changeOf(t, r.Report, "network.vpc")
	if vpc.Action != drift.ActionUpdate || !vpc.ReportOnly {
		t.Errorf("VPC after apply: %+v; want an update marked report-only", vpc)
	}
	if sub := changeOf(t, r.Report, "network.subnet.public-a"); sub.Action != drift.ActionNone {
		t.Errorf("subnet after apply: %+v; want in sync", sub)
	}
	if !r.Converged() || r.Err() != nil {
		t.Errorf("Converged %v, Err %v; report-only drift is left by design, not a failure", r.Converged(), r.Err())
	}
	if r.Report.InSync() {
		t.Error("report says in sync; the VPC's drift must still show (diff exits 2)")
	}
	var text strings.Builder
	if err := drift.WriteText(&text, r.Report); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "network.vpc (ec2.vpc) update "+drift.ReportOnlyLabel) {
		t.Errorf("text report does not say report only:\n%s", text.String())
	}
}

// An ignored field's change is not even reported, and an update caused by
// another field does not send it.
func TestIgnoredFieldIsNotCompared(t *testing.T) {
	c := newCloud()
	e := engine(c)
	if _, err := e.Apply(t.Context(), env, network(), ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	c.drifted("network.subnet.public-a", "cidr_block", "10.0.9.0/24")
	rs := withPolicy(network(), "network.subnet.public-a", desired.Policy{Ignore: []string{"cidr_block"}})
	p, err := e.Plan(t.Context(), env, rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Report.InSync() {
		t.Errorf("plan reports %+v; an ignored field's change is not drift", p.Report.Outstanding())
	}
	n := len(c.calls)
	r, err := e.Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil || !r.Converged() {
		t.Fatalf("Apply: converged %v, err %v", r.Converged(), err)
	}
	for _, s := range c.calls[n:] {
		if !strings.HasPrefix(s, "observe ") {
			t.Errorf("Apply called %q; want only observes", s)
		}
	}
}

// An observe-only apply (a suspended file) makes no mutating call and
// reports the drift.
func TestApplyObserveOnlyMakesNoCall(t *testing.T) {
	c := newCloud()
	e := engine(c)
	if _, err := e.Apply(t.Context(), env, network(), ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	c.drifted("network.subnet.public-a", "cidr_block", "10.0.9.0/24")
	n := len(c.calls)
	r, err := e.Apply(t.Context(), env, network(), ApplyOptions{ObserveOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.calls[n:] {
		if !strings.HasPrefix(s, "observe ") {
			t.Errorf("observe-only Apply called %q", s)
		}
	}
	if ch := changeOf(t, r.Report, "network.subnet.public-a"); ch.Action != drift.ActionUpdate {
		t.Errorf("subnet: %+v; want its drift reported", ch)
	}
	if r.Converged() {
		t.Error("Converged() = true with drift left by an observe-only apply")
	}
}
