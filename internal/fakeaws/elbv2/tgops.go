package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html
func (s *Service) describeTargetGroups(r *core.Request) (any, error) {
	var in v1.DescribeTargetGroupsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	given := 0
	for _, ok := range []bool{in.LoadBalancerArn != nil, len(in.TargetGroupArns) > 0, len(in.Names) > 0} {
		if ok {
			given++
		}
	}
	if given > 1 {
		return nil, validation("Specify only one of LoadBalancerArn, TargetGroupArns or Names")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	found, err := s.selectTargetGroups(&in)
	if err != nil {
		return nil, err
	}
	start, end, next, err := page(len(found), in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeTargetGroupsOutput{TargetGroups: []*v1.TargetGroup{}, NextMarker: next}
	for _, tg := range found[start:end] {
		out.TargetGroups = append(out.TargetGroups, s.tgView(tg))
	}
	return out, nil
}

func (s *Service) selectTargetGroups(in *v1.DescribeTargetGroupsInput) ([]*targetGroup, error) {
	var found []*targetGroup
	switch {
	case in.LoadBalancerArn != nil:
		if _, ok := s.lbs[*in.LoadBalancerArn]; !ok {
			return nil, lbNotFound()
		}
		for _, tg := range s.tgs {
			for _, lb := range s.lbsUsing(aws.StringValue(tg.shape.TargetGroupArn)) {
				if lb == *in.LoadBalancerArn {
					found = append(found, tg)
				}
			}
		}
	case len(in.TargetGroupArns) > 0:
		for _, arn := range in.TargetGroupArns {
			tg, ok := s.tgs[aws.StringValue(arn)]
			if !ok {
				return nil, tgNotFound()
			}
			found = append(found, tg)
		}
	case len(in.Names) > 0:
		for _, n := range in.Names {
			tg := s.tgByName(aws.StringValue(n))
			if tg == nil {
				return nil, core.NotFound("TargetGroupNotFound", "Target groups '[%s]' not found", aws.StringValue(n))
			}
			found = append(found, tg)
		}
	default:
		for _, tg := range s.tgs {
			found = append(found, tg)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].seq < found[j].seq })
	return found, nil
}

func (s *Service) tgByName(name string) *targetGroup {
	for _, tg := range s.tgs {
		if aws.StringValue(tg.shape.TargetGroupName) == name {
			return tg
		}
	}
	return nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyTargetGroup.html
// changes only the health check settings; a refused change changes nothing.
func (s *Service) modifyTargetGroup(r *core.Request) (any, error) {
	var in v1.ModifyTargetGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, ok := s.tgs[aws.StringValue(in.TargetGroupArn)]
	if !ok {
		return nil, tgNotFound()
	}
	next := *tg.shape
	set := func(dst **int64, v *int64) {
		if v != nil {
			*dst = v
		}
	}
	set(&next.HealthCheckIntervalSeconds, in.HealthCheckIntervalSeconds)
	set(&next.HealthCheckTimeoutSeconds, in.HealthCheckTimeoutSeconds)
	set(&next.HealthyThresholdCount, in.HealthyThresholdCount)
	set(&next.UnhealthyThresholdCount, in.UnhealthyThresholdCount)
	for dst, v := range map[**string]*string{&next.HealthCheckPath: in.HealthCheckPath, &next.HealthCheckPort: in.HealthCheckPort, &next.HealthCheckProtocol: in.HealthCheckProtocol} {
		if v != nil {
			*dst = v
		}
	}
	if in.HealthCheckEnabled != nil {
		next.HealthCheckEnabled = in.HealthCheckEnabled
	}
	if in.Matcher != nil {
		next.Matcher = in.Matcher
	}
	if err := checkHealth(&next); err != nil {
		return nil, err
	}
	*tg.shape = next
	return &v1.ModifyTargetGroupOutput{TargetGroups: []*v1.TargetGroup{s.tgView(tg)}}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html
// "You can delete a target group if it is not referenced by any actions."
func (s *Service) deleteTargetGroup(r *core.Request) (any, error) {
	var in v1.DeleteTargetGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	arn := aws.StringValue(in.TargetGroupArn)
	if arn == "" {
		return nil, core.MissingParameter("TargetGroupArn")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tgs[arn]; !ok {
		return &v1.DeleteTargetGroupOutput{}, nil
	}
	if len(s.lbsUsing(arn)) > 0 {
		return nil, resourceInUse("Target group '%s' is currently in use by a listener or a rule", arn)
	}
	delete(s.tgs, arn)
	return &v1.DeleteTargetGroupOutput{}, nil
}
