package secretsmanager

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Operations are the operations each kind of the tier calls
// (kit.Operations). Both kinds are stateful: nothing is ever deleted.
// Values are read to learn which keys a secret holds; an apply records
// what it learnt of a version on the secret (TagResource, checked.go).
var Operations = map[string]kit.Operations{
	names.KindSecret: {
		Observe: []string{"secretsmanager:ListSecrets", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"},
		Change: []string{"secretsmanager:CreateSecret", "secretsmanager:GetRandomPassword", "secretsmanager:UpdateSecret",
			"secretsmanager:RestoreSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource", "secretsmanager:UntagResource"},
	},
	names.KindDatabaseCredentials: {
		Observe: []string{"secretsmanager:ListSecrets", "secretsmanager:GetSecretValue", "rds:DescribeDBInstances"},
		Change:  []string{"secretsmanager:PutSecretValue", "secretsmanager:TagResource", "rds:ModifyDBInstance"},
	},
}
