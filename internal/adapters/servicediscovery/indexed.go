package servicediscovery

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
)

// indexed answers ListTagsForResource from the pass's tagging index for
// the namespaces and services it holds; what it lacks, and every call
// outside a pass, goes to Cloud Map.
type indexed struct {
	API
	index *tagging.Index
}

// WithIndex is api answering ListTagsForResource from index where it can.
func WithIndex(api API, index *tagging.Index) API { return indexed{api, index} }

func (c indexed) ListTagsForResource(ctx context.Context, in *sd.ListTagsForResourceInput, optFns ...func(*sd.Options)) (*sd.ListTagsForResourceOutput, error) {
	arn := aws.ToString(in.ResourceARN)
	known, err := c.index.Tags(ctx, []string{arn})
	if err != nil {
		return nil, fmt.Errorf("tags from the index: %w", err)
	}
	t, ok := known[arn]
	if !ok {
		return c.API.ListTagsForResource(ctx, in, optFns...)
	}
	out := &sd.ListTagsForResourceOutput{Tags: []types.Tag{}}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		out.Tags = append(out.Tags, types.Tag{Key: aws.String(k), Value: aws.String(t[k])})
	}
	return out, nil
}

// ListNamespaces starts the index's read beside the listing whose tags
// are asked next.
func (c indexed) ListNamespaces(ctx context.Context, in *sd.ListNamespacesInput, optFns ...func(*sd.Options)) (*sd.ListNamespacesOutput, error) {
	c.index.Prefetch(ctx)
	return c.API.ListNamespaces(ctx, in, optFns...)
}

// TagResource marks the resource as changed by this process
// (tagging.Index.Changed).
func (c indexed) TagResource(ctx context.Context, in *sd.TagResourceInput, optFns ...func(*sd.Options)) (*sd.TagResourceOutput, error) {
	c.index.Changed(aws.ToString(in.ResourceARN))
	return c.API.TagResource(ctx, in, optFns...)
}

// UntagResource marks the resource as changed by this process.
func (c indexed) UntagResource(ctx context.Context, in *sd.UntagResourceInput, optFns ...func(*sd.Options)) (*sd.UntagResourceOutput, error) {
	c.index.Changed(aws.ToString(in.ResourceARN))
	return c.API.UntagResource(ctx, in, optFns...)
}
