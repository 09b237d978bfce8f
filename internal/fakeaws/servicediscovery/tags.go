package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// tags keeps a resource's tags in the order first added.
type tags []*v1.Tag

// merged adds or overwrites; more than 50 is TooManyTagsException.
func (t tags) merged(in []*v1.Tag) (tags, error) {
	out := append(tags(nil), t...)
	for _, n := range in {
		if aws.StringValue(n.Key) == "" {
			return nil, invalidInput("A tag key must be specified")
		}
		v := &v1.Tag{Key: aws.String(*n.Key), Value: aws.String(aws.StringValue(n.Value))}
		if i := out.index(*n.Key); i >= 0 {
			out[i] = v
		} else {
			out = append(out, v)
		}
	}
	if len(out) > 50 {
		return nil, core.BadRequest("TooManyTagsException", "The resource can have at most 50 tags")
	}
	return out, nil
}

func (t tags) index(key string) int {
	for i, x := range t {
		if aws.StringValue(x.Key) == key {
			return i
		}
	}
	return -1
}

func (t tags) copy() []*v1.Tag {
	out := make([]*v1.Tag, len(t))
	for i, x := range t {
		out[i] = &v1.Tag{Key: aws.String(*x.Key), Value: aws.String(*x.Value)}
	}
	return out
}

// tagsOf finds a namespace's or service's tags by ARN.
func (s *Service) tagsOf(arn string) (*tags, error) {
	for _, ns := range s.namespaces {
		if ns.ready && *ns.shape.Arn == arn {
			return &ns.tags, nil
		}
	}
	for _, svc := range s.services {
		if *svc.shape.Arn == arn {
			return &svc.tags, nil
		}
	}
	return nil, core.BadRequest("ResourceNotFoundException", "Resource not found: %s", arn)
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_TagResource.html
func (s *Service) tagResource(r *core.Request) (any, error) {
	var in v1.TagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	t, err := s.tagsOf(aws.StringValue(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	m, err := t.merged(in.Tags)
	if err != nil {
		return nil, err
	}
	*t = m
	return &v1.TagResourceOutput{}, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_UntagResource.html
func (s *Service) untagResource(r *core.Request) (any, error) {
	var in v1.UntagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	t, err := s.tagsOf(aws.StringValue(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	keep := tags{}
	for _, x := range *t {
		drop := false
		for _, k := range in.TagKeys {
			drop = drop || aws.StringValue(k) == *x.Key
		}
		if !drop {
			keep = append(keep, x)
		}
	}
	*t = keep
	return &v1.UntagResourceOutput{}, nil
}
