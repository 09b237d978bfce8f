package cluster

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

// ClusterAPI is the part of the ECS client the cluster adapter uses.
type ClusterAPI interface {
	CreateCluster(ctx context.Context, in *ecs.CreateClusterInput, optFns ...func(*ecs.Options)) (*ecs.CreateClusterOutput, error)
	ListClusters(ctx context.Context, in *ecs.ListClustersInput, optFns ...func(*ecs.Options)) (*ecs.ListClustersOutput, error)
	DescribeClusters(ctx context.Context, in *ecs.DescribeClustersInput, optFns ...func(*ecs.Options)) (*ecs.DescribeClustersOutput, error)
	UpdateClusterSettings(ctx context.Context, in *ecs.UpdateClusterSettingsInput, optFns ...func(*ecs.Options)) (*ecs.UpdateClusterSettingsOutput, error)
	DeleteCluster(ctx context.Context, in *ecs.DeleteClusterInput, optFns ...func(*ecs.Options)) (*ecs.DeleteClusterOutput, error)
	TagResource(ctx context.Context, in *ecs.TagResourceInput, optFns ...func(*ecs.Options)) (*ecs.TagResourceOutput, error)
	UntagResource(ctx context.Context, in *ecs.UntagResourceInput, optFns ...func(*ecs.Options)) (*ecs.UntagResourceOutput, error)
}

var _ ClusterAPI = (*ecs.Client)(nil)

// clusterKind manages ecs.cluster: cluster_name*, container_insights,
// tags. Its ID is the cluster ARN, which ECS services report as their
// cluster.
type clusterKind struct{ api ClusterAPI }

// describeBatch is DescribeClusters' limit of clusters per call.
const describeBatch = 100

// Observe lists the cluster ARNs (ListClusters has no tag filter), then
// describes them in batches of 100 with their tags and settings: one call
// per page of ListClusters plus one per hundred clusters.
func (k clusterKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	var arns []string
	p := ecs.NewListClustersPaginator(k.api, &ecs.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list clusters: %w", err)
		}
		arns = append(arns, page.ClusterArns...)
	}
	var clusters []types.Cluster
	for start := 0; start < len(arns); start += describeBatch {
		out, err := k.api.DescribeClusters(ctx, &ecs.DescribeClustersInput{
			Clusters: arns[start:min(start+describeBatch, len(arns))],
			Include:  []types.ClusterField{types.ClusterFieldTags, types.ClusterFieldSettings},
		})
		if err != nil {
			return nil, fmt.Errorf("describe clusters: %w", err)
		}
		clusters = append(clusters, out.Clusters...)
	}
	return kit.Collect(ctx, id, "clusters", kit.Items(clusters), func(c types.Cluster) map[string]string { return ecsTags(c.Tags) },
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
			names.Cluster.Tags:              kit.Observed(ecsTags(c.Tags)),
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
