package elbv2

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type loadBalancerAPI interface {
	describeLoadBalancersAPI
	CreateLoadBalancer(ctx context.Context, in *elb.CreateLoadBalancerInput, optFns ...func(*elb.Options)) (*elb.CreateLoadBalancerOutput, error)
	DeleteLoadBalancer(ctx context.Context, in *elb.DeleteLoadBalancerInput, optFns ...func(*elb.Options)) (*elb.DeleteLoadBalancerOutput, error)
	DescribeLoadBalancerAttributes(ctx context.Context, in *elb.DescribeLoadBalancerAttributesInput, optFns ...func(*elb.Options)) (*elb.DescribeLoadBalancerAttributesOutput, error)
	ModifyLoadBalancerAttributes(ctx context.Context, in *elb.ModifyLoadBalancerAttributesInput, optFns ...func(*elb.Options)) (*elb.ModifyLoadBalancerAttributesOutput, error)
	SetSubnets(ctx context.Context, in *elb.SetSubnetsInput, optFns ...func(*elb.Options)) (*elb.SetSubnetsOutput, error)
	SetSecurityGroups(ctx context.Context, in *elb.SetSecurityGroupsInput, optFns ...func(*elb.Options)) (*elb.SetSecurityGroupsOutput, error)
}

// loadBalancerKind manages elbv2.load_balancer: name*, scheme*, type*,
// subnets, security_groups, deletion_protection, idle_timeout, tags.
type loadBalancerKind struct {
	api   loadBalancerAPI
	reads *reads
}

var lbf = names.LoadBalancer

func (k loadBalancerKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	lbs, err := k.reads.loadBalancerList(ctx, k.api)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "load balancers", kit.Items(lbs.items),
		byARN(lbs.tags, func(lb types.LoadBalancer) *string { return lb.LoadBalancerArn }),
		func(ctx context.Context, lb types.LoadBalancer) (reconcile.Live, bool, error) {
			attrs, err := k.attributes(ctx, aws.ToString(lb.LoadBalancerArn))
			if err != nil {
				return reconcile.Live{}, false, err
			}
			return lbLive(lb, attrs, lbs.tags[aws.ToString(lb.LoadBalancerArn)]), true, nil
		})
}

// attributes reads one load balancer's attributes: the API has no batched
// read of them, so this is one call per claimed load balancer.
func (k loadBalancerKind) attributes(ctx context.Context, arn string) (map[string]string, error) {
	res, err := k.api.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("describe attributes: %w", err)
	}
	out := make(map[string]string, len(res.Attributes))
	for _, a := range res.Attributes {
		out[aws.ToString(a.Key)] = aws.ToString(a.Value)
	}
	return out, nil
}

func lbLive(lb types.LoadBalancer, attrs, tags map[string]string) reconcile.Live {
	subnets := desired.Set{}
	for _, az := range lb.AvailabilityZones {
		subnets = append(subnets, aws.ToString(az.SubnetId))
	}
	live := reconcile.Live{
		ID: aws.ToString(lb.LoadBalancerArn),
		Fields: map[string]any{
			lbf.Name:               aws.ToString(lb.LoadBalancerName),
			lbf.Scheme:             string(lb.Scheme),
			lbf.Type:               string(lb.Type),
			lbf.Subnets:            subnets,
			lbf.SecurityGroups:     stringSet(lb.SecurityGroups),
			lbf.DeletionProtection: attrs[attrDeletionProtection] == "true",
			lbf.IdleTimeout:        atoi(attrs[attrIdleTimeout]),
			tagsField:              kit.Observed(tags),
		},
		Attrs: map[string]string{
			"arn": aws.ToString(lb.LoadBalancerArn), "dns_name": aws.ToString(lb.DNSName),
			"zone_id": aws.ToString(lb.CanonicalHostedZoneId),
		},
	}
	if lb.State != nil {
		live.Status = string(lb.State.Code)
		live.Ready = lb.State.Code == types.LoadBalancerStateEnumActive
		if lb.State.Code == types.LoadBalancerStateEnumFailed {
			live.Failure = "load balancer failed: " + aws.ToString(lb.State.Reason)
		}
	}
	return live
}

func (k loadBalancerKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in, err := createLoadBalancerInput(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	// CreateLoadBalancer is idempotent by name: the same settings answer
	// the existing load balancer, so the SDK's retries cannot make twins.
	res, err := k.api.CreateLoadBalancer(ctx, in)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create load balancer: %w", err)
	}
	if len(res.LoadBalancers) != 1 {
		return reconcile.Live{}, fmt.Errorf("create load balancer: AWS answered %d load balancers", len(res.LoadBalancers))
	}
	lb := res.LoadBalancers[0]
	live := lbLive(lb, nil, nil)
	c := kit.Change{ID: id, Want: r, Live: live}
	// Attributes cannot be given at create: set both, whatever AWS's
	// defaults, in one call.
	if err := k.setAttributes(ctx, c); err != nil {
		return live, err
	}
	return kit.Applied(id, r, live, []string{lbf.DeletionProtection, lbf.IdleTimeout, tagsField})
}

func createLoadBalancerInput(id desired.Identity, r desired.Resource) (*elb.CreateLoadBalancerInput, error) {
	name, err1 := kit.String(r.Fields, lbf.Name)
	scheme, err2 := kit.String(r.Fields, lbf.Scheme)
	typ, err3 := kit.String(r.Fields, lbf.Type)
	subnets, err4 := kit.Strings(r.Fields, lbf.Subnets)
	groups, err5 := kit.Strings(r.Fields, lbf.SecurityGroups)
	tags, err6 := kit.Tags(id, r)
	if err := firstErr(err1, err2, err3, err4, err5, err6); err != nil {
		return nil, err
	}
	return &elb.CreateLoadBalancerInput{
		Name: aws.String(name), Scheme: types.LoadBalancerSchemeEnum(scheme), Type: types.LoadBalancerTypeEnum(typ),
		Subnets: sorted(subnets), SecurityGroups: sorted(groups), Tags: sdkTags(tags),
	}, nil
}

func (k loadBalancerKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k loadBalancerKind) Delete(ctx context.Context, live reconcile.Live) error {
	// Deletion protection is honoured: AWS answers OperationNotPermitted,
	// which is terminal; turning it off is for a person or the file.
	_, err := k.api.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete load balancer: %w", err)
	}
	return nil
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
