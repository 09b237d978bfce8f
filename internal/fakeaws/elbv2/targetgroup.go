package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"
)

type targetGroup struct {
	seq     int
	shape   *v1.TargetGroup // LoadBalancerArns is derived, never stored
	attrs   map[string]string
	tags    tags
	targets map[string]*target // by "id:port"
}

type target struct {
	desc         *v1.TargetDescription
	registered   time.Time
	deregistered time.Time // zero while registered
}

// view is the target group as Describe shows it, with the load balancers
// whose listeners or rules forward to it.
func (s *Service) tgView(tg *targetGroup) *v1.TargetGroup {
	out := awsutil.CopyOf(tg.shape).(*v1.TargetGroup)
	out.LoadBalancerArns = aws.StringSlice(s.lbsUsing(aws.StringValue(tg.shape.TargetGroupArn)))
	return out
}

// lbsUsing lists, in creation order, the load balancers with a listener or
// rule that forwards to the target group.
func (s *Service) lbsUsing(tgARN string) []string {
	seen := map[string]bool{}
	for _, l := range s.sortedListeners() {
		used := forwardsTo(l.shape.DefaultActions, tgARN)
		for _, ru := range s.rules {
			used = used || (ru.listenerARN == aws.StringValue(l.shape.ListenerArn) && forwardsTo(ru.shape.Actions, tgARN))
		}
		if used {
			seen[l.lbARN] = true
		}
	}
	var out []string
	for _, lb := range s.sortedLBs() {
		if arn := aws.StringValue(lb.shape.LoadBalancerArn); seen[arn] {
			out = append(out, arn)
		}
	}
	return out
}

// forwardsTo tells whether any forward action names the target group.
func forwardsTo(actions []*v1.Action, tgARN string) bool {
	for _, a := range actions {
		if aws.StringValue(a.TargetGroupArn) == tgARN {
			return true
		}
		if a.ForwardConfig != nil {
			for _, t := range a.ForwardConfig.TargetGroups {
				if aws.StringValue(t.TargetGroupArn) == tgARN {
					return true
				}
			}
		}
	}
	return false
}

// tgDefaults fills the health check settings AWS fills when they are left
// out, per protocol and target type
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html).
func tgDefaults(tg *v1.TargetGroup) {
	setInt := func(p **int64, v int64) {
		if *p == nil {
			*p = aws.Int64(v)
		}
	}
	setStr := func(p **string, v string) {
		if *p == nil || **p == "" {
			*p = aws.String(v)
		}
	}
	if aws.StringValue(tg.TargetType) == v1.TargetTypeEnumLambda {
		if tg.HealthCheckEnabled == nil {
			tg.HealthCheckEnabled = aws.Bool(false)
		}
		setInt(&tg.HealthCheckIntervalSeconds, 35)
		setInt(&tg.HealthCheckTimeoutSeconds, 30)
		setInt(&tg.HealthyThresholdCount, 5)
		setInt(&tg.UnhealthyThresholdCount, 5)
		setStr(&tg.HealthCheckPath, "/")
		if tg.Matcher == nil {
			tg.Matcher = &v1.Matcher{HttpCode: aws.String("200")}
		}
		return
	}
	if tg.HealthCheckEnabled == nil {
		tg.HealthCheckEnabled = aws.Bool(true)
	}
	setStr(&tg.HealthCheckPort, "traffic-port")
	setInt(&tg.HealthCheckIntervalSeconds, 30)
	setInt(&tg.HealthyThresholdCount, 5)
	setInt(&tg.UnhealthyThresholdCount, 2)
	setStr(&tg.IpAddressType, v1.TargetGroupIpAddressTypeEnumIpv4)
	switch aws.StringValue(tg.Protocol) {
	case v1.ProtocolEnumHttp, v1.ProtocolEnumHttps:
		setStr(&tg.HealthCheckProtocol, v1.ProtocolEnumHttp)
		setStr(&tg.HealthCheckPath, "/")
		setStr(&tg.ProtocolVersion, "HTTP1")
		setInt(&tg.HealthCheckTimeoutSeconds, 5)
		if tg.Matcher == nil {
			tg.Matcher = &v1.Matcher{HttpCode: aws.String("200")}
		}
	default:
		setStr(&tg.HealthCheckProtocol, v1.ProtocolEnumTcp)
		setInt(&tg.HealthCheckTimeoutSeconds, 10)
	}
}

// checkHealth validates health check settings against AWS's ranges.
func checkHealth(tg *v1.TargetGroup) error {
	iv, to := aws.Int64Value(tg.HealthCheckIntervalSeconds), aws.Int64Value(tg.HealthCheckTimeoutSeconds)
	switch {
	case iv < 5 || iv > 300:
		return validation("Health check interval must be between 5 and 300 seconds")
	case to < 2 || to > 120:
		return validation("Health check timeout must be between 2 and 120 seconds")
	case to >= iv:
		return validation("Health check timeout '%d' must be smaller than the interval '%d'", to, iv)
	}
	for _, c := range []*int64{tg.HealthyThresholdCount, tg.UnhealthyThresholdCount} {
		if n := aws.Int64Value(c); n < 2 || n > 10 {
			return validation("Health check thresholds must be between 2 and 10")
		}
	}
	if p := aws.StringValue(tg.HealthCheckPath); p != "" && p[0] != '/' {
		return validation("Health check path must begin with a '/' character")
	}
	return nil
}
