package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html
// Registering a target that is already registered changes nothing.
func (s *Service) registerTargets(r *core.Request) (any, error) {
	var in v1.RegisterTargetsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, ok := s.tgs[aws.StringValue(in.TargetGroupArn)]
	if !ok {
		return nil, tgNotFound()
	}
	if len(in.Targets) == 0 {
		return nil, validation("Targets must contain at least one target")
	}
	for _, t := range in.Targets {
		if err := checkTarget(tg, t); err != nil {
			return nil, err
		}
	}
	now := s.env.Clock.Now()
	for _, t := range in.Targets {
		d := &v1.TargetDescription{Id: t.Id, Port: portOf(tg, t), AvailabilityZone: t.AvailabilityZone}
		k := targetKey(d)
		if cur, ok := tg.targets[k]; ok && cur.deregistered.IsZero() {
			continue
		}
		tg.targets[k] = &target{desc: d, registered: now}
	}
	return &v1.RegisterTargetsOutput{}, nil
}

func checkTarget(tg *targetGroup, t *v1.TargetDescription) error {
	if aws.StringValue(t.Id) == "" {
		return validation("A target ID must be specified")
	}
	if aws.StringValue(tg.shape.TargetType) == v1.TargetTypeEnumIp {
		if _, err := netip.ParseAddr(aws.StringValue(t.Id)); err != nil {
			return core.BadRequest("InvalidTarget", "The IP address '%s' is not a valid IPv4 address", aws.StringValue(t.Id))
		}
	}
	if p := aws.Int64Value(t.Port); t.Port != nil && (p < 1 || p > 65535) {
		return core.BadRequest("InvalidTarget", "Port %d is not valid", p)
	}
	return nil
}

// portOf is the target's port, or the group's port when none is given.
func portOf(tg *targetGroup, t *v1.TargetDescription) *int64 {
	if t.Port != nil {
		return aws.Int64(*t.Port)
	}
	if tg.shape.Port != nil {
		return aws.Int64(*tg.shape.Port)
	}
	return nil
}

func targetKey(d *v1.TargetDescription) string {
	return fmt.Sprintf("%s:%d", aws.StringValue(d.Id), aws.Int64Value(d.Port))
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeregisterTargets.html
// A deregistered target drains for deregistration_delay.timeout_seconds
// while the group is in use, then disappears.
func (s *Service) deregisterTargets(r *core.Request) (any, error) {
	var in v1.DeregisterTargetsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, ok := s.tgs[aws.StringValue(in.TargetGroupArn)]
	if !ok {
		return nil, tgNotFound()
	}
	keys := make([]string, 0, len(in.Targets))
	for _, t := range in.Targets {
		k := targetKey(&v1.TargetDescription{Id: t.Id, Port: portOf(tg, t)})
		if cur, ok := tg.targets[k]; !ok || !cur.deregistered.IsZero() {
			return nil, core.BadRequest("InvalidTarget", "The target '%s' is not registered with this target group", aws.StringValue(t.Id))
		}
		keys = append(keys, k)
	}
	inUse := len(s.lbsUsing(aws.StringValue(tg.shape.TargetGroupArn))) > 0
	for _, k := range keys {
		if inUse {
			tg.targets[k].deregistered = s.env.Clock.Now()
		} else {
			delete(tg.targets, k)
		}
	}
	return &v1.DeregisterTargetsOutput{}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html
func (s *Service) describeTargetHealth(r *core.Request) (any, error) {
	var in v1.DescribeTargetHealthInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, ok := s.tgs[aws.StringValue(in.TargetGroupArn)]
	if !ok {
		return nil, tgNotFound()
	}
	s.expireDrained(tg)
	inUse := len(s.lbsUsing(aws.StringValue(tg.shape.TargetGroupArn))) > 0
	out := &v1.DescribeTargetHealthOutput{TargetHealthDescriptions: []*v1.TargetHealthDescription{}}
	if len(in.Targets) > 0 {
		for _, t := range in.Targets {
			d := &v1.TargetDescription{Id: t.Id, Port: portOf(tg, t)}
			cur, ok := tg.targets[targetKey(d)]
			if !ok {
				out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, healthOf(tg, d, "unused", "Target.NotRegistered", "Target is not registered to the target group"))
				continue
			}
			out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, s.health(tg, cur, inUse))
		}
		return out, nil
	}
	keys := make([]string, 0, len(tg.targets))
	for k := range tg.targets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, s.health(tg, tg.targets[k], inUse))
	}
	return out, nil
}

// health is the target's state now. The fake's targets always pass their
// checks, so a target in use is "initial" for HealthyThresholdCount
// intervals and then "healthy".
func (s *Service) health(tg *targetGroup, t *target, inUse bool) *v1.TargetHealthDescription {
	now := s.env.Clock.Now()
	switch {
	case !t.deregistered.IsZero():
		return healthOf(tg, t.desc, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress")
	case !inUse:
		return healthOf(tg, t.desc, "unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer")
	case now.Before(t.registered.Add(healthyAfter(tg))):
		return healthOf(tg, t.desc, "initial", "Elb.RegistrationInProgress", "Target registration is in progress")
	}
	return healthOf(tg, t.desc, "healthy", "", "")
}

func healthyAfter(tg *targetGroup) time.Duration {
	return time.Duration(aws.Int64Value(tg.shape.HealthCheckIntervalSeconds)*aws.Int64Value(tg.shape.HealthyThresholdCount)) * time.Second
}

// expireDrained forgets targets whose deregistration delay has passed.
func (s *Service) expireDrained(tg *targetGroup) {
	delay, _ := strconv.Atoi(tg.attrs["deregistration_delay.timeout_seconds"])
	for k, t := range tg.targets {
		if !t.deregistered.IsZero() && !s.env.Clock.Now().Before(t.deregistered.Add(time.Duration(delay)*time.Second)) {
			delete(tg.targets, k)
		}
	}
}

func healthOf(tg *targetGroup, d *v1.TargetDescription, state, reason, desc string) *v1.TargetHealthDescription {
	h := &v1.TargetHealth{State: aws.String(state)}
	if reason != "" {
		h.Reason, h.Description = aws.String(reason), aws.String(desc)
	}
	port := aws.StringValue(tg.shape.HealthCheckPort)
	if port == "traffic-port" || port == "" {
		port = strconv.FormatInt(aws.Int64Value(d.Port), 10)
	}
	return &v1.TargetHealthDescription{
		Target:          &v1.TargetDescription{Id: d.Id, Port: d.Port, AvailabilityZone: d.AvailabilityZone},
		TargetHealth:    h,
		HealthCheckPort: aws.String(port),
	}
}
