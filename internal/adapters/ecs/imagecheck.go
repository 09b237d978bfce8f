package ecs

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// SetImageCheck installs check, which says why an image must not be
// registered ("" when it may): the registry's answer that its tag does not
// exist (internal/registry.Gate). A revision naming such an image is
// refused, so its service keeps the revision it runs and never rolls into
// tasks that cannot pull. It is asked right before a registration only, so
// a pass that registers nothing asks no registry. Call it before the first
// pass.
//
// known says what check already learnt this pass, asking nothing: the
// plan's Refuse reads it, so the report of the pass that met a missing
// tag says so.
func (k *taskDefinitions) SetImageCheck(check func(ctx context.Context, image string) string, known func(image string) string) {
	k.imageCheck, k.imageKnown = check, known
}

// Refuse (reconcile.Refuser) refuses a new revision whose image this pass
// already found missing; a change of tags alone registers nothing and
// goes through.
func (k *taskDefinitions) Refuse(want desired.Resource, _ reconcile.Live, delta drift.Delta) string {
	if k.imageKnown == nil {
		return ""
	}
	if fs := delta.Fields(); len(fs) == 1 && fs[0] == names.TaskDefinition.Tags {
		return ""
	}
	return firstImage(want, k.imageKnown)
}

// imageRefusal is why want's image may not be registered, or "".
func (k *taskDefinitions) imageRefusal(ctx context.Context, want desired.Resource) string {
	if k.imageCheck == nil {
		return ""
	}
	return firstImage(want, func(image string) string { return k.imageCheck(ctx, image) })
}

// firstImage is the first refusal why gives of want's containers' images.
func firstImage(want desired.Resource, why func(image string) string) string {
	cds, _ := want.Fields[names.TaskDefinition.ContainerDefinitions].([]any)
	for _, cd := range cds {
		c, _ := cd.(map[string]any)
		if img, _ := c[names.Container.Image].(string); img != "" {
			if w := why(img); w != "" {
				return w
			}
		}
	}
	return ""
}

// refuseMissingImage is the error of a registration whose image is
// missing, before any call.
func (k *taskDefinitions) refuseMissingImage(ctx context.Context, r desired.Resource) error {
	if why := k.imageRefusal(ctx, r); why != "" {
		return reconcile.Terminal(fmt.Errorf("%w: register %s: %s", reconcile.ErrRefused, r.Address, why))
	}
	return nil
}
