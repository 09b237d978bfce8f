package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type elasticIPAPI interface {
	tagsAPI
	AllocateAddress(ctx context.Context, in *ec2.AllocateAddressInput, optFns ...func(*ec2.Options)) (*ec2.AllocateAddressOutput, error)
	DescribeAddresses(ctx context.Context, in *ec2.DescribeAddressesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error)
	ReleaseAddress(ctx context.Context, in *ec2.ReleaseAddressInput, optFns ...func(*ec2.Options)) (*ec2.ReleaseAddressOutput, error)
}

// elasticIPKind manages ec2.elastic_ip: domain* ("vpc"), tags. Its ID is
// the allocation ID, which is what a NAT gateway names.
type elasticIPKind struct {
	api elasticIPAPI
	tw  twins
}

var eipF = names.ElasticIP

func (k elasticIPKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	// DescribeAddresses is not paginated: one call returns every address.
	res, err := k.api.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: envFilter(id)})
	if err != nil {
		return nil, err
	}
	return collect(ctx, id, "addresses", kit.Items(res.Addresses), func(a types.Address) []types.Tag { return a.Tags },
		kit.Always(func(a types.Address) reconcile.Live {
			return addressLive(a.AllocationId, a.PublicIp, a.Domain, observedTags(a.Tags))
		}))
}

// addressLive: an allocated address is ready at once.
func addressLive(id, ip *string, domain types.DomainType, tags map[string]any) reconcile.Live {
	return reconcile.Live{
		ID:     aws.ToString(id),
		Fields: map[string]any{eipF.Domain: string(domain), eipF.Tags: tags},
		Attrs:  map[string]string{"public_ip": aws.ToString(ip)},
		Ready:  true,
		Status: "allocated",
	}
}

func (k elasticIPKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	domain, err := kit.String(r.Fields, eipF.Domain)
	if err != nil {
		return reconcile.Live{}, err
	}
	if domain == "" {
		domain = string(types.DomainTypeVpc)
	}
	return k.tw.create(ctx, id, r, types.ResourceTypeElasticIp, func(ctx context.Context, tags []types.TagSpecification, opts ...func(*ec2.Options)) (reconcile.Live, error) {
		res, err := k.api.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainType(domain), TagSpecifications: tags}, opts...)
		if err != nil {
			return reconcile.Live{}, err
		}
		return addressLive(res.AllocationId, res.PublicIp, res.Domain, nil), nil
	}, k.Observe)
}

// Update can change only tags: an address's domain is fixed.
func (k elasticIPKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return kit.Steps{kit.On(tagStep(k.api), eipF.Tags)}.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k elasticIPKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
