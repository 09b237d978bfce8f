package ecs_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// targetGroup creates an IP target group in vpc and returns its ARN.
func (h *harness) targetGroup(t *testing.T, vpc, name string) string {
	t.Helper()
	tg, err := elbv2.NewFromConfig(h.cfg).CreateTargetGroup(t.Context(), &elbv2.CreateTargetGroupInput{
		Name: aws.String(name), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80), VpcId: aws.String(vpc), TargetType: elbtypes.TargetTypeEnumIp})
	if err != nil {
		t.Fatalf("CreateTargetGroup: %v", err)
	}
	return aws.ToString(tg.TargetGroups[0].TargetGroupArn)
}

// listenTo puts tgARN behind a new load balancer's HTTP listener (a second
// subnet in another zone: an ALB needs two).
func (h *harness) listenTo(t *testing.T, vpc, subnet, sg, tgARN string) {
	t.Helper()
	s2, err := ec2.NewFromConfig(h.cfg).CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.2.0/24"), AvailabilityZone: aws.String("us-east-1b")})
	if err != nil {
		t.Fatalf("CreateSubnet: %v", err)
	}
	c := elbv2.NewFromConfig(h.cfg)
	lb, err := c.CreateLoadBalancer(t.Context(), &elbv2.CreateLoadBalancerInput{Name: aws.String("web"), Subnets: []string{subnet, aws.ToString(s2.Subnet.SubnetId)}, SecurityGroups: []string{sg}})
	if err != nil {
		t.Fatalf("CreateLoadBalancer: %v", err)
	}
	_, err = c.CreateListener(t.Context(), &elbv2.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgARN)}}})
	if err != nil {
		t.Fatalf("CreateListener: %v", err)
	}
}

// A service whose target group no load balancer uses is refused, on
// create and on an update that gives it; once a listener forwards to the
// group, both succeed.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-load-balancers.html
func TestServiceTargetGroupNeedsALoadBalancer(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	vpc, subnet, sg := h.network(t)
	tg := h.targetGroup(t, vpc, "web")
	if _, err := h.ecs.RegisterTaskDefinition(t.Context(), fargateInput("web")); err != nil {
		t.Fatal(err)
	}
	in := func() *ecs.CreateServiceInput {
		return &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String("web"), DesiredCount: aws.Int32(1),
			LaunchType: types.LaunchTypeFargate, NetworkConfiguration: awsvpc(subnet, sg),
			LoadBalancers: []types.LoadBalancer{{TargetGroupArn: aws.String(tg), ContainerName: aws.String("web"), ContainerPort: aws.Int32(80)}}}
	}
	_, err := h.ecs.CreateService(t.Context(), in())
	var ipe *types.InvalidParameterException
	if !errors.As(err, &ipe) || !strings.Contains(ipe.ErrorMessage(), "The target group with targetGroupArn "+tg+" does not have an associated load balancer.") {
		t.Fatalf("CreateService with an unused target group: %v, want InvalidParameterException naming it", err)
	}

	// A service without a load balancer, then an update that gives it one.
	plain := in()
	plain.LoadBalancers = nil
	if _, err := h.ecs.CreateService(t.Context(), plain); err != nil {
		t.Fatalf("CreateService without a load balancer: %v", err)
	}
	update := &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"),
		LoadBalancers: []types.LoadBalancer{{TargetGroupArn: aws.String(tg), ContainerName: aws.String("web"), ContainerPort: aws.Int32(80)}}}
	if _, err := h.ecs.UpdateService(t.Context(), update); !errors.As(err, &ipe) || !strings.Contains(ipe.ErrorMessage(), "does not have an associated load balancer") {
		t.Fatalf("UpdateService to an unused target group: %v, want InvalidParameterException", err)
	}
	h.listenTo(t, vpc, subnet, sg, tg)
	if _, err := h.ecs.UpdateService(t.Context(), update); err != nil {
		t.Fatalf("UpdateService once a listener forwards to the group: %v", err)
	}
	if got := h.describe(t, "prod", "web").LoadBalancers; len(got) != 1 || aws.ToString(got[0].TargetGroupArn) != tg {
		t.Errorf("load balancers after the update: %+v", got)
	}
}
