package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"

	adapter "github.com/everruns/reconciler/internal/adapters/iam"
	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const envFile = "../../../deploy/environment.yaml"

type harness struct {
	srv  *fakeaws.Server
	iam  *iam.Client
	kind reconcile.Kind
	id   desired.Identity
	file map[desired.Address]desired.Resource
}

func start(t *testing.T) *harness {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	id, file := kittest.File(t, envFile)
	h := &harness{srv: srv, iam: iam.NewFromConfig(cfg), id: id, file: file}
	h.kind = adapter.Kinds(h.iam)[names.KindRole]
	return h
}

func (h *harness) create(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	l, err := h.kind.Create(t.Context(), h.id, r)
	if err != nil {
		t.Fatalf("Create(%s): %v", r.Address, err)
	}
	return l
}

func (h *harness) observe(t *testing.T) map[desired.Address]reconcile.Live {
	t.Helper()
	got, err := h.kind.Observe(t.Context(), h.id)
	if err != nil {
		t.Fatalf("Observe: %v", err)
	}
	return got
}

// drift is what separates r from what is observed of it.
func (h *harness) drift(t *testing.T, r desired.Resource) drift.Change {
	t.Helper()
	l, ok := h.observe(t)[r.Address]
	return drift.Compare(r, ok, l.Fields)
}

func (h *harness) inSync(t *testing.T, r desired.Resource) {
	t.Helper()
	if c := h.drift(t, r); c.Action != drift.ActionNone {
		t.Fatalf("%s: %s %+v", r.Address, c.Action, c.Fields)
	}
}

// update acts on the drift of r as the engine would; it returns the
// fields that differed.
func (h *harness) update(t *testing.T, r desired.Resource) []string {
	t.Helper()
	return kittest.Update(t, h.kind, h.id, r)
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
