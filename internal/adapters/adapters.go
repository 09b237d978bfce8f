// Package adapters wires every adapter package into one registry: the only
// place that knows which tiers exist.
package adapters

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters/acm"
	"github.com/everruns/reconciler/internal/adapters/cloudmap"
	"github.com/everruns/reconciler/internal/adapters/cluster"
	"github.com/everruns/reconciler/internal/adapters/iam"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/network"
	"github.com/everruns/reconciler/internal/adapters/rds"
	"github.com/everruns/reconciler/internal/adapters/secrets"
	"github.com/everruns/reconciler/internal/awsconfig"
)

// registrars are the tiers, each adding its kinds and its services' error
// tables.
var registrars = []func(*kit.Registry, aws.Config) error{
	network.Register,
	cluster.Register,
	iam.Register,
	cloudmap.Register,
	secrets.Register,
	acm.Register,
	rds.Register,
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
// they are reported as unsupported. It shrinks to nothing as tiers land;
// TestEveryKindHasAnAdapter keeps it honest in both directions.
var NotYet = []string{
	"ecs.task_definition", "ecs.service", "ecs.run_task",
	"elbv2.load_balancer", "elbv2.target_group", "elbv2.listener", "elbv2.listener_rule",
}
