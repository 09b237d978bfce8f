package reconcile

import (
	"context"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// Live is what AWS says of one resource of the environment.
type Live struct {
	Address desired.Address
	// ID is the identifier other resources refer to (vpc-…, an ARN).
	ID string
	// Fields are the observed values of the managed fields, in the same
	// vocabulary as desired.Resource.Fields (refs appear resolved, as IDs).
	Fields map[string]any
	// Attrs are further attributes that desired.Ref can name ("arn", …).
	Attrs map[string]string
	// Ready is false while AWS is still bringing the resource up (a NAT
	// gateway "pending"); dependents wait for it.
	Ready bool
	// Status is AWS's own word for the state, for people.
	Status string
}

// Kind manages every resource of one AWS kind. It knows nothing of the
// graph; the engine knows nothing of AWS.
type Kind interface {
	// Observe reads every resource of the kind that carries the
	// environment's tag in one batched, tag-filtered read. A resource that
	// is gone or going (deleted, deleting) is absent from the map.
	Observe(ctx context.Context, env string) (map[desired.Address]Live, error)
	// Create makes r, its refs already resolved, tagged in the create call.
	Create(ctx context.Context, env string, r desired.Resource) (Live, error)
	// Update changes live in place so that the given fields match r.
	// changes name the paths to act on; take the values from r.Fields
	// (refs resolved there), since a sensitive field's values are redacted
	// in changes.
	Update(ctx context.Context, env string, r desired.Resource, live Live, changes []drift.FieldChange) (Live, error)
	// Delete removes live. Never called for stateful resources.
	Delete(ctx context.Context, live Live) error
}
