package logs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/adapters/logs"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const envFile = "../../../deploy/environment.yaml"

type harness struct {
	srv   *fakeaws.Server
	logs  *cloudwatchlogs.Client
	kinds map[string]reconcile.Kind
	id    desired.Identity
	file  map[desired.Address]desired.Resource
}

func start(t *testing.T) *harness {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	env, diags := desired.Load(envFile)
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	h := &harness{srv: srv, logs: cloudwatchlogs.NewFromConfig(cfg),
		id: env.Identity(), file: map[desired.Address]desired.Resource{}}
	h.kinds = logs.Kinds(h.logs)
	for _, r := range env.Resources() {
		h.file[r.Address] = r
	}
	return h
}

func (h *harness) create(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	l := kittest.Create(t, h.kinds[r.Kind], h.id, r)
	return l
}

func (h *harness) observe(t *testing.T, kind string) map[desired.Address]reconcile.Live {
	t.Helper()
	return kittest.Observe(t, h.kinds[kind], h.id)
}

// inSync fails unless r's observed fields are the file's.
func (h *harness) inSync(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	return kittest.InSync(t, h.kinds[r.Kind], h.id, r)
}

// update observes r, computes its delta as the engine would and updates.
func (h *harness) update(t *testing.T, r desired.Resource) []string {
	t.Helper()
	return kittest.Update(t, h.kinds[r.Kind], h.id, r)
}

// with is r with fields replaced.
func with(r desired.Resource, fields map[string]any) desired.Resource {
	return kittest.With(r, fields)
}

func mustEqual(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}
