package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type tag struct{ key, value string }

// tagList keeps tags in the order they were first added. IAM compares tag
// keys without regard to case: tagging "env" over "Env" replaces it.
type tagList []tag

const maxTags = 50

func newTags(in []*v1.Tag) (tagList, error) {
	var l tagList
	return l.merge(in)
}

func (l tagList) index(k string) int {
	for i, t := range l {
		if strings.EqualFold(t.key, k) {
			return i
		}
	}
	return -1
}

// merge returns l with in added or replaced, refusing more than 50 tags.
func (l tagList) merge(in []*v1.Tag) (tagList, error) {
	out := append(tagList(nil), l...)
	for _, t := range in {
		k, v := aws.StringValue(t.Key), aws.StringValue(t.Value)
		if k == "" || len(k) > 128 || len(v) > 256 {
			return nil, validationError("1 validation error detected: Value '%s' at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128", k)
		}
		if i := out.index(k); i >= 0 {
			out[i] = tag{k, v}
		} else {
			out = append(out, tag{k, v})
		}
	}
	if len(out) > maxTags {
		return nil, limitExceeded("The number of tags has reached the maximum limit.")
	}
	return out, nil
}

func (l tagList) without(keys []*string) tagList {
	var out tagList
	for _, t := range l {
		drop := false
		for _, k := range keys {
			drop = drop || strings.EqualFold(t.key, aws.StringValue(k))
		}
		if !drop {
			out = append(out, t)
		}
	}
	return out
}

func (l tagList) shape() []*v1.Tag {
	var out []*v1.Tag
	for _, t := range l {
		out = append(out, &v1.Tag{Key: aws.String(t.key), Value: aws.String(t.value)})
	}
	return out
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html
func (s *Service) tagRole(req *core.Request) (any, error) {
	var in v1.TagRoleInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	tags, err := r.tags.merge(in.Tags)
	if err != nil {
		return nil, err
	}
	r.tags = tags
	return &v1.TagRoleOutput{}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html
// Removing a key the role does not have is not an error.
func (s *Service) untagRole(req *core.Request) (any, error) {
	var in v1.UntagRoleInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	r.tags = r.tags.without(in.TagKeys)
	return &v1.UntagRoleOutput{}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
func (s *Service) listRoleTags(req *core.Request) (any, error) {
	var in v1.ListRoleTagsInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	var tags []*v1.Tag
	if err == nil {
		tags = r.tags.shape()
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	start, end, marker, err := page(len(tags), in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &v1.ListRoleTagsOutput{Tags: tags[start:end], IsTruncated: aws.Bool(marker != nil), Marker: marker}, nil
}
