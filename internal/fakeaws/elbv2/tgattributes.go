package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strconv"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// tgAttrs are the attributes of instance and ip target groups behind an
// Application Load Balancer, with AWS's defaults
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html).
var tgAttrs = map[string]attrSpec{
	"deregistration_delay.timeout_seconds":                                           intAttr(300, 0, 3600),
	"stickiness.enabled":                                                             boolAttr(false),
	"stickiness.type":                                                                enumAttr("lb_cookie", "app_cookie"),
	"stickiness.lb_cookie.duration_seconds":                                          intAttr(86400, 1, 604800),
	"stickiness.app_cookie.cookie_name":                                              stringAttr(""),
	"stickiness.app_cookie.duration_seconds":                                         intAttr(86400, 1, 604800),
	"slow_start.duration_seconds":                                                    {def: "0", valid: slowStart},
	"load_balancing.algorithm.type":                                                  enumAttr("round_robin", "least_outstanding_requests", "weighted_random"),
	"load_balancing.algorithm.anomaly_mitigation":                                    enumAttr("off", "on"),
	"load_balancing.cross_zone.enabled":                                              enumAttr("use_load_balancer_configuration", "true", "false"),
	"target_group_health.dns_failover.minimum_healthy_targets.count":                 {def: "1", valid: countOrOff},
	"target_group_health.dns_failover.minimum_healthy_targets.percentage":            {def: "off", valid: percentOrOff},
	"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count":      {def: "1", valid: countOrOff},
	"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage": {def: "off", valid: percentOrOff},
}

// slowStart is 0 (off) or 30–900 seconds.
func slowStart(v string) bool {
	n, err := strconv.Atoi(v)
	return err == nil && (n == 0 || (n >= 30 && n <= 900))
}

func countOrOff(v string) bool {
	n, err := strconv.Atoi(v)
	return v == "off" || (err == nil && n >= 1)
}

func percentOrOff(v string) bool {
	n, err := strconv.Atoi(v)
	return v == "off" || (err == nil && n >= 1 && n <= 100)
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroupAttributes.html
func (s *Service) describeTargetGroupAttributes(r *core.Request) (any, error) {
	var in v1.DescribeTargetGroupAttributesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, ok := s.tgs[aws.StringValue(in.TargetGroupArn)]
	if !ok {
		return nil, tgNotFound()
	}
	return &v1.DescribeTargetGroupAttributesOutput{Attributes: tgAttrList(tg.attrs)}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyTargetGroupAttributes.html
func (s *Service) modifyTargetGroupAttributes(r *core.Request) (any, error) {
	var in v1.ModifyTargetGroupAttributesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Attributes) == 0 {
		return nil, validation("Attributes must contain at least one attribute")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, ok := s.tgs[aws.StringValue(in.TargetGroupArn)]
	if !ok {
		return nil, tgNotFound()
	}
	if err := applyAttrs("Target group", tgAttrs, tg.attrs, in.Attributes); err != nil {
		return nil, err
	}
	return &v1.ModifyTargetGroupAttributesOutput{Attributes: tgAttrList(tg.attrs)}, nil
}

func tgAttrList(m map[string]string) []*v1.TargetGroupAttribute {
	out := make([]*v1.TargetGroupAttribute, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, &v1.TargetGroupAttribute{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}
