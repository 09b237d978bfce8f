package elbv2_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/elbv2"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

const provisioning = 3 * time.Minute

func start(t *testing.T) (*fakeaws.Server, *elb.Client, *elbv2.Service) {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{LoadBalancer: provisioning}))
	svc, ok := srv.Service("elasticloadbalancing").(*elbv2.Service)
	if !ok {
		t.Fatal("elasticloadbalancing is not registered")
	}
	// Answer for EC2 and ACM, so the tests do not depend on which other
	// services are registered or on their state.
	elbv2.StubSubnets(svc, func(id string) (string, string, bool) {
		azs := map[string]string{"subnet-a": "us-east-1a", "subnet-b": "us-east-1b", "subnet-a2": "us-east-1a"}
		az, ok := azs[id]
		return az, "vpc-1", ok
	})
	elbv2.StubSecurityGroups(svc, func(id string) (string, bool) { return "vpc-1", id == "sg-1" })
	elbv2.StubCertificates(svc, func(arn string) (string, bool) {
		switch arn {
		case issuedCert:
			return "ISSUED", true
		case pendingCert:
			return "PENDING_VALIDATION", true
		}
		return "", false
	})
	return srv, elb.NewFromConfig(cfg), svc
}

const (
	issuedCert  = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-4111-a111-111111111111"
	pendingCert = "arn:aws:acm:us-east-1:123456789012:certificate/22222222-2222-4222-a222-222222222222"
)

// wantCode fails unless err is an API error with this code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("err = %v, want API error %s", err, code)
	}
	if api.ErrorCode() != code {
		t.Fatalf("error code = %s (%s), want %s", api.ErrorCode(), api.ErrorMessage(), code)
	}
}

func mustLB(t *testing.T, c *elb.Client, name string) types.LoadBalancer {
	t.Helper()
	out, err := c.CreateLoadBalancer(t.Context(), &elb.CreateLoadBalancerInput{
		Name: aws.String(name), Subnets: []string{"subnet-a", "subnet-b"}, SecurityGroups: []string{"sg-1"},
	})
	if err != nil {
		t.Fatalf("CreateLoadBalancer %s: %v", name, err)
	}
	return out.LoadBalancers[0]
}

func mustTG(t *testing.T, c *elb.Client, name string) types.TargetGroup {
	t.Helper()
	out, err := c.CreateTargetGroup(t.Context(), tgInput(name))
	if err != nil {
		t.Fatalf("CreateTargetGroup %s: %v", name, err)
	}
	return out.TargetGroups[0]
}

func tgInput(name string) *elb.CreateTargetGroupInput {
	return &elb.CreateTargetGroupInput{
		Name: aws.String(name), Protocol: types.ProtocolEnumHttp, Port: aws.Int32(8080),
		VpcId: aws.String("vpc-1"), TargetType: types.TargetTypeEnumIp,
	}
}

func forward(tgARN string) []types.Action {
	return []types.Action{{Type: types.ActionTypeEnumForward, TargetGroupArn: aws.String(tgARN)}}
}

func mustHTTPListener(t *testing.T, c *elb.Client, lbARN, tgARN string) types.Listener {
	t.Helper()
	out, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{
		LoadBalancerArn: aws.String(lbARN), Port: aws.Int32(80), Protocol: types.ProtocolEnumHttp, DefaultActions: forward(tgARN),
	})
	if err != nil {
		t.Fatalf("CreateListener: %v", err)
	}
	return out.Listeners[0]
}
