package elbv2_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Health check settings left out are filled as AWS fills them for an HTTP
// target group.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
func TestTargetGroupHealthCheckDefaults(t *testing.T) {
	_, c, _ := start(t)
	tg := mustTG(t, c, "app")
	if !regexp.MustCompile(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/[0-9a-f]{16}$`).MatchString(*tg.TargetGroupArn) {
		t.Errorf("ARN = %s", *tg.TargetGroupArn)
	}
	if tg.TargetType != types.TargetTypeEnumIp || tg.HealthCheckProtocol != types.ProtocolEnumHttp ||
		aws.ToString(tg.HealthCheckPort) != "traffic-port" || aws.ToString(tg.HealthCheckPath) != "/" ||
		aws.ToInt32(tg.HealthCheckIntervalSeconds) != 30 || aws.ToInt32(tg.HealthCheckTimeoutSeconds) != 5 ||
		aws.ToInt32(tg.HealthyThresholdCount) != 5 || aws.ToInt32(tg.UnhealthyThresholdCount) != 2 ||
		tg.Matcher == nil || aws.ToString(tg.Matcher.HttpCode) != "200" || !aws.ToBool(tg.HealthCheckEnabled) {
		t.Errorf("defaults not as AWS fills them: %+v", tg)
	}
}

// Given health check settings are kept.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
func TestTargetGroupHealthCheckKept(t *testing.T) {
	_, c, _ := start(t)
	in := tgInput("app")
	in.HealthCheckPath, in.HealthCheckIntervalSeconds, in.Matcher = aws.String("/healthz"), aws.Int32(15), &types.Matcher{HttpCode: aws.String("200-299")}
	out, err := c.CreateTargetGroup(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	tg := out.TargetGroups[0]
	if *tg.HealthCheckPath != "/healthz" || *tg.HealthCheckIntervalSeconds != 15 || *tg.Matcher.HttpCode != "200-299" {
		t.Errorf("health check = %s %d %s", *tg.HealthCheckPath, *tg.HealthCheckIntervalSeconds, *tg.Matcher.HttpCode)
	}
}

// "If you attempt to create multiple target groups with the same settings,
// each call succeeds"; different settings are DuplicateTargetGroupName.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
func TestIdenticalTargetGroupCreateReturnsExisting(t *testing.T) {
	_, c, _ := start(t)
	first := mustTG(t, c, "app")
	again := mustTG(t, c, "app")
	if *again.TargetGroupArn != *first.TargetGroupArn {
		t.Errorf("identical create made %s, want %s", *again.TargetGroupArn, *first.TargetGroupArn)
	}
	in := tgInput("app")
	in.Port = aws.Int32(9090)
	_, err := c.CreateTargetGroup(t.Context(), in)
	wantCode(t, err, "DuplicateTargetGroupName")
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyTargetGroup.html
func TestModifyTargetGroupHealthCheck(t *testing.T) {
	_, c, _ := start(t)
	tg := mustTG(t, c, "app")
	out, err := c.ModifyTargetGroup(t.Context(), &elb.ModifyTargetGroupInput{TargetGroupArn: tg.TargetGroupArn, HealthCheckPath: aws.String("/ready"), HealthyThresholdCount: aws.Int32(3)})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.TargetGroups[0]; *got.HealthCheckPath != "/ready" || *got.HealthyThresholdCount != 3 || *got.HealthCheckIntervalSeconds != 30 {
		t.Errorf("after modify: %s %d %d", *got.HealthCheckPath, *got.HealthyThresholdCount, *got.HealthCheckIntervalSeconds)
	}
	_, err = c.ModifyTargetGroup(t.Context(), &elb.ModifyTargetGroupInput{TargetGroupArn: tg.TargetGroupArn, HealthCheckTimeoutSeconds: aws.Int32(60)})
	wantCode(t, err, "ValidationError")
	_, err = c.ModifyTargetGroup(t.Context(), &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(*tg.TargetGroupArn + "0")})
	wantCode(t, err, "TargetGroupNotFound")
}

// "You can delete a target group if it is not referenced by any actions."
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html
func TestDeleteTargetGroupInUse(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	l := mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn)
	_, err := c.DeleteTargetGroup(t.Context(), &elb.DeleteTargetGroupInput{TargetGroupArn: tg.TargetGroupArn})
	wantCode(t, err, "ResourceInUse")
	if _, err := c.DeleteListener(t.Context(), &elb.DeleteListenerInput{ListenerArn: l.ListenerArn}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteTargetGroup(t.Context(), &elb.DeleteTargetGroupInput{TargetGroupArn: tg.TargetGroupArn}); err != nil {
		t.Errorf("delete unused target group: %v", err)
	}
}

// The target group lists the load balancers that route to it.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroup.html
func TestTargetGroupLoadBalancerArns(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn)
	out, err := c.DescribeTargetGroups(t.Context(), &elb.DescribeTargetGroupsInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.TargetGroups) != 1 || len(out.TargetGroups[0].LoadBalancerArns) != 1 || out.TargetGroups[0].LoadBalancerArns[0] != *lb.LoadBalancerArn {
		t.Errorf("target groups = %+v", out.TargetGroups)
	}
	_, err = c.DescribeTargetGroups(t.Context(), &elb.DescribeTargetGroupsInput{Names: []string{"nope"}})
	wantCode(t, err, "TargetGroupNotFound")
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html
func TestTargetGroupAttributes(t *testing.T) {
	_, c, _ := start(t)
	tg := mustTG(t, c, "app")
	out, err := c.ModifyTargetGroupAttributes(t.Context(), &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: tg.TargetGroupArn,
		Attributes: []types.TargetGroupAttribute{{Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String("30")}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range out.Attributes {
		got[*a.Key] = *a.Value
	}
	if got["deregistration_delay.timeout_seconds"] != "30" || got["stickiness.enabled"] != "false" {
		t.Errorf("attributes = %v", got)
	}
	_, err = c.ModifyTargetGroupAttributes(t.Context(), &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: tg.TargetGroupArn,
		Attributes: []types.TargetGroupAttribute{{Key: aws.String("deregistration_delay"), Value: aws.String("30")}}})
	wantCode(t, err, "InvalidConfigurationRequest")
}

// Targets of a group in use are initial, then healthy; deregistered ones
// drain for the deregistration delay; those of an unused group are unused.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html
func TestTargetHealthLifecycle(t *testing.T) {
	srv, c, _ := start(t)
	tg := mustTG(t, c, "app")
	target := []types.TargetDescription{{Id: aws.String("10.0.1.5")}}
	if _, err := c.RegisterTargets(t.Context(), &elb.RegisterTargetsInput{TargetGroupArn: tg.TargetGroupArn, Targets: target}); err != nil {
		t.Fatal(err)
	}
	state := func() (string, string) {
		t.Helper()
		out, err := c.DescribeTargetHealth(t.Context(), &elb.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.TargetHealthDescriptions) == 0 {
			return "gone", ""
		}
		h := out.TargetHealthDescriptions[0]
		if aws.ToInt32(h.Target.Port) != 8080 {
			t.Errorf("target port = %d, want the group's 8080", aws.ToInt32(h.Target.Port))
		}
		return string(h.TargetHealth.State), string(h.TargetHealth.Reason)
	}
	if s, r := state(); s != "unused" || r != "Target.NotInUse" {
		t.Errorf("unused group: %s %s", s, r)
	}
	mustHTTPListener(t, c, *mustLB(t, c, "web").LoadBalancerArn, *tg.TargetGroupArn)
	if s, r := state(); s != "initial" || r != "Elb.RegistrationInProgress" {
		t.Errorf("just registered: %s %s", s, r)
	}
	srv.Clock().Advance(150 * time.Second) // 5 healthy checks, 30 s apart
	if s, _ := state(); s != "healthy" {
		t.Errorf("after the healthy threshold: %s", s)
	}
	if _, err := c.DeregisterTargets(t.Context(), &elb.DeregisterTargetsInput{TargetGroupArn: tg.TargetGroupArn, Targets: target}); err != nil {
		t.Fatal(err)
	}
	if s, r := state(); s != "draining" || r != "Target.DeregistrationInProgress" {
		t.Errorf("deregistered: %s %s", s, r)
	}
	srv.Clock().Advance(300 * time.Second)
	if s, _ := state(); s != "gone" {
		t.Errorf("after the deregistration delay: %s", s)
	}
	_, err := c.RegisterTargets(t.Context(), &elb.RegisterTargetsInput{TargetGroupArn: tg.TargetGroupArn, Targets: []types.TargetDescription{{Id: aws.String("i-123")}}})
	wantCode(t, err, "InvalidTarget")
}
