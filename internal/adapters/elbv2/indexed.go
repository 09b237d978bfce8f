package elbv2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
)

// indexed answers DescribeTags from the pass's tagging index: only the
// ARNs the index does not hold (or every ARN, outside a pass) are
// described, so a pass reads no ELBv2 tags at all once the index has them.
type indexed struct {
	API
	index *tagging.Index
}

// WithIndex is api answering DescribeTags from index where it can.
func WithIndex(api API, index *tagging.Index) API { return indexed{api, index} }

func (c indexed) DescribeTags(ctx context.Context, in *elb.DescribeTagsInput, optFns ...func(*elb.Options)) (*elb.DescribeTagsOutput, error) {
	known, err := c.index.Tags(ctx, in.ResourceArns)
	if err != nil {
		return nil, fmt.Errorf("tags from the index: %w", err)
	}
	out := &elb.DescribeTagsOutput{}
	var missing []string
	for _, arn := range in.ResourceArns {
		if t, ok := known[arn]; ok {
			out.TagDescriptions = append(out.TagDescriptions, types.TagDescription{ResourceArn: aws.String(arn), Tags: sdkTags(t)})
		} else {
			missing = append(missing, arn)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	rest, err := c.API.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: missing}, optFns...)
	if err != nil {
		return nil, err
	}
	out.TagDescriptions = append(out.TagDescriptions, rest.TagDescriptions...)
	return out, nil
}

// OfType is the tags of the resources of one type the pass's index holds
// (tagging.Index.OfType): the rule kind reads the rules it names by ARN.
func (c indexed) OfType(ctx context.Context, service, typ string) (map[string]map[string]string, error) {
	return c.index.OfType(ctx, service, typ)
}

// DescribeLoadBalancers starts the index's read beside the listing whose
// tags are asked next.
func (c indexed) DescribeLoadBalancers(ctx context.Context, in *elb.DescribeLoadBalancersInput, optFns ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error) {
	c.index.Prefetch(ctx)
	return c.API.DescribeLoadBalancers(ctx, in, optFns...)
}

// DescribeTargetGroups starts the index's read beside the listing.
func (c indexed) DescribeTargetGroups(ctx context.Context, in *elb.DescribeTargetGroupsInput, optFns ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error) {
	c.index.Prefetch(ctx)
	return c.API.DescribeTargetGroups(ctx, in, optFns...)
}

// AddTags marks the ARNs as changed by this process (tagging.Index.Changed).
func (c indexed) AddTags(ctx context.Context, in *elb.AddTagsInput, optFns ...func(*elb.Options)) (*elb.AddTagsOutput, error) {
	c.index.Changed(in.ResourceArns...)
	return c.API.AddTags(ctx, in, optFns...)
}

// RemoveTags marks the ARNs as changed by this process.
func (c indexed) RemoveTags(ctx context.Context, in *elb.RemoveTagsInput, optFns ...func(*elb.Options)) (*elb.RemoveTagsOutput, error) {
	c.index.Changed(in.ResourceArns...)
	return c.API.RemoveTags(ctx, in, optFns...)
}
