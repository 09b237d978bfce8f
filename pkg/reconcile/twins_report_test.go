package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

func changeOf(t *testing.T, rep drift.Report, a desired.Address) drift.Change {
	t.Helper()
	for _, c := range rep.Changes {
		if c.Address == a {
			return c
		}
	}
	t.Fatalf("no change for %s", a)
	return drift.Change{}
}

// A twin of a resource otherwise in sync is something apply acts on: the
// report lists it as an update of the twins field, not in sync.
func TestATwinMakesTheReportNotInSync(t *testing.T) {
	var deleted []string
	var subnets int
	e := twinEngine([]Twin{{ID: "vpc-young", CreatedAt: t0.Add(time.Second)}}, nil, &deleted, &subnets)
	p, err := e.Plan(t.Context(), env, vpcAndSubnet()[:1], nil)
	if err != nil {
		t.Fatal(err)
	}
	c := changeOf(t, p.Report, "network.vpc")
	want := []drift.FieldChange{{Path: TwinsField, Live: []any{"vpc-young"}}}
	if c.Action != drift.ActionUpdate || p.Report.InSync() {
		t.Errorf("action %s, in sync %v: want an update, not in sync", c.Action, p.Report.InSync())
	}
	if diff := cmp.Diff(want, c.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	res, err := e.Apply(t.Context(), env, vpcAndSubnet()[:1], ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Report.InSync() || len(deleted) != 1 {
		t.Errorf("after healing: in sync %v, deleted %v; report %+v", res.Report.InSync(), deleted, res.Report.Changes)
	}
}

// A twin apply cannot heal is refused in diff already, with the reason; one
// found in use when apply tries keeps the report not in sync, with what
// uses it as the reason.
func TestARefusedTwinKeepsTheReportNotInSync(t *testing.T) {
	var deleted []string
	var subnets int
	e := twinEngine([]Twin{{ID: "vpc-hand"}}, nil, &deleted, &subnets)
	p, err := e.Plan(t.Context(), env, vpcAndSubnet()[:1], nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := changeOf(t, p.Report, "network.vpc"); c.Action != drift.ActionRefused || !strings.Contains(c.Reason, "vpc-hand cannot be healed") {
		t.Errorf("diff: action %s, reason %q", c.Action, c.Reason)
	}

	busy := map[string]bool{"vpc-young": true}
	e = twinEngine([]Twin{{ID: "vpc-young", CreatedAt: t0.Add(time.Second)}}, busy, &deleted, &subnets)
	res, err := e.Apply(t.Context(), env, vpcAndSubnet()[:1], ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := changeOf(t, res.Report, "network.vpc")
	if res.Report.InSync() || c.Action != drift.ActionUpdate || !strings.Contains(c.Reason, "vpc-young has subnets") {
		t.Errorf("after apply: in sync %v, action %s, reason %q", res.Report.InSync(), c.Action, c.Reason)
	}
}
