package ecs

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create makes the cluster with its settings and tags in one call.
// CreateCluster has no client token but is idempotent by name: for an
// existing cluster it returns that cluster unchanged. So a retry after a
// lost answer lands on the first cluster, and a cluster of the same name
// that is not this address's (another environment's, or untagged) is
// refused rather than taken.
func (k clusterKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	name, err := kit.String(r.Fields, names.Cluster.ClusterName)
	if err != nil {
		return reconcile.Live{}, err
	}
	on, err := kit.Bool(r.Fields, names.Cluster.ContainerInsights)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	out, err := k.api.CreateCluster(ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String(name), Settings: insightsSetting(on), Tags: ecsTags(tags),
	})
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create cluster: %w", err)
	}
	c := *out.Cluster
	if got := kit.Claim(id, tagMap(c.Tags)); got != r.Address {
		return reconcile.Live{}, kit.BadInput("cluster %s already exists and is not tagged as this address (it claims %q)", name, got)
	}
	return clusterLive(c), nil
}

// steps: the setting, then tags; the two are independent.
func (k clusterKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.updateInsights, names.Cluster.ContainerInsights),
		kit.On(k.tag, names.Cluster.Tags),
	}
}

func (k clusterKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k clusterKind) updateInsights(ctx context.Context, c kit.Change) error {
	on, err := kit.Bool(c.Want.Fields, names.Cluster.ContainerInsights)
	if err != nil {
		return err
	}
	_, err = k.api.UpdateClusterSettings(ctx, &ecs.UpdateClusterSettingsInput{Cluster: aws.String(c.Live.ID), Settings: insightsSetting(on)})
	if err != nil {
		return fmt.Errorf("update cluster settings: %w", err)
	}
	return nil
}

func (k clusterKind) tag(ctx context.Context, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	api := k.api
	if len(put) > 0 {
		if _, err := api.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(c.Live.ID), Tags: ecsTags(put)}); err != nil {
			return fmt.Errorf("tag cluster: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := api.UntagResource(ctx, &ecs.UntagResourceInput{ResourceArn: aws.String(c.Live.ID), TagKeys: remove}); err != nil {
			return fmt.Errorf("untag cluster: %w", err)
		}
	}
	return nil
}

// Delete removes the cluster (a replacement: it cannot be renamed).
func (k clusterKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete cluster: %w", err)
	}
	return nil
}
