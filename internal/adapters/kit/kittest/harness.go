package kittest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// ShippedFile is the path of deploy/environment.yaml from an adapter
// package's directory (internal/adapters/NAME), where its tests run.
const ShippedFile = "../../../deploy/environment.yaml"

// File loads the environment file at path, failing the test on an error,
// and returns its identity and its resources by address.
func File(t testing.TB, path string) (desired.Identity, map[desired.Address]desired.Resource) {
	t.Helper()
	env, diags := desired.Load(path)
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", path, diags)
	}
	byAddr := map[desired.Address]desired.Resource{}
	for _, r := range env.Resources() {
		byAddr[r.Address] = r
	}
	return env.Identity(), byAddr
}

// Harness is an adapter package's kinds over a fresh fake AWS, with the
// shipped file's identity and resources.
type Harness struct {
	Srv   *fakeaws.Server
	Kinds map[string]reconcile.Kind
	ID    desired.Identity
	File  map[desired.Address]desired.Resource
}

// Start starts a fake AWS (with opts) and builds the kinds from its
// configuration.
func Start(t testing.TB, kinds func(aws.Config) map[string]reconcile.Kind, opts ...fakeaws.Option) *Harness {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, opts...)
	id, file := File(t, ShippedFile)
	return &Harness{Srv: srv, Kinds: kinds(cfg), ID: id, File: file}
}

// Create creates r through its kind.
func (h *Harness) Create(t testing.TB, r desired.Resource) reconcile.Live {
	t.Helper()
	return Create(t, h.Kinds[r.Kind], h.ID, r)
}

// Observe observes kind.
func (h *Harness) Observe(t testing.TB, kind string) map[desired.Address]reconcile.Live {
	t.Helper()
	return Observe(t, h.Kinds[kind], h.ID)
}

// InSync fails unless r's observed fields are the file's.
func (h *Harness) InSync(t testing.TB, r desired.Resource) reconcile.Live {
	t.Helper()
	return InSync(t, h.Kinds[r.Kind], h.ID, r)
}

// Update observes r, computes its delta as the engine would and updates.
func (h *Harness) Update(t testing.TB, r desired.Resource) []string {
	t.Helper()
	return Update(t, h.Kinds[r.Kind], h.ID, r)
}

// Equal reports, as an error of the test, how got differs from want.
func Equal(t testing.TB, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}
