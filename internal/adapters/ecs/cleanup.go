package ecs

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// cleanup deregisters, before a rollout to target, the revisions of the
// family older than the one running now. The running one stays: it is
// the rollback target of the rollout about to start; so after the
// rollout succeeds exactly two revisions are ACTIVE, the new one and the
// previous one. Only revisions the service's own task definition address
// claims are touched. Nothing is cleaned while the last rollout failed.
func (k *services) cleanup(ctx context.Context, live reconcile.Live, target string) error {
	running, err := kit.String(live.Fields, names.Service.TaskDefinition)
	if err != nil {
		return err
	}
	if live.Failure != "" || running == "" {
		return nil
	}
	fam, runRev := familyOf(running)
	addr := live.Address + ".task_definition"
	p := ecs.NewListTaskDefinitionsPaginator(k.api, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(fam), Status: types.TaskDefinitionStatusActive})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list revisions: %w", err)
		}
		for _, arn := range page.TaskDefinitionArns {
			f, rev := familyOf(arn)
			if f != fam || rev >= runRev || arn == target {
				continue
			}
			if err := deregisterOwned(ctx, k.shared, arn, desired.Address(addr)); err != nil {
				return err
			}
		}
	}
	return nil
}
