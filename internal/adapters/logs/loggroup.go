package logs

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// LogGroupAPI is the part of the CloudWatch Logs client the log group
// adapter uses.
type LogGroupAPI interface {
	CreateLogGroup(ctx context.Context, in *logs.CreateLogGroupInput, optFns ...func(*logs.Options)) (*logs.CreateLogGroupOutput, error)
	DescribeLogGroups(ctx context.Context, in *logs.DescribeLogGroupsInput, optFns ...func(*logs.Options)) (*logs.DescribeLogGroupsOutput, error)
	DeleteLogGroup(ctx context.Context, in *logs.DeleteLogGroupInput, optFns ...func(*logs.Options)) (*logs.DeleteLogGroupOutput, error)
	PutRetentionPolicy(ctx context.Context, in *logs.PutRetentionPolicyInput, optFns ...func(*logs.Options)) (*logs.PutRetentionPolicyOutput, error)
	DeleteRetentionPolicy(ctx context.Context, in *logs.DeleteRetentionPolicyInput, optFns ...func(*logs.Options)) (*logs.DeleteRetentionPolicyOutput, error)
	ListTagsForResource(ctx context.Context, in *logs.ListTagsForResourceInput, optFns ...func(*logs.Options)) (*logs.ListTagsForResourceOutput, error)
	TagResource(ctx context.Context, in *logs.TagResourceInput, optFns ...func(*logs.Options)) (*logs.TagResourceOutput, error)
	UntagResource(ctx context.Context, in *logs.UntagResourceInput, optFns ...func(*logs.Options)) (*logs.UntagResourceOutput, error)
}

var _ LogGroupAPI = (*logs.Client)(nil)

// logGroupKind manages logs.log_group: log_group_name*,
// retention_in_days (0: never expire), tags. Its ID is the name, which
// is what the awslogs driver of a task definition takes.
type logGroupKind struct{ api LogGroupAPI }

// tagged is a log group with its tags.
type tagged struct {
	group types.LogGroup
	tags  map[string]string
}

// Observe pages through DescribeLogGroups, then reads each group's tags.
// Exception to one batched read: DescribeLogGroups has no tag filter and
// returns no tags, so ListTagsForResource is called once per log group
// of the region (the Resource Groups Tagging API would filter by tag in
// one call, but it is one more service to trust and grant). A region
// with n log groups costs ceil(n/50) + n calls.
func (k logGroupKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	var all []tagged
	p := logs.NewDescribeLogGroupsPaginator(k.api, &logs.DescribeLogGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe log groups: %w", err)
		}
		for _, g := range page.LogGroups {
			tags, exists, err := k.tags(ctx, g)
			if err != nil {
				return nil, err
			}
			if exists {
				all = append(all, tagged{g, tags})
			}
		}
	}
	return kit.Collect(ctx, id, "log groups", kit.Items(all), func(t tagged) map[string]string { return t.tags },
		kit.Always(func(t tagged) reconcile.Live { return groupLive(t.group, t.tags) }))
}

// tags reads one group's tags; a group deleted since it was listed is
// absent.
func (k logGroupKind) tags(ctx context.Context, g types.LogGroup) (map[string]string, bool, error) {
	out, err := k.api.ListTagsForResource(ctx, &logs.ListTagsForResourceInput{ResourceArn: aws.String(groupARN(g))})
	if Errors.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("list tags of log group %s: %w", aws.ToString(g.LogGroupName), err)
	}
	return out.Tags, true, nil
}

// groupARN is the ARN tagging takes: logGroupArn, or arn without the
// ":*" that DescribeLogGroups appends to it.
func groupARN(g types.LogGroup) string {
	if a := aws.ToString(g.LogGroupArn); a != "" {
		return a
	}
	return strings.TrimSuffix(aws.ToString(g.Arn), ":*")
}

func groupLive(g types.LogGroup, tags map[string]string) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(g.LogGroupName),
		Fields: map[string]any{
			names.LogGroup.LogGroupName:    aws.ToString(g.LogGroupName),
			names.LogGroup.RetentionInDays: int64(aws.ToInt32(g.RetentionInDays)),
			names.LogGroup.Tags:            kit.Observed(tags),
		},
		Attrs: map[string]string{"arn": groupARN(g), "name": aws.ToString(g.LogGroupName)},
		Ready: true,
	}
}
