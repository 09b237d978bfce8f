package secretsmanager

import (
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// tagResource follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_TagResource.html
// A key that is already there gets the new value.
func (s *Service) tagResource(r *core.Request) (any, error) {
	var in v1.TagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		return nil, err
	}
	sec.setTags(in.Tags)
	return &v1.TagResourceOutput{}, nil
}

// untagResource follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UntagResource.html
// Keys that are absent are ignored.
func (s *Service) untagResource(r *core.Request) (any, error) {
	var in v1.UntagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		return nil, err
	}
	sec.removeTags(in.TagKeys)
	return &v1.UntagResourceOutput{}, nil
}
