package cluster

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Operations are the ECS and CloudWatch Logs operations each kind calls
// (kit.Operations).
var Operations = map[string]kit.Operations{
	names.KindCluster: {
		Observe: []string{"ecs:ListClusters", "ecs:DescribeClusters"},
		Change:  []string{"ecs:CreateCluster", "ecs:UpdateClusterSettings", "ecs:TagResource", "ecs:UntagResource"},
		Delete:  []string{"ecs:DeleteCluster"},
	},
	names.KindLogGroup: {
		Observe: []string{"logs:DescribeLogGroups", "logs:ListTagsForResource"},
		Change: []string{"logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
			"logs:TagResource", "logs:UntagResource"},
		Delete: []string{"logs:DeleteLogGroup"},
	},
}
