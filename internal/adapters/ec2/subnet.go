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

type subnetAPI interface {
	tagsAPI
	CreateSubnet(ctx context.Context, in *ec2.CreateSubnetInput, optFns ...func(*ec2.Options)) (*ec2.CreateSubnetOutput, error)
	DescribeSubnets(ctx context.Context, in *ec2.DescribeSubnetsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
	ModifySubnetAttribute(ctx context.Context, in *ec2.ModifySubnetAttributeInput, optFns ...func(*ec2.Options)) (*ec2.ModifySubnetAttributeOutput, error)
	DeleteSubnet(ctx context.Context, in *ec2.DeleteSubnetInput, optFns ...func(*ec2.Options)) (*ec2.DeleteSubnetOutput, error)
}

// subnetKind manages ec2.subnet: vpc_id*, cidr_block*, availability_zone*,
// map_public_ip_on_launch, tags.
type subnetKind struct {
	api subnetAPI
	tw  twins
}

var subnetF = names.Subnet

func (k subnetKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	p := ec2.NewDescribeSubnetsPaginator(k.api, &ec2.DescribeSubnetsInput{Filters: envFilter(id)})
	return collect(ctx, id, "subnets", kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSubnetsOutput) []types.Subnet { return o.Subnets }),
		func(s types.Subnet) []types.Tag { return s.Tags }, kit.Always(subnetLive))
}

func subnetLive(s types.Subnet) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(s.SubnetId),
		Fields: map[string]any{
			subnetF.VPCID:               aws.ToString(s.VpcId),
			subnetF.CIDRBlock:           aws.ToString(s.CidrBlock),
			subnetF.AvailabilityZone:    aws.ToString(s.AvailabilityZone),
			subnetF.MapPublicIPOnLaunch: aws.ToBool(s.MapPublicIpOnLaunch),
			subnetF.Tags:                observedTags(s.Tags),
		},
		Attrs:  map[string]string{"arn": aws.ToString(s.SubnetArn)},
		Ready:  s.State == types.SubnetStateAvailable,
		Status: string(s.State),
	}
}

func (k subnetKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in := &ec2.CreateSubnetInput{}
	for _, f := range []struct {
		name string
		dst  **string
	}{{subnetF.VPCID, &in.VpcId}, {subnetF.CIDRBlock, &in.CidrBlock}, {subnetF.AvailabilityZone, &in.AvailabilityZone}} {
		v, err := kit.String(r.Fields, f.name)
		if err != nil {
			return reconcile.Live{}, err
		}
		*f.dst = nonEmpty(v)
	}
	live, err := k.tw.create(ctx, id, r, types.ResourceTypeSubnet, func(ctx context.Context, tags []types.TagSpecification, opts ...func(*ec2.Options)) (reconcile.Live, error) {
		in.TagSpecifications = tags
		res, err := k.api.CreateSubnet(ctx, in, opts...)
		if err != nil {
			return reconcile.Live{}, err
		}
		return subnetLive(*res.Subnet), nil
	}, k.Observe)
	if err != nil {
		return reconcile.Live{}, err
	}
	// CreateSubnet cannot map public IPs; the rest is an update.
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: kit.DeltaOf(r, live)})
}

// steps: the attribute, then tags.
func (k subnetKind) steps() kit.Steps {
	return kit.Steps{kit.On(k.mapPublicIP, subnetF.MapPublicIPOnLaunch), kit.On(tagStep(k.api), subnetF.Tags)}
}

func (k subnetKind) mapPublicIP(ctx context.Context, c kit.Change) error {
	want, err := kit.Bool(c.Want.Fields, subnetF.MapPublicIPOnLaunch)
	if err != nil {
		return err
	}
	_, err = k.api.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{
		SubnetId: aws.String(c.Live.ID), MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(want)},
	})
	if err != nil {
		return fmt.Errorf("modify %s: %w", subnetF.MapPublicIPOnLaunch, err)
	}
	return nil
}

func (k subnetKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k subnetKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
