package reconcile

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// shrinkRefuser is a kind whose size can only grow, as RDS storage.
type shrinkRefuser struct {
	KindFns
	asked *[]drift.Delta
}

func (k shrinkRefuser) Refuse(want desired.Resource, live Live, delta drift.Delta) string {
	*k.asked = append(*k.asked, delta)
	if delta.Has("size") && want.Fields["size"].(int64) < live.Fields["size"].(int64) {
		return "size can only grow"
	}
	return ""
}

func refuserEngine(size int64, updates *int, asked *[]drift.Delta) *Engine {
	k := shrinkRefuser{KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
			return map[desired.Address]Live{"database.instance": {ID: "db-1", Ready: true,
				Fields: map[string]any{"size": size, "class": "small"}}}, nil
		},
		UpdateFn: func(_ context.Context, _ desired.Identity, _ desired.Resource, l Live, _ drift.Delta) (Live, error) {
			*updates++
			return l, nil
		},
	}, asked}
	return New(map[string]Kind{"rds.db_instance": k}, WithClock(newClock()))
}

func dbWith(size int64, class string) []desired.Resource {
	return []desired.Resource{{Address: "database.instance", Kind: "rds.db_instance", Stateful: true,
		Fields: map[string]any{"size": size, "class": class}}}
}

func TestPlanShowsARefusedChangeWithItsReason(t *testing.T) {
	var updates int
	var asked []drift.Delta
	p, err := refuserEngine(40, &updates, &asked).Plan(t.Context(), env, dbWith(30, "small"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := p.Report.Changes[0]
	if c.Action != drift.ActionRefused || c.Reason != "size can only grow" || len(c.Fields) != 1 || c.Fields[0].Path != "size" {
		t.Fatalf("change %+v, want refused with the reason and the field", c)
	}
	if p.Report.InSync() || p.Report.Summary()[drift.ActionRefused] != 1 {
		t.Errorf("in sync %v, summary %v", p.Report.InSync(), p.Report.Summary())
	}
	if len(asked) != 1 || !asked[0].Has("size") {
		t.Errorf("Refuse asked with %v, want the delta", asked)
	}
}

func TestApplyRefusesWithoutCallingTheAdapter(t *testing.T) {
	var updates int
	var asked []drift.Delta
	res, err := refuserEngine(40, &updates, &asked).Apply(t.Context(), env, dbWith(30, "large"), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Outcomes[0]
	if o.Status != StatusRefused || o.Action != drift.ActionRefused || !errors.Is(o.Err, ErrRefused) ||
		!strings.Contains(o.Err.Error(), "size can only grow") {
		t.Fatalf("outcome %s %s: %v", o.Status, o.Action, o.Err)
	}
	if updates != 0 || res.Converged() {
		t.Errorf("updates %d, converged %v: a refused change was sent", updates, res.Converged())
	}
}

func TestAChangeTheAdapterAcceptsIsMade(t *testing.T) {
	var updates int
	var asked []drift.Delta
	res, err := refuserEngine(40, &updates, &asked).Apply(t.Context(), env, dbWith(50, "small"), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[0]; o.Status != StatusDone || o.Action != drift.ActionUpdate || updates != 1 {
		t.Errorf("outcome %s %s, %d updates: want one update", o.Status, o.Action, updates)
	}
}

// Refuse is asked only of what exists and differs: never of a create nor
// of a resource in sync.
func TestRefuseIsNotAskedOfCreatesOrResourcesInSync(t *testing.T) {
	var updates int
	var asked []drift.Delta
	if _, err := refuserEngine(40, &updates, &asked).Plan(t.Context(), env, dbWith(40, "small"), nil); err != nil {
		t.Fatal(err)
	}
	k := shrinkRefuser{KindFns{}, &asked}
	if _, err := New(map[string]Kind{"rds.db_instance": k}).Plan(t.Context(), env, dbWith(30, "small"), nil); err != nil {
		t.Fatal(err)
	}
	if len(asked) != 0 {
		t.Errorf("Refuse asked %d times", len(asked))
	}
}
