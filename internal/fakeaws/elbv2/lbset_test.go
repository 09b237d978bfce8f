package elbv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSecurityGroups.html
// (Errors: LoadBalancerNotFound, InvalidSecurityGroup)
func TestSetSecurityGroups(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	out, err := c.SetSecurityGroups(t.Context(), &elb.SetSecurityGroupsInput{LoadBalancerArn: lb.LoadBalancerArn, SecurityGroups: []string{}})
	if err != nil || len(out.SecurityGroupIds) != 0 {
		t.Fatalf("SetSecurityGroups to none: %+v, %v", out, err)
	}
	if got := describeLB(t, c, lb.LoadBalancerArn).SecurityGroups; len(got) != 0 {
		t.Errorf("SecurityGroups = %v, want none", got)
	}
	_, err = c.SetSecurityGroups(t.Context(), &elb.SetSecurityGroupsInput{LoadBalancerArn: lb.LoadBalancerArn, SecurityGroups: []string{"sg-unknown"}})
	wantCode(t, err, "InvalidSecurityGroup")
	_, err = c.SetSecurityGroups(t.Context(), &elb.SetSecurityGroupsInput{LoadBalancerArn: aws.String(aws.ToString(lb.LoadBalancerArn) + "0"), SecurityGroups: []string{"sg-1"}})
	wantCode(t, err, "LoadBalancerNotFound")
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSubnets.html
// (Errors: SubnetNotFound, InvalidConfigurationRequest: one subnet per
// zone and, for an Application Load Balancer, at least two zones)
func TestSetSubnets(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	out, err := c.SetSubnets(t.Context(), &elb.SetSubnetsInput{LoadBalancerArn: lb.LoadBalancerArn, Subnets: []string{"subnet-a2", "subnet-b"}})
	if err != nil || len(out.AvailabilityZones) != 2 {
		t.Fatalf("SetSubnets: %+v, %v", out, err)
	}
	got := map[string]string{}
	for _, az := range describeLB(t, c, lb.LoadBalancerArn).AvailabilityZones {
		got[aws.ToString(az.ZoneName)] = aws.ToString(az.SubnetId)
	}
	if got["us-east-1a"] != "subnet-a2" || got["us-east-1b"] != "subnet-b" {
		t.Errorf("AvailabilityZones = %v, want 1a subnet-a2 and 1b subnet-b", got)
	}
	_, err = c.SetSubnets(t.Context(), &elb.SetSubnetsInput{LoadBalancerArn: lb.LoadBalancerArn, Subnets: []string{"subnet-a", "subnet-a2"}})
	wantCode(t, err, "InvalidConfigurationRequest")
	_, err = c.SetSubnets(t.Context(), &elb.SetSubnetsInput{LoadBalancerArn: lb.LoadBalancerArn, Subnets: []string{"subnet-a", "subnet-zz"}})
	wantCode(t, err, "SubnetNotFound")
}

func describeLB(t *testing.T, c *elb.Client, arn *string) types.LoadBalancer {
	t.Helper()
	out, err := c.DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{aws.ToString(arn)}})
	if err != nil || len(out.LoadBalancers) != 1 {
		t.Fatalf("DescribeLoadBalancers: %+v, %v", out, err)
	}
	return out.LoadBalancers[0]
}
