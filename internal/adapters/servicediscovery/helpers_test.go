package servicediscovery_test

import (
	"context"
	"testing"
	"time"

	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/adapters/servicediscovery"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const (
	envFile = "../../../deploy/environment.yaml"
	vpcID   = "vpc-0123456789abcdef0"
)

type harness struct {
	srv   *fakeaws.Server
	sd    *sd.Client
	kinds map[string]reconcile.Kind
	id    desired.Identity
	file  map[desired.Address]desired.Resource
	ids   map[desired.Address]string // what was created, to resolve refs
	// sleeps counts the adapter's waits between polls.
	sleeps int
}

// start serves a fake whose clock moves only when the adapter waits: each
// wait between GetOperation polls advances it by the wait.
func start(t *testing.T) *harness {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	id, file := kittest.File(t, envFile)
	h := &harness{srv: srv, sd: sd.NewFromConfig(cfg), id: id, file: file,
		ids: map[desired.Address]string{"network.vpc": vpcID}}
	h.kinds = servicediscovery.Kinds(h.sd, servicediscovery.WithSleep(func(ctx context.Context, d time.Duration) error {
		h.sleeps++
		srv.Clock().Advance(d)
		return ctx.Err()
	}))
	return h
}

// resolved is the file's resource at a with its refs replaced by IDs.
func (h *harness) resolved(a desired.Address) desired.Resource {
	r := h.file[a]
	f := map[string]any{}
	for k, v := range r.Fields {
		if ref, ok := v.(desired.Ref); ok {
			v = h.ids[ref.Address]
		}
		f[k] = v
	}
	r.Fields = f
	return r
}

func (h *harness) create(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	l := kittest.Create(t, h.kinds[r.Kind], h.id, r)
	h.ids[r.Address] = l.ID
	return l
}

func (h *harness) observe(t *testing.T, kind string) map[desired.Address]reconcile.Live {
	t.Helper()
	return kittest.Observe(t, h.kinds[kind], h.id)
}

func (h *harness) inSync(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	return kittest.InSync(t, h.kinds[r.Kind], h.id, r)
}

func (h *harness) update(t *testing.T, r desired.Resource) ([]string, error) {
	t.Helper()
	live := h.observe(t, r.Kind)[r.Address]
	delta := drift.Delta(drift.Compare(r, true, live.Fields).Fields)
	_, err := h.kinds[r.Kind].Update(t.Context(), h.id, r, live, delta)
	return delta.Fields(), err
}

// withTag is r with one more tag.
func withTag(r desired.Resource, k, v string) desired.Resource {
	tags := map[string]any{k: v}
	for k, v := range r.Fields[names.VPC.Tags].(map[string]any) {
		tags[k] = v
	}
	f := map[string]any{}
	for k, v := range r.Fields {
		f[k] = v
	}
	f[names.VPC.Tags] = tags
	r.Fields = f
	return r
}
