package ecs

import (
	"slices"
	"testing"

	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// A registered definition observes equal to the file (AWS's defaults and
// orders normalised away), and a no-op pass describes nothing again.
func TestTaskDefinitionNoOpPassRegistersAndDescribesNothing(t *testing.T) {
	h := newHarness(t)
	r := taskDef("service.api.task_definition", "api", "example/api:v1", 9000)
	if _, err := h.kinds[names.KindTaskDefinition].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	fresh := Kinds(h.client) // a new process: nothing cached
	h.kinds = fresh
	l, ok := h.observe(names.KindTaskDefinition)[r.Address]
	if !ok {
		t.Fatal("registered definition not observed")
	}
	if d := delta(r, l); len(d) != 0 {
		t.Fatalf("no-op drift: %+v", d)
	}
	h.srv.ResetCalls()
	h.observe(names.KindTaskDefinition)
	calls := h.srv.Calls()
	if calls["ecs:DescribeTaskDefinition"] != 0 || calls["ecs:ListTaskDefinitions"] != 1 {
		t.Errorf("second observe calls = %v, want one ListTaskDefinitions and no describe", calls)
	}
}

// A changed image is a new revision, which Observe then reports; a
// changed tag alone is written on the current revision.
func TestTaskDefinitionChangeRegistersOneRevision(t *testing.T) {
	h := newHarness(t)
	k := h.kinds[names.KindTaskDefinition]
	r := taskDef("service.api.task_definition", "api", "example/api:v1", 9000)
	first, err := k.Create(t.Context(), prod, r)
	if err != nil {
		t.Fatal(err)
	}
	r2 := taskDef(r.Address, "api", "example/api:v2", 9000)
	h.srv.ResetCalls()
	second, err := k.Update(t.Context(), prod, r2, first, delta(r2, first))
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || h.srv.Calls()["ecs:RegisterTaskDefinition"] != 1 {
		t.Fatalf("update: %s → %s, calls %v", first.ID, second.ID, h.srv.Calls())
	}
	if got := h.observe(names.KindTaskDefinition)[r.Address]; got.ID != second.ID || len(delta(r2, got)) != 0 {
		t.Fatalf("observed %s (drift %v), want %s in sync", got.ID, delta(r2, got), second.ID)
	}
	r3 := taskDef(r.Address, "api", "example/api:v2", 9000)
	r3.Fields[names.TaskDefinition.Tags].(map[string]any)["Team"] = "core"
	h.srv.ResetCalls()
	if _, err := k.Update(t.Context(), prod, r3, second, delta(r3, second)); err != nil {
		t.Fatal(err)
	}
	got := h.observe(names.KindTaskDefinition)[r.Address]
	if h.srv.Calls()["ecs:RegisterTaskDefinition"] != 0 || got.ID != second.ID || len(delta(r3, got)) != 0 {
		t.Errorf("tag change: calls %v, observed %s drift %v", h.srv.Calls(), got.ID, delta(r3, got))
	}
}

// A new process with the tagging index compares a revision by its content
// hash tag: a no-op plan describes nothing; a changed definition is
// described once, so the report names what differs (the image), not
// every field.
func TestTaskDefinitionNewProcessComparesByContentHash(t *testing.T) {
	h := newHarness(t)
	r := taskDef("service.api.task_definition", "api", "example/api:v1", 9000)
	if _, err := h.kinds[names.KindTaskDefinition].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	newProcess := func() *reconcile.Engine {
		return reconcile.New(map[string]reconcile.Kind{names.KindTaskDefinition: Kinds(h.client, WithIndex(tagging.New(h.cfg)))[names.KindTaskDefinition]})
	}
	h.srv.ResetCalls()
	p, err := newProcess().Plan(t.Context(), prod, []desired.Resource{r}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Report.InSync() {
		t.Fatalf("unchanged definition: %+v", p.Report.Outstanding())
	}
	if c := h.srv.Calls(); c["ecs:DescribeTaskDefinition"] != 0 || c["tagging:GetResources"] != 1 || c["ecs:ListTaskDefinitions"] != 1 {
		t.Errorf("no-op plan of a new process: calls %v, want one listing, one GetResources, no describe", c)
	}

	r2 := taskDef(r.Address, "api", "example/api:v2", 9000)
	r2.Fields[names.TaskDefinition.Tags].(map[string]any)["Team"] = "core"
	h.srv.ResetCalls()
	p, err = newProcess().Plan(t.Context(), prod, []desired.Resource{r2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := p.Report.Outstanding()
	if len(out) != 1 || out[0].Action != drift.ActionUpdate {
		t.Fatalf("changed image: %+v, want one update", out)
	}
	var fields []string
	for _, f := range out[0].Fields {
		fields = append(fields, f.Path)
	}
	slices.Sort(fields)
	if want := []string{names.TaskDefinition.ContainerDefinitions, names.TaskDefinition.Tags + ".Team"}; !slices.Equal(fields, want) {
		t.Errorf("changed image: fields %v, want %v: what differs, not every field", fields, want)
	}
	if c := h.srv.Calls(); c["ecs:DescribeTaskDefinition"] != 1 {
		t.Errorf("changed image: calls %v, want the revision described once", c)
	}
}
