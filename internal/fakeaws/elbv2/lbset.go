package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSubnets.html
// "The specified subnets replace the previously enabled subnets"; an
// Application Load Balancer keeps needing two zones, and the subnets must
// stay in its VPC.
func (s *Service) setSubnets(r *core.Request) (any, error) {
	var in v1.SetSubnetsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	subnets := aws.StringValueSlice(in.Subnets)
	for _, m := range in.SubnetMappings {
		subnets = append(subnets, aws.StringValue(m.SubnetId))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, ok := s.lbs[aws.StringValue(in.LoadBalancerArn)]
	if !ok {
		return nil, lbNotFound()
	}
	azs, vpc, err := s.placement(r.Region, aws.StringValue(lb.shape.Type), subnets)
	if err != nil {
		return nil, err
	}
	if have := aws.StringValue(lb.shape.VpcId); vpc != "" && have != "" && vpc != have {
		return nil, core.BadRequest("InvalidSubnet", "The subnets must belong to the load balancer's VPC '%s'", have)
	}
	lb.shape.AvailabilityZones = azs
	return &v1.SetSubnetsOutput{AvailabilityZones: azs, IpAddressType: lb.shape.IpAddressType}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSecurityGroups.html
// "The specified security groups override the previously associated
// security groups"; each must exist in the load balancer's VPC
// (InvalidSecurityGroup).
func (s *Service) setSecurityGroups(r *core.Request) (any, error) {
	var in v1.SetSecurityGroupsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, ok := s.lbs[aws.StringValue(in.LoadBalancerArn)]
	if !ok {
		return nil, lbNotFound()
	}
	groups := aws.StringValueSlice(in.SecurityGroups)
	if err := s.checkGroups(groups, aws.StringValue(lb.shape.VpcId)); err != nil {
		return nil, err
	}
	lb.shape.SecurityGroups = aws.StringSlice(groups)
	return &v1.SetSecurityGroupsOutput{SecurityGroupIds: aws.StringSlice(groups)}, nil
}
