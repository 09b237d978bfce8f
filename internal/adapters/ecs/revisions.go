package ecs

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// revision is one task definition revision as described, with its tags;
// or, when def is nil, a summary: its ARN and tags only, as the tagging
// index gave them (a new process has described nothing yet).
type revision struct {
	def  *types.TaskDefinition
	tags map[string]string
	id   string // the ARN of a summary
}

func (r revision) arn() string {
	if r.def == nil {
		return r.id
	}
	return aws.ToString(r.def.TaskDefinitionArn)
}

// revisions describes each revision once and keeps it for the life of the
// process (the daemon's adapters live across passes): a revision's content
// can never change, and its tags change only through this package, which
// updates the copy it keeps.
type revisions struct {
	api        api
	index      *tagging.Index
	describing sync.Mutex
	mu         sync.Mutex
	arn        map[string]revision
	// summaries are the tags, by ARN, of revisions known from the tagging
	// index and not described: enough to compare by content hash.
	summaries map[string]map[string]string
	// listing is the one ListTaskDefinitions of a pass, shared by the task
	// definition and one-off task kinds, observed at the same time.
	listing concur.Flight[map[string][]string]
}

func newRevisions(c api) *revisions {
	return &revisions{api: c, arn: map[string]revision{}, summaries: map[string]map[string]string{}}
}

// cached is the described revision at arn, if this process described it.
func (rs *revisions) cached(arn string) (revision, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.arn[arn]
	return r, ok
}

// summary is the revision at arn as the tagging index gave it.
func (rs *revisions) summary(arn string) (revision, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	t, ok := rs.summaries[arn]
	return revision{id: arn, tags: t}, ok
}

// describe returns the revision at arn, from the cache when it was seen.
// Describes are serialised, so that kinds observed side by side do not
// describe the same revision twice.
func (rs *revisions) describe(ctx context.Context, arn string) (revision, error) {
	rs.describing.Lock()
	defer rs.describing.Unlock()
	rs.mu.Lock()
	r, ok := rs.arn[arn]
	rs.mu.Unlock()
	if ok {
		return r, nil
	}
	out, err := rs.api.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{
		TaskDefinition: aws.String(arn), Include: []types.TaskDefinitionField{types.TaskDefinitionFieldTags}})
	if err != nil {
		return revision{}, fmt.Errorf("describe task definition %s: %w", arn, err)
	}
	r = revision{def: out.TaskDefinition, tags: tagMap(out.Tags)}
	rs.remember(r)
	return r, nil
}

func (rs *revisions) remember(r revision) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.arn[r.arn()] = r
}

// tagged records tags written to the revision at arn by this process.
func (rs *revisions) tagged(arn string, tags map[string]string) {
	rs.index.Changed(arn)
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if t, ok := rs.summaries[arn]; ok {
		rs.summaries[arn] = mergedTags(t, tags)
	}
	r, ok := rs.arn[arn]
	if !ok {
		return
	}
	r.tags = mergedTags(r.tags, tags)
	rs.arn[arn] = r
}

func mergedTags(a, b map[string]string) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out
}

// familyOf splits a revision ARN (…:task-definition/FAMILY:REV).
func familyOf(arn string) (family string, rev int) {
	_, tail, ok := strings.Cut(arn, ":task-definition/")
	if !ok {
		return "", 0
	}
	i := strings.LastIndex(tail, ":")
	if i < 0 {
		return tail, 0
	}
	n, _ := strconv.Atoi(tail[i+1:])
	return tail[:i], n
}

