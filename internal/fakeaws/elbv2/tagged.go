package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func elbTag(t *v1.Tag) (*string, *string) { return t.Key, t.Value }

// tagged is every load balancer, target group, listener and rule with its
// tags, for the tagging API.
func (s *Service) tagged() []core.TaggedResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []core.TaggedResource
	for arn, lb := range s.lbs {
		out = append(out, core.TaggedResource{ARN: arn, Tags: core.TagPairs(lb.tags, elbTag)})
	}
	for arn, tg := range s.tgs {
		out = append(out, core.TaggedResource{ARN: arn, Tags: core.TagPairs(tg.tags, elbTag)})
	}
	for arn, l := range s.listeners {
		out = append(out, core.TaggedResource{ARN: arn, Tags: core.TagPairs(l.tags, elbTag)})
	}
	for arn, ru := range s.rules {
		out = append(out, core.TaggedResource{ARN: arn, Tags: core.TagPairs(ru.tags, elbTag)})
	}
	return out
}
