package elbv2

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

type tagsAPI interface {
	DescribeTags(ctx context.Context, in *elb.DescribeTagsInput, optFns ...func(*elb.Options)) (*elb.DescribeTagsOutput, error)
	AddTags(ctx context.Context, in *elb.AddTagsInput, optFns ...func(*elb.Options)) (*elb.AddTagsOutput, error)
	RemoveTags(ctx context.Context, in *elb.RemoveTagsInput, optFns ...func(*elb.Options)) (*elb.RemoveTagsOutput, error)
}

// tagBatch is DescribeTags's limit of ARNs per call.
const tagBatch = 20

// describeTags reads the tags of every ARN, tagBatch ARNs a call.
func describeTags(ctx context.Context, api tagsAPI, arns []string) (map[string]map[string]string, error) {
	out := make(map[string]map[string]string, len(arns))
	for batch := range slices.Chunk(arns, tagBatch) {
		res, err := api.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: batch})
		if err != nil {
			return nil, fmt.Errorf("describe tags: %w", err)
		}
		for _, d := range res.TagDescriptions {
			m := make(map[string]string, len(d.Tags))
			for _, t := range d.Tags {
				m[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			out[aws.ToString(d.ResourceArn)] = m
		}
	}
	return out, nil
}

// sdkTags is the create call's tag list, sorted so requests are stable.
func sdkTags(m map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// syncTags writes and removes what the drift says differs in tags.
func syncTags(ctx context.Context, api tagsAPI, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	if len(put) > 0 {
		if _, err := api.AddTags(ctx, &elb.AddTagsInput{ResourceArns: []string{c.Live.ID}, Tags: sdkTags(put)}); err != nil {
			return fmt.Errorf("add tags: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := api.RemoveTags(ctx, &elb.RemoveTagsInput{ResourceArns: []string{c.Live.ID}, TagKeys: remove}); err != nil {
			return fmt.Errorf("remove tags: %w", err)
		}
	}
	return nil
}

// tagsStep is every kind's last update step.
func tagsStep(api tagsAPI) kit.Step {
	return kit.On(func(ctx context.Context, c kit.Change) error { return syncTags(ctx, api, c) }, tagsField)
}
