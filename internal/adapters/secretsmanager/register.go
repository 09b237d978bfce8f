// Package secretsmanager manages Secrets Manager secrets (secretsmanager.secret)
// and the completion of the database secret with the instance's endpoint
// (secretsmanager.database_credentials). Secret values are read only to
// learn which keys they hold, once per version, and never leave this
// package: no value reaches an error, a field, a note or a log.
package secretsmanager

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Register adds the secrets tier's two kinds and Secrets Manager's error
// table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(secretsmanager.NewFromConfig(cfg), rds.NewFromConfig(cfg)) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}

// Kinds returns the tier's adapters by kind. They share one cache of what
// each secret version holds, which lives as long as the adapters (across
// daemon passes).
func Kinds(sm SecretsAPI, db DBAPI) map[string]reconcile.Kind {
	t := &tier{sm: sm, db: db, cache: newValueCache(), lists: &concur.Flight[[]types.SecretListEntry]{}}
	return map[string]reconcile.Kind{
		names.KindSecret:              secretKind{t},
		names.KindDatabaseCredentials: credentialsKind{t},
	}
}

// tier is what both kinds share.
type tier struct {
	sm    SecretsAPI
	db    DBAPI
	cache *valueCache
	// lists shares the listing of secrets between the kinds (list.go).
	lists *concur.Flight[[]types.SecretListEntry]
}