// active lists, newest first, the ACTIVE revisions of every family whose
// name ends in "-<environment>" (families are named <name>-<environment>,
// so the identity alone finds them): one paginated ListTaskDefinitions for
// the whole account instead of one call per family.
func (rs *revisions) active(ctx context.Context, id desired.Identity) (map[string][]string, error) {
	out := map[string][]string{}
	p := ecs.NewListTaskDefinitionsPaginator(rs.api, &ecs.ListTaskDefinitionsInput{
		Status: types.TaskDefinitionStatusActive, Sort: types.SortOrderDesc})
	suffix := "-" + id.Environment
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list task definitions: %w", err)
		}
		for _, arn := range page.TaskDefinitionArns {
			if f, _ := familyOf(arn); strings.HasSuffix(f, suffix) {
				out[f] = append(out[f], arn)
			}
		}
	}
	return out, nil
}

// current finds, per address, the newest ACTIVE revision the identity
// claims by its tags. Revisions registered by hand (without the tags) are
// passed over. A revision's tags come from this process's cache, else
// from the pass's tagging index (a summary: nothing described), else from
// describing it; only the first claimed revision of each family is read.
func (rs *revisions) current(ctx context.Context, id desired.Identity) (map[desired.Address]revision, error) {
	rs.index.Prefetch(ctx) // beside the listing
	fams, err := reconcile.Shared(ctx, "ecs:ListTaskDefinitions/"+id.Project+"/"+id.Environment, func(ctx context.Context) (map[string][]string, error) {
		return rs.listing.Do(ctx, id.Project+"/"+id.Environment, func(ctx context.Context) (map[string][]string, error) { return rs.active(ctx, id) })
	})
	if err != nil {
		return nil, err
	}
	var listed []string
	for _, arns := range fams {
		listed = append(listed, arns...)
	}
	indexed, err := rs.index.Tags(ctx, listed)
	if err != nil {
		return nil, err
	}
	out := map[desired.Address]revision{}
	for _, arns := range fams {
		for _, arn := range arns {
			r, err := rs.read(ctx, arn, indexed)
			if err != nil {
				return nil, err
			}
			if addr := kit.Claim(id, r.tags); addr != "" {
				if _, dup := out[addr]; !dup {
					out[addr] = r
				}
				break
			}
		}
	}
	return out, nil
}

// read is the revision at arn: described before, else a summary from the
// index's tags, else described now.
func (rs *revisions) read(ctx context.Context, arn string, indexed map[string]map[string]string) (revision, error) {
	if r, ok := rs.cached(arn); ok {
		return r, nil
	}
	if t, ok := indexed[arn]; ok {
		rs.mu.Lock()
		rs.summaries[arn] = t
		rs.mu.Unlock()
		return revision{id: arn, tags: t}, nil
	}
	return rs.describe(ctx, arn)
}

// byHash is the ARN of a cached revision with the content hash, "" when
// none is known.
func (rs *revisions) byHash(h string) string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	best, bestRev := "", -1
	for arn, r := range rs.arn {
		if _, rev := familyOf(arn); h != "" && r.tags[tagContentHash] == h && rev > bestRev {
			best, bestRev = arn, rev
		}
	}
	return best
}

// forget drops arn, whose tags changed, so it is described again.
func (rs *revisions) forget(arn string) {
	rs.index.Changed(arn)
	rs.mu.Lock()
	defer rs.mu.Unlock()
	delete(rs.arn, arn)
	delete(rs.summaries, arn)
}

// findByHash is the newest ACTIVE revision of family with the content
// hash: from the cache, else by listing the family (only a failed rollout
// asks, in a process that has not seen the revision yet).
func (rs *revisions) findByHash(ctx context.Context, family, h string) (string, error) {
	if arn := rs.byHash(h); arn != "" || h == "" {
		return arn, nil
	}
	out, err := rs.api.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(family),
		Status: types.TaskDefinitionStatusActive, Sort: types.SortOrderDesc})
	if err != nil {
		return "", fmt.Errorf("list revisions: %w", err)
	}
	for _, arn := range out.TaskDefinitionArns {
		r, err := rs.describe(ctx, arn)
		if err != nil {
			return "", err
		}
		if r.tags[tagContentHash] == h {
			return arn, nil
		}
	}
	return "", nil
}
