package ecs

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// taskDefinitions is ecs.task_definition: the newest ACTIVE revision the
// identity owns in each family. A change registers a new revision (one
// RegisterTaskDefinition, nothing else); older revisions are deregistered
// by the service's rollout, which knows which one is its rollback target.
type taskDefinitions struct{ *shared }

// Observe: one paginated ListTaskDefinitions, the tags from the pass's
// tagging index; a revision is described the first time it is seen only,
// and not at all when its content hash tag says it is what the file wants
// (Complete), so a no-op pass describes nothing, in a new process too.
func (k *taskDefinitions) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	cur, err := k.revisions.current(ctx, id)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "task definitions", kit.Items(slices.Collect(maps.Values(cur))),
		func(r revision) map[string]string { return r.tags }, kit.Always(revisionLive))
}

// revisionLive is r's Live; a summary's has no fields until Complete.
func revisionLive(r revision) reconcile.Live {
	if r.def == nil {
		return reconcile.Live{ID: r.arn(), Attrs: map[string]string{"arn": r.arn()}, Ready: true, Status: string(types.TaskDefinitionStatusActive)}
	}
	return reconcile.Live{ID: r.arn(), Fields: definitionFields(r), Attrs: map[string]string{"arn": r.arn()},
		Ready: true, Status: string(r.def.Status)}
}

// Complete gives a summary its fields: want's own when the revision's
// content hash tag is the hash of want's definition (a revision never
// changes, so equal hashes are equal definitions; the tags, which can
// change, are the revision's), otherwise the described revision's, so
// that the report shows what differs. A revision registered before the
// hash tag existed is described.
func (k *taskDefinitions) Complete(ctx context.Context, want desired.Resource, live reconcile.Live) (reconcile.Live, error) {
	if live.Fields != nil {
		return live, nil
	}
	if r, ok := k.revisions.summary(live.ID); ok && r.tags[tagContentHash] != "" {
		if in, err := registerInput(want.Fields); err == nil && contentHash(in) == r.tags[tagContentHash] {
			fields := maps.Clone(want.Fields)
			fields[names.TaskDefinition.Tags] = observedTags(r.tags)
			live.Fields = fields
			return live, nil
		}
	}
	r, err := k.revisions.describe(ctx, live.ID)
	if err != nil {
		return live, err
	}
	full := revisionLive(r)
	full.Address, full.CreatedAt, full.Twins = live.Address, live.CreatedAt, live.Twins
	return full, nil
}

// Create registers the first revision of the family. RegisterTaskDefinition
// has no idempotency token; a lost answer leaves a revision the engine's
// Observe finds (it is the newest, tagged) before any second attempt.
func (k *taskDefinitions) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	if err := k.refuseMissingImage(ctx, r); err != nil {
		return reconcile.Live{}, err
	}
	in, err := registerInput(r.Fields)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags[tagContentHash] = contentHash(in)
	in.Tags = ecsTags(tags)
	out, err := k.api.RegisterTaskDefinition(ctx, in)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("register task definition: %w", err)
	}
	rev := revision{def: out.TaskDefinition, tags: tagMap(out.Tags)}
	if len(out.Tags) == 0 {
		rev.tags = tags
	}
	k.revisions.remember(rev)
	return revisionLive(rev), nil
}

// Update registers a new revision: a revision is immutable, so any change
// of content (the image tag, an environment variable) is a new one. Tags
// alone are written on the current revision: they are not the
// definition, and must not roll the services out.
func (k *taskDefinitions) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	if fs := delta.Fields(); len(fs) != 1 || fs[0] != names.TaskDefinition.Tags {
		return k.Create(ctx, id, r)
	}
	put, remove := kit.TagChange(delta)
	if len(put) > 0 {
		if _, err := k.api.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(live.ID), Tags: ecsTags(put)}); err != nil {
			return live, fmt.Errorf("tag revision: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.UntagResource(ctx, &ecs.UntagResourceInput{ResourceArn: aws.String(live.ID), TagKeys: remove}); err != nil {
			return live, fmt.Errorf("untag revision: %w", err)
		}
	}
	k.revisions.forget(live.ID)
	return kit.Applied(id, r, live, delta.Fields())
}

// Delete deregisters every ACTIVE revision of the family the identity
// claims for the address (revisions registered by hand are left alone).
func (k *taskDefinitions) Delete(ctx context.Context, live reconcile.Live) error {
	fam, _ := familyOf(live.ID)
	p := ecs.NewListTaskDefinitionsPaginator(k.api, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(fam), Status: types.TaskDefinitionStatusActive})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list revisions: %w", err)
		}
		for _, arn := range page.TaskDefinitionArns {
			if err := deregisterOwned(ctx, k.shared, arn, live.Address); err != nil {
				return err
			}
		}
	}
	return nil
}

// deregisterOwned deregisters arn when it carries addr's tag.
func deregisterOwned(ctx context.Context, s *shared, arn string, addr desired.Address) error {
	r, err := s.revisions.describe(ctx, arn)
	if err != nil {
		return err
	}
	if desired.Address(r.tags[names.TagAddress]) != addr {
		return nil
	}
	_, err = s.api.DeregisterTaskDefinition(ctx, &ecs.DeregisterTaskDefinitionInput{TaskDefinition: aws.String(arn)})
	if err != nil {
		return fmt.Errorf("deregister %s: %w", arn, err)
	}
	return nil
}
