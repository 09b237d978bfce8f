package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"reflect"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
// "If you attempt to create multiple target groups with the same settings,
// each call succeeds": an identical create answers the existing group; a
// different one with the same name is DuplicateTargetGroupName.
func (s *Service) createTargetGroup(r *core.Request) (any, error) {
	var in v1.CreateTargetGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	shape, err := newTargetGroupShape(&in)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := aws.StringValue(in.Name)
	for _, tg := range s.tgs {
		if aws.StringValue(tg.shape.TargetGroupName) != name {
			continue
		}
		if sameTargetGroup(tg.shape, shape) {
			return &v1.CreateTargetGroupOutput{TargetGroups: []*v1.TargetGroup{s.tgView(tg)}}, nil
		}
		return nil, core.BadRequest("DuplicateTargetGroupName", "A target group with the same name '%s' exists, but with different settings", name)
	}
	t, err := tags(nil).merged(in.Tags)
	if err != nil {
		return nil, err
	}
	shape.TargetGroupArn = aws.String(core.ARN("elasticloadbalancing", r.Region, "targetgroup/"+name+"/"+s.env.IDs.Hex(16)))
	tg := &targetGroup{seq: s.nextSeq(), shape: shape, attrs: defaults(tgAttrs), tags: t, targets: map[string]*target{}}
	s.tgs[*shape.TargetGroupArn] = tg
	return &v1.CreateTargetGroupOutput{TargetGroups: []*v1.TargetGroup{s.tgView(tg)}}, nil
}

// newTargetGroupShape validates the input and returns the group AWS would
// store, defaults filled.
func newTargetGroupShape(in *v1.CreateTargetGroupInput) (*v1.TargetGroup, error) {
	name := aws.StringValue(in.Name)
	if name == "" {
		return nil, core.MissingParameter("Name")
	}
	if !resourceName.MatchString(name) {
		return nil, validation("Target group name '%s' can only contain up to 32 alphanumeric characters or hyphens, and must not begin or end with a hyphen", name)
	}
	tg := &v1.TargetGroup{
		TargetGroupName: in.Name, Protocol: in.Protocol, ProtocolVersion: in.ProtocolVersion, Port: in.Port, VpcId: in.VpcId,
		TargetType:         aws.String(orDefault(in.TargetType, v1.TargetTypeEnumInstance)),
		HealthCheckEnabled: in.HealthCheckEnabled, HealthCheckProtocol: in.HealthCheckProtocol, HealthCheckPort: in.HealthCheckPort,
		HealthCheckPath: in.HealthCheckPath, HealthCheckIntervalSeconds: in.HealthCheckIntervalSeconds,
		HealthCheckTimeoutSeconds: in.HealthCheckTimeoutSeconds, HealthyThresholdCount: in.HealthyThresholdCount,
		UnhealthyThresholdCount: in.UnhealthyThresholdCount, Matcher: in.Matcher, IpAddressType: in.IpAddressType,
	}
	if aws.StringValue(tg.TargetType) != v1.TargetTypeEnumLambda {
		switch {
		case tg.Protocol == nil:
			return nil, validation("A protocol must be specified")
		case tg.Port == nil:
			return nil, validation("A port must be specified")
		case aws.StringValue(tg.VpcId) == "":
			return nil, validation("A VPC ID must be specified")
		case *tg.Port < 1 || *tg.Port > 65535:
			return nil, validation("Port must be between 1 and 65535")
		}
	}
	tgDefaults(tg)
	if err := checkHealth(tg); err != nil {
		return nil, err
	}
	return tg, nil
}

func sameTargetGroup(have, want *v1.TargetGroup) bool {
	a := awsutil.CopyOf(have).(*v1.TargetGroup)
	a.TargetGroupArn = nil
	return reflect.DeepEqual(a, want)
}
