package elbv2

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

func (k targetGroupKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in, err := createTargetGroupInput(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	// CreateTargetGroup is idempotent by name for the same settings, so
	// the SDK's retries cannot make twins.
	res, err := k.api.CreateTargetGroup(ctx, in)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create target group: %w", err)
	}
	if len(res.TargetGroups) != 1 {
		return reconcile.Live{}, fmt.Errorf("create target group: AWS answered %d target groups", len(res.TargetGroups))
	}
	live := tgLive(res.TargetGroups[0], 0, nil)
	// The delay is an attribute, which a create cannot set.
	if err := k.setDeregistrationDelay(ctx, kit.Change{ID: id, Want: r, Live: live}); err != nil {
		return live, err
	}
	return kit.Applied(id, r, live, []string{tgf.DeregistrationDelay, tagsField})
}

func createTargetGroupInput(id desired.Identity, r desired.Resource) (*elb.CreateTargetGroupInput, error) {
	name, err1 := kit.String(r.Fields, tgf.Name)
	protocol, err2 := kit.String(r.Fields, tgf.Protocol)
	port, err3 := kit.Int(r.Fields, tgf.Port)
	typ, err4 := kit.String(r.Fields, tgf.TargetType)
	vpc, err5 := kit.String(r.Fields, tgf.VPCID)
	hc, err6 := healthCheckOf(r)
	tags, err7 := kit.Tags(id, r)
	if err := firstErr(err1, err2, err3, err4, err5, err6, err7); err != nil {
		return nil, err
	}
	return &elb.CreateTargetGroupInput{
		Name: aws.String(name), Protocol: types.ProtocolEnum(protocol), Port: aws.Int32(int32(port)),
		TargetType: types.TargetTypeEnum(typ), VpcId: aws.String(vpc), Tags: sdkTags(tags),
		HealthCheckEnabled: aws.Bool(true), HealthCheckPath: hc.HealthCheckPath, Matcher: hc.Matcher,
		HealthCheckIntervalSeconds: hc.HealthCheckIntervalSeconds, HealthCheckTimeoutSeconds: hc.HealthCheckTimeoutSeconds,
		HealthyThresholdCount: hc.HealthyThresholdCount, UnhealthyThresholdCount: hc.UnhealthyThresholdCount,
	}, nil
}

// healthCheckOf reads the health_check field into the settings
// CreateTargetGroup and ModifyTargetGroup share.
func healthCheckOf(r desired.Resource) (*elb.ModifyTargetGroupInput, error) {
	m, err := kit.Map(r.Fields, tgf.HealthCheck)
	if err != nil {
		return nil, err
	}
	path, err1 := kit.String(m, hcf.Path)
	matcher, err2 := kit.String(m, hcf.Matcher)
	interval, err3 := kit.Int(m, hcf.IntervalSeconds)
	timeout, err4 := kit.Int(m, hcf.TimeoutSeconds)
	healthy, err5 := kit.Int(m, hcf.HealthyThreshold)
	unhealthy, err6 := kit.Int(m, hcf.UnhealthyThreshold)
	if err := firstErr(err1, err2, err3, err4, err5, err6); err != nil {
		return nil, fmt.Errorf("%s: %w", tgf.HealthCheck, err)
	}
	return &elb.ModifyTargetGroupInput{
		HealthCheckPath: aws.String(path), Matcher: &types.Matcher{HttpCode: aws.String(matcher)},
		HealthCheckIntervalSeconds: aws.Int32(int32(interval)), HealthCheckTimeoutSeconds: aws.Int32(int32(timeout)),
		HealthyThresholdCount: aws.Int32(int32(healthy)), UnhealthyThresholdCount: aws.Int32(int32(unhealthy)),
	}, nil
}

// steps: the health check and the delay are independent calls; tags last.
func (k targetGroupKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.modifyHealthCheck, tgf.HealthCheck),
		kit.On(k.setDeregistrationDelay, tgf.DeregistrationDelay),
		tagsStep(k.api),
	}
}

// modifyHealthCheck sends all six settings: ModifyTargetGroup validates
// the interval against the timeout together, so one call holds both.
func (k targetGroupKind) modifyHealthCheck(ctx context.Context, c kit.Change) error {
	in, err := healthCheckOf(c.Want)
	if err != nil {
		return err
	}
	in.TargetGroupArn = aws.String(c.Live.ID)
	if _, err := k.api.ModifyTargetGroup(ctx, in); err != nil {
		return fmt.Errorf("modify health check: %w", err)
	}
	return nil
}

func (k targetGroupKind) setDeregistrationDelay(ctx context.Context, c kit.Change) error {
	delay, err := kit.Int(c.Want.Fields, tgf.DeregistrationDelay)
	if err != nil {
		return err
	}
	_, err = k.api.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{
		TargetGroupArn: aws.String(c.Live.ID),
		Attributes:     []types.TargetGroupAttribute{{Key: aws.String(attrDeregistrationDelay), Value: aws.String(strconv.FormatInt(delay, 10))}},
	})
	if err != nil {
		return fmt.Errorf("modify attributes: %w", err)
	}
	return nil
}
