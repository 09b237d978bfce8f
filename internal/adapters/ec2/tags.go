package ec2

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
)

// tagsAPI is what every kind needs to keep its tags in line.
type tagsAPI interface {
	CreateTags(ctx context.Context, in *ec2.CreateTagsInput, optFns ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error)
	DeleteTags(ctx context.Context, in *ec2.DeleteTagsInput, optFns ...func(*ec2.Options)) (*ec2.DeleteTagsOutput, error)
}

// envFilter selects the resources of one project's environment
// server-side, so that Observe is one call however many resources the
// account holds; kit.Claim checks the same tags again.
func envFilter(id desired.Identity) []types.Filter {
	return []types.Filter{
		{Name: aws.String("tag:" + names.TagProject), Values: []string{id.Project}},
		{Name: aws.String("tag:" + names.TagEnvironment), Values: []string{id.Environment}},
	}
}

// tagSpec puts tags in the create call itself, so that no crash can leave
// an untagged, hence unfindable, resource behind.
func tagSpec(rt types.ResourceType, tags map[string]string) []types.TagSpecification {
	return []types.TagSpecification{{ResourceType: rt, Tags: sdkTags(tags)}}
}

// sdkTags converts a tag map, sorted by key so requests are reproducible.
func sdkTags(tags map[string]string) []types.Tag {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// tagMap converts EC2's tag list to the kit's map.
func tagMap(tags []types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

// observedTags is the tags field as Observe reports it.
func observedTags(tags []types.Tag) map[string]any { return kit.Observed(tagMap(tags)) }

// tagsOf turns the tags written at create into the observed form.
func tagsOf(tags map[string]string) map[string]any { return kit.ObservedOf(tags) }

// syncTags makes the tags of id those of the file, from the drift:
// CreateTags for the added and changed keys, DeleteTags (by key only,
// whatever the value) for the rest.
func syncTags(ctx context.Context, api tagsAPI, id string, d drift.Delta) error {
	put, remove := kit.TagChange(d)
	if len(put) > 0 {
		if _, err := api.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: sdkTags(put)}); err != nil {
			return fmt.Errorf("create tags: %w", err)
		}
	}
	if len(remove) > 0 {
		tags := make([]types.Tag, 0, len(remove))
		for _, k := range remove {
			tags = append(tags, types.Tag{Key: aws.String(k)})
		}
		if _, err := api.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: tags}); err != nil {
			return fmt.Errorf("delete tags: %w", err)
		}
	}
	return nil
}

// tagStep is the update step of every kind's tags.
func tagStep(api tagsAPI) func(context.Context, kit.Change) error {
	return func(ctx context.Context, c kit.Change) error { return syncTags(ctx, api, c.Live.ID, c.Delta) }
}
