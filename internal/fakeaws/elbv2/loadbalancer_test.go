package elbv2_test

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerState.html
func TestLoadBalancerIsProvisioningThenActive(t *testing.T) {
	srv, c, _ := start(t)
	lb := mustLB(t, c, "web")
	if lb.State.Code != types.LoadBalancerStateEnumProvisioning {
		t.Errorf("state at create = %s, want provisioning", lb.State.Code)
	}
	if !regexp.MustCompile(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/[0-9a-f]{16}$`).MatchString(*lb.LoadBalancerArn) {
		t.Errorf("ARN = %s", *lb.LoadBalancerArn)
	}
	if !regexp.MustCompile(`^web-\d+\.us-east-1\.elb\.amazonaws\.com$`).MatchString(*lb.DNSName) {
		t.Errorf("DNSName = %s", *lb.DNSName)
	}
	if aws.ToString(lb.CanonicalHostedZoneId) != "Z35SXDOTRQ7X7K" || lb.Type != types.LoadBalancerTypeEnumApplication || lb.Scheme != types.LoadBalancerSchemeEnumInternetFacing {
		t.Errorf("zone/type/scheme = %v %s %s", aws.ToString(lb.CanonicalHostedZoneId), lb.Type, lb.Scheme)
	}
	srv.Clock().Advance(provisioning)
	out, err := c.DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{*lb.LoadBalancerArn}})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.LoadBalancers[0].State.Code; got != types.LoadBalancerStateEnumActive {
		t.Errorf("state after %s = %s, want active", provisioning, got)
	}
}

// AvailabilityZones come from the subnets' zones; an ALB needs two zones.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
func TestLoadBalancerZonesFromSubnets(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	got := map[string]string{}
	for _, az := range lb.AvailabilityZones {
		got[*az.SubnetId] = *az.ZoneName
	}
	if got["subnet-a"] != "us-east-1a" || got["subnet-b"] != "us-east-1b" || aws.ToString(lb.VpcId) != "vpc-1" {
		t.Errorf("zones = %v, vpc = %v", got, aws.ToString(lb.VpcId))
	}
	_, err := c.CreateLoadBalancer(t.Context(), &elb.CreateLoadBalancerInput{Name: aws.String("one-zone"), Subnets: []string{"subnet-a", "subnet-a2"}})
	if err == nil {
		t.Fatal("two subnets in one zone accepted")
	}
	_, err = c.CreateLoadBalancer(t.Context(), &elb.CreateLoadBalancerInput{Name: aws.String("ghost"), Subnets: []string{"subnet-a", "subnet-x"}})
	wantCode(t, err, "SubnetNotFound")
}

// Identical settings answer the existing load balancer; other settings
// under the same name are DuplicateLoadBalancerName.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
func TestCreateLoadBalancerIdempotentOrDuplicate(t *testing.T) {
	_, c, _ := start(t)
	first := mustLB(t, c, "web")
	again := mustLB(t, c, "web")
	if *again.LoadBalancerArn != *first.LoadBalancerArn {
		t.Errorf("identical create made %s, want %s", *again.LoadBalancerArn, *first.LoadBalancerArn)
	}
	_, err := c.CreateLoadBalancer(t.Context(), &elb.CreateLoadBalancerInput{
		Name: aws.String("web"), Subnets: []string{"subnet-a", "subnet-b"}, Scheme: types.LoadBalancerSchemeEnumInternal,
	})
	wantCode(t, err, "DuplicateLoadBalancerName")
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
func TestDescribeLoadBalancersNotFoundAndPaging(t *testing.T) {
	_, c, _ := start(t)
	for _, n := range []string{"a1", "a2", "a3"} {
		mustLB(t, c, n)
	}
	_, err := c.DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{Names: []string{"nope"}})
	wantCode(t, err, "LoadBalancerNotFound")
	var names []string
	p := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, lb := range out.LoadBalancers {
			names = append(names, *lb.LoadBalancerName)
		}
	}
	if pages != 2 || len(names) != 3 || names[0] != "a1" || names[2] != "a3" {
		t.Errorf("pages = %d, names = %v", pages, names)
	}
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html
// "You can't delete a load balancer if deletion protection is enabled."
func TestDeletionProtectionBlocksDelete(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	_, err := c.ModifyLoadBalancerAttributes(t.Context(), &elb.ModifyLoadBalancerAttributesInput{
		LoadBalancerArn: lb.LoadBalancerArn,
		Attributes:      []types.LoadBalancerAttribute{{Key: aws.String("deletion_protection.enabled"), Value: aws.String("true")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteLoadBalancer(t.Context(), &elb.DeleteLoadBalancerInput{LoadBalancerArn: lb.LoadBalancerArn})
	wantCode(t, err, "OperationNotPermitted")
}

// Deleting deletes the listeners; deleting a load balancer that is gone
// succeeds ("If the load balancer does not exist or has already been
// deleted, the call succeeds").
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html
func TestDeleteLoadBalancerCascadesAndIsIdempotent(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	l := mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn)
	for range 2 {
		if _, err := c.DeleteLoadBalancer(t.Context(), &elb.DeleteLoadBalancerInput{LoadBalancerArn: lb.LoadBalancerArn}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.DescribeListeners(t.Context(), &elb.DescribeListenersInput{ListenerArns: []string{*l.ListenerArn}})
	wantCode(t, err, "ListenerNotFound")
	// The target group is free again.
	if _, err := c.DeleteTargetGroup(t.Context(), &elb.DeleteTargetGroupInput{TargetGroupArn: tg.TargetGroupArn}); err != nil {
		t.Errorf("DeleteTargetGroup after its load balancer: %v", err)
	}
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html
func TestLoadBalancerAttributesDefaultsAndValidation(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	out, err := c.DescribeLoadBalancerAttributes(t.Context(), &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range out.Attributes {
		got[*a.Key] = *a.Value
	}
	if got["idle_timeout.timeout_seconds"] != "60" || got["deletion_protection.enabled"] != "false" || got["routing.http2.enabled"] != "true" {
		t.Errorf("defaults = %v", got)
	}
	for _, bad := range []types.LoadBalancerAttribute{
		{Key: aws.String("idle_timeout.seconds"), Value: aws.String("30")},
		{Key: aws.String("idle_timeout.timeout_seconds"), Value: aws.String("4001")},
	} {
		_, err := c.ModifyLoadBalancerAttributes(t.Context(), &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn, Attributes: []types.LoadBalancerAttribute{bad}})
		wantCode(t, err, "InvalidConfigurationRequest")
	}
	mod, err := c.ModifyLoadBalancerAttributes(t.Context(), &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn,
		Attributes: []types.LoadBalancerAttribute{{Key: aws.String("idle_timeout.timeout_seconds"), Value: aws.String("120")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range mod.Attributes {
		if *a.Key == "idle_timeout.timeout_seconds" && *a.Value != "120" {
			t.Errorf("idle timeout = %s, want 120", *a.Value)
		}
	}
}
