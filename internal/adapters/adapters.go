// Package adapters wires every adapter package into one registry: the only
// place that knows which tiers exist.
package adapters

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters/acm"
	"github.com/everruns/reconciler/internal/adapters/ec2"
	"github.com/everruns/reconciler/internal/adapters/ecs"
	"github.com/everruns/reconciler/internal/adapters/elbv2"
	"github.com/everruns/reconciler/internal/adapters/iam"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/logs"
	"github.com/everruns/reconciler/internal/adapters/rds"
	"github.com/everruns/reconciler/internal/adapters/secretsmanager"
	"github.com/everruns/reconciler/internal/adapters/servicediscovery"
	"github.com/everruns/reconciler/internal/awsconfig"
)

// registrars are the AWS services, each adding its kinds and its error
// table.
var registrars = []func(*kit.Registry, aws.Config) error{
	ec2.Register,
	iam.Register,
	servicediscovery.Register,
	secretsmanager.Register,
	acm.Register,
	rds.Register,
	ecs.Register,
	logs.Register,
	elbv2.Register,
}

// New returns the registry of every adapter, talking to AWS through cfg.
// The adapters' clients carry awsconfig.AppID in their User-Agent whatever
// cfg says, so that their calls are the reconciler's in CloudTrail.
func New(cfg aws.Config) (*kit.Registry, error) {
	cfg.AppID = awsconfig.AppID
	reg := kit.NewRegistry()
	for _, register := range registrars {
		if err := register(reg, cfg); err != nil {
			return nil, fmt.Errorf("register adapters: %w", err)
		}
	}
	return reg, nil
}

// NotYet lists the kinds pkg/desired can emit that have no adapter yet:
// they would be reported as unsupported. Every kind has one now; the list
// stays so that a kind added to the file model without an adapter is a
// deliberate, visible step. TestEveryKindHasAnAdapter keeps it honest in
// both directions.
var NotYet = []string{}
