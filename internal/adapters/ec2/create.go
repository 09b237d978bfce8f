package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// createCall makes one resource with the tags given and answers its Live as
// the create's answer shows it (tags aside: create fills them in). It
// passes opts to the SDK call.
type createCall func(ctx context.Context, tags []types.TagSpecification, opts ...func(*ec2.Options)) (reconcile.Live, error)

// create is the EC2 create sequence of the kinds whose create takes no
// ClientToken (VPC, subnet, internet gateway, security group, Elastic IP):
//   - the identity tags, stamped with the creation time (kit.Stamp), go
//     into the create call itself (tagSpec), so that no crash leaves an
//     untagged, hence unfindable, resource behind;
//   - the call is made once (noRetry): a blind retry could make a second
//     resource, so a timed-out create goes back to the engine, which
//     observes by tag before it tries again;
//   - the new resource is settled against a twin another creator made at
//     the same time (twins.settle): the older of the two is kept.
//
// What the create call cannot set is left to the kind (an update of the
// new resource).
func (t twins) create(ctx context.Context, id desired.Identity, r desired.Resource, rt types.ResourceType, call createCall,
	observe func(context.Context, desired.Identity) (kit.Observation, error)) (reconcile.Live, error) {
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	now := t.now()
	live, err := call(ctx, tagSpec(rt, kit.Stamp(tags, now)), noRetry)
	if err != nil {
		return reconcile.Live{}, err
	}
	live.Address = r.Address
	// Every kind spells its tags field alike.
	live.Fields[names.VPC.Tags] = tagsOf(tags)
	return t.settle(ctx, id, live, now, observe), nil
}
