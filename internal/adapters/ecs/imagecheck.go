package ecs

import (
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
// tasks that cannot pull. Call it before the first pass.
func (k *taskDefinitions) SetImageCheck(check func(image string) string) { k.imageCheck = check }

// Refuse (reconcile.Refuser) refuses a new revision whose image the
// registry says is missing; a change of tags alone registers nothing and
// goes through.
func (k *taskDefinitions) Refuse(want desired.Resource, _ reconcile.Live, delta drift.Delta) string {
	if fs := delta.Fields(); len(fs) == 1 && fs[0] == names.TaskDefinition.Tags {
		return ""
	}
	return k.imageRefusal(want)
}

// imageRefusal is why want's image may not be registered, or "".
func (k *taskDefinitions) imageRefusal(want desired.Resource) string {
	if k.imageCheck == nil {
		return ""
	}
	cds, _ := want.Fields[names.TaskDefinition.ContainerDefinitions].([]any)
	for _, cd := range cds {
		c, _ := cd.(map[string]any)
		if img, _ := c[names.Container.Image].(string); img != "" {
			if why := k.imageCheck(img); why != "" {
				return why
			}
		}
	}
	return ""
}

// refuseMissingImage is the error of a create whose image is missing: a
// first revision is refused like a new one (Refuse is asked for changes
// only), before any call.
func (k *taskDefinitions) refuseMissingImage(r desired.Resource) error {
	if why := k.imageRefusal(r); why != "" {
		return reconcile.Terminal(fmt.Errorf("%w: register %s: %s", reconcile.ErrRefused, r.Address, why))
	}
	return nil
}
