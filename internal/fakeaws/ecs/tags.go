package ecs

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// validateTags applies the limits of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html.
func validateTags(tags []*v1.Tag) error {
	if len(tags) > 50 {
		return errInvalid("Tags can have a maximum of 50 items.")
	}
	for _, t := range tags {
		k := aws.StringValue(t.Key)
		if k == "" || len(k) > 128 || len(aws.StringValue(t.Value)) > 256 {
			return errInvalid("Tag keys must be 1-128 characters and values at most 256 characters.")
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return errInvalid("Tag keys beginning with 'aws:' are reserved.")
		}
	}
	return nil
}

// mergeTags sets each tag of add on *have, replacing the value of a key
// already present.
func mergeTags(have *[]*v1.Tag, add []*v1.Tag) {
	for _, a := range add {
		replaced := false
		for _, h := range *have {
			if aws.StringValue(h.Key) == aws.StringValue(a.Key) {
				h.Value, replaced = clone(a.Value), true
			}
		}
		if !replaced {
			*have = append(*have, clone(a))
		}
	}
}

// tagsOf finds the tag list of the resource an ARN names: a cluster, a
// service, a task definition revision or a task.
func (s *Service) tagsOf(arn string) (*[]*v1.Tag, error) {
	kind, rest, ok := resource(arn)
	if !ok {
		return nil, errInvalid("The ARN provided is not valid: %s", arn)
	}
	parts := strings.Split(rest, "/")
	switch {
	case kind == "cluster" && len(parts) == 1:
		if c, ok := s.clusters[parts[0]]; ok {
			return &c.tags, nil
		}
	case kind == "service" && len(parts) == 2:
		c, ok := s.clusters[parts[0]]
		if !ok {
			return nil, errClusterNotFound()
		}
		if svc, ok := c.services[parts[1]]; ok && svc.status != "INACTIVE" {
			return &svc.tags, nil
		}
	case kind == "task-definition" && len(parts) == 1:
		if td := s.findTaskDef(parts[0]); td != nil && strings.Contains(parts[0], ":") {
			return &td.tags, nil
		}
	case kind == "task" && len(parts) == 2:
		if c, ok := s.clusters[parts[0]]; ok {
			if t := c.findTask(parts[1]); t != nil {
				return &t.tags, nil
			}
		}
	default:
		return nil, errInvalid("The ARN provided is not valid: %s", arn)
	}
	return nil, core.BadRequest("ResourceNotFoundException", "The specified resource could not be found.")
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
func (s *Service) tagResource(r *core.Request) (any, error) {
	var in v1.TagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	tags, err := s.tagsOf(aws.StringValue(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	mergeTags(tags, in.Tags)
	if len(*tags) > 50 {
		return nil, errInvalid("Tags can have a maximum of 50 items.")
	}
	return &v1.TagResourceOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UntagResource.html
func (s *Service) untagResource(r *core.Request) (any, error) {
	var in v1.UntagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	tags, err := s.tagsOf(aws.StringValue(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	drop := includes(in.TagKeys)
	kept := []*v1.Tag{}
	for _, t := range *tags {
		if !drop[aws.StringValue(t.Key)] {
			kept = append(kept, t)
		}
	}
	*tags = kept
	return &v1.UntagResourceOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTagsForResource.html
func (s *Service) listTagsForResource(r *core.Request) (any, error) {
	var in v1.ListTagsForResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	tags, err := s.tagsOf(aws.StringValue(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	return &v1.ListTagsForResourceOutput{Tags: copyTags(*tags)}, nil
}
