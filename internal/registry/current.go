package registry

import (
	"context"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// CurrentImages reads the image each task definition names now, by the
// task definition's address.
type CurrentImages func(ctx context.Context) (map[desired.Address]string, error)

// ObservedImages reads the current images through the task definitions'
// own adapter (its Observe: exactly what the engine compares with), so
// that the image kept on registry trouble is the one the running
// revision names. Observe is read-only, so this is safe in a diff.
func ObservedImages(taskDefinitions reconcile.Kind, id desired.Identity) CurrentImages {
	return func(ctx context.Context) (map[desired.Address]string, error) {
		live, err := taskDefinitions.Observe(ctx, id)
		if err != nil {
			return nil, err
		}
		out := map[desired.Address]string{}
		for addr, l := range live {
			if img := imageOf(l.Fields); img != "" {
				out[addr] = img
			}
		}
		return out, nil
	}
}

// imageOf is the first container's image in task definition fields.
func imageOf(fields map[string]any) string {
	cds, _ := fields[names.TaskDefinition.ContainerDefinitions].([]any)
	if len(cds) == 0 {
		return ""
	}
	c, _ := cds[0].(map[string]any)
	img, _ := c[names.Container.Image].(string)
	return img
}
