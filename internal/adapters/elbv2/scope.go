package elbv2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// tagsField is the field every kind has.
var tagsField = names.LoadBalancer.Tags

type describeLoadBalancersAPI interface {
	tagsAPI
	DescribeLoadBalancers(ctx context.Context, in *elb.DescribeLoadBalancersInput, optFns ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error)
}

// tagged is a listing with the tags of each item, by ARN.
type tagged[T any] struct {
	items []T
	tags  map[string]map[string]string
}

// listLoadBalancers reads every load balancer of the region with its tags.
func listLoadBalancers(ctx context.Context, api describeLoadBalancersAPI) (tagged[types.LoadBalancer], error) {
	var all []types.LoadBalancer
	p := elb.NewDescribeLoadBalancersPaginator(api, &elb.DescribeLoadBalancersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return tagged[types.LoadBalancer]{}, fmt.Errorf("list load balancers: %w", err)
		}
		all = append(all, page.LoadBalancers...)
	}
	arns := make([]string, len(all))
	for i, lb := range all {
		arns[i] = aws.ToString(lb.LoadBalancerArn)
	}
	tags, err := describeTags(ctx, api, arns)
	return tagged[types.LoadBalancer]{all, tags}, err
}

// loadBalancerList is listLoadBalancers, shared with the kinds that ask
// at the same time.
func (r *reads) loadBalancerList(ctx context.Context, api describeLoadBalancersAPI) (tagged[types.LoadBalancer], error) {
	return reconcile.Shared(ctx, "elasticloadbalancing:DescribeLoadBalancers", func(ctx context.Context) (tagged[types.LoadBalancer], error) {
		return r.loadBalancers.Do(ctx, "", func(ctx context.Context) (tagged[types.LoadBalancer], error) { return listLoadBalancers(ctx, api) })
	})
}

// claimedLoadBalancers are the ARNs of the load balancers the identity
// claims: the only ones whose listeners and rules are read.
func (r *reads) claimedLoadBalancers(ctx context.Context, api describeLoadBalancersAPI, id desired.Identity) ([]string, error) {
	lbs, err := r.loadBalancerList(ctx, api)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, lb := range lbs.items {
		if arn := aws.ToString(lb.LoadBalancerArn); kit.Claim(id, lbs.tags[arn]) != "" {
			out = append(out, arn)
		}
	}
	return out, nil
}

// byARN returns the tag lookup kit.Collect wants.
func byARN[T any](tags map[string]map[string]string, arn func(T) *string) func(T) map[string]string {
	return func(it T) map[string]string { return tags[aws.ToString(arn(it))] }
}
