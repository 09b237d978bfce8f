package network

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired"
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
type vpcKind struct{ api vpcAPI }

// dnsDefaults are AWS's values for a new VPC; Create modifies only the
// attributes the file sets otherwise.
var dnsDefaults = []struct {
	attr string
	def  bool
}{{"enable_dns_support", true}, {"enable_dns_hostnames", false}}

func (k vpcKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	pages := ec2.NewDescribeVpcsPaginator(k.api, &ec2.DescribeVpcsInput{Filters: envFilter(id)})
	return observeAll(ctx, id, "vpcs", pages,
		func(p *ec2.DescribeVpcsOutput) []types.Vpc { return p.Vpcs },
		func(v types.Vpc) []types.Tag { return v.Tags }, k.vpcLive)
}

// vpcLive maps a VPC. The DNS attributes are not in DescribeVpcs: two more
// calls per VPC. An environment has one VPC, so this stays constant.
func (k vpcKind) vpcLive(ctx context.Context, v types.Vpc) (reconcile.Live, bool, error) {
	fields, err := k.dnsAttributes(ctx, aws.ToString(v.VpcId))
	if err != nil {
		return reconcile.Live{}, false, err
	}
	fields["cidr_block"] = aws.ToString(v.CidrBlock)
	fields["tags"] = observedTags(v.Tags)
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
		"enable_dns_support":   support != nil && aws.ToBool(support.Value),
		"enable_dns_hostnames": hostnames != nil && aws.ToBool(hostnames.Value),
	}, nil
}

func (k vpcKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	cidr, err := str(r.Fields, "cidr_block")
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create vpc %s: %w", r.Address, err)
	}
	tags, err := desiredTags(id, r)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create vpc %s: %w", r.Address, err)
	}
	// CreateVpc takes no ClientToken: noRetry leaves a timed-out create to
	// the engine, which observes by tag before trying again.
	res, err := k.api.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr), TagSpecifications: tagSpec(types.ResourceTypeVpc, tags)}, noRetry)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create vpc %s: %w", r.Address, err)
	}
	v := res.Vpc
	live := reconcile.Live{Address: r.Address, ID: aws.ToString(v.VpcId), Ready: v.State == types.VpcStateAvailable, Status: string(v.State),
		Fields: map[string]any{"cidr_block": cidr, "tags": tagsOf(tags)}}
	for _, d := range dnsDefaults {
		live.Fields[d.attr] = d.def
		want := d.def
		if _, set := r.Fields[d.attr]; set {
			if want, err = boolean(r.Fields, d.attr); err != nil {
				return live, fmt.Errorf("create vpc %s: %w", r.Address, err)
			}
		}
		if want == d.def {
			continue
		}
		if err := k.modify(ctx, live.ID, d.attr, want); err != nil {
			return live, fmt.Errorf("create vpc %s: %w", r.Address, err)
		}
		live.Fields[d.attr] = want
	}
	return live, nil
}

// modify sets one DNS attribute: ModifyVpcAttribute takes one per call.
func (k vpcKind) modify(ctx context.Context, id, attr string, v bool) error {
	in := &ec2.ModifyVpcAttributeInput{VpcId: aws.String(id)}
	val := &types.AttributeBooleanValue{Value: aws.Bool(v)}
	switch attr {
	case "enable_dns_support":
		in.EnableDnsSupport = val
	case "enable_dns_hostnames":
		in.EnableDnsHostnames = val
	}
	if _, err := k.api.ModifyVpcAttribute(ctx, in); err != nil {
		return fmt.Errorf("modify %s: %w", attr, err)
	}
	return nil
}

func (k vpcKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	fields := changed(delta)
	for f := range fields {
		var err error
		switch f {
		case "enable_dns_support", "enable_dns_hostnames":
			var want bool
			if want, err = boolean(r.Fields, f); err == nil {
				err = k.modify(ctx, live.ID, f, want)
			}
		case "tags":
			err = syncTags(ctx, k.api, live.ID, delta)
		default:
			err = immutable(f)
		}
		if err != nil {
			return live, fmt.Errorf("update vpc %s: %w", r.Address, err)
		}
	}
	return applied(id, r, live, fields)
}

func (k vpcKind) Delete(ctx context.Context, live reconcile.Live) error {
	if _, err := k.api.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(live.ID)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete vpc %s: %w", live.Address, err)
	}
	return nil
}
