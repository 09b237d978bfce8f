package ec2

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type vpcAPI interface {
	tagsAPI
	CreateVpc(ctx context.Context, in *ec2.CreateVpcInput, optFns ...func(*ec2.Options)) (*ec2.CreateVpcOutput, error)
	DescribeVpcs(ctx context.Context, in *ec2.DescribeVpcsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error)
	DescribeVpcAttribute(ctx context.Context, in *ec2.DescribeVpcAttributeInput, optFns ...func(*ec2.Options)) (*ec2.DescribeVpcAttributeOutput, error)
	ModifyVpcAttribute(ctx context.Context, in *ec2.ModifyVpcAttributeInput, optFns ...func(*ec2.Options)) (*ec2.ModifyVpcAttributeOutput, error)
	DeleteVpc(ctx context.Context, in *ec2.DeleteVpcInput, optFns ...func(*ec2.Options)) (*ec2.DeleteVpcOutput, error)
}

// vpcKind manages ec2.vpc: cidr_block*, enable_dns_support,
// enable_dns_hostnames, tags.
type vpcKind struct {
	api vpcAPI
	tw  twins
}

var vpcF = names.VPC

// dnsDefaults are AWS's values for a new VPC, in the order Create sets
// them: support before hostnames, since AWS refuses hostnames without
// support.
var dnsDefaults = []struct {
	attr string
	def  bool
}{{vpcF.EnableDNSSupport, true}, {vpcF.EnableDNSHostnames, false}}

func (k vpcKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	p := ec2.NewDescribeVpcsPaginator(k.api, &ec2.DescribeVpcsInput{Filters: envFilter(id)})
	return collect(ctx, id, "vpcs", kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeVpcsOutput) []types.Vpc { return o.Vpcs }),
		func(v types.Vpc) []types.Tag { return v.Tags }, k.vpcLive)
}

// vpcLive maps a VPC. The DNS attributes are not in DescribeVpcs: two more
// calls per VPC. An environment has one VPC, so this stays constant.
func (k vpcKind) vpcLive(ctx context.Context, v types.Vpc) (reconcile.Live, bool, error) {
	fields, err := k.dnsAttributes(ctx, aws.ToString(v.VpcId))
	if isNotFound(err) {
		return reconcile.Live{}, false, nil // deleted since the listing (a twin healed)
	}
	if err != nil {
		return reconcile.Live{}, false, err
	}
	fields[vpcF.CIDRBlock] = aws.ToString(v.CidrBlock)
	fields[vpcF.Tags] = observedTags(v.Tags)
	return reconcile.Live{ID: aws.ToString(v.VpcId), Fields: fields, Ready: v.State == types.VpcStateAvailable, Status: string(v.State)}, true, nil
}

// dnsAttributes reads the two DNS attributes, which EC2 answers only one
// per call, at the same time: on a slow API they would otherwise be the
// longest chain of a whole pass (BENCHMARKS.md).
func (k vpcKind) dnsAttributes(ctx context.Context, id string) (map[string]any, error) {
	names := []types.VpcAttributeName{types.VpcAttributeNameEnableDnsSupport, types.VpcAttributeNameEnableDnsHostnames}
	outs := make([]*ec2.DescribeVpcAttributeOutput, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			outs[i], errs[i] = k.api.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(id), Attribute: name})
			if errs[i] != nil {
				errs[i] = fmt.Errorf("describe attribute %s: %w", name, errs[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	support, hostnames := outs[0].EnableDnsSupport, outs[1].EnableDnsHostnames
	return map[string]any{
		vpcF.EnableDNSSupport:   support != nil && aws.ToBool(support.Value),
		vpcF.EnableDNSHostnames: hostnames != nil && aws.ToBool(hostnames.Value),
	}, nil
}

func (k vpcKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	cidr, err := kit.String(r.Fields, vpcF.CIDRBlock)
	if err != nil {
		return reconcile.Live{}, err
	}
	live, err := k.tw.create(ctx, id, r, types.ResourceTypeVpc, func(ctx context.Context, tags []types.TagSpecification, opts ...func(*ec2.Options)) (reconcile.Live, error) {
		res, err := k.api.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr), TagSpecifications: tags}, opts...)
		if err != nil {
			return reconcile.Live{}, err
		}
		v := res.Vpc
		live := reconcile.Live{ID: aws.ToString(v.VpcId), Ready: v.State == types.VpcStateAvailable, Status: string(v.State),
			Fields: map[string]any{vpcF.CIDRBlock: cidr}}
		for _, d := range dnsDefaults {
			live.Fields[d.attr] = d.def
		}
		return live, nil
	}, k.Observe)
	if err != nil {
		return reconcile.Live{}, err
	}
	// What CreateVpc cannot set is an update of the new VPC.
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: kit.DeltaOf(r, live)})
}

// steps: DNS support before hostnames (AWS refuses hostnames without
// support), tags last.
func (k vpcKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.dnsStep(vpcF.EnableDNSSupport), vpcF.EnableDNSSupport),
		kit.On(k.dnsStep(vpcF.EnableDNSHostnames), vpcF.EnableDNSHostnames),
		kit.On(tagStep(k.api), vpcF.Tags),
	}
}

// dnsStep sets one DNS attribute: ModifyVpcAttribute takes one per call.
func (k vpcKind) dnsStep(attr string) func(context.Context, kit.Change) error {
	return func(ctx context.Context, c kit.Change) error {
		want, err := kit.Bool(c.Want.Fields, attr)
		if err != nil {
			return err
		}
		in := &ec2.ModifyVpcAttributeInput{VpcId: aws.String(c.Live.ID)}
		val := &types.AttributeBooleanValue{Value: aws.Bool(want)}
		if attr == vpcF.EnableDNSSupport {
			in.EnableDnsSupport = val
		} else {
			in.EnableDnsHostnames = val
		}
		if _, err := k.api.ModifyVpcAttribute(ctx, in); err != nil {
			return fmt.Errorf("modify %s: %w", attr, err)
		}
		return nil
	}
}

func (k vpcKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k vpcKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
