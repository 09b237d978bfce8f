package ecs

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// clusterKind manages ecs.cluster: cluster_name*, container_insights,
// tags. Its ID is the cluster ARN, which ECS services report as their
// cluster.
type clusterKind struct{ *shared }

// Observe reads the account's clusters through the listing the service
// and one-off task kinds share (clusterFinder.all): the clusters the
// environment claims, less the INACTIVE ones.
func (k clusterKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	clusters, err := k.cluster.all(ctx, id)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "clusters", kit.Items(clusters), func(c types.Cluster) map[string]string { return tagMap(c.Tags) },
		func(_ context.Context, c types.Cluster) (reconcile.Live, bool, error) {
			// An INACTIVE cluster is a deleted one ECS still shows for a while.
			return clusterLive(c), aws.ToString(c.Status) != "INACTIVE", nil
		})
}

func clusterLive(c types.Cluster) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(c.ClusterArn),
		Fields: map[string]any{
			names.Cluster.ClusterName:       aws.ToString(c.ClusterName),
			names.Cluster.ContainerInsights: insights(c.Settings),
			names.Cluster.Tags:              kit.Observed(tagMap(c.Tags)),
		},
		Attrs:  map[string]string{"arn": aws.ToString(c.ClusterArn), "name": aws.ToString(c.ClusterName)},
		Ready:  aws.ToString(c.Status) == "ACTIVE",
		Status: aws.ToString(c.Status),
	}
}

// insights reads the containerInsights setting as the file's bool:
// "enabled" is true, "disabled" (or no setting) false; any other mode
// ("enhanced") is reported as it is, so it differs from both and is set
// back to what the file says.
func insights(settings []types.ClusterSetting) any {
	for _, s := range settings {
		if s.Name != types.ClusterSettingNameContainerInsights {
			continue
		}
		switch v := aws.ToString(s.Value); v {
		case "enabled":
			return true
		case "disabled", "":
			return false
		default:
			return v
		}
	}
	return false
}

func insightsSetting(on bool) []types.ClusterSetting {
	v := "disabled"
	if on {
		v = "enabled"
	}
	return []types.ClusterSetting{{Name: types.ClusterSettingNameContainerInsights, Value: aws.String(v)}}
}
