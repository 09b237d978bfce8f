package registry

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// TestObservedImagesReadsTheAdapter: the current images are the first
// container's image of each task definition the adapter observes, with
// the identity the pass uses.
func TestObservedImagesReadsTheAdapter(t *testing.T) {
	id := desired.Identity{Project: "everruns", Environment: "production"}
	kind := reconcile.KindFns{ObserveFn: func(_ context.Context, got desired.Identity) (map[desired.Address]reconcile.Live, error) {
		if got != id {
			t.Errorf("observed with identity %v", got)
		}
		return map[desired.Address]reconcile.Live{
			apiTD: {Fields: map[string]any{names.TaskDefinition.ContainerDefinitions: []any{
				map[string]any{names.Container.Image: "ghcr.io/everruns/api@sha256:1"}}}},
			workerTD: {Fields: map[string]any{}},
		}, nil
	}}
	got, err := ObservedImages(kind, id)(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[desired.Address]string{apiTD: "ghcr.io/everruns/api@sha256:1"}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
