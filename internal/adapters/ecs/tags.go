package ecs

import (
	"maps"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Bookkeeping tags the adapters write beside the file's tags. They are
// not managed fields: Observe leaves them out of the tags field, so they
// are never reported as drift nor removed.
const (
	// tagContentHash on a revision: the hash of its normalised
	// definition, which is what "this definition" means to a rollout.
	tagContentHash = names.TagContentHash
	// tagRollout on a service: the content hash of the definition the
	// last rollout this package started went to; tagRolloutAt: when
	// (Unix seconds). With the rollback ECS records, they say which
	// definition failed and when it may be tried again.
	tagRollout   = names.TagRollout
	tagRolloutAt = names.TagRolloutAt
	// tagRun on a one-off task's revision: the ID of the task that ran it.
	tagRun = "everruns:run"
	// tagRunResult on it: "exit0" once an apply saw that task stop with
	// every essential container exited 0 (final: a stopped task never
	// changes), so a new process need not describe the task again.
	tagRunResult = "everruns:run-result"
	runExit0     = "exit0"
	// tagSubnets and tagGroups on a one-off task: its network, which
	// DescribeTasks does not report whole.
	tagSubnets = "everruns:subnets"
	tagGroups  = "everruns:security-groups"
)

func bookkeeping(k string) bool {
	switch k {
	case tagContentHash, tagRollout, tagRolloutAt, tagRun, tagRunResult, tagSubnets, tagGroups,
		names.TagHold, names.TagHoldAgainst, names.TagHoldFile:
		return true
	}
	return false
}

func tagMap(tags []types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func ecsTags(m map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// observedTags is the tags field as Observe reports it.
func observedTags(tags map[string]string) map[string]any {
	c := maps.Clone(tags)
	maps.DeleteFunc(c, func(k, _ string) bool { return bookkeeping(k) || strings.HasPrefix(k, "aws:") })
	return kit.Observed(c)
}
