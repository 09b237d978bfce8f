package ecs

import (
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func ecsTag(t *v1.Tag) (*string, *string) { return t.Key, t.Value }

// tagged is every cluster, service and task definition revision with its
// tags, for the tagging API. Deregistered revisions stay: AWS keeps them,
// tags included.
func (s *Service) tagged() []core.TaggedResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []core.TaggedResource
	for _, c := range s.clusters {
		out = append(out, core.TaggedResource{ARN: c.arn, Tags: core.TagPairs(c.tags, ecsTag)})
		for _, svc := range c.services {
			if svc.status != "INACTIVE" {
				out = append(out, core.TaggedResource{ARN: svc.arn, Tags: core.TagPairs(svc.tags, ecsTag)})
			}
		}
	}
	for _, f := range s.families {
		for _, td := range f.revisions {
			out = append(out, core.TaggedResource{ARN: td.arn(), Tags: core.TagPairs(td.tags, ecsTag)})
		}
	}
	return out
}
