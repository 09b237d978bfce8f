package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func sdTag(t *v1.Tag) (*string, *string) { return t.Key, t.Value }

// tagged is every namespace (once created) and service with its tags, for
// the tagging API.
func (s *Service) tagged() []core.TaggedResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var out []core.TaggedResource
	for _, ns := range s.namespaces {
		if ns.ready {
			out = append(out, core.TaggedResource{ARN: *ns.shape.Arn, Tags: core.TagPairs(ns.tags, sdTag)})
		}
	}
	for _, svc := range s.services {
		out = append(out, core.TaggedResource{ARN: *svc.shape.Arn, Tags: core.TagPairs(svc.tags, sdTag)})
	}
	return out
}
