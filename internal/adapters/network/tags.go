package network

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired"
)

// The identity tags: a resource belongs to the environment, and to one
// address, because it carries them (docs/architecture.md, "Identity").
const (
	tagEnvironment = "everruns:environment"
	tagAddress     = "everruns:address"
)

// tagsAPI is what every kind needs to keep its tags in line.
type tagsAPI interface {
	CreateTags(ctx context.Context, in *ec2.CreateTagsInput, optFns ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error)
	DeleteTags(ctx context.Context, in *ec2.DeleteTagsInput, optFns ...func(*ec2.Options)) (*ec2.DeleteTagsOutput, error)
}

// envFilter selects the resources of one environment server-side, so that
// Observe is one call however many resources the account holds.
func envFilter(env string) []types.Filter {
	return []types.Filter{{Name: aws.String("tag:" + tagEnvironment), Values: []string{env}}}
}

// desiredTags returns the resource's tags with the identity tags forced in:
// a file that forgot them must still not produce a resource the next
// Observe cannot find.
func desiredTags(env string, r desired.Resource) (map[string]string, error) {
	out := map[string]string{}
	if raw, ok := r.Fields["tags"]; ok && raw != nil {
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, badInput("field tags: want map[string]any, got %T", raw)
		}
		for k, v := range m {
			s, ok := v.(string)
			if !ok {
				return nil, badInput("tag %q: want string, got %T", k, v)
			}
			out[k] = s
		}
	}
	out[tagEnvironment] = env
	out[tagAddress] = string(r.Address)
	return out, nil
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

// observedTags is the `tags` field as Observe reports it: every tag except
// AWS's own (aws:…), which nobody can set or remove.
func observedTags(tags []types.Tag) map[string]any {
	out := map[string]any{}
	for _, t := range tags {
		k := aws.ToString(t.Key)
		if strings.HasPrefix(k, "aws:") {
			continue
		}
		out[k] = aws.ToString(t.Value)
	}
	return out
}

// addressOf is the address a resource claims through its identity tag, ""
// when it has none.
func addressOf(tags []types.Tag) desired.Address {
	for _, t := range tags {
		if aws.ToString(t.Key) == tagAddress {
			return desired.Address(aws.ToString(t.Value))
		}
	}
	return ""
}

// tagDiff returns the tags to write (added or changed) and the keys to
// remove. Identity and aws: tags are never removed.
func tagDiff(want map[string]string, live map[string]any) (put map[string]string, remove []string) {
	put = map[string]string{}
	for k, v := range want {
		if lv, ok := live[k].(string); !ok || lv != v {
			put[k] = v
		}
	}
	for k := range live {
		if _, ok := want[k]; ok || k == tagEnvironment || k == tagAddress || strings.HasPrefix(k, "aws:") {
			continue
		}
		remove = append(remove, k)
	}
	sort.Strings(remove)
	return put, remove
}

// syncTags makes the tags of id those of r: CreateTags for the added and
// changed keys, DeleteTags (by key only, whatever the value) for the rest.
func syncTags(ctx context.Context, api tagsAPI, env string, r desired.Resource, id string, live map[string]any) error {
	want, err := desiredTags(env, r)
	if err != nil {
		return err
	}
	put, remove := tagDiff(want, live)
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

// tagsOf turns the tags written at create into the observed form.
func tagsOf(tags map[string]string) map[string]any {
	out := make(map[string]any, len(tags))
	for k, v := range tags {
		out[k] = v
	}
	return out
}
