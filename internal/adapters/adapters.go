// Package adapters wires every adapter package into one registry: the only
// place that knows which tiers exist.
package adapters

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters/acm"
	"github.com/everruns/reconciler/internal/adapters/elbv2"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/network"
	"github.com/everruns/reconciler/internal/adapters/secrets"
)

// registrars are the tiers, each adding its kinds and its services' error
// tables.
var registrars = []func(*kit.Registry, aws.Config) error{
	network.Register,
	secrets.Register,
	acm.Register,
	elbv2.Register,
}

// New returns the registry of every adapter, talking to AWS through cfg.
func New(cfg aws.Config) (*kit.Registry, error) {
	reg := kit.NewRegistry()
	for _, register := range registrars {
		if err := register(reg, cfg); err != nil {
			return nil, fmt.Errorf("register adapters: %w", err)
		}
	}
	return reg, nil
}

// NotYet lists the kinds pkg/desired can emit that have no adapter yet:
// they are reported as unsupported. It shrinks to nothing as tiers land;
// TestEveryKindHasAnAdapter keeps it honest in both directions.
var NotYet = []string{
	"rds.db_subnet_group", "rds.db_parameter_group", "rds.db_instance",
	"ecs.cluster", "logs.log_group", "iam.role",
	"servicediscovery.private_dns_namespace", "servicediscovery.service",
	"ecs.task_definition", "ecs.service", "ecs.run_task",
}
