package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// maxTags is AWS's limit of tags per resource.
const maxTags = 50

// tags keeps a resource's tags in the order they were first added, which
// is how DescribeTags lists them.
type tags []*v1.Tag

// checkTags refuses a request that names a key twice (DuplicateTagKeys).
func checkTags(in []*v1.Tag) error {
	seen := map[string]bool{}
	for _, t := range in {
		k := aws.StringValue(t.Key)
		if k == "" {
			return validation("A tag key must be specified")
		}
		if seen[k] {
			return core.BadRequest("DuplicateTagKeys", "A tag with key '%s' is specified more than once", k)
		}
		seen[k] = true
	}
	return nil
}

// merged returns t with in added or overwritten, or TooManyTags.
func (t tags) merged(in []*v1.Tag) (tags, error) {
	out := append(tags(nil), t...)
	for _, n := range in {
		i := out.index(aws.StringValue(n.Key))
		v := &v1.Tag{Key: n.Key, Value: aws.String(aws.StringValue(n.Value))}
		if i >= 0 {
			out[i] = v
		} else {
			out = append(out, v)
		}
	}
	if len(out) > maxTags {
		return nil, core.BadRequest("TooManyTags", "You've reached the limit on the number of tags for this resource")
	}
	return out, nil
}

func (t tags) without(keys []*string) tags {
	out := tags{}
	for _, x := range t {
		drop := false
		for _, k := range keys {
			drop = drop || aws.StringValue(k) == aws.StringValue(x.Key)
		}
		if !drop {
			out = append(out, x)
		}
	}
	return out
}

func (t tags) index(key string) int {
	for i, x := range t {
		if aws.StringValue(x.Key) == key {
			return i
		}
	}
	return -1
}

// tagsOf finds the tags of any taggable resource by ARN, answering the
// not-found code of the resource's kind as AWS does.
func (s *Service) tagsOf(arn string) (*tags, error) {
	switch {
	case strings.Contains(arn, ":loadbalancer/"):
		if lb, ok := s.lbs[arn]; ok {
			return &lb.tags, nil
		}
		return nil, lbNotFound()
	case strings.Contains(arn, ":targetgroup/"):
		if tg, ok := s.tgs[arn]; ok {
			return &tg.tags, nil
		}
		return nil, tgNotFound()
	case strings.Contains(arn, ":listener/"):
		if l, ok := s.listeners[arn]; ok {
			return &l.tags, nil
		}
		return nil, listenerNotFound()
	case strings.Contains(arn, ":listener-rule/"):
		if ru, ok := s.rules[arn]; ok {
			return &ru.tags, nil
		}
		return nil, ruleNotFound()
	}
	return nil, validation("'%s' is not a valid resource ARN", arn)
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AddTags.html
func (s *Service) addTags(r *core.Request) (any, error) {
	var in v1.AddTagsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.ResourceArns) == 0 || len(in.Tags) == 0 {
		return nil, validation("ResourceArns and Tags must not be empty")
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Check every resource first, so that the call is all or nothing.
	targets := make([]*tags, 0, len(in.ResourceArns))
	updated := make([]tags, 0, len(in.ResourceArns))
	for _, arn := range in.ResourceArns {
		t, err := s.tagsOf(aws.StringValue(arn))
		if err != nil {
			return nil, err
		}
		m, err := t.merged(in.Tags)
		if err != nil {
			return nil, err
		}
		targets, updated = append(targets, t), append(updated, m)
	}
	for i, t := range targets {
		*t = updated[i]
	}
	return &v1.AddTagsOutput{}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RemoveTags.html
func (s *Service) removeTags(r *core.Request) (any, error) {
	var in v1.RemoveTagsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.ResourceArns) == 0 || len(in.TagKeys) == 0 {
		return nil, validation("ResourceArns and TagKeys must not be empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	targets := make([]*tags, 0, len(in.ResourceArns))
	for _, arn := range in.ResourceArns {
		t, err := s.tagsOf(aws.StringValue(arn))
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	for _, t := range targets {
		*t = t.without(in.TagKeys)
	}
	return &v1.RemoveTagsOutput{}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTags.html
// takes at most 20 ARNs.
func (s *Service) describeTags(r *core.Request) (any, error) {
	var in v1.DescribeTagsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.ResourceArns) == 0 {
		return nil, validation("ResourceArns must not be empty")
	}
	if len(in.ResourceArns) > 20 {
		return nil, validation("1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &v1.DescribeTagsOutput{TagDescriptions: []*v1.TagDescription{}}
	for _, arn := range in.ResourceArns {
		t, err := s.tagsOf(aws.StringValue(arn))
		if err != nil {
			return nil, err
		}
		out.TagDescriptions = append(out.TagDescriptions, &v1.TagDescription{ResourceArn: arn, Tags: copyTags(*t)})
	}
	return out, nil
}

func copyTags(t tags) []*v1.Tag {
	out := make([]*v1.Tag, len(t))
	for i, x := range t {
		out[i] = &v1.Tag{Key: aws.String(aws.StringValue(x.Key)), Value: aws.String(aws.StringValue(x.Value))}
	}
	return out
}
