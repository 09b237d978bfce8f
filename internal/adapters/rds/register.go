// Package rds holds the adapters of the database tier: the DB subnet
// group, the DB parameter group and the DB instance, speaking the
// vocabulary of docs/resources.md on one side and the RDS API on the
// other. The instance is stateful: it is never deleted nor replaced.
package rds

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// RDSAPI is the part of the RDS client the tier uses, so that *rds.Client
// (talking to AWS or to the fake) satisfies it.
type RDSAPI interface {
	subnetGroupAPI
	parameterGroupAPI
	instanceAPI
}

var (
	_ RDSAPI    = (*rds.Client)(nil)
	_ secretAPI = (*secretsmanager.Client)(nil)
)

// Kinds returns the tier's adapters keyed by kind name. secrets reads the
// master password at create; nothing else of Secrets Manager is used.
func Kinds(client RDSAPI, secrets secretAPI) map[string]reconcile.Kind {
	return map[string]reconcile.Kind{
		names.KindDBSubnetGroup:    subnetGroupKind{client},
		names.KindDBParameterGroup: parameterGroupKind{client},
		names.KindDBInstance:       instanceKind{api: client, secrets: secrets},
	}
}

// Register adds the tier's adapters and RDS's error table. Secrets
// Manager's table belongs to the secrets tier.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(WithIndex(rds.NewFromConfig(cfg), tagging.New(cfg)), secretsmanager.NewFromConfig(cfg)) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}

// noRetry is for creates: RDS names are unique, so an SDK retry after a
// lost answer would meet its own first attempt as "AlreadyExists". The
// engine observes before trying again and adopts what the first made.
func noRetry(o *rds.Options) { o.Retryer = aws.NopRetryer{} }
