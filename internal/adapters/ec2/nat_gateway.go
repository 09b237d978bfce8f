package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type natGatewayAPI interface {
	tagsAPI
	CreateNatGateway(ctx context.Context, in *ec2.CreateNatGatewayInput, optFns ...func(*ec2.Options)) (*ec2.CreateNatGatewayOutput, error)
	DescribeNatGateways(ctx context.Context, in *ec2.DescribeNatGatewaysInput, optFns ...func(*ec2.Options)) (*ec2.DescribeNatGatewaysOutput, error)
	DeleteNatGateway(ctx context.Context, in *ec2.DeleteNatGatewayInput, optFns ...func(*ec2.Options)) (*ec2.DeleteNatGatewayOutput, error)
}

// natGatewayKind manages ec2.nat_gateway: subnet_id*, allocation_id*,
// connectivity_type*, tags.
type natGatewayKind struct{ api natGatewayAPI }

// natGone: a gateway in these states stays visible for about an hour but
// will never carry traffic again, so it counts as absent.
func natGone(s types.NatGatewayState) bool {
	return s == types.NatGatewayStateDeleted || s == types.NatGatewayStateDeleting || s == types.NatGatewayStateFailed
}

var natF = names.NATGateway

func (k natGatewayKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	p := ec2.NewDescribeNatGatewaysPaginator(k.api, &ec2.DescribeNatGatewaysInput{Filter: envFilter(id)})
	return collect(ctx, id, "nat gateways", kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeNatGatewaysOutput) []types.NatGateway { return o.NatGateways }),
		func(g types.NatGateway) []types.Tag { return g.Tags },
		func(_ context.Context, g types.NatGateway) (reconcile.Live, bool, error) {
			return natLive(g), !natGone(g.State), nil
		})
}

func natLive(g types.NatGateway) reconcile.Live {
	var alloc, ip string
	for _, a := range g.NatGatewayAddresses {
		if alloc == "" || aws.ToBool(a.IsPrimary) {
			alloc, ip = aws.ToString(a.AllocationId), aws.ToString(a.PublicIp)
		}
	}
	return reconcile.Live{
		ID: aws.ToString(g.NatGatewayId),
		Fields: map[string]any{
			natF.SubnetID:         aws.ToString(g.SubnetId),
			natF.AllocationID:     alloc,
			natF.ConnectivityType: string(g.ConnectivityType),
			natF.Tags:             observedTags(g.Tags),
		},
		Attrs:  map[string]string{"public_ip": ip},
		Ready:  g.State == types.NatGatewayStateAvailable, // routes through it wait for this
		Status: string(g.State),
	}
}

// maxTokenReplays bounds how many dead gateways one Create walks past.
const maxTokenReplays = 5

// Create is idempotent through its ClientToken. A token AWS still remembers
// returns the gateway it first made, which may since have failed or been
// deleted; the next token is then derived from that dead gateway's ID, so
// a retry after a crash still lands on the same new gateway.
func (k natGatewayKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in := &ec2.CreateNatGatewayInput{}
	for _, f := range []struct {
		name string
		dst  **string
	}{{natF.SubnetID, &in.SubnetId}, {natF.AllocationID, &in.AllocationId}} {
		v, err := kit.String(r.Fields, f.name)
		if err != nil {
			return reconcile.Live{}, err
		}
		*f.dst = nonEmpty(v)
	}
	ct, err := kit.String(r.Fields, natF.ConnectivityType)
	if err != nil {
		return reconcile.Live{}, err
	}
	in.ConnectivityType = types.ConnectivityType(ct)
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	in.TagSpecifications = tagSpec(types.ResourceTypeNatgateway, tags)
	if err := k.addressFree(ctx, aws.ToString(in.AllocationId)); err != nil {
		return reconcile.Live{}, err
	}
	salt := ""
	for range maxTokenReplays {
		if in.ClientToken, err = tokenPtr(id, r, salt); err != nil {
			return reconcile.Live{}, err
		}
		res, err := k.api.CreateNatGateway(ctx, in)
		if err != nil {
			return reconcile.Live{}, err
		}
		if !natGone(res.NatGateway.State) {
			live := natLive(*res.NatGateway)
			live.Address = r.Address
			live.Fields[natF.Tags] = tagsOf(tags)
			return live, nil
		}
		salt = aws.ToString(res.NatGateway.NatGatewayId)
	}
	return reconcile.Live{}, fmt.Errorf("the last %d gateways made for it failed or were deleted", maxTokenReplays)
}

// addressFree reports, as a not-ready error, that the Elastic IP is still
// held by a NAT gateway being deleted (a person deleted the old one; it
// lets go of its address only once "deleted", minutes later). Creating now
// would make a gateway that AWS then fails with Resource.AlreadyAssociated,
// so the engine polls instead.
func (k natGatewayKind) addressFree(ctx context.Context, allocation string) error {
	out, err := k.api.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{
		Filter: []types.Filter{{Name: aws.String("state"), Values: []string{string(types.NatGatewayStateDeleting)}}},
	})
	if err != nil {
		return fmt.Errorf("check elastic IP %s: %w", allocation, err)
	}
	for _, g := range out.NatGateways {
		for _, a := range g.NatGatewayAddresses {
			if aws.ToString(a.AllocationId) == allocation {
				return reconcile.NotReady(fmt.Errorf("elastic IP %s is still held by NAT gateway %s, which is being deleted",
					allocation, aws.ToString(g.NatGatewayId)))
			}
		}
	}
	return nil
}

func tokenPtr(id desired.Identity, r desired.Resource, salt string) (*string, error) {
	t, err := clientToken(id, r, salt)
	return aws.String(t), err
}

// Update can change only tags: every other field of a NAT gateway is fixed
// at creation.
func (k natGatewayKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return kit.Steps{kit.On(tagStep(k.api), natF.Tags)}.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k natGatewayKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
