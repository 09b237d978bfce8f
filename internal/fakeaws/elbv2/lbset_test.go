package elbv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSubnets.html
// The given subnets replace the enabled ones; an ALB needs two zones.
func TestSetSubnetsReplacesTheZones(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	arn := lb.LoadBalancerArn
	out, err := c.SetSubnets(t.Context(), &elb.SetSubnetsInput{LoadBalancerArn: arn, Subnets: []string{"subnet-a2", "subnet-b"}})
	if err != nil {
		t.Fatalf("SetSubnets: %v", err)
	}
	if len(out.AvailabilityZones) != 2 || aws.ToString(out.AvailabilityZones[0].SubnetId) != "subnet-a2" {
		t.Errorf("answered zones %+v", out.AvailabilityZones)
	}
	got, err := c.DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{*arn}})
	if err != nil {
		t.Fatal(err)
	}
	var subnets []string
	for _, az := range got.LoadBalancers[0].AvailabilityZones {
		subnets = append(subnets, aws.ToString(az.SubnetId))
	}
	if len(subnets) != 2 || subnets[0] != "subnet-a2" || subnets[1] != "subnet-b" {
		t.Errorf("described subnets %v, want [subnet-a2 subnet-b]", subnets)
	}
	_, err = c.SetSubnets(t.Context(), &elb.SetSubnetsInput{LoadBalancerArn: arn, Subnets: []string{"subnet-a"}})
	wantCode(t, err, "ValidationError")
	_, err = c.SetSubnets(t.Context(), &elb.SetSubnetsInput{LoadBalancerArn: aws.String(*arn + "0"), Subnets: []string{"subnet-a", "subnet-b"}})
	wantCode(t, err, "LoadBalancerNotFound")
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSecurityGroups.html
// The given groups override the associated ones; an unknown group is
// InvalidSecurityGroup and changes nothing.
func TestSetSecurityGroupsOverridesTheGroups(t *testing.T) {
	_, c, svc := start(t)
	lb := mustLB(t, c, "web")
	arn := lb.LoadBalancerArn
	_, err := c.SetSecurityGroups(t.Context(), &elb.SetSecurityGroupsInput{LoadBalancerArn: arn, SecurityGroups: []string{"sg-nope"}})
	wantCode(t, err, "InvalidSecurityGroup")
	elbv2StubGroups(svc, "sg-1", "sg-2")
	out, err := c.SetSecurityGroups(t.Context(), &elb.SetSecurityGroupsInput{LoadBalancerArn: arn, SecurityGroups: []string{"sg-2"}})
	if err != nil {
		t.Fatalf("SetSecurityGroups: %v", err)
	}
	if len(out.SecurityGroupIds) != 1 || out.SecurityGroupIds[0] != "sg-2" {
		t.Errorf("answered groups %v", out.SecurityGroupIds)
	}
	got, err := c.DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{*arn}})
	if err != nil {
		t.Fatal(err)
	}
	if g := got.LoadBalancers[0].SecurityGroups; len(g) != 1 || g[0] != "sg-2" {
		t.Errorf("described groups %v, want [sg-2]", g)
	}
}
