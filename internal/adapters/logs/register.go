// Package logs holds the adapter of CloudWatch Logs (kinds logs.*): the
// log group the containers of ECS services write to (logs.log_group).
package logs

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Kinds returns the package's adapters keyed by kind name.
func Kinds(l LogGroupAPI) map[string]reconcile.Kind {
	return map[string]reconcile.Kind{names.KindLogGroup: logGroupKind{l}}
}

// Operations are the CloudWatch Logs operations each kind calls
// (kit.Operations).
var Operations = map[string]kit.Operations{
	names.KindLogGroup: {
		Observe: []string{"logs:DescribeLogGroups", "logs:ListTagsForResource", tagging.Operation},
		Change: []string{"logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
			"logs:TagResource", "logs:UntagResource"},
		Delete: []string{"logs:DeleteLogGroup"},
	},
}

// Register adds the log group adapter, with CloudWatch Logs' error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(WithIndex(cloudwatchlogs.NewFromConfig(cfg), tagging.New(cfg))) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}
