package ecs

import (
	"testing"

	"github.com/everruns/reconciler/pkg/desired/names"
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
