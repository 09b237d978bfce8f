package rds

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
)

// indexed answers ListTagsForResource from the pass's tagging index for
// the subnet and parameter groups it holds: a pass then reads no group's
// tags through RDS. What the index lacks, and every call outside a pass,
// goes to RDS.
type indexed struct {
	RDSAPI
	index *tagging.Index
}

// WithIndex is api answering ListTagsForResource from index where it can.
func WithIndex(api RDSAPI, index *tagging.Index) RDSAPI { return indexed{api, index} }

func (c indexed) ListTagsForResource(ctx context.Context, in *rds.ListTagsForResourceInput, optFns ...func(*rds.Options)) (*rds.ListTagsForResourceOutput, error) {
	arn := aws.ToString(in.ResourceName)
	known, err := c.index.Tags(ctx, []string{arn})
	if err != nil {
		return nil, fmt.Errorf("tags from the index: %w", err)
	}
	t, ok := known[arn]
	if !ok {
		return c.RDSAPI.ListTagsForResource(ctx, in, optFns...)
	}
	out := &rds.ListTagsForResourceOutput{TagList: []types.Tag{}}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		out.TagList = append(out.TagList, types.Tag{Key: aws.String(k), Value: aws.String(t[k])})
	}
	return out, nil
}

// DescribeDBSubnetGroups starts the index's read beside the listing whose
// tags are asked next.
func (c indexed) DescribeDBSubnetGroups(ctx context.Context, in *rds.DescribeDBSubnetGroupsInput, optFns ...func(*rds.Options)) (*rds.DescribeDBSubnetGroupsOutput, error) {
	c.index.Prefetch(ctx)
	return c.RDSAPI.DescribeDBSubnetGroups(ctx, in, optFns...)
}

// DescribeDBParameterGroups starts the index's read beside the listing.
func (c indexed) DescribeDBParameterGroups(ctx context.Context, in *rds.DescribeDBParameterGroupsInput, optFns ...func(*rds.Options)) (*rds.DescribeDBParameterGroupsOutput, error) {
	c.index.Prefetch(ctx)
	return c.RDSAPI.DescribeDBParameterGroups(ctx, in, optFns...)
}

// AddTagsToResource marks the resource as changed by this process
// (tagging.Index.Changed).
func (c indexed) AddTagsToResource(ctx context.Context, in *rds.AddTagsToResourceInput, optFns ...func(*rds.Options)) (*rds.AddTagsToResourceOutput, error) {
	c.index.Changed(aws.ToString(in.ResourceName))
	return c.RDSAPI.AddTagsToResource(ctx, in, optFns...)
}

// RemoveTagsFromResource marks the resource as changed by this process.
func (c indexed) RemoveTagsFromResource(ctx context.Context, in *rds.RemoveTagsFromResourceInput, optFns ...func(*rds.Options)) (*rds.RemoveTagsFromResourceOutput, error) {
	c.index.Changed(aws.ToString(in.ResourceName))
	return c.RDSAPI.RemoveTagsFromResource(ctx, in, optFns...)
}
