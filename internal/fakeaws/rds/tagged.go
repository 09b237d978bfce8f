package rds

import (
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func rdsTag(t *v1.Tag) (*string, *string) { return t.Key, t.Value }

// tagged is every instance, subnet group and parameter group with its
// tags, for the tagging API.
func (s *Service) tagged() []core.TaggedResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []core.TaggedResource
	for _, i := range s.instances {
		out = append(out, core.TaggedResource{ARN: i.arn, Tags: core.TagPairs(i.tags, rdsTag)})
	}
	for _, g := range s.subnetGroups {
		out = append(out, core.TaggedResource{ARN: g.arn, Tags: core.TagPairs(g.tags, rdsTag)})
	}
	for _, g := range s.paramGroups {
		out = append(out, core.TaggedResource{ARN: g.arn, Tags: core.TagPairs(g.tags, rdsTag)})
	}
	return out
}
