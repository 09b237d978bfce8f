// Package cluster holds the adapters of what every ECS service shares:
// the cluster itself (ecs.cluster) and the log group its containers write
// to (logs.log_group).
package cluster

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Kinds returns the tier's adapters keyed by kind name.
func Kinds(e ClusterAPI, l LogGroupAPI) map[string]reconcile.Kind {
	return map[string]reconcile.Kind{
		names.KindCluster:  clusterKind{e},
		names.KindLogGroup: logGroupKind{l},
	}
}

// Register adds the cluster and log group adapters, with the error tables
// of ECS and CloudWatch Logs.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(ecs.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg)) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddErrors(ECSErrors); err != nil {
		return err
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(LogsErrors)
}
