package rds

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/drift"
)

type tagsAPI interface {
	AddTagsToResource(ctx context.Context, in *rds.AddTagsToResourceInput, optFns ...func(*rds.Options)) (*rds.AddTagsToResourceOutput, error)
	RemoveTagsFromResource(ctx context.Context, in *rds.RemoveTagsFromResourceInput, optFns ...func(*rds.Options)) (*rds.RemoveTagsFromResourceOutput, error)
	ListTagsForResource(ctx context.Context, in *rds.ListTagsForResourceInput, optFns ...func(*rds.Options)) (*rds.ListTagsForResourceOutput, error)
}

// recordPrefix marks the tags in which the instance keeps what the file
// asked for fields AWS cannot report (the secret the password came from)
// or reports differently by design (storage grown by autoscaling, a minor
// version upgraded by AWS): Observe has no access to the file, so the
// instance carries it. They are the reconciler's bookkeeping, never part
// of the observed tags field.
const recordPrefix = "everruns:file:"

func tagMap(tags []types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func rdsTags(m map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// observedTags is the tags field: every tag but AWS's own and the
// bookkeeping ones.
func observedTags(tags map[string]string) map[string]any {
	own := maps.Clone(tags)
	maps.DeleteFunc(own, func(k, _ string) bool { return strings.HasPrefix(k, recordPrefix) })
	return kit.Observed(own)
}

// syncTags writes and removes the tags the drift names on the resource arn.
func syncTags(ctx context.Context, api tagsAPI, arn string, delta drift.Delta) error {
	put, remove := kit.TagChange(delta)
	if len(put) > 0 {
		if _, err := api.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: aws.String(arn), Tags: rdsTags(put)}); err != nil {
			return fmt.Errorf("add tags: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := api.RemoveTagsFromResource(ctx, &rds.RemoveTagsFromResourceInput{ResourceName: aws.String(arn), TagKeys: remove}); err != nil {
			return fmt.Errorf("remove tags: %w", err)
		}
	}
	return nil
}

// listTags reads the tags of one resource: DescribeDBSubnetGroups and
// DescribeDBParameterGroups return none, so AWS forces one call per group.
func listTags(ctx context.Context, api tagsAPI, arn string) (map[string]string, error) {
	out, err := api.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return tagMap(out.TagList), nil
}
