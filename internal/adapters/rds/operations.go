package rds

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
)

var retag = []string{"rds:AddTagsToResource", "rds:RemoveTagsFromResource"}

func change(ops ...string) []string { return append(ops, retag...) }

// Operations are the operations each kind of the tier calls
// (kit.Operations). The instance reads its master password from its
// secret when it creates the instance; it is stateful and never deleted.
var Operations = map[string]kit.Operations{
	names.KindDBSubnetGroup: {
		Observe: []string{"rds:DescribeDBSubnetGroups", "rds:ListTagsForResource", tagging.Operation},
		Change:  change("rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup"),
		Delete:  []string{"rds:DeleteDBSubnetGroup"},
	},
	names.KindDBParameterGroup: {
		Observe: []string{"rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:ListTagsForResource", tagging.Operation},
		Change:  change("rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:ResetDBParameterGroup"),
		Delete:  []string{"rds:DeleteDBParameterGroup"},
	},
	names.KindDBInstance: {
		Observe: []string{"rds:DescribeDBInstances"},
		Change: change("rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:RebootDBInstance",
			"secretsmanager:GetSecretValue"),
	},
}
