package network

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type subnetAPI interface {
	tagsAPI
	CreateSubnet(ctx context.Context, in *ec2.CreateSubnetInput, optFns ...func(*ec2.Options)) (*ec2.CreateSubnetOutput, error)
	DescribeSubnets(ctx context.Context, in *ec2.DescribeSubnetsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
	ModifySubnetAttribute(ctx context.Context, in *ec2.ModifySubnetAttributeInput, optFns ...func(*ec2.Options)) (*ec2.ModifySubnetAttributeOutput, error)
	DeleteSubnet(ctx context.Context, in *ec2.DeleteSubnetInput, optFns ...func(*ec2.Options)) (*ec2.DeleteSubnetOutput, error)
}

// subnetKind manages ec2.subnet: vpc_id*, cidr_block*, availability_zone*,
// map_public_ip_on_launch, tags.
type subnetKind struct{ api subnetAPI }

func (k subnetKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	pages := ec2.NewDescribeSubnetsPaginator(k.api, &ec2.DescribeSubnetsInput{Filters: envFilter(id)})
	return observeAll(ctx, id, "subnets", pages,
		func(p *ec2.DescribeSubnetsOutput) []types.Subnet { return p.Subnets },
		func(s types.Subnet) []types.Tag { return s.Tags }, always(subnetLive))
}

func subnetLive(s types.Subnet) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(s.SubnetId),
		Fields: map[string]any{
			"vpc_id":                  aws.ToString(s.VpcId),
			"cidr_block":              aws.ToString(s.CidrBlock),
			"availability_zone":       aws.ToString(s.AvailabilityZone),
			"map_public_ip_on_launch": aws.ToBool(s.MapPublicIpOnLaunch),
			"tags":                    observedTags(s.Tags),
		},
		Attrs:  map[string]string{"arn": aws.ToString(s.SubnetArn)},
		Ready:  s.State == types.SubnetStateAvailable,
		Status: string(s.State),
	}
}

func (k subnetKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	live, err := k.create(ctx, id, r)
	if err != nil {
		return live, fmt.Errorf("create subnet %s: %w", r.Address, err)
	}
	return live, nil
}

func (k subnetKind) create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in := &ec2.CreateSubnetInput{}
	for key, dst := range map[string]**string{"vpc_id": &in.VpcId, "cidr_block": &in.CidrBlock, "availability_zone": &in.AvailabilityZone} {
		v, err := str(r.Fields, key)
		if err != nil {
			return reconcile.Live{}, err
		}
		*dst = nonEmpty(v)
	}
	public, err := boolean(r.Fields, "map_public_ip_on_launch")
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := desiredTags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	in.TagSpecifications = tagSpec(types.ResourceTypeSubnet, tags)
	// No ClientToken in CreateSubnet: see noRetry.
	res, err := k.api.CreateSubnet(ctx, in, noRetry)
	if err != nil {
		return reconcile.Live{}, err
	}
	live := subnetLive(*res.Subnet)
	live.Address = r.Address
	live.Fields["tags"] = tagsOf(tags)
	if public { // CreateSubnet cannot set it; AWS's default is false
		if err := k.mapPublicIP(ctx, live.ID, true); err != nil {
			return live, err
		}
		live.Fields["map_public_ip_on_launch"] = true
	}
	return live, nil
}

func (k subnetKind) mapPublicIP(ctx context.Context, id string, v bool) error {
	_, err := k.api.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{
		SubnetId: aws.String(id), MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(v)},
	})
	if err != nil {
		return fmt.Errorf("modify map_public_ip_on_launch: %w", err)
	}
	return nil
}

func (k subnetKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	fields := changed(delta)
	for f := range fields {
		var err error
		switch f {
		case "map_public_ip_on_launch":
			var want bool
			if want, err = boolean(r.Fields, f); err == nil {
				err = k.mapPublicIP(ctx, live.ID, want)
			}
		case "tags":
			err = syncTags(ctx, k.api, live.ID, delta)
		default:
			err = immutable(f)
		}
		if err != nil {
			return live, fmt.Errorf("update subnet %s: %w", r.Address, err)
		}
	}
	return applied(id, r, live, fields)
}

func (k subnetKind) Delete(ctx context.Context, live reconcile.Live) error {
	if _, err := k.api.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(live.ID)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete subnet %s: %w", live.Address, err)
	}
	return nil
}
