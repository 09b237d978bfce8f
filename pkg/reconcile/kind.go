package reconcile

import (
	"context"
	"time"

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
	// Failure, when set, says the resource reached a state it will not
	// leave by itself (a rollout that failed and rolled back, a one-off
	// task that exited non-zero): waiting for it to become ready ends at
	// once with this reason. Never a secret value.
	Failure string
	// NeedsPerson, when set, says the resource becomes ready only after a
	// person acts (a certificate waiting for its DNS validation record):
	// the daemon does not wait for it (ApplyOptions.NoWaitForPeople), it
	// reports this and blocks only the dependents.
	NeedsPerson string
	// Pending holds, by field, values AWS has accepted and will apply by
	// itself later (RDS changes waiting for the maintenance window): the
	// drift reports them as pending, not as changes to make.
	Pending map[string]any
	// Notes are facts for people (a certificate's validation CNAME, an
	// expiry, a secret with no value yet), carried into the report.
	Notes []string
	// CreatedAt is when the resource was made, when known (AWS's own
	// creation time, or the reconciler's created-at tag where AWS keeps
	// none); zero otherwise. It orders twins.
	CreatedAt time.Time
	// Twins are the other resources that claim the same address (a create
	// without an idempotency token made twice), younger than this one or
	// of unknown age: the adapter reports the oldest as the Live. See
	// TwinHealer.
	Twins []Twin
}

// Kind manages every resource of one AWS kind. It knows nothing of the
// graph; the engine knows nothing of AWS.
type Kind interface {
	// Observe reads every resource of the kind that carries the identity's
	// tags (project and environment) in one batched, tag-filtered read. A resource that
	// is gone or going (deleted, deleting) is absent from the map.
	Observe(ctx context.Context, id desired.Identity) (map[desired.Address]Live, error)
	// Create makes r, its refs already resolved, tagged in the create call.
	Create(ctx context.Context, id desired.Identity, r desired.Resource) (Live, error)
	// Update changes live in place so that the fields delta names match
	// r. Act on what delta says differs (never compare again); take the
	// values from r.Fields (refs resolved there), since a sensitive field's
	// values are redacted in delta.
	Update(ctx context.Context, id desired.Identity, r desired.Resource, live Live, delta drift.Delta) (Live, error)
	// Delete removes live. Never called for stateful resources.
	Delete(ctx context.Context, live Live) error
}

// Awaiter is implemented by a kind whose change is not done until AWS
// finishes it (an ECS service rolling out, a one-off task running): after
// creating or updating one, Apply waits for it to become Ready (or to
// report a Failure) even when nothing in scope depends on it.
type Awaiter interface {
	AwaitAfterChange() bool
}

func awaits(k Kind) bool {
	a, ok := k.(Awaiter)
	return ok && a.AwaitAfterChange()
}

// Refuser is implemented by a kind that knows changes AWS would refuse
// (a database's storage shrunk, its engine downgraded). For a resource
// that exists and differs, the engine asks it while planning: a non-empty
// reason makes the change drift.ActionRefused, so that diff shows the
// refusal with its reason and apply never calls the adapter for it. want
// has its refs resolved as far as they can be; delta is what differs.
// Refuse makes no call to AWS.
type Refuser interface {
	Refuse(want desired.Resource, live Live, delta drift.Delta) string
}

// refusal turns ch into a refused change when k refuses it.
func refusal(k Kind, want desired.Resource, live Live, ch drift.Change) drift.Change {
	rf, ok := k.(Refuser)
	if !ok || (ch.Action != drift.ActionUpdate && ch.Action != drift.ActionReplace) {
		return ch
	}
	if reason := rf.Refuse(want, live, ch.Fields); reason != "" {
		ch.Action, ch.Reason = drift.ActionRefused, reason
	}
	return ch
}
