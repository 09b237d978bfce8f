package logs

import (
	"maps"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// tagged is every log group with its tags, for the tagging API.
func (s *Service) tagged() []core.TaggedResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []core.TaggedResource
	for _, g := range s.groups {
		out = append(out, core.TaggedResource{ARN: g.arn, Tags: maps.Clone(g.tags)})
	}
	return out
}
