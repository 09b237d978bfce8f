package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
func (s *Service) describeLoadBalancers(r *core.Request) (any, error) {
	var in v1.DescribeLoadBalancersInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Names) > 0 && len(in.LoadBalancerArns) > 0 {
		return nil, validation("Load balancer names and load balancer ARNs cannot be specified at the same time")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*loadBalancer
	switch {
	case len(in.LoadBalancerArns) > 0:
		for _, arn := range in.LoadBalancerArns {
			lb, ok := s.lbs[aws.StringValue(arn)]
			if !ok {
				return nil, lbNotFound()
			}
			found = append(found, lb)
		}
	case len(in.Names) > 0:
		for _, n := range in.Names {
			lb := s.lbByName(aws.StringValue(n))
			if lb == nil {
				return nil, core.NotFound("LoadBalancerNotFound", "Load balancers '[%s]' not found", aws.StringValue(n))
			}
			found = append(found, lb)
		}
	default:
		for _, lb := range s.lbs {
			found = append(found, lb)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].seq < found[j].seq })
	start, end, next, err := page(len(found), in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeLoadBalancersOutput{LoadBalancers: []*v1.LoadBalancer{}, NextMarker: next}
	for _, lb := range found[start:end] {
		out.LoadBalancers = append(out.LoadBalancers, lb.view(s.env))
	}
	return out, nil
}

func (s *Service) lbByName(name string) *loadBalancer {
	for _, lb := range s.lbs {
		if aws.StringValue(lb.shape.LoadBalancerName) == name {
			return lb
		}
	}
	return nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html
// Deleting also deletes the listeners and their rules; the target groups
// stay. A load balancer already gone is a success, as documented.
func (s *Service) deleteLoadBalancer(r *core.Request) (any, error) {
	var in v1.DeleteLoadBalancerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	arn := aws.StringValue(in.LoadBalancerArn)
	if arn == "" {
		return nil, core.MissingParameter("LoadBalancerArn")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, ok := s.lbs[arn]
	if !ok {
		return &v1.DeleteLoadBalancerOutput{}, nil
	}
	if lb.attrs["deletion_protection.enabled"] == "true" {
		return nil, notPermitted("Load balancer '%s' cannot be deleted because deletion protection is enabled", arn)
	}
	for larn, l := range s.listeners {
		if l.lbARN == arn {
			s.dropListener(larn)
		}
	}
	delete(s.lbs, arn)
	return &v1.DeleteLoadBalancerOutput{}, nil
}
