// Package registry pins container images to digests. For every container
// whose image_policy is digest, a pass asks the image's registry what its
// tag names now (one HEAD of the manifest) and the task definition names
// image@sha256:…, so that a tag pushed again is a change of the task
// definition, which rolls the service, and a rollback returns to the exact
// image. It sits between the file and the engine: pkg/desired stays pure
// and the engine sees an ordinary change of the image field.
package registry

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Resolver rewrites the image of the task definitions of digest-policy
// containers. Its zero value resolves anonymously and, when a registry
// cannot answer, names the tag (it knows no current image).
type Resolver struct {
	// Credentials reads a container's registry_credentials secret.
	Credentials CredentialsReader
	// Current reads the images the task definitions name now. It is
	// asked only when a registry could not answer, at most once per
	// Resolve.
	Current CurrentImages
	// Timeout bounds one container's resolution. Default 10 s.
	Timeout time.Duration
	// HTTPClient sends the registry requests (default
	// http.DefaultClient, whose transport honours HTTPS_PROXY).
	HTTPClient *http.Client
}

// Trouble is a container whose tag could not be resolved: its task
// definition keeps the image it names now, so nothing rolls.
type Trouble struct {
	// Owner is the service's or task's key (the metric's workload label).
	Owner string
	// Address is the task definition's.
	Address desired.Address
	// Kept is the image the task definition keeps; image:tag when none
	// exists yet.
	Kept string
	// Err says what went wrong; it never carries a secret value.
	Err error
}

func (t Trouble) String() string {
	return fmt.Sprintf("%s: image not resolved, keeping %s: %v", t.Address, t.Kept, t.Err)
}

// Resolve returns resources with the image of every digest-policy
// container pinned, and the containers whose registry could not answer.
// A container of tag policy costs nothing: no call is made for it.
// resources is not modified. The error is for the current images that
// could not be read (AWS, not the registry): naming the tag instead would
// roll the service.
func (r *Resolver) Resolve(ctx context.Context, env *desired.Environment, resources []desired.Resource) ([]desired.Resource, []Trouble, error) {
	pins := digestContainers(env)
	if len(pins) == 0 {
		return resources, nil, nil
	}
	images, troubles, err := r.resolveAll(ctx, pins)
	if err != nil {
		return nil, troubles, err
	}
	out := make([]desired.Resource, len(resources))
	for i, res := range resources {
		out[i] = res
		if img, ok := images[res.Address]; ok {
			out[i] = withImage(res, img)
		}
	}
	return out, troubles, nil
}

// resolveAll resolves every container at once, then asks for the current
// images only if some could not be resolved.
func (r *Resolver) resolveAll(ctx context.Context, pins []pin) (map[desired.Address]string, []Trouble, error) {
	errs := make([]error, len(pins))
	digests := make([]string, len(pins))
	var wg sync.WaitGroup
	for i, p := range pins {
		wg.Go(func() { digests[i], errs[i] = r.resolve(ctx, p) })
	}
	wg.Wait()
	images := map[desired.Address]string{}
	var troubles []Trouble
	var current map[desired.Address]string
	for i, p := range pins {
		if errs[i] == nil {
			images[p.address] = p.image + "@" + digests[i]
			continue
		}
		if current == nil {
			var err error
			if current, err = r.current(ctx); err != nil {
				return nil, nil, err
			}
		}
		kept, ok := current[p.address]
		if !ok {
			kept = p.image + ":" + p.tag
		}
		images[p.address] = kept
		troubles = append(troubles, Trouble{Owner: p.owner, Address: p.address, Kept: kept, Err: errs[i]})
	}
	return images, troubles, nil
}

// current is the images the task definitions name now, by address.
func (r *Resolver) current(ctx context.Context) (map[desired.Address]string, error) {
	if r.Current == nil {
		return map[desired.Address]string{}, nil
	}
	m, err := r.Current(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the images in use: %w", err)
	}
	if m == nil {
		m = map[desired.Address]string{}
	}
	return m, nil
}

// withImage is res with its (single) container's image replaced; the
// maps on the way are copied, so the expansion's are never shared.
func withImage(res desired.Resource, image string) desired.Resource {
	cds, _ := res.Fields[names.TaskDefinition.ContainerDefinitions].([]any)
	if len(cds) == 0 {
		return res
	}
	c, ok := cds[0].(map[string]any)
	if !ok {
		return res
	}
	c = maps.Clone(c)
	c[names.Container.Image] = image
	list := append([]any{c}, cds[1:]...)
	res.Fields = maps.Clone(res.Fields)
	res.Fields[names.TaskDefinition.ContainerDefinitions] = list
	return res
}
