package acm

import (
	"slices"

	v1 "github.com/aws/aws-sdk-go/service/acm"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// addTags follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_AddTagsToCertificate.html
// A key already present takes the new value.
func (s *Service) addTags(r *core.Request) (any, error) {
	var in v1.AddTagsToCertificateInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookup(in.CertificateArn)
	if err != nil {
		return nil, err
	}
	c.setTags(in.Tags)
	return &v1.AddTagsToCertificateOutput{}, nil
}

// listTags follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_ListTagsForCertificate.html
func (s *Service) listTags(r *core.Request) (any, error) {
	var in v1.ListTagsForCertificateInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookup(in.CertificateArn)
	if err != nil {
		return nil, err
	}
	out := &v1.ListTagsForCertificateOutput{}
	if len(c.tags) > 0 {
		out.Tags = slices.Clone(c.tags)
	}
	return out, nil
}

// removeTags follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_RemoveTagsFromCertificate.html
// A tag given with a value is removed only if the value matches.
func (s *Service) removeTags(r *core.Request) (any, error) {
	var in v1.RemoveTagsFromCertificateInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookup(in.CertificateArn)
	if err != nil {
		return nil, err
	}
	c.removeTags(in.Tags)
	return &v1.RemoveTagsFromCertificateOutput{}, nil
}
