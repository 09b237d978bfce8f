package acm

import (
	v1 "github.com/aws/aws-sdk-go/service/acm"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func acmTag(t *v1.Tag) (*string, *string) { return t.Key, t.Value }

// tagged is every certificate with its tags, for the tagging API.
func (s *Service) tagged() []core.TaggedResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []core.TaggedResource
	for arn, c := range s.certs {
		out = append(out, core.TaggedResource{ARN: arn, Tags: core.TagPairs(c.tags, acmTag)})
	}
	return out
}
