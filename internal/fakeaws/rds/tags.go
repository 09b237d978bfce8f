package rds

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// tagsOf finds the tag list of the resource an ARN names (db, subgrp, pg)
// with each kind's not-found error. The caller holds s.mu.
func (s *Service) tagsOf(arn string) (*[]*v1.Tag, error) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "rds" {
		return nil, core.BadRequest("InvalidParameterValue", "The specified resource name does not match an RDS resource in this region.")
	}
	kind, id := parts[5], strings.ToLower(parts[6])
	switch kind {
	case "db":
		s.tick()
		if i, ok := s.instances[id]; ok {
			return &i.tags, nil
		}
		return nil, instanceNotFound(id)
	case "subgrp":
		if g, ok := s.subnetGroups[id]; ok {
			return &g.tags, nil
		}
		return nil, subnetGroupNotFound(id)
	case "pg":
		if g, ok := s.paramGroups[id]; ok {
			return &g.tags, nil
		}
		return nil, paramGroupNotFound(id)
	}
	return nil, core.BadRequest("InvalidParameterValue", "The specified resource name does not match an RDS resource in this region.")
}

// addTagsToResource follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddTagsToResource.html
// A key already present takes the new value.
func (s *Service) addTagsToResource(r *core.Request) (any, error) {
	var in v1.AddTagsToResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.tagsOf(aws.StringValue(in.ResourceName))
	if err != nil {
		return nil, err
	}
	for _, t := range in.Tags {
		i := slices.IndexFunc(*tags, func(x *v1.Tag) bool { return aws.StringValue(x.Key) == aws.StringValue(t.Key) })
		if i >= 0 {
			(*tags)[i] = t
		} else {
			*tags = append(*tags, t)
		}
	}
	return &v1.AddTagsToResourceOutput{}, nil
}

// removeTagsFromResource follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RemoveTagsFromResource.html
func (s *Service) removeTagsFromResource(r *core.Request) (any, error) {
	var in v1.RemoveTagsFromResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.tagsOf(aws.StringValue(in.ResourceName))
	if err != nil {
		return nil, err
	}
	keys := aws.StringValueSlice(in.TagKeys)
	*tags = slices.DeleteFunc(*tags, func(t *v1.Tag) bool { return slices.Contains(keys, aws.StringValue(t.Key)) })
	return &v1.RemoveTagsFromResourceOutput{}, nil
}

// listTagsForResource follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ListTagsForResource.html
func (s *Service) listTagsForResource(r *core.Request) (any, error) {
	var in v1.ListTagsForResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.tagsOf(aws.StringValue(in.ResourceName))
	if err != nil {
		return nil, err
	}
	return &v1.ListTagsForResourceOutput{TagList: append([]*v1.Tag{}, *tags...)}, nil
}
