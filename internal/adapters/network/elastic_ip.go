package network

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
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
type elasticIPKind struct{ api elasticIPAPI }

func (k elasticIPKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	// DescribeAddresses is not paginated: one call returns every address.
	res, err := k.api.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: envFilter(id)})
	if err != nil {
		return nil, fmt.Errorf("describe addresses: %w", err)
	}
	out := map[desired.Address]reconcile.Live{}
	for _, a := range res.Addresses {
		if addr := kit.Claim(id, tagMap(a.Tags)); addr != "" {
			if err := kit.Put(out, addr, addressLive(a.AllocationId, a.PublicIp, a.Domain, observedTags(a.Tags))); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// addressLive: an allocated address is ready at once.
func addressLive(id, ip *string, domain types.DomainType, tags map[string]any) reconcile.Live {
	return reconcile.Live{
		ID:     aws.ToString(id),
		Fields: map[string]any{"domain": string(domain), "tags": tags},
		Attrs:  map[string]string{"public_ip": aws.ToString(ip)},
		Ready:  true,
		Status: "allocated",
	}
}

func (k elasticIPKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	domain, err := str(r.Fields, "domain")
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create elastic ip %s: %w", r.Address, err)
	}
	if domain == "" {
		domain = string(types.DomainTypeVpc)
	}
	tags, err := desiredTags(id, r)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create elastic ip %s: %w", r.Address, err)
	}
	// No ClientToken in AllocateAddress: see noRetry.
	res, err := k.api.AllocateAddress(ctx, &ec2.AllocateAddressInput{
		Domain:            types.DomainType(domain),
		TagSpecifications: tagSpec(types.ResourceTypeElasticIp, tags),
	}, noRetry)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create elastic ip %s: %w", r.Address, err)
	}
	live := addressLive(res.AllocationId, res.PublicIp, res.Domain, tagsOf(tags))
	live.Address = r.Address
	return live, nil
}

func (k elasticIPKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	fields := changed(delta)
	for f := range fields {
		err := immutable(f)
		if f == "tags" {
			err = syncTags(ctx, k.api, live.ID, delta)
		}
		if err != nil {
			return live, fmt.Errorf("update elastic ip %s: %w", r.Address, err)
		}
	}
	return applied(id, r, live, fields)
}

func (k elasticIPKind) Delete(ctx context.Context, live reconcile.Live) error {
	if _, err := k.api.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(live.ID)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete elastic ip %s: %w", live.Address, err)
	}
	return nil
}
