package ecs

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
)

var retag = []string{"ecs:TagResource", "ecs:UntagResource"}

// Operations are the ECS operations each kind calls
// (kit.Operations). A service's update also deregisters the revisions older
// than the one it runs (cleanup.go), and reads the stopped tasks of a failed
// rollout (stopped.go) while it observes.
var Operations = map[string]kit.Operations{
	names.KindCluster: {
		Observe: []string{"ecs:ListClusters", "ecs:DescribeClusters", tagging.Operation},
		Change:  []string{"ecs:CreateCluster", "ecs:UpdateClusterSettings", "ecs:TagResource", "ecs:UntagResource"},
		Delete:  []string{"ecs:DeleteCluster"},
	},
	names.KindTaskDefinition: {
		Observe: []string{"ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition", tagging.Operation},
		Change:  append([]string{"ecs:RegisterTaskDefinition"}, retag...),
		Delete:  []string{"ecs:DeregisterTaskDefinition"},
	},
	names.KindService: {
		Observe: []string{"ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices",
			"ecs:ListTasks", "ecs:DescribeTasks", tagging.Operation},
		Change: append([]string{"ecs:CreateService", "ecs:UpdateService", "ecs:ListTaskDefinitions",
			"ecs:DeregisterTaskDefinition"}, retag...),
		Delete: []string{"ecs:DeleteService"},
	},
	names.KindRunTask: {
		Observe: []string{"ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition", "ecs:ListTasks", "ecs:DescribeTasks", tagging.Operation},
		Change:  []string{"ecs:RunTask", "ecs:TagResource"},
		Delete:  []string{"ecs:StopTask"},
	},
}
