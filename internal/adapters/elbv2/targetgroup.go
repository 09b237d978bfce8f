package elbv2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type targetGroupAPI interface {
	tagsAPI
	DescribeTargetGroups(ctx context.Context, in *elb.DescribeTargetGroupsInput, optFns ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error)
	CreateTargetGroup(ctx context.Context, in *elb.CreateTargetGroupInput, optFns ...func(*elb.Options)) (*elb.CreateTargetGroupOutput, error)
	ModifyTargetGroup(ctx context.Context, in *elb.ModifyTargetGroupInput, optFns ...func(*elb.Options)) (*elb.ModifyTargetGroupOutput, error)
	DeleteTargetGroup(ctx context.Context, in *elb.DeleteTargetGroupInput, optFns ...func(*elb.Options)) (*elb.DeleteTargetGroupOutput, error)
	DescribeTargetGroupAttributes(ctx context.Context, in *elb.DescribeTargetGroupAttributesInput, optFns ...func(*elb.Options)) (*elb.DescribeTargetGroupAttributesOutput, error)
	ModifyTargetGroupAttributes(ctx context.Context, in *elb.ModifyTargetGroupAttributesInput, optFns ...func(*elb.Options)) (*elb.ModifyTargetGroupAttributesOutput, error)
}

// targetGroupKind manages elbv2.target_group: name*, protocol*, port*,
// target_type*, vpc_id*, health_check, deregistration_delay, tags.
type targetGroupKind struct{ api targetGroupAPI }

var tgf, hcf = names.TargetGroup, names.HealthCheck

// attrDeregistrationDelay is the target group attribute the file manages.
const attrDeregistrationDelay = "deregistration_delay.timeout_seconds"

func (k targetGroupKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	tgs, err := k.list(ctx)
	if err != nil {
		return nil, err
	}
	delays, err := k.delays(ctx, id, tgs)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "target groups", kit.Items(tgs.items),
		byARN(tgs.tags, func(tg types.TargetGroup) *string { return tg.TargetGroupArn }),
		kit.Always(func(tg types.TargetGroup) reconcile.Live {
			return tgLive(tg, delays[aws.ToString(tg.TargetGroupArn)], tgs.tags[aws.ToString(tg.TargetGroupArn)])
		}))
}

// delays reads the deregistration delay of every claimed group, side by
// side: the API answers attributes one group a call.
func (k targetGroupKind) delays(ctx context.Context, id desired.Identity, tgs tagged[types.TargetGroup]) (map[string]int64, error) {
	var claimed []string
	for _, tg := range tgs.items {
		if arn := aws.ToString(tg.TargetGroupArn); kit.Claim(id, tgs.tags[arn]) != "" {
			claimed = append(claimed, arn)
		}
	}
	delays := make([]int64, len(claimed))
	err := concur.Each(len(claimed), readConcurrency, func(i int) (err error) {
		if delays[i], err = k.deregistrationDelay(ctx, claimed[i]); err != nil {
			return fmt.Errorf("observe %s: %w", kit.Claim(id, tgs.tags[claimed[i]]), err)
		}
		return nil
	})
	out := make(map[string]int64, len(claimed))
	for i, arn := range claimed {
		out[arn] = delays[i]
	}
	return out, err
}

func (k targetGroupKind) list(ctx context.Context) (tagged[types.TargetGroup], error) {
	var all []types.TargetGroup
	p := elb.NewDescribeTargetGroupsPaginator(k.api, &elb.DescribeTargetGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return tagged[types.TargetGroup]{}, fmt.Errorf("list target groups: %w", err)
		}
		all = append(all, page.TargetGroups...)
	}
	arns := make([]string, len(all))
	for i, tg := range all {
		arns[i] = aws.ToString(tg.TargetGroupArn)
	}
	tags, err := describeTags(ctx, k.api, arns)
	return tagged[types.TargetGroup]{all, tags}, err
}

// deregistrationDelay reads one group's attribute: the API has no batched
// read of attributes, so this is one call per claimed group.
func (k targetGroupKind) deregistrationDelay(ctx context.Context, arn string) (int64, error) {
	res, err := k.api.DescribeTargetGroupAttributes(ctx, &elb.DescribeTargetGroupAttributesInput{TargetGroupArn: aws.String(arn)})
	if err != nil {
		return 0, fmt.Errorf("describe attributes: %w", err)
	}
	for _, a := range res.Attributes {
		if aws.ToString(a.Key) == attrDeregistrationDelay {
			return atoi(aws.ToString(a.Value)), nil
		}
	}
	return 0, nil
}

func tgLive(tg types.TargetGroup, delay int64, tags map[string]string) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(tg.TargetGroupArn),
		Fields: map[string]any{
			tgf.Name:                aws.ToString(tg.TargetGroupName),
			tgf.Protocol:            string(tg.Protocol),
			tgf.Port:                int64(aws.ToInt32(tg.Port)),
			tgf.TargetType:          string(tg.TargetType),
			tgf.VPCID:               aws.ToString(tg.VpcId),
			tgf.HealthCheck:         healthCheckField(tg),
			tgf.DeregistrationDelay: delay,
			tagsField:               kit.Observed(tags),
		},
		Attrs:  map[string]string{"arn": aws.ToString(tg.TargetGroupArn)},
		Ready:  true,
		Status: "active",
	}
}

// healthCheckField is the health check in the file's vocabulary. Only the
// six settings the file manages are reported; AWS fills every one of them
// (with its own defaults where a create leaves one out: path "/", matcher
// "200", 5 and 2 thresholds), so each is always present and compared.
func healthCheckField(tg types.TargetGroup) map[string]any {
	matcher := ""
	if tg.Matcher != nil {
		matcher = aws.ToString(tg.Matcher.HttpCode)
	}
	return map[string]any{
		hcf.Path:               aws.ToString(tg.HealthCheckPath),
		hcf.Matcher:            matcher,
		hcf.IntervalSeconds:    int64(aws.ToInt32(tg.HealthCheckIntervalSeconds)),
		hcf.TimeoutSeconds:     int64(aws.ToInt32(tg.HealthCheckTimeoutSeconds)),
		hcf.HealthyThreshold:   int64(aws.ToInt32(tg.HealthyThresholdCount)),
		hcf.UnhealthyThreshold: int64(aws.ToInt32(tg.UnhealthyThresholdCount)),
	}
}

func (k targetGroupKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k targetGroupKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete target group: %w", err)
	}
	return nil
}
