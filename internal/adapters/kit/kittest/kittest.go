// Package kittest is what adapter tests share: calling a kind as the engine
// would, failing the test on an error, and resolving references the way
// the engine does before it acts.
package kittest

import (
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create creates r through k, failing the test on an error.
func Create(t testing.TB, k reconcile.Kind, id desired.Identity, r desired.Resource) reconcile.Live {
	t.Helper()
	l, err := k.Create(t.Context(), id, r)
	if err != nil {
		t.Fatalf("Create(%s): %v", r.Address, err)
	}
	return l
}

// Observe observes k, failing the test on an error.
func Observe(t testing.TB, k reconcile.Kind, id desired.Identity) map[desired.Address]reconcile.Live {
	t.Helper()
	got, err := k.Observe(t.Context(), id)
	if err != nil {
		t.Fatalf("Observe: %v", err)
	}
	return got
}

// InSync observes k and fails the test unless r is there with the file's
// fields (r's refs resolved).
func InSync(t testing.TB, k reconcile.Kind, id desired.Identity, r desired.Resource) reconcile.Live {
	t.Helper()
	l, ok := Observe(t, k, id)[r.Address]
	if !ok {
		t.Fatalf("%s not observed", r.Address)
	}
	if c := drift.CompareObserved(r, drift.Observed{Exists: true, Fields: l.Fields, Pending: l.Pending}); c.Action != drift.ActionNone {
		t.Fatalf("%s: %s after acting: %+v", r.Address, c.Action, c.Fields)
	}
	return l
}

// Resolve replaces r's refs, however deep, with what lookup gives for
// them (an ID, or a named attribute), as the engine does before it acts.
func Resolve(r desired.Resource, lookup func(desired.Ref) string) desired.Resource {
	fields := make(map[string]any, len(r.Fields))
	for k, v := range r.Fields {
		fields[k] = value(v, lookup)
	}
	r.Fields = fields
	return r
}

func value(v any, lookup func(desired.Ref) string) any {
	switch x := v.(type) {
	case desired.Ref:
		return lookup(x)
	case desired.Set:
		out := make(desired.Set, len(x))
		for i, e := range x {
			out[i] = value(e, lookup)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = value(e, lookup)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = value(e, lookup)
		}
		return out
	}
	return v
}

// Update observes r through k, computes its delta as the engine does and
// updates, failing the test on an error; it returns the fields that
// differed.
func Update(t testing.TB, k reconcile.Kind, id desired.Identity, r desired.Resource) []string {
	t.Helper()
	live := Observe(t, k, id)[r.Address]
	delta := drift.Delta(drift.Compare(r, true, live.Fields).Fields)
	if _, err := k.Update(t.Context(), id, r, live, delta); err != nil {
		t.Fatalf("Update(%s): %v", r.Address, err)
	}
	return delta.Fields()
}

// With is r with fields replaced (r's own map is left alone).
func With(r desired.Resource, fields map[string]any) desired.Resource {
	f := make(map[string]any, len(r.Fields)+len(fields))
	for k, v := range r.Fields {
		f[k] = v
	}
	for k, v := range fields {
		f[k] = v
	}
	r.Fields = f
	return r
}
