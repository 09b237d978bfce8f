package reconcile

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// twinKind is a VPC-like kind observed with twins; DeleteTwin deletes a
// twin unless busy names it.
type twinKind struct {
	KindFns
	busy    map[string]bool
	deleted *[]string
}

func (k twinKind) DeleteTwin(_ context.Context, keep Live, t Twin) error {
	if k.busy[t.ID] {
		return Terminal(fmt.Errorf("%s has subnets", t.ID))
	}
	*k.deleted = append(*k.deleted, t.ID)
	return nil
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// twinEngine: vpc observed as vpc-old with twins; subnet depends on it.
func twinEngine(twins []Twin, busy map[string]bool, deleted *[]string, subnets *int) *Engine {
	vpc := twinKind{KindFns: KindFns{ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
		live := Live{ID: "vpc-old", Ready: true, CreatedAt: t0, Fields: map[string]any{"cidr": "10.0.0.0/16"}}
		for _, t := range twins {
			if !contains(*deleted, t.ID) {
				live.Twins = append(live.Twins, t)
			}
		}
		return map[desired.Address]Live{"network.vpc": live}, nil
	}}, busy: busy, deleted: deleted}
	var made map[desired.Address]Live
	subnet := KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) { return made, nil },
		CreateFn: func(_ context.Context, _ desired.Identity, r desired.Resource) (Live, error) {
			*subnets++
			l := Live{ID: "subnet-1", Ready: true, Fields: r.Fields}
			made = map[desired.Address]Live{r.Address: l}
			return l, nil
		},
	}
	return New(map[string]Kind{"ec2.vpc": vpc, "ec2.subnet": subnet}, WithClock(newClock()))
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func vpcAndSubnet() []desired.Resource {
	return []desired.Resource{
		res("network.vpc", "ec2.vpc", map[string]any{"cidr": "10.0.0.0/16"}),
		res("network.subnet.a", "ec2.subnet", map[string]any{"vpc_id": ref("network.vpc")}, "network.vpc"),
	}
}

func notesOf(rep drift.Report, a desired.Address) string {
	for _, c := range rep.Changes {
		if c.Address == a {
			return strings.Join(c.Notes, "\n")
		}
	}
	return ""
}

func TestPlanReportsTwinsWithoutHealing(t *testing.T) {
	var deleted []string
	var subnets int
	e := twinEngine([]Twin{{ID: "vpc-young", CreatedAt: t0.Add(time.Second)}}, nil, &deleted, &subnets)
	p, err := e.Plan(t.Context(), env, vpcAndSubnet(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := notesOf(p.Report, "network.vpc")
	for _, want := range []string{"vpc-young", "vpc-old", "apply deletes it if it is empty"} {
		if !strings.Contains(n, want) {
			t.Errorf("notes %q lack %q", n, want)
		}
	}
	if len(deleted) != 0 {
		t.Errorf("plan deleted %v", deleted)
	}
}

func TestApplyHealsAnEmptyYoungerTwin(t *testing.T) {
	var deleted []string
	var subnets int
	e := twinEngine([]Twin{{ID: "vpc-young", CreatedAt: t0.Add(time.Second)}}, nil, &deleted, &subnets)
	res, err := e.Apply(t.Context(), env, vpcAndSubnet(), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"vpc-young"}, deleted); diff != "" {
		t.Errorf("deleted twins (-want +got):\n%s", diff)
	}
	if !res.Converged() || subnets != 1 {
		t.Fatalf("converged %v, subnets created %d: %v", res.Converged(), subnets, res.Err())
	}
	if n := notesOf(res.Report, "network.vpc"); n != "healed twin: deleted vpc-young (younger, empty), kept vpc-old" {
		t.Errorf("final report notes %q", n)
	}
}

func TestApplyRefusesATwinInUseAndGoesOn(t *testing.T) {
	tests := map[string]struct {
		twin Twin
		busy map[string]bool
		want string
	}{
		"dependents":     {Twin{ID: "vpc-young", CreatedAt: t0.Add(time.Second)}, map[string]bool{"vpc-young": true}, "vpc-young has subnets"},
		"no create time": {Twin{ID: "vpc-hand"}, nil, "not provably made by the reconciler"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var deleted []string
			var subnets int
			res, err := twinEngine([]Twin{tc.twin}, tc.busy, &deleted, &subnets).Apply(t.Context(), env, vpcAndSubnet(), ApplyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := statuses(res)
			if got["network.vpc"] != StatusRefused || got["network.subnet.a"] != StatusDone || subnets != 1 {
				t.Fatalf("statuses %v, subnets %d: the kept VPC's dependents must go on", got, subnets)
			}
			o := res.Outcomes[0]
			msg := o.Err.Error()
			if !errors.Is(o.Err, ErrRefused) || !strings.Contains(msg, tc.twin.ID) || !strings.Contains(msg, "vpc-old") || !strings.Contains(msg, tc.want) {
				t.Errorf("refusal %q: want both IDs and %q", msg, tc.want)
			}
			if len(deleted) != 0 || res.Converged() {
				t.Errorf("deleted %v, converged %v", deleted, res.Converged())
			}
		})
	}
}

func TestHealingGoesThroughTheGuard(t *testing.T) {
	var deleted []string
	var subnets int
	e := twinEngine([]Twin{{ID: "vpc-young", CreatedAt: t0.Add(time.Second)}}, nil, &deleted, &subnets)
	lost := errors.New("lease lost")
	res, err := e.Apply(t.Context(), env, vpcAndSubnet(), ApplyOptions{Guard: func() error { return lost }})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[0]; len(deleted) != 0 || !errors.Is(o.Err, ErrGuard) || o.Status != StatusFailed {
		t.Errorf("deleted %v, outcome %s %v: want the guard to stop the delete", deleted, o.Status, o.Err)
	}
}

// A create that found an older resource claiming the address answers with
// it, its own among the twins: the engine heals that one at once.
func TestApplyHealsTheTwinItsCreateMade(t *testing.T) {
	var deleted []string
	k := twinKind{KindFns: KindFns{CreateFn: func(context.Context, desired.Identity, desired.Resource) (Live, error) {
		return Live{ID: "vpc-other", Ready: true, CreatedAt: t0, Fields: map[string]any{"cidr": "10.0.0.0/16"},
			Twins: []Twin{{ID: "vpc-mine", CreatedAt: t0.Add(time.Millisecond)}}}, nil
	}}, deleted: &deleted}
	e := New(map[string]Kind{"ec2.vpc": k}, WithClock(newClock()))
	res, err := e.Apply(t.Context(), env, vpcAndSubnet()[:1], ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[0]; o.Status != StatusDone || len(deleted) != 1 || deleted[0] != "vpc-mine" ||
		len(o.Healed) != 1 || !strings.Contains(o.Healed[0], "kept vpc-other") {
		t.Errorf("outcome %s %v healed %v, deleted %v", o.Status, o.Err, o.Healed, deleted)
	}
}
