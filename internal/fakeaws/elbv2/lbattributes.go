package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// albAttrs are the Application Load Balancer attributes and defaults of
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html
var albAttrs = map[string]attrSpec{
	"access_logs.s3.enabled":                                   boolAttr(false),
	"access_logs.s3.bucket":                                    stringAttr(""),
	"access_logs.s3.prefix":                                    stringAttr(""),
	"connection_logs.s3.enabled":                               boolAttr(false),
	"connection_logs.s3.bucket":                                stringAttr(""),
	"connection_logs.s3.prefix":                                stringAttr(""),
	"client_keep_alive.seconds":                                intAttr(3600, 60, 604800),
	"deletion_protection.enabled":                              boolAttr(false),
	"idle_timeout.timeout_seconds":                             intAttr(60, 1, 4000),
	"load_balancing.cross_zone.enabled":                        boolAttr(true),
	"routing.http.desync_mitigation_mode":                      enumAttr("defensive", "monitor", "strictest"),
	"routing.http.drop_invalid_header_fields.enabled":          boolAttr(false),
	"routing.http.preserve_host_header.enabled":                boolAttr(false),
	"routing.http.x_amzn_tls_version_and_cipher_suite.enabled": boolAttr(false),
	"routing.http.xff_client_port.enabled":                     boolAttr(false),
	"routing.http.xff_header_processing.mode":                  enumAttr("append", "preserve", "remove"),
	"routing.http2.enabled":                                    boolAttr(true),
	"waf.fail_open.enabled":                                    boolAttr(false),
	"zonal_shift.config.enabled":                               boolAttr(false),
	"ipv6.deny_all_igw_traffic":                                boolAttr(false),
	"health_check_logs.s3.enabled":                             boolAttr(false),
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancerAttributes.html
func (s *Service) describeLoadBalancerAttributes(r *core.Request) (any, error) {
	var in v1.DescribeLoadBalancerAttributesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, ok := s.lbs[aws.StringValue(in.LoadBalancerArn)]
	if !ok {
		return nil, lbNotFound()
	}
	return &v1.DescribeLoadBalancerAttributesOutput{Attributes: lbAttrList(lb.attrs)}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyLoadBalancerAttributes.html
func (s *Service) modifyLoadBalancerAttributes(r *core.Request) (any, error) {
	var in v1.ModifyLoadBalancerAttributesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Attributes) == 0 {
		return nil, validation("Attributes must contain at least one attribute")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, ok := s.lbs[aws.StringValue(in.LoadBalancerArn)]
	if !ok {
		return nil, lbNotFound()
	}
	changes := make([]*v1.TargetGroupAttribute, len(in.Attributes))
	for i, a := range in.Attributes {
		changes[i] = &v1.TargetGroupAttribute{Key: a.Key, Value: a.Value}
	}
	if err := applyAttrs("Load balancer", albAttrs, lb.attrs, changes); err != nil {
		return nil, err
	}
	return &v1.ModifyLoadBalancerAttributesOutput{Attributes: lbAttrList(lb.attrs)}, nil
}

func lbAttrList(m map[string]string) []*v1.LoadBalancerAttribute {
	out := make([]*v1.LoadBalancerAttribute, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, &v1.LoadBalancerAttribute{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}
