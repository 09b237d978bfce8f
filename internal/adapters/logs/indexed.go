package logs

import (
	"context"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/adapters/tagging"
)

// indexed answers ListTagsForResource from the pass's tagging index for
// the log groups it holds; what it lacks, and every call outside a pass,
// goes to CloudWatch Logs.
type indexed struct {
	LogGroupAPI
	index *tagging.Index
}

// WithIndex is api answering ListTagsForResource from index where it can.
func WithIndex(api LogGroupAPI, index *tagging.Index) LogGroupAPI { return indexed{api, index} }

func (c indexed) ListTagsForResource(ctx context.Context, in *cloudwatchlogs.ListTagsForResourceInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.ListTagsForResourceOutput, error) {
	arn := aws.ToString(in.ResourceArn)
	known, err := c.index.Tags(ctx, []string{arn})
	if err != nil {
		return nil, fmt.Errorf("tags from the index: %w", err)
	}
	if t, ok := known[arn]; ok {
		return &cloudwatchlogs.ListTagsForResourceOutput{Tags: maps.Clone(t)}, nil
	}
	return c.LogGroupAPI.ListTagsForResource(ctx, in, optFns...)
}

// DescribeLogGroups starts the index's read beside the listing whose tags
// are asked next.
func (c indexed) DescribeLogGroups(ctx context.Context, in *cloudwatchlogs.DescribeLogGroupsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error) {
	c.index.Prefetch(ctx)
	return c.LogGroupAPI.DescribeLogGroups(ctx, in, optFns...)
}

// TagResource marks the group as changed by this process
// (tagging.Index.Changed).
func (c indexed) TagResource(ctx context.Context, in *cloudwatchlogs.TagResourceInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.TagResourceOutput, error) {
	c.index.Changed(aws.ToString(in.ResourceArn))
	return c.LogGroupAPI.TagResource(ctx, in, optFns...)
}

// UntagResource marks the group as changed by this process.
func (c indexed) UntagResource(ctx context.Context, in *cloudwatchlogs.UntagResourceInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.UntagResourceOutput, error) {
	c.index.Changed(aws.ToString(in.ResourceArn))
	return c.LogGroupAPI.UntagResource(ctx, in, optFns...)
}
